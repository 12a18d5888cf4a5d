namespace Kmt.Core.Insights;

/// <summary>
/// The outcome of training: the model (null when there was not enough history), how many examples and
/// positives it saw, and its expected calibration error on the held-out calibration part.
/// </summary>
public sealed record ImportanceTrainingResult(IImportanceScorer? Model, int Examples, int Positives, double? HeldOutCalibrationError, string? NotTrainedReason);
