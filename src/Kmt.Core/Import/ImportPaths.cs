namespace Kmt.Core.Import;

/// <summary>Blob container and paths of the background import (docs/design/ingestion.md, "Import").</summary>
public static class ImportPaths
{
    /// <summary>The imported file itself, "{user}/{import}": writing it starts the background job, which deletes it when done.</summary>
    public const string ImportRequestsContainer = "import-requests";

    public static string RequestPath(string userId, string importId) => $"{userId}/{importId}";

    /// <summary>Splits "{user}/{import}"; false for anything else.</summary>
    public static bool TryParse(string? path, out string userId, out string importId)
    {
        userId = importId = "";
        var parts = (path ?? "").Split('/');
        if (parts.Length != 2 || parts.Any(string.IsNullOrWhiteSpace))
        {
            return false;
        }

        (userId, importId) = (parts[0], parts[1]);
        return true;
    }
}
