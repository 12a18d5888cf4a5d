using System.Globalization;

namespace Kmt.Core.Import.Formats;

/// <summary>Time rules shared by the formats: every stored time is UTC, and nothing happened in the future.</summary>
internal static class ImportTime
{
    /// <summary>Clocks drift; a record more than this ahead of the server's clock is refused.</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(5);

    private static readonly DateTimeOffset Earliest = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>An ISO-8601 time with a zone (Z or an offset), as UTC; null otherwise.</summary>
    public static DateTimeOffset? ParseIso(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim();
        var hasZone = value.EndsWith('Z') || value.EndsWith('z') || (value.Length > 6 && (value[^6] is '+' or '-') && value[^3] == ':');
        return hasZone && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at.ToUniversalTime() : null;
    }

    /// <summary>Null when the time is plausible; otherwise why not.</summary>
    public static string? Problem(DateTimeOffset at, DateTimeOffset now, string field) =>
        at > now + MaxFutureSkew ? $"{field} is in the future."
        : at < Earliest ? $"{field} is before 1970."
        : null;
}
