using Kmt.Core.Graph;
using Kmt.Documents.Embeddings;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Kmt.Documents.Tests;

/// <summary>The production model (quantized all-MiniLM-L6-v2) as entity resolution uses it, one instance for the class.</summary>
public sealed class QuantizedEmbeddingFixture : IDisposable
{
    public MiniLmEmbeddingGenerator Generator { get; } = new(new MiniLmOptions());

    public void Dispose() => Generator.Dispose();
}

/// <summary>
/// Where <see cref="EntityResolutionOptions.MinCosine"/> comes from: the cosines of entity names on the real
/// model (printed; docs/design/graph.md, "Entity resolution", records them). Variants of one name must clear the
/// default threshold and different things of one category must not.
/// </summary>
public class EntityNameSimilarityTests(QuantizedEmbeddingFixture fixture, ITestOutputHelper output) : IClassFixture<QuantizedEmbeddingFixture>
{
    public static readonly (string A, string B)[] Variants =
    [
        ("Kubernetes", "kubernetes cluster"), ("Kubernetes", "K8s"), ("Microsoft", "Microsoft Corporation"), ("JavaScript", "Javascript programming"),
        ("Alan Turing", "A. M. Turing"), ("New York City", "New York"), ("PostgreSQL", "Postgres database"), ("machine learning", "machine learning models"),
        ("Tim Berners-Lee", "Berners-Lee"), ("Massachusetts Institute of Technology", "MIT"), ("Xerox PARC", "Xerox Palo Alto Research Center"),
    ];

    public static readonly (string A, string B)[] Different =
    [
        ("Kubernetes", "Paris"), ("Kubernetes", "Docker"), ("Microsoft", "Google"), ("Alan Turing", "Grace Hopper"), ("London", "Paris"),
        ("Python", "Java"), ("Ada Lovelace", "Alan Turing"), ("Cambridge", "Princeton"), ("Berlin", "Bern"), ("IBM", "Intel"), ("CERN", "MIT"),
    ];

    private async Task<double[]> CosinesAsync((string A, string B)[] pairs)
    {
        var names = new EntityNameEmbeddings(Options.Create(new EntityResolutionOptions()), fixture.Generator);
        var vectors = await names.EmbedAsync(pairs.SelectMany(p => new[] { p.A, p.B }), CancellationToken.None);
        return pairs.Select(p => (double)System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(vectors[p.A], vectors[p.B])).ToArray();
    }

    [Fact]
    public async Task Variants_of_a_name_clear_the_default_threshold_and_different_things_do_not()
    {
        var threshold = new EntityResolutionOptions().MinCosine;
        var same = await CosinesAsync(Variants);
        var different = await CosinesAsync(Different);
        for (var i = 0; i < Variants.Length; i++)
        {
            output.WriteLine($"variant   {same[i]:F3}  {Variants[i].A} / {Variants[i].B}");
        }

        for (var i = 0; i < Different.Length; i++)
        {
            output.WriteLine($"different {different[i]:F3}  {Different[i].A} / {Different[i].B}");
        }

        Assert.True(same[0] >= threshold, $"Kubernetes / kubernetes cluster: {same[0]:F3} < {threshold}");
        Assert.True(different[0] < threshold, $"Kubernetes / Paris: {different[0]:F3} >= {threshold}");
        Assert.All(different, c => Assert.True(c < threshold, $"a different pair scored {c:F3}"));
    }
}
