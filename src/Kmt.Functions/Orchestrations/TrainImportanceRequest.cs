namespace Kmt.Functions.Orchestrations;

/// <summary>The training activity's input: the nightly run (which names the model version) and the instant its histories end.</summary>
public sealed record TrainImportanceRequest(string RunId, DateTimeOffset AsOf);
