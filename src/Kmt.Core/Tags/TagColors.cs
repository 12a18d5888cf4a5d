using System.Text.RegularExpressions;
using Kmt.Core.Common;

namespace Kmt.Core.Tags;

public static partial class TagColors
{
    /// <summary>The seed's default (tags.color DEFAULT '#6366f1').</summary>
    public const string Default = "#6366f1";

    /// <summary>"#RRGGBB", stored lower case; null or blank gives the default.</summary>
    internal static string? Validate(string? raw, Validation validation)
    {
        var color = raw?.Trim();
        if (string.IsNullOrEmpty(color))
        {
            return Default;
        }

        if (!HexColor().IsMatch(color))
        {
            validation.Add("color", "color must look like #6366f1 (# and six hexadecimal digits).");
            return null;
        }

        return color.ToLowerInvariant();
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColor();
}
