namespace Kmt.Core.Insights;

/// <summary>
/// What a nightly training step did: the model version, whether a model of it now exists, and, when it
/// trained now, from how many people and examples, with the held-out calibration error or why it did not train.
/// </summary>
public sealed record ImportanceTrainingReport(string Version, bool Trained, int? People, int? Examples, int? Positives, double? HeldOutCalibrationError, string? Note);
