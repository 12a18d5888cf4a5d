using Kmt.Storage.Cosmos.Embeddings;

namespace Kmt.Storage.Cosmos.Tests;

/// <summary>The vector query text Cosmos DB receives, pinned.</summary>
public sealed class VectorQueryTests
{
    [Fact]
    public void Nearest_chunks_are_vector_distance_ordered_in_the_users_partition_and_model_with_values_as_parameters()
    {
        var query = CosmosVectorQuery.Nearest("user-1", "all-MiniLM-L6-v2", new float[] { 0.6f, 0.8f }, 25);

        Assert.Equal(
            "SELECT TOP @top c.itemId, c.start, c.length, VectorDistance(c.vector, @vector) AS similarity FROM c " +
            "WHERE c.userId = @u AND c.model = @model ORDER BY VectorDistance(c.vector, @vector)",
            query.Text);
        Assert.Equal(100, query["@top"]);
        Assert.Equal(new[] { 0.6f, 0.8f }, (float[])query["@vector"]!);
        Assert.Equal(("user-1", "all-MiniLM-L6-v2"), ((string)query["@u"]!, (string)query["@model"]!));
    }
}
