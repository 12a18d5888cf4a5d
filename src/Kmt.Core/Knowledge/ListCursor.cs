using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kmt.Core.Common;

namespace Kmt.Core.Knowledge;

/// <summary>
/// Where a GET knowledge walk continues: the sort, the last item returned, the snapshot instant and a
/// fingerprint of the filters. Sent to the client as opaque base64url JSON. It is not signed: a client
/// that edits it can only ask for another slice of its own items, and every field is checked on the way in.
/// </summary>
internal sealed record ListCursor(
    [property: JsonPropertyName("s")] string Sort,
    [property: JsonPropertyName("o")] string Order,
    [property: JsonPropertyName("v")] string AfterValue,
    [property: JsonPropertyName("i")] string AfterId,
    [property: JsonPropertyName("t")] DateTimeOffset AsOf,
    [property: JsonPropertyName("p")] int Page,
    [property: JsonPropertyName("f")] string FilterHash)
{
    private const int MaxEncodedLength = 4096;

    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this));

    /// <summary>Null when the text is not a cursor this API issued (or has been mangled).</summary>
    public static ListCursor? TryDecode(string encoded)
    {
        if (encoded.Length > MaxEncodedLength)
        {
            return null;
        }

        try
        {
            var cursor = JsonSerializer.Deserialize<ListCursor>(Base64Url.DecodeFromChars(encoded.Trim()));
            var valid = cursor is not null
                        && cursor.Sort is not null && KnowledgeSort.TryParse(cursor.Sort, out _)
                        && cursor.Order is "asc" or "desc"
                        && cursor.AfterValue is not null
                        && Ids.IsWellFormed(cursor.AfterId)
                        && cursor.Page is >= 2 and <= Paging.MaxPage
                        && cursor.AsOf != default
                        && cursor.FilterHash is not null;
            return valid ? cursor : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>A short fingerprint of everything that selects items, so a cursor cannot silently continue a different listing.</summary>
    public static string HashFilters(KnowledgeListQuery query)
    {
        var canonical = string.Join(
            '\n',
            query.UserId,
            query.Tag ?? "",
            query.ContentType ?? "",
            query.Archived?.ToString() ?? "",
            query.Deleted.ToString(),
            query.UpdatedSince?.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)).AsSpan(0, 12));
    }
}

/// <summary>The wire names of the sort fields.</summary>
internal static class KnowledgeSort
{
    private static readonly Dictionary<string, KnowledgeSortField> ByName = new(StringComparer.Ordinal)
    {
        ["created_at"] = KnowledgeSortField.CreatedAt,
        ["updated_at"] = KnowledgeSortField.UpdatedAt,
        ["accessed_at"] = KnowledgeSortField.AccessedAt,
        ["importance_score"] = KnowledgeSortField.ImportanceScore,
    };

    public static IEnumerable<string> Names => ByName.Keys;

    public static bool TryParse(string name, out KnowledgeSortField field) => ByName.TryGetValue(name, out field);

    public static string ToName(KnowledgeSortField field) => ByName.First(pair => pair.Value == field).Key;
}
