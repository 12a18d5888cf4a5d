namespace Kmt.Core.Graph;

/// <summary>One entity an item mentions: its surface form, category and number of occurrences.</summary>
public sealed record ItemMention(string Text, string Category, int Count);
