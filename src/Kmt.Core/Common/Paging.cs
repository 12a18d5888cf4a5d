using System.Globalization;

namespace Kmt.Core.Common;

/// <summary>page and per_page, as the API accepts them everywhere.</summary>
internal static class Paging
{
    /// <summary>Keeps (page - 1) * per_page far from int overflow; nobody pages this deep by number.</summary>
    public const int MaxPage = 1_000_000;

    public static int ParsePage(string? raw, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return 1;
        }

        if (!int.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var page))
        {
            validation.Add("page", "page must be a whole number of 1 or more.");
            return 1;
        }

        return CheckPage(page, validation);
    }

    public static int CheckPage(int page, Validation validation)
    {
        if (page is < 1 or > MaxPage)
        {
            validation.Add("page", $"page must be between 1 and {MaxPage}.");
            return 1;
        }

        return page;
    }

    public static int ParsePerPage(string? raw, KmtLimits limits, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return limits.DefaultPageSize;
        }

        if (!int.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var perPage))
        {
            validation.Add("per_page", $"per_page must be a whole number between 1 and {limits.MaxPageSize}.");
            return limits.DefaultPageSize;
        }

        return CheckPerPage(perPage, limits, validation);
    }

    public static int CheckPerPage(int perPage, KmtLimits limits, Validation validation)
    {
        if (perPage < 1 || perPage > limits.MaxPageSize)
        {
            validation.Add("per_page", $"per_page must be between 1 and {limits.MaxPageSize}.");
            return limits.DefaultPageSize;
        }

        return perPage;
    }

    public static int TotalPages(long total, int perPage) => total <= 0 ? 0 : (int)Math.Min(int.MaxValue, (total + perPage - 1) / perPage);
}
