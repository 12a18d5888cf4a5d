using System.Globalization;
using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Graph;

/// <summary>
/// GET graph (docs/api.md, "Knowledge graph"): the caller's graph as it held at valid time as_of, as
/// KMT knew it at system time known_at (both default to now), around a center or whole, bounded by
/// depth and limit (configuration, <see cref="GraphOptions"/>).
/// </summary>
public sealed class GraphQueryService(IGraphStore graph, IOptions<GraphOptions> options, TimeProvider timeProvider)
{
    /// <summary>Longest center id accepted (item ids are 36 characters, derived vertex ids 35).</summary>
    private const int MaxCenterLength = 100;

    public async Task<GraphView> GetAsync(AuthenticatedUser caller, GraphRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var limits = options.Value;
        var validation = new Validation();
        var now = timeProvider.GetUtcNow();
        var asOf = ParseTime(request.AsOf, "as_of", validation) ?? now;
        var knownAt = ParseTime(request.KnownAt, "known_at", validation) ?? now;
        var maxDepth = Math.Min(limits.MaxDepth, GraphSnapshotQuery.MaxDepth);
        var depth = ParseInt(request.Depth, "depth", 1, maxDepth, validation) ?? limits.DefaultDepth;
        var limit = ParseInt(request.Limit, "limit", 1, limits.MaxLimit, validation) ?? limits.DefaultLimit;
        var center = string.IsNullOrWhiteSpace(request.Center) ? null : request.Center.Trim();
        if (center is { Length: > MaxCenterLength })
        {
            validation.Add("center", $"At most {MaxCenterLength} characters: an item or entity id.");
        }

        validation.ThrowIfInvalid();
        if (center is not null && await graph.GetVertexAsync(caller.UserId, center, cancellationToken) is null)
        {
            throw KmtException.NotFound("Graph node");
        }

        var query = new GraphSnapshotQuery { UserId = caller.UserId, AsOf = asOf, KnownAt = knownAt, CenterId = center, Depth = depth, Limit = limit };
        return new GraphView(query, await graph.QueryAsync(query, cancellationToken));
    }

    private static DateTimeOffset? ParseTime(string? raw, string field, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(raw.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value.ToUniversalTime();
        }

        validation.Add(field, "Must be an ISO 8601 date or date-time, e.g. 2025-01-31T12:00:00Z.");
        return null;
    }

    private static int? ParseInt(string? raw, string field, int min, int max, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (int.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        validation.Add(field, $"Must be a whole number from {min} to {max}.");
        return null;
    }
}
