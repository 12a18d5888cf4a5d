namespace Kmt.Core.Uploads;

public static class UploadPaths
{
    public const string UploadsContainer = "uploads";
    public const string QuarantineContainer = "quarantine";

    /// <summary>Requests for the second stage, one blob per item to embed: "{user}/{item}".</summary>
    public const string EmbeddingRequestsContainer = "embedding-requests";

    /// <summary>What each item's stored vectors were made from (<see cref="Embeddings.EmbeddedChunkManifest"/>): "{user}/{item}.json".</summary>
    public const string EmbeddedChunksContainer = "embedded-chunks";

    /// <summary>The item's manifest inside <see cref="EmbeddedChunksContainer"/>.</summary>
    public static string EmbeddedChunksPath(string userId, string itemId) => $"{userId}/{itemId}.json";

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

    /// <summary>The embedding request's path inside <see cref="EmbeddingRequestsContainer"/>.</summary>
    public static string EmbeddingRequestPath(string userId, string itemId) => $"{userId}/{itemId}";

    /// <summary>Splits "{user}/{item}" (the path inside the embedding-requests container); false for anything else.</summary>
    public static bool TryParseEmbeddingRequest(string path, out string userId, out string itemId)
    {
        userId = itemId = "";
        var parts = (path ?? "").Split('/');
        if (parts.Length != 2 || parts.Any(string.IsNullOrWhiteSpace))
        {
            return false;
        }

        (userId, itemId) = (parts[0], parts[1]);
        return true;
    }
}
