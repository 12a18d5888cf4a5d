using Azure;

namespace Kmt.Azure.Email;

/// <summary>
/// One ACS Email send as an Azure.Core <see cref="Operation"/>, so waiting is Azure.Core's poller
/// (WaitForCompletionResponseAsync: the interval, or the service's Retry-After) rather than a loop of our
/// own. Failed or Canceled end it with a <see cref="RequestFailedException"/>.
/// </summary>
internal sealed class AcsSendOperation(AcsEmailSender sender, Uri location, Response accepted) : Operation
{
    private Response _response = accepted;
    private bool _completed;

    public override string Id => location.AbsolutePath;

    public override bool HasCompleted => _completed;

    public override Response GetRawResponse() => _response;

    public override Response UpdateStatus(CancellationToken cancellationToken = default) =>
        UpdateStatusAsync(cancellationToken).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<Response> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        var (response, status) = await sender.GetStatusAsync(location, cancellationToken).ConfigureAwait(false);
        _response = response;
        switch (status.Status)
        {
            case "Succeeded":
                _completed = true;
                break;
            case "Failed" or "Canceled":
                _completed = true;
                throw new RequestFailedException(response.Status, $"The e-mail operation {status.Id} ended {status.Status}: {status.Error}");
        }

        return response;
    }
}
