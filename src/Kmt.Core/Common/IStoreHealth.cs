namespace Kmt.Core.Common;

/// <summary>What GET api/health reports about the data store.</summary>
public interface IStoreHealth
{
    Task<StoreHealthReport> CheckAsync(CancellationToken cancellationToken);
}

/// <param name="Details">Safe to show anyone (schema version, mode); no paths, no secrets.</param>
/// <param name="Location">Where the data lives (a folder, an account endpoint): for operators and logs, not for the public health endpoint.</param>
public sealed record StoreHealthReport(bool Healthy, string Store, string Description, IReadOnlyDictionary<string, object?> Details, string? Location = null);
