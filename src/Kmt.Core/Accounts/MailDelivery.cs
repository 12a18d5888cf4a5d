using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kmt.Core.Accounts;

/// <summary>
/// Sends account mail through the outbox: stored first, then delivered by the <see cref="IMailSender"/>,
/// then the stored copy is scrubbed of its one-time code (docs/design/identity.md, "Mail"). Without a
/// sender the mail waits in the outbox for one, with its code (a later mail service delivers and
/// scrubs it the same way).
/// </summary>
public sealed class MailDelivery
{
    private readonly IMailOutbox _outbox;
    private readonly IMailSender? _sender;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public MailDelivery(IMailOutbox outbox, TimeProvider timeProvider, IMailSender? sender = null, ILogger<MailDelivery>? logger = null)
    {
        _outbox = outbox;
        _timeProvider = timeProvider;
        _sender = sender;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        await _outbox.EnqueueAsync(mail, cancellationToken);
        if (_sender is null)
        {
            return;
        }

        // A failed delivery leaves the mail stored and undelivered (and the caller sees the error).
        await _sender.SendAsync(mail, cancellationToken);
        try
        {
            await _outbox.MarkDeliveredAsync(mail.UserId, mail.Id, mail.Scrubbed().Body, _timeProvider.GetUtcNow(), CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The mail is out: failing the request now would only make the user ask again. The stored
            // copy keeps its code until the outbox's retention removes it (or the code expires).
            _logger.LogWarning(e, "Mail {MailId} was delivered but its stored copy could not be scrubbed.", mail.Id);
        }
    }
}
