using Kmt.Core.Insights;
using Microsoft.ML;
using Microsoft.ML.Data;
using Moq;

namespace Kmt.Insights.Models.Tests;

/// <summary>A model trained on another feature set (an older build's) is refused on load, and the registry then scores with the prior.</summary>
public sealed class FeatureSetMismatchTests
{
    [Fact]
    public void A_model_of_another_feature_count_is_refused_on_load_and_one_of_this_builds_loads()
    {
        using var older = Saved(ImportanceFeatures.Count - 9);
        using var current = Saved(ImportanceFeatures.Count);

        var refused = Assert.Throws<InvalidDataException>(() => new ImportanceModelEngine().Load(older));
        Assert.Contains($"trained on {ImportanceFeatures.Count - 9} features", refused.Message, StringComparison.Ordinal);
        Assert.Equal("sized", new ImportanceModelEngine().Load(current).Version);
    }

    [Fact]
    public async Task The_registry_scores_with_the_prior_when_the_stored_model_is_refused()
    {
        var blobs = new Mock<Kmt.Core.Uploads.IBlobStore>();
        blobs.Setup(b => b.OpenReadAsync("models", "importance/current", It.IsAny<CancellationToken>())).ReturnsAsync(() => new MemoryStream("importance-old"u8.ToArray()));
        blobs.Setup(b => b.OpenReadAsync("models", "importance/importance-old.zip", It.IsAny<CancellationToken>())).ReturnsAsync(() => Saved(5));
        var registry = new ImportanceModelRegistry(blobs.Object, new ImportanceModelEngine(), Microsoft.Extensions.Options.Options.Create(new InsightOptions()), TimeProvider.System);

        var scorer = await registry.GetCurrentAsync(CancellationToken.None);

        Assert.Equal(ImportancePrior.ModelName, scorer.Version);
    }

    /// <summary>A saved FastTree model over <paramref name="features"/>-wide vectors, as an older or this build writes it.</summary>
    private static MemoryStream Saved(int features)
    {
        var ml = new MLContext(seed: 3);
        var random = new Random(3);
        var rows = Enumerable.Range(0, 400).Select(i =>
        {
            var v = Enumerable.Range(0, features).Select(_ => (float)random.NextDouble()).ToArray();
            return new SizedRow { Features = new VBuffer<float>(features, v), Label = v[0] > 0.5 };
        }).ToList();
        var schema = SchemaDefinition.Create(typeof(SizedRow));
        schema[nameof(SizedRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var predictor = ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 4, numberOfTrees: 5, minimumExampleCountPerLeaf: 10).Fit(data);
        var contributions = ml.Transforms.CalculateFeatureContribution(predictor).Fit(predictor.Transform(data));
        var model = new ImportanceModel("sized", ml, predictor.Append(contributions), data.Schema, new IsotonicCalibration([new CalibrationBlock(0, 1, 1, 0)]));
        var stream = new MemoryStream();
        Assert.True(model.Save(stream));
        stream.Position = 0;
        return stream;
    }

    private sealed class SizedRow
    {
        public VBuffer<float> Features { get; set; }

        public bool Label { get; set; }
    }
}
