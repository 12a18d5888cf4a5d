using Azure;

namespace Kmt.Azure.Language;

/// <summary>
/// An ExtractiveSummarization job (analyze-text/jobs) as an Azure.Core <see cref="Operation{T}"/>, so
/// waiting for it is Azure.Core's poller (WaitForCompletionAsync: the polling interval, or the
/// service's Retry-After when it sends one) rather than a loop of our own.
/// </summary>
internal sealed class SummaryJobOperation(AzureLanguageClient client, Uri location) : Operation<JobState>
{
    private Response? _response;
    private JobState? _state;
    private bool _completed;

    public override string Id => location.AbsolutePath;

    public override JobState Value => _completed && _state is { } state
        ? state
        : throw new InvalidOperationException("The summarization job has not finished.");

    public override bool HasValue => _completed;

    public override bool HasCompleted => _completed;

    /// <summary>The last status the service reported ("running", "succeeded"...).</summary>
    public string? LastStatus => _state?.Status;

    public override Response GetRawResponse() => _response ?? throw new InvalidOperationException("The job has not been polled yet.");

    public override Response UpdateStatus(CancellationToken cancellationToken = default) =>
        UpdateStatusAsync(cancellationToken).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<Response> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        var (response, state) = await client.GetAsync<JobState>(location, "ExtractiveSummarization status", cancellationToken).ConfigureAwait(false);
        _response = response;
        _state = state;
        switch (state.Status?.ToLowerInvariant())
        {
            case "succeeded":
            case "partiallycompleted" or "partiallysucceeded":
                _completed = true;
                break;
            case "failed":
            case "cancelled":
            case "cancelling":
                // A job whose tasks produced per-document results failed only for those documents:
                // deterministic, logged by the caller. A job that failed as a whole is the service's problem.
                if (state.Tasks?.Items?.Any(t => t.Results?.Documents?.Count > 0 || t.Results?.Errors?.Count > 0) == true)
                {
                    _completed = true;
                    break;
                }

                throw new AzureLanguageException($"The summarization job {state.JobId} ended {state.Status}: {Describe(state.Errors)}");
        }

        return response;
    }

    private static string Describe(List<ServiceError>? errors) =>
        errors is { Count: > 0 } ? string.Join("; ", errors.Select(e => $"{e.Code}: {e.Message}")) : "no error given";
}
