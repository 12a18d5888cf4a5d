using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Kmt.Documents.Embeddings;

/// <summary>
/// Int8 dynamic quantisation of an ONNX model's constant MatMul weights, done in process (no Python,
/// no model file shipped): every MatMul whose second input is a 2-D float initializer [K, N] becomes
/// ONNX Runtime's contrib op com.microsoft DynamicQuantizeMatMul, with B stored as int8 per column
/// (symmetric: zero point 0, scale = max |w| / 127 of the column). The activations are quantised to
/// uint8 per run by the op itself; an Add of a constant bias right after becomes the op's bias input.
/// This is what onnxruntime.quantization.quantize_dynamic produces
/// (MatMulInteger + DynamicQuantizeLinear, which ONNX Runtime fuses into the same op), per channel.
/// </summary>
/// <remarks>
/// Per-column scales keep the error of each output feature proportional to that column's own range.
/// On x64 without VNNI, MLAS's u8·s8 kernel can saturate 16-bit pair sums; ONNX Runtime's tooling
/// then advises 7-bit weights (<c>reduceRange</c>): use it there if the fp32/int8 cosine drops.
/// </remarks>
public static class OnnxMatMulQuantizer
{
    /// <summary>The operator set domain of ONNX Runtime's contrib operators.</summary>
    public const string MicrosoftDomain = "com.microsoft";

    /// <summary>Rewrites <paramref name="model"/> (a serialised ModelProto); returns the new model and how many MatMuls changed.</summary>
    /// <param name="reduceRange">Quantise weights to 7 bits ([-63, 63]) instead of 8 ([-127, 127]).</param>
    public static (byte[] Model, int Rewritten) Quantize(ReadOnlySpan<byte> model, bool reduceRange = false)
    {
        var proto = ModelProto.Parser.ParseFrom(model);
        var rewritten = Quantize(proto, reduceRange);
        return (proto.ToByteArray(), rewritten);
    }

    /// <summary>Rewrites <paramref name="model"/> in place; returns how many MatMuls changed.</summary>
    public static int Quantize(ModelProto model, bool reduceRange = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = model.Graph ?? throw new InvalidOperationException("The ONNX model has no graph.");
        var limit = reduceRange ? 63f : 127f;
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var quantized = new Dictionary<string, (string Weights, string Scale, string ZeroPoint)>(StringComparer.Ordinal);
        var rewritten = 0;
        var foldedAdds = new List<NodeProto>();
        for (var i = 0; i < graph.Node.Count; i++)
        {
            var node = graph.Node[i];
            if (node.OpType != "MatMul" || !string.IsNullOrEmpty(node.Domain) || node.Input.Count != 2
                || !initializers.TryGetValue(node.Input[1], out var weights)
                || weights.Dims.Count != 2 || weights.DataType != (int)TensorProto.Types.DataType.Float)
            {
                continue;
            }

            if (!quantized.TryGetValue(weights.Name, out var names))
            {
                names = AddQuantized(graph, weights, limit);
                quantized.Add(weights.Name, names);
            }

            var replacement = new NodeProto
            {
                Name = string.IsNullOrEmpty(node.Name) ? $"{weights.Name}_DynamicQuantizeMatMul" : $"{node.Name}_quant",
                OpType = "DynamicQuantizeMatMul",
                Domain = MicrosoftDomain,
                DocString = node.DocString,
            };
            replacement.Input.Add(node.Input[0]);
            replacement.Input.Add(names.Weights);
            replacement.Input.Add(names.Scale);
            replacement.Input.Add(names.ZeroPoint);

            // A bias added right after (Add of a constant [N]) becomes the op's own bias input: one pass less over the output.
            var bias = FoldableBias(graph, node.Output[0], initializers, weights.Dims[1]);
            if (bias is var (add, biasName))
            {
                replacement.Input.Add(biasName);
                replacement.Output.Add(add.Output);
                foldedAdds.Add(add);
            }
            else
            {
                replacement.Output.Add(node.Output);
            }

            graph.Node[i] = replacement;
            rewritten++;
        }

        if (rewritten == 0)
        {
            return 0;
        }

        foreach (var add in foldedAdds)
        {
            graph.Node.Remove(add);
        }

        // The float weights nothing reads any more go (and from the inputs, where old exporters list initializers).
        var used = graph.Node.SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        foreach (var name in quantized.Keys.Where(n => !used.Contains(n)))
        {
            graph.Initializer.Remove(initializers[name]);
            var input = graph.Input.FirstOrDefault(v => v.Name == name);
            if (input is not null)
            {
                graph.Input.Remove(input);
            }
        }

        if (!model.OpsetImport.Any(o => o.Domain == MicrosoftDomain))
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
        }

