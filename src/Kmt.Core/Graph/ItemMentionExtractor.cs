using System.Text.Json;
using Kmt.Core.Knowledge;
using Kmt.Core.TextAnalysis;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Graph;

/// <summary>
/// The entities an item mentions. An ingested item that was never edited carries ingestion's
/// analysis in its metadata ("entities", "key_phrases"), which is used as stored; any other item
/// (written through the API, or edited since) is analysed with <see cref="ITextAnalyzer"/>. Key
/// phrases become concept entities.
/// </summary>
public sealed class ItemMentionExtractor(ITextAnalyzer analyzer, IOptions<GraphOptions> options)
{
    public async Task<IReadOnlyList<ItemMention>> ExtractAsync(KnowledgeItem item, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (item.SourceUploadId is not null && item.Version == 1 && FromMetadata(item.MetadataJson, limits) is { } stored)
        {
            return stored;
        }

        var text = item.Title + "\n\n" + item.Content;
        var analysis = await analyzer.AnalyzeAsync(text, new TextAnalysisRequest { SummarySentences = 0, MaxEntities = limits.MaxEntitiesPerItem, MaxKeyPhrases = limits.MaxKeyPhrasesPerItem }, cancellationToken).ConfigureAwait(false);
        return Merge(
            analysis.Entities.Select(e => new ItemMention(e.Text, e.Category, e.Count)),
            analysis.KeyPhrases.OrderByDescending(p => p.Score).Select(p => new ItemMention(p.Text, EntityCategories.Concept, p.Count)),
            limits);
    }

    /// <summary>Ingestion's stored analysis, or null when the metadata holds none.</summary>
    private static IReadOnlyList<ItemMention>? FromMetadata(string metadataJson, GraphOptions limits)
    {
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(metadataJson) ? "{}" : metadataJson);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("entities", out var entities) || entities.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var named = entities.EnumerateArray()
            .Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
            .Select(e => new ItemMention(e.GetProperty("text").GetString()!, StringOr(e, "category", EntityCategories.Concept), IntOr(e, "count", 1)));
        var phrases = root.TryGetProperty("key_phrases", out var p) && p.ValueKind == JsonValueKind.Array
            ? p.EnumerateArray()
                .Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                .Select(e => new ItemMention(e.GetProperty("text").GetString()!, EntityCategories.Concept, IntOr(e, "count", 1)))
            : [];
        return Merge(named.ToList(), phrases.ToList(), limits);
    }

    /// <summary>Named entities first, then key phrases, each capped; one mention per resolution key (counts added).</summary>
    private static List<ItemMention> Merge(IEnumerable<ItemMention> entities, IEnumerable<ItemMention> phrases, GraphOptions limits)
    {
        var byKey = new Dictionary<string, ItemMention>(StringComparer.Ordinal);
        var order = new List<string>();
        void Add(ItemMention mention)
        {
            var key = EntityNames.Key(mention.Text);
            if (key.Length == 0)
            {
                return;
            }

            if (byKey.TryGetValue(key, out var seen))
            {
                byKey[key] = seen with { Count = seen.Count + Math.Max(1, mention.Count) };
                return;
            }

            byKey[key] = mention with { Text = mention.Text.Trim(), Count = Math.Max(1, mention.Count) };
            order.Add(key);
        }

        foreach (var mention in entities.Take(limits.MaxEntitiesPerItem))
        {
            Add(mention);
        }

        foreach (var mention in phrases.Take(limits.MaxKeyPhrasesPerItem))
        {
            Add(mention);
        }

        return order.Select(k => byKey[k]).ToList();
    }

    private static string StringOr(JsonElement e, string name, string fallback) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : fallback;

    private static int IntOr(JsonElement e, string name, int fallback) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : fallback;
}
