using Microsoft.Extensions.AI;

namespace Kmt.Bench.Discovery;

/// <summary>A stand-in for the MiniLM generator: a deterministic vector per text (the bench times reads, not inference).</summary>
internal sealed class HashingGenerator(int dimensions) : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string Model = "bench-hash";

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var generated = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            var random = new Random(StringComparer.Ordinal.GetHashCode(value));
            generated.Add(new Embedding<float>(Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray()) { ModelId = Model });
        }

        return Task.FromResult(generated);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
