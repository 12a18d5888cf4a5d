using System.IO.Compression;
using System.Text.Json;
using Kmt.Core.Insights;
using Microsoft.ML;

namespace Kmt.Insights.Models;

/// <summary>
/// A trained importance model: the ML.NET chain (FastTree, then feature contributions) and the
/// isotonic calibration fitted on held-out examples. Saved as one zip holding the ML.NET model zip and
/// the calibration's steps as JSON.
/// </summary>
internal sealed class ImportanceModel : IImportanceScorer
{
    internal const string ModelEntry = "mlnet-model.zip";
    internal const string CalibrationEntry = "calibration.json";

    private readonly MLContext _ml;
    private readonly ITransformer _chain;
    private readonly DataViewSchema _schema;

    public ImportanceModel(string version, MLContext ml, ITransformer chain, DataViewSchema schema, IsotonicCalibration calibration)
    {
        Version = version;
        _ml = ml;
        _chain = chain;
        _schema = schema;
        Calibration = calibration;
    }

    public string Version { get; }

    public IsotonicCalibration Calibration { get; }

    public IReadOnlyList<ImportanceScore> Score(IReadOnlyList<ItemFeatures> items, DateTimeOffset asOf, DateTimeOffset targetDate)
    {
        var extracted = ImportanceFeatureExtractor.Extract(items, asOf);
        var outputs = Predict(extracted.Select(e => e.Features).ToList());
        var scores = new List<ImportanceScore>(extracted.Count);
        for (var i = 0; i < extracted.Count; i++)
        {
            var (value, low, high) = Calibration.Apply(outputs[i].Probability);
            scores.Add(new ImportanceScore
            {
                ItemId = extracted[i].Item.ItemId,
                Score = Math.Round(value, 4),
                ConfidenceLow = Math.Round(low, 4),
                ConfidenceHigh = Math.Round(high, 4),
                TargetDate = targetDate,
                Model = Version,
                Reasoning = ImportanceReasoning.Explain(extracted[i].Features, outputs[i].FeatureContributions),
            });
        }

        return scores;
    }

    /// <summary>The chain's raw (uncalibrated) outputs for feature vectors, in order.</summary>
    public IReadOnlyList<ImportanceOutput> Predict(IReadOnlyList<float[]> features)
    {
        if (features.Count == 0)
        {
            return [];
        }

        var data = _ml.Data.LoadFromEnumerable(features.Select(f => new ImportanceRow { Features = f }));
        return _ml.Data.CreateEnumerable<ImportanceOutput>(_chain.Transform(data), reuseRowObject: false).ToList();
    }

    public bool Save(Stream destination)
    {
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        using (var model = zip.CreateEntry(ModelEntry, CompressionLevel.NoCompression).Open())
        {
            _ml.Model.Save(_chain, _schema, model);
        }

        using var calibration = zip.CreateEntry(CalibrationEntry).Open();
        JsonSerializer.Serialize(calibration, new SavedCalibration(Version, Calibration.Blocks));
        return true;
    }

    public static ImportanceModel Load(Stream content)
    {
        using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
        var ml = new MLContext(seed: 1);
        using var buffer = new MemoryStream();
        using (var model = (zip.GetEntry(ModelEntry) ?? throw new InvalidDataException($"The model zip has no {ModelEntry}.")).Open())
        {
            model.CopyTo(buffer);
        }

        buffer.Position = 0;
        var chain = ml.Model.Load(buffer, out var schema);
        // A model trained on another feature set (an older build) cannot score this build's vectors.
        var size = schema.GetColumnOrNull(nameof(ImportanceRow.Features))?.Type is Microsoft.ML.Data.VectorDataViewType vector ? vector.Size : -1;
        if (size != ImportanceFeatures.Count)
        {
            throw new InvalidDataException($"The model was trained on {size} features; this build computes {ImportanceFeatures.Count}. Train a new one.");
        }

        using var calibrationStream = (zip.GetEntry(CalibrationEntry) ?? throw new InvalidDataException($"The model zip has no {CalibrationEntry}.")).Open();
        var saved = JsonSerializer.Deserialize<SavedCalibration>(calibrationStream) ?? throw new InvalidDataException("The model's calibration is empty.");
        return new ImportanceModel(saved.Version, ml, chain, schema, new IsotonicCalibration(saved.Blocks));
    }

    private sealed record SavedCalibration(string Version, IReadOnlyList<CalibrationBlock> Blocks);
}
