namespace Kmt.Azure.Language;

/// <summary>
/// Azure AI Language could not analyse a text: throttled past the retry budget, unavailable, a
/// summarization job that failed or did not finish in time, or a rejected request. Ingestion
/// treats it like any non-rejection failure: the attempt fails and the host retries it (bounded
/// by the upload's attempts).
/// </summary>
public sealed class AzureLanguageException(string message, int? statusCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The HTTP status of the failing response, if there was one.</summary>
    public int? StatusCode { get; } = statusCode;
}
