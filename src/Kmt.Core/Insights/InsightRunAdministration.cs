using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Insights;

/// <summary>
/// What administrators see of a pipeline run (docs/api.md, "Insights"): every user's part of it, with
/// its state and, for a failed one, the failing step's message. Callers without the insights:admin
/// permission get 403 FORBIDDEN.
/// </summary>
public sealed class InsightRunAdministration(IInsightRunStore runs, IOptions<InsightOptions> options)
{
    private const int MaxIdLength = 64;

    /// <summary>
    /// The users' runs of <paramref name="runId"/> after <paramref name="after"/> (a user id), filtered
    /// by <paramref name="status"/> when given, at most <paramref name="limit"/> (default and cap
    /// Kmt:Insights:MaxAdminRunPage); <see cref="InsightRunUsersPage.Next"/> continues the list.
    /// </summary>
    public async Task<InsightRunUsersPage> ListAsync(AuthenticatedUser caller, string runId, string? status, string? after, string? limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.HasPermission(Permissions.InsightsAdmin))
        {
            throw new KmtException(ErrorCode.Forbidden, "Only administrators can read every user's insight runs.");
        }

        var max = Math.Max(1, options.Value.MaxAdminRunPage);
        var errors = new List<FieldError>();
        if (string.IsNullOrEmpty(runId) || runId.Length > MaxIdLength)
        {
            errors.Add(new FieldError("run_id", $"Give a run id of at most {MaxIdLength} characters."));
        }

        if (!string.IsNullOrEmpty(status) && !InsightRunStatuses.All.Contains(status))
        {
            errors.Add(new FieldError("status", $"Use one of {string.Join(", ", InsightRunStatuses.All.Order(StringComparer.Ordinal))}."));
        }

        if (after is { Length: > MaxIdLength })
        {
            errors.Add(new FieldError("after", $"A user id has at most {MaxIdLength} characters."));
        }

        var take = max;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out take) || take < 1 || take > max))
        {
            errors.Add(new FieldError("limit", $"Give a whole number from 1 to {max}."));
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }

        var page = await runs.ListRunsAsync(runId, string.IsNullOrEmpty(status) ? null : status, string.IsNullOrEmpty(after) ? null : after, take + 1, cancellationToken).ConfigureAwait(false);
        var users = page.Take(take).ToList();
        return new InsightRunUsersPage(runId, users, page.Count > take ? users[^1].UserId : null);
    }
}
