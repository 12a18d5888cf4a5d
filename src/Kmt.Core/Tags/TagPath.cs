using System.Text;

namespace Kmt.Core.Tags;

/// <summary>
/// Tag paths: "Science / Quantum  Physics" becomes "science/quantum-physics".
/// </summary>
/// <remarks>
/// Rules, per "/"-separated segment: trimmed, lower-cased (invariant), inner whitespace runs become one
/// "-"; a segment may hold letters, digits and - _ . + # (so "c++", "c#" and ".net" work) and cannot
/// be empty or only dots. Everything else is rejected rather than silently dropped, so what the user
/// sees is what gets stored; it also keeps tag names free of quotes, commas and control characters
/// that query strings, CSV exports and store queries would have to escape.
/// </remarks>
public static class TagPath
{
    public const char Separator = '/';

    public static string Normalize(string raw) =>
        TryNormalize(raw, int.MaxValue, out var path, out var problem) ? path : throw new ArgumentException(problem, nameof(raw));

    /// <summary>True with the normalized path, or false with a reason a user can act on.</summary>
    public static bool TryNormalize(string? raw, int maxLength, out string path, out string problem)
    {
        path = "";
        problem = "";
        if (string.IsNullOrWhiteSpace(raw))
        {
            problem = "A tag cannot be empty.";
            return false;
        }

        var segments = raw.Split(Separator);
        var normalized = new string[segments.Length];
        for (var i = 0; i < segments.Length; i++)
        {
            if (!TryNormalizeSegment(segments[i], out normalized[i], out problem))
            {
                return false;
            }
        }

        path = string.Join(Separator, normalized);
        if (path.Length > maxLength)
        {
            problem = $"A tag can have at most {maxLength} characters.";
            path = "";
            return false;
        }

        return true;
    }

    /// <summary>"science/physics" is below "science"; "sciences" is not.</summary>
    public static bool IsSameOrDescendant(string path, string ancestor) =>
        string.Equals(path, ancestor, StringComparison.Ordinal)
        || (path.Length > ancestor.Length && path.StartsWith(ancestor, StringComparison.Ordinal) && path[ancestor.Length] == Separator);

    private static bool TryNormalizeSegment(string raw, out string segment, out string problem)
    {
        segment = "";
        problem = "";
        var builder = new StringBuilder(raw.Length);
        var pendingSpace = false;
        foreach (var c in raw.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (!IsAllowed(c))
            {
                problem = $"A tag can only contain letters, digits, spaces and - _ . + # (segments separated by /); '{Printable(c)}' is not allowed.";
                return false;
            }

            if (pendingSpace)
            {
                builder.Append('-');
                pendingSpace = false;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        segment = builder.ToString();
        if (segment.Length == 0)
        {
            problem = "A tag path cannot have empty segments (check for a leading, trailing or doubled '/').";
            return false;
        }

        if (segment.All(c => c == '.'))
        {
            problem = "A tag segment cannot be only dots.";
            return false;
        }

        return true;
    }

    private static bool IsAllowed(char c) => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '+' or '#';

    private static string Printable(char c) => char.IsControl(c) || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : c.ToString();
}
