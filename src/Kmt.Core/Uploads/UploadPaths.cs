namespace Kmt.Core.Uploads;

public static class UploadPaths
{
    public const string UploadsContainer = "uploads";
    public const string QuarantineContainer = "quarantine";

    public static string BlobPath(string userId, string uploadId, string fileName) => $"{userId}/{uploadId}/{fileName}";

    /// <summary>Splits "{user}/{upload}/{file}" (the path inside the uploads container); false for anything else.</summary>
    public static bool TryParse(string path, out string userId, out string uploadId, out string fileName)
    {
        userId = uploadId = fileName = "";
        var parts = path.Split('/');
        if (parts.Length != 3 || parts.Any(string.IsNullOrEmpty))
        {
            return false;
        }

        (userId, uploadId, fileName) = (parts[0], parts[1], parts[2]);
        return true;
    }
}
