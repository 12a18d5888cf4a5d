using System.Globalization;
using System.Text;
using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Privacy;

/// <summary>GET users/audit: the caller's own audit log, newest first, paged like other lists (page/per_page or cursor).</summary>
public sealed class AuditLogService(IAuditLog audit, IOptions<KmtLimits> limits)
{
    public async Task<PagedResult<AuditEntry>> ListAsync(AuthenticatedUser caller, string? page, string? perPage, string? cursor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var validation = new Validation();
        var pageNumber = Paging.ParsePage(page, validation);
        var size = Paging.ParsePerPage(perPage, limits.Value, validation);
        AuditPosition? after = null;
        if (!string.IsNullOrWhiteSpace(cursor) && !TryDecode(cursor, out after))
        {
            validation.Add("cursor", "cursor is not one this API returned.");
        }

        validation.ThrowIfInvalid();
        var skip = after is null ? (int)Math.Min(int.MaxValue, (long)(pageNumber - 1) * size) : 0;
        var entries = await audit.ListAsync(caller.UserId, after, skip, size + 1, cancellationToken);
        var total = await audit.CountAsync(caller.UserId, cancellationToken);
        var items = entries.Take(size).ToList();
        var next = entries.Count > size ? Encode(new AuditPosition(items[^1].At, items[^1].Id)) : null;
        return new PagedResult<AuditEntry>(items, after is null ? pageNumber : 0, size, total, Paging.TotalPages(total, size), next);
    }

    private static string Encode(AuditPosition position) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(position.At.UtcTicks.ToString(CultureInfo.InvariantCulture) + "|" + position.Id))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecode(string cursor, out AuditPosition? position)
    {
        position = null;
        try
        {
            var text = cursor.Trim().Replace('-', '+').Replace('_', '/');
            text = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(text)).Split('|');
            if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || ticks > DateTimeOffset.MaxValue.UtcTicks || !Ids.IsWellFormed(parts[1]))
            {
                return false;
            }

            position = new AuditPosition(new DateTimeOffset(ticks, TimeSpan.Zero), parts[1]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
