using Google.Protobuf;
using Kmt.Documents.Embeddings;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Xunit.Abstractions;

namespace Kmt.Documents.Tests;

public class OnnxMatMulQuantizerTests(ITestOutputHelper output)
{
    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return dot / (Math.Sqrt(na) * Math.Sqrt(nb));
    }

    [Fact]
    public void Every_constant_MatMul_of_MiniLM_becomes_a_DynamicQuantizeMatMul_with_int8_per_column_weights()
    {
        var original = ModelProto.Parser.ParseFrom(MiniLmEmbeddingGenerator.FloatModel);
        var constantMatMuls = original.Graph.Node.Count(n => n.OpType == "MatMul" && original.Graph.Initializer.Any(t => t.Name == n.Input[1] && t.Dims.Count == 2));
        var (bytes, rewritten) = OnnxMatMulQuantizer.Quantize(MiniLmEmbeddingGenerator.FloatModel);
        var model = ModelProto.Parser.ParseFrom(bytes);
        output.WriteLine($"MatMuls rewritten: {rewritten} of {original.Graph.Node.Count(n => n.OpType == "MatMul")}; model {MiniLmEmbeddingGenerator.FloatModel.Length / 1e6:F1} MB -> {bytes.Length / 1e6:F1} MB");

        // Six layers × (Q, K, V, attention output, two feed-forward): 36 weight matrices.
        Assert.True(constantMatMuls >= 36, $"{constantMatMuls} constant MatMuls");
        Assert.Equal(constantMatMuls, rewritten);
        Assert.DoesNotContain(model.Graph.Node, n => n.OpType == "MatMul" && model.Graph.Initializer.Any(t => t.Name == n.Input[1]));
        Assert.Contains(model.OpsetImport, o => o.Domain == OnnxMatMulQuantizer.MicrosoftDomain);
        // The word-embedding table (a Gather, 47 MB) stays float32; the 36 weight matrices shrink fourfold.
        Assert.True(bytes.Length < MiniLmEmbeddingGenerator.FloatModel.Length * 3 / 4, "int8 weights make the model smaller");

        var node = model.Graph.Node.First(n => n.OpType == "DynamicQuantizeMatMul");
        Assert.Equal(OnnxMatMulQuantizer.MicrosoftDomain, node.Domain);
        var weights = model.Graph.Initializer.Single(t => t.Name == node.Input[1]);
        var scale = model.Graph.Initializer.Single(t => t.Name == node.Input[2]);
        var zeroPoint = model.Graph.Initializer.Single(t => t.Name == node.Input[3]);
        Assert.Equal((int)TensorProto.Types.DataType.Int8, weights.DataType);
        Assert.Equal(weights.Dims[1], Assert.Single(scale.Dims));
        Assert.Equal(weights.Dims[1], Assert.Single(zeroPoint.Dims));
        Assert.All(zeroPoint.RawData.ToByteArray(), b => Assert.Equal(0, b));

        // Symmetric per column: each column's largest weight maps to ±127.
        var columns = (int)weights.Dims[1];
        var values = weights.RawData.ToByteArray();
        for (var n = 0; n < columns; n++)
        {
            var max = 0;
            for (var k = n; k < values.Length; k += columns)
            {
                max = Math.Max(max, Math.Abs((int)(sbyte)values[k]));
            }

            Assert.Equal(127, max);
        }
    }

    [Fact]
    public void A_small_graph_computes_close_to_float_after_the_rewrite()
    {
        // Y = X · W + b with W [4, 3], built by hand, so the rewrite is checked apart from MiniLM.
        float[] w = [0.5f, -1f, 0.25f, 2f, 0.1f, -0.3f, -0.7f, 0.9f, 0.05f, 1.5f, -0.2f, 0.6f];
        var model = new ModelProto { IrVersion = 8, Graph = new GraphProto { Name = "g" } };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        var weights = new TensorProto { Name = "W", DataType = (int)TensorProto.Types.DataType.Float };
        weights.Dims.Add(4);
        weights.Dims.Add(3);
        weights.FloatData.Add(w);
        model.Graph.Initializer.Add(weights);
        model.Graph.Input.Add(FloatInput("X", 4));
        model.Graph.Output.Add(FloatInput("Y", 3));
        var bias = new TensorProto { Name = "b", DataType = (int)TensorProto.Types.DataType.Float };
        bias.Dims.Add(3);
        bias.FloatData.Add([0.1f, -0.2f, 0.3f]);
        model.Graph.Initializer.Add(bias);
        var matMul = new NodeProto { OpType = "MatMul", Name = "mm" };
        matMul.Input.Add("X");
        matMul.Input.Add("W");
        matMul.Output.Add("XW");
        model.Graph.Node.Add(matMul);
        var add = new NodeProto { OpType = "Add", Name = "add" };
        add.Input.Add("XW");
        add.Input.Add("b");
        add.Output.Add("Y");
        model.Graph.Node.Add(add);

        float[] x = [1f, 2f, -3f, 0.5f, -1f, 0.25f, 4f, 2f];
        var expected = Run(model.ToByteArray(), x);
        var (quantized, rewritten) = OnnxMatMulQuantizer.Quantize(model.ToByteArray());
        Assert.Equal(1, rewritten);
        var graph = ModelProto.Parser.ParseFrom(quantized).Graph;
        Assert.DoesNotContain(graph.Initializer, t => t.Name == "W");

        // The bias went into the op: one node left, reading X, the int8 W, its scales and zero points, and b.
        var node = Assert.Single(graph.Node);
        Assert.Equal("DynamicQuantizeMatMul", node.OpType);
        Assert.Equal(["X", "W_quantized", "W_scale", "W_zero_point", "b"], node.Input);
        Assert.Equal(["Y"], node.Output);
        var actual = Run(quantized, x);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 0.1, $"{i}: float {expected[i]}, int8 {actual[i]}");
        }

        Assert.True(Cosine(expected, actual) > 0.999);
    }

    [Fact]
    public async Task The_quantised_MiniLM_loads_and_its_vectors_stay_close_to_float32()
    {
        using var fp32 = new MiniLmEmbeddingGenerator(new MiniLmOptions { Quantized = false });
        using var int8 = new MiniLmEmbeddingGenerator(new MiniLmOptions { Quantized = true });
        var sentences = Fixtures.ProseSentences();
        var expected = await fp32.GenerateAsync(sentences);
        var actual = await int8.GenerateAsync(sentences);
        Assert.Equal(MiniLmEmbeddingGenerator.QuantizedModelId, actual[0].ModelId);
        Assert.Equal(MiniLmEmbeddingGenerator.QuantizedModelId, int8.Metadata.DefaultModelId);
        var cosines = expected.Zip(actual, (e, a) => Cosine(e.Vector.Span, a.Vector.Span)).ToArray();
        output.WriteLine($"fp32/int8 cosine over {cosines.Length} sentences: mean {cosines.Average():F4}, min {cosines.Min():F4}");
        Assert.All(cosines, c => Assert.True(c > 0.95, $"cosine {c:F4}"));
        Assert.True(cosines.Average() > 0.98, $"mean cosine {cosines.Average():F4}");

        // Meaning survives: each int8 vector is nearest to its own float32 vector.
        for (var i = 0; i < actual.Count; i++)
        {
            var nearest = Enumerable.Range(0, expected.Count).MaxBy(j => Cosine(expected[j].Vector.Span, actual[i].Vector.Span));
            Assert.Equal(i, nearest);
        }
    }

    private static ValueInfoProto FloatInput(string name, int columns)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = new TensorShapeProto() };
        tensor.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "rows" });
        tensor.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = columns });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }

    private static float[] Run(byte[] model, float[] x)
    {
        using var session = new InferenceSession(model);
        using var input = OrtValue.CreateTensorValueFromMemory(x, [2, 4]);
        using var outputs = session.Run(new RunOptions(), ["X"], [input], ["Y"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
