using Kmt.Core.Accounts;
using Kmt.Storage.Embedded.Sqlite;

namespace Kmt.Storage.Embedded.Accounts;

/// <summary>
/// The local outbox: table mail_outbox. Delivery is Core's (<see cref="MailDelivery"/>; locally the log,
/// <see cref="LoggingMailSender"/>); a delivered mail's row keeps the body without its one-time code.
/// </summary>
public sealed class EmbeddedMailOutbox(SqliteDatabase database) : IMailOutbox
{
    public async Task EnqueueAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO mail_outbox (user_id, id, to_address, subject, body, created_at)
            VALUES (@u, @id, @to, @subject, @body, @created)
            """;
        command.Param("@u", mail.UserId).Param("@id", mail.Id).Param("@to", mail.To).Param("@subject", mail.Subject)
            .Param("@body", mail.Body).Param("@created", SqliteValues.Time(mail.CreatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task MarkDeliveredAsync(string userId, string mailId, string scrubbedBody, DateTimeOffset deliveredAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE mail_outbox SET body = @body, delivered_at = @at WHERE user_id = @u AND id = @id";
        command.Param("@u", userId).Param("@id", mailId).Param("@body", scrubbedBody).Param("@at", SqliteValues.Time(deliveredAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The user's mail, oldest first.</summary>
    public async Task<IReadOnlyList<OutgoingMail>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT user_id, to_address, subject, body, created_at, id, delivered_at FROM mail_outbox
            WHERE user_id = @u ORDER BY created_at, id
            """;
        command.Param("@u", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var mails = new List<OutgoingMail>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            mails.Add(new OutgoingMail(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetTime(4))
            {
                Id = reader.GetString(5),
                DeliveredAt = reader.GetNullableTime(6),
            });
        }

        return mails;
    }
}
