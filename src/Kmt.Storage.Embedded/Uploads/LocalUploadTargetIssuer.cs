using Kmt.Core.Uploads;

namespace Kmt.Storage.Embedded.Uploads;

/// <summary>
/// The local target of a two-step upload: the API's own PUT api/v1/upload/{id}/content, relative to
/// the API's host. No headers are issued: the endpoint is an ordinary authenticated API call, so the
/// client sends its usual "Authorization: Bearer &lt;access token&gt;" header with the bytes as the body.
/// </summary>
public sealed class LocalUploadTargetIssuer(TimeProvider timeProvider) : IUploadTargetIssuer
{
    public const string Method = "PUT";

    public static string ContentUrl(string uploadId) => $"/api/v1/upload/{Uri.EscapeDataString(uploadId)}/content";

    public Task<UploadTarget> IssueAsync(Upload upload, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        return Task.FromResult(new UploadTarget(
            ContentUrl(upload.Id),
            Method,
            new Dictionary<string, string>(),
            timeProvider.GetUtcNow() + lifetime));
    }
}
