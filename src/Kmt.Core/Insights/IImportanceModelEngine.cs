namespace Kmt.Core.Insights;

/// <summary>
/// The machine-learning side of importance (a pure-compute project implements it): trains a model from
/// people's own histories and loads a saved one. Core owns when and from whose data it trains, where
/// the model is stored and which one is current (<see cref="ImportanceModelRegistry"/>).
/// </summary>
public interface IImportanceModelEngine
{
    /// <summary>Trains on <paramref name="set"/>; the result has no model when the histories hold too few examples.</summary>
    ImportanceTrainingResult Train(ImportanceTrainingSet set);

    /// <summary>Loads a model written by <see cref="IImportanceScorer.Save"/>; InvalidDataException when it is not one this build can use (another feature set).</summary>
    IImportanceScorer Load(Stream content);
}
