namespace Kmt.Core.Privacy;

/// <summary>Blob containers and paths of the export job (docs/design/storage.md, "Privacy").</summary>
public static class PrivacyPaths
{
    /// <summary>One small blob per requested export, "{user}/{export}": what starts the background job.</summary>
    public const string ExportRequestsContainer = "export-requests";

    /// <summary>Finished exports, "{user}/{export}.zip".</summary>
    public const string ExportsContainer = "exports";

    public static string ExportRequestPath(string userId, string exportId) => $"{userId}/{exportId}";

    public static string ExportPath(string userId, string exportId) => $"{userId}/{exportId}.zip";

    /// <summary>Splits "{user}/{export}"; false for anything else.</summary>
    public static bool TryParseExportRequest(string? path, out string userId, out string exportId)
    {
        userId = exportId = "";
        var parts = (path ?? "").Split('/');
        if (parts.Length != 2 || parts.Any(string.IsNullOrWhiteSpace))
        {
            return false;
        }

        (userId, exportId) = (parts[0], parts[1]);
        return true;
    }
}
