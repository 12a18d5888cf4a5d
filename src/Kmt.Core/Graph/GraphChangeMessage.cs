using System.Text.Json;
using System.Text.Json.Serialization;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;

namespace Kmt.Core.Graph;

/// <summary>The body of a message on the graph-changes queue: which item changed (the applier reads its state).</summary>
public sealed record GraphChangeMessage(
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("item_id")] string ItemId)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    public ItemKey Key => new(UserId, ItemId);

    /// <summary>The message, or a validation error naming what is wrong (a poison message is then dropped with a log).</summary>
    public static GraphChangeMessage Parse(string json)
    {
        GraphChangeMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<GraphChangeMessage>(json);
        }
        catch (JsonException e)
        {
            throw new ValidationException("message", "Not a graph change message: " + e.Message);
        }

        return message is { UserId.Length: > 0, ItemId.Length: > 0 }
            ? message
            : throw new ValidationException("message", "A graph change message names user_id and item_id.");
    }
}
