using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Extensions.Logging;

namespace Kmt.Storage.Embedded.Accounts;

/// <summary>
/// The local development outbox: mail is stored in table mail_outbox and logged in full (body
/// included: locally that is how a developer gets a password-reset link). Nothing is sent.
/// </summary>
public sealed class EmbeddedMailOutbox(SqliteDatabase database, ILogger<EmbeddedMailOutbox> logger) : IMailOutbox
{
    public async Task EnqueueAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                INSERT INTO mail_outbox (user_id, id, to_address, subject, body, created_at)
                VALUES (@u, @id, @to, @subject, @body, @created)
                """;
            command.Param("@u", mail.UserId).Param("@id", Ids.New()).Param("@to", mail.To).Param("@subject", mail.Subject)
                .Param("@body", mail.Body).Param("@created", SqliteValues.Time(mail.CreatedAt));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        logger.LogInformation("Mail to {To}: {Subject}\n{Body}", mail.To, mail.Subject, mail.Body);
    }

    /// <summary>The user's mail, oldest first (for local use and end-to-end tests, e.g. to read a reset token).</summary>
    public async Task<IReadOnlyList<OutgoingMail>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT user_id, to_address, subject, body, created_at FROM mail_outbox
            WHERE user_id = @u ORDER BY created_at, id
            """;
        command.Param("@u", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var mails = new List<OutgoingMail>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            mails.Add(new OutgoingMail(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetTime(4)));
        }

        return mails;
    }
}