        return rewritten;
    }

    /// <summary>
    /// The Add that is the only reader of <paramref name="output"/> (not a graph output) with a float
    /// initializer of shape [N] as its other input, and that initializer's name; null otherwise.
    /// </summary>
    private static (NodeProto Add, string Bias)? FoldableBias(GraphProto graph, string output, Dictionary<string, TensorProto> initializers, long columns)
    {
        if (graph.Output.Any(o => o.Name == output))
        {
            return null;
        }

        var readers = graph.Node.Where(n => n.Input.Contains(output)).Take(2).ToList();
        if (readers.Count != 1 || readers[0] is not { OpType: "Add", Input.Count: 2 } add || !string.IsNullOrEmpty(add.Domain))
        {
            return null;
        }

        var other = add.Input[0] == output ? add.Input[1] : add.Input[0];
        return initializers.TryGetValue(other, out var bias)
            && bias.DataType == (int)TensorProto.Types.DataType.Float
            && bias.Dims.Count == 1 && bias.Dims[0] == columns
            ? (add, other)
            : null;
    }

    /// <summary>Adds B as int8 [K, N], its per-column scales [N] and zero points [N] (all 0); returns their names.</summary>
    private static (string Weights, string Scale, string ZeroPoint) AddQuantized(GraphProto graph, TensorProto weights, float limit)
    {
        var rows = checked((int)weights.Dims[0]);
        var columns = checked((int)weights.Dims[1]);
        var values = ReadFloats(weights);
        if (values.Length != rows * columns)
        {
            throw new InvalidOperationException($"The initializer {weights.Name} holds {values.Length} values, not {rows}×{columns}.");
        }

        var scales = new float[columns];
        for (var k = 0; k < rows; k++)
        {
            for (var n = 0; n < columns; n++)
            {
                scales[n] = Math.Max(scales[n], Math.Abs(values[(k * columns) + n]));
            }
        }

        for (var n = 0; n < columns; n++)
        {
            // An all-zero column still needs a usable scale.
            scales[n] = scales[n] > 0 ? scales[n] / limit : 1f;
        }

        var quantized = new byte[values.Length];
        for (var k = 0; k < rows; k++)
        {
            for (var n = 0; n < columns; n++)
            {
                var q = MathF.Round(values[(k * columns) + n] / scales[n], MidpointRounding.ToEven);
                quantized[(k * columns) + n] = unchecked((byte)(sbyte)Math.Clamp(q, -limit, limit));
            }
        }

        var names = ($"{weights.Name}_quantized", $"{weights.Name}_scale", $"{weights.Name}_zero_point");
        var int8 = new TensorProto { Name = names.Item1, DataType = (int)TensorProto.Types.DataType.Int8, RawData = ByteString.CopyFrom(quantized) };
        int8.Dims.Add(rows);
        int8.Dims.Add(columns);
        var scale = new TensorProto { Name = names.Item2, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(scales.AsSpan())) };
        scale.Dims.Add(columns);
        var zeroPoint = new TensorProto { Name = names.Item3, DataType = (int)TensorProto.Types.DataType.Int8, RawData = ByteString.CopyFrom(new byte[columns]) };
        zeroPoint.Dims.Add(columns);
        graph.Initializer.Add(int8);
        graph.Initializer.Add(scale);
        graph.Initializer.Add(zeroPoint);
        return names;
    }

    /// <summary>A float tensor's values: raw_data is little-endian by the ONNX spec; float_data otherwise.</summary>
    private static float[] ReadFloats(TensorProto tensor)
    {
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
        {
            throw new NotSupportedException($"The initializer {tensor.Name} is stored outside the model file.");
        }

        if (!tensor.RawData.IsEmpty)
        {
            if (!BitConverter.IsLittleEndian)
            {
                throw new PlatformNotSupportedException("Reading ONNX raw tensor data needs a little-endian machine.");
            }

            return MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
        }

        return [.. tensor.FloatData];
    }
}
