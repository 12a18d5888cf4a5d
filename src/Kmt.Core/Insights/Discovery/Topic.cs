namespace Kmt.Core.Insights.Discovery;

/// <summary>
/// A topic of the person's: one of their tags ("tag:science/physics") or a term they searched that no
/// tag names ("term:quantum error correction"). <see cref="Match"/> is what searches and titles are
/// matched against (a tag's last segment), case-insensitively.
/// </summary>
public sealed record Topic(string Key, string Name, string Match, string? Tag)
{
    /// <summary>Whether the item belongs to the topic: it carries the tag, or its title or tags contain the term.</summary>
    public bool Holds(DiscoveryItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Tag is not null
            ? item.Tags.Any(t => string.Equals(t, Tag, StringComparison.OrdinalIgnoreCase) || t.StartsWith(Tag + "/", StringComparison.OrdinalIgnoreCase))
            : item.Title.Contains(Match, StringComparison.OrdinalIgnoreCase) || item.Tags.Any(t => t.Contains(Match, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Whether the search asks about the topic (its query contains the topic's term, or the term contains the query).</summary>
    public bool Asks(string query) =>
        !string.IsNullOrWhiteSpace(query) && (query.Contains(Match, StringComparison.OrdinalIgnoreCase) || Match.Contains(query.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The person's topics: every tag on their items, then every distinct search term no tag matches.</summary>
    public static IReadOnlyList<Topic> Of(DiscoveryInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var topics = input.Items.SelectMany(i => i.Tags)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase)
            .Select(t => new Topic("tag:" + t.ToLowerInvariant(), Readable(t[(t.LastIndexOf('/') + 1)..]), t[(t.LastIndexOf('/') + 1)..], t))
            .Where(t => t.Match.Length > 0)
            .ToList();
        // Shorter terms first, so "rust async runtimes" joins the topic "rust async" instead of making another.
        foreach (var term in input.Searches.Select(s => Normalise(s.Query)).Where(q => q.Length >= 3).Distinct(StringComparer.Ordinal).OrderBy(q => q.Length).ThenBy(q => q, StringComparer.Ordinal))
        {
            if (!topics.Any(t => t.Asks(term)))
            {
                topics.Add(new Topic("term:" + term, Readable(term), term, null));
            }
        }

        return topics;
    }

    private static string Normalise(string query) => string.Join(' ', query.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Readable(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..].Replace('-', ' ').Replace('_', ' ');
}
