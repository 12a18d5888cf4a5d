using Microsoft.Extensions.Logging;

namespace Kmt.Core.Accounts;

/// <summary>
/// Local development's mail delivery: the whole mail, code included, in the log (that is how a
/// developer gets a reset link locally). Registered by the embedded store only, never in Azure, whose
/// logs must not hold codes.
/// </summary>
public sealed class LoggingMailSender(ILogger<LoggingMailSender> logger) : IMailSender
{
    public Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        logger.LogInformation("Mail to {To}: {Subject}\n{Body}", mail.To, mail.Subject, mail.Body);
        return Task.CompletedTask;
    }
}
