namespace Kmt.Core.Common;

/// <summary>What GET api/health reports about the data store.</summary>
public interface IStoreHealth
{
    Task<StoreHealthReport> CheckAsync(CancellationToken cancellationToken);
}

public sealed record StoreHealthReport(bool Healthy, string Store, string Description, IReadOnlyDictionary<string, object?> Details);
