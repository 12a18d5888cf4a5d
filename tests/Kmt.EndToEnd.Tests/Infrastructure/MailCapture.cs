using System.Collections.Concurrent;
using Kmt.Core.Accounts;

namespace Kmt.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The test's mailbox: every DevHost delivers through it (in place of the log, or of no sender on
/// the emulated Azure stack), so tests read codes from the mail as delivered, while the outbox keeps
/// only the scrubbed copy.
/// </summary>
public sealed class MailCapture : IMailSender
{
    private readonly ConcurrentQueue<OutgoingMail> _delivered = new();

    public Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        _delivered.Enqueue(mail);
        return Task.CompletedTask;
    }

    /// <summary>The user's delivered mail, oldest first, codes included.</summary>
    public IReadOnlyList<OutgoingMail> For(string userId) => _delivered.Where(m => m.UserId == userId).ToList();
}
