using System.Globalization;
using System.Text;

namespace Kmt.Core.Graph;

/// <summary>
/// The resolution key of an entity name: case-folded, diacritics removed, punctuation and runs of
/// white space collapsed, a leading "the " dropped, and well-known abbreviations mapped to their
/// canonical name ("K8s" → "kubernetes"), so surface forms of one thing meet at one key
/// (docs/design/graph.md, "Entity resolution").
/// </summary>
public static class EntityNames
{
    /// <summary>Abbreviations and alternative spellings that always mean one entity; keys and values are normalised.</summary>
    public static readonly IReadOnlyDictionary<string, string> KnownAliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["k8s"] = "kubernetes",
        ["js"] = "javascript",
        ["ts"] = "typescript",
        ["ml"] = "machine learning",
        ["ai"] = "artificial intelligence",
        ["nyc"] = "new york city",
        ["usa"] = "united states",
        ["us"] = "united states",
        ["uk"] = "united kingdom",
        ["postgres"] = "postgresql",
        ["golang"] = "go",
        ["dotnet"] = ".net",
    };

    /// <summary>The normalised form of <paramref name="name"/>, before alias mapping; empty when nothing is left.</summary>
    /// <remarks>
    /// Letters, digits and the '+', '#', '.' of names like C++, C# and .NET are kept; everything else
    /// separates words. Diacritics are dropped: combining marks always, and precomposed Latin letters
    /// through <see cref="Fold"/> (the app runs with invariant globalization, where string.Normalize does not decompose).
    /// </remarks>
    public static string Normalize(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c) || c is '+' or '#' or '.')
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                pendingSpace = false;
                builder.Append(Fold(char.ToLowerInvariant(c)));
            }
            else
            {
                pendingSpace = true;
            }
        }

        var text = builder.ToString().TrimEnd('.');
        return text.StartsWith("the ", StringComparison.Ordinal) ? text[4..] : text;
    }

    private const string Accented = "àáâãäåāăąçćčďđèéêëēėęěìíîïīįłñńňòóôõöøōőùúûüūůűųýÿžźżšśřŕťţß";
    private const string Plain = "aaaaaaaaacccddeeeeeeeeiiiiiilnnnoooooooouuuuuuuuyyzzzssrrtts";

    /// <summary>The unaccented Latin letter for a lower-case accented one ("ü" → "u"); other characters unchanged.</summary>
    private static char Fold(char c) => Accented.IndexOf(c) is var i and >= 0 ? Plain[i] : c;

    /// <summary>The resolution key: <see cref="Normalize"/>, then <see cref="KnownAliases"/>.</summary>
    public static string Key(string name)
    {
        var normalized = Normalize(name);
        return KnownAliases.TryGetValue(normalized, out var canonical) ? canonical : normalized;
    }
}
