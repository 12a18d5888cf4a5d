using Kmt.Core.Tags;

namespace Kmt.Core.Import.Formats;

/// <summary>
/// Tags of other tools ("#Machine Learning", "to read") become KMT tag paths where they can
/// (docs/api.md, "Tags"); every original is kept in the item's metadata (source_tags), so a tag KMT
/// cannot hold is not lost.
/// </summary>
internal static class ForeignTags
{
    public const int MaxLength = 50;

    public static (IReadOnlyList<string> Tags, IReadOnlyList<string> Originals) Split(string commaSeparated) =>
        From(commaSeparated.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    public static (IReadOnlyList<string> Tags, IReadOnlyList<string> Originals) From(IEnumerable<string> raw)
    {
        var originals = raw.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var tags = originals
            .Select(t => TagPath.TryNormalize(t.TrimStart('#'), MaxLength, out var path, out _) ? path : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return (tags, originals);
    }
}
