using Kmt.Storage.Cosmos.Knowledge;

namespace Kmt.Storage.Cosmos.Embeddings;

/// <summary>
/// The nearest chunks of one person as Cosmos DB NoSQL vector search: VectorDistance over /vector (cosine,
/// the container's vector embedding policy and quantizedFlat/diskANN index, infra/modules/cosmos-nosql.bicep),
/// which returns a similarity, most similar first under ORDER BY VectorDistance. TOP asks for several chunks
/// per wanted item because one item's chunks often crowd the top; the store keeps each item's best.
/// </summary>
public static class CosmosVectorQuery
{
    /// <summary>Chunks fetched per item wanted.</summary>
    public const int ChunksPerItem = 4;

    public static CosmosQueryText Nearest(string userId, string model, ReadOnlyMemory<float> vector, int take)
    {
        var parameters = new QueryParameters();
        var u = parameters.Set("@u", userId);
        var m = parameters.Set("@model", model);
        var v = parameters.Set("@vector", vector.ToArray());
        var top = parameters.Set("@top", Math.Max(1, take) * ChunksPerItem);
        return new CosmosQueryText(
            $"SELECT TOP {top} c.itemId, c.start, c.length, VectorDistance(c.vector, {v}) AS similarity FROM c WHERE c.userId = {u} AND c.model = {m} ORDER BY VectorDistance(c.vector, {v})",
            parameters.Values);
    }
}

/// <summary>A row of <see cref="CosmosVectorQuery.Nearest"/>.</summary>
internal sealed class NearestChunkRow
{
    [System.Text.Json.Serialization.JsonPropertyName("itemId")] public string ItemId { get; set; } = "";

    [System.Text.Json.Serialization.JsonPropertyName("start")] public int Start { get; set; }

    [System.Text.Json.Serialization.JsonPropertyName("length")] public int Length { get; set; }

    [System.Text.Json.Serialization.JsonPropertyName("similarity")] public double Similarity { get; set; }
}
