using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Storage.Cosmos.Documents;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using static Kmt.Storage.Cosmos.CosmosOperations;

namespace Kmt.Storage.Cosmos.Accounts;

/// <summary>
/// The outgoing-mail outbox in container mail (partition: user; the container's TTL removes mail after
/// 30 days). A sender (a later mail service) reads it; unlike the embedded outbox nothing of the mail is
/// logged, since bodies hold password-reset links.
/// </summary>
public sealed class CosmosMailOutbox(CosmosDatabase database, ILogger<CosmosMailOutbox>? logger = null) : IMailOutbox
{
    public async Task EnqueueAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var container = await database.ContainerAsync(ContainerDefinitions.Mail, cancellationToken).ConfigureAwait(false);
        var document = new MailDocument
        {
            Id = Ids.New(),
            UserId = mail.UserId,
            To = mail.To,
            Subject = mail.Subject,
            Body = mail.Body,
            CreatedAt = CosmosJson.Time(mail.CreatedAt),
        };
        await TryCreateAsync(container, document, mail.UserId, cancellationToken).ConfigureAwait(false);
        logger?.LogInformation("Mail queued in the Cosmos DB outbox ({MailId}).", document.Id);
    }

    /// <summary>The user's mail, oldest first (for tests and tools, e.g. to read a reset token).</summary>
    public async Task<IReadOnlyList<OutgoingMail>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(ContainerDefinitions.Mail, cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.userId = @u").WithParameter("@u", userId);
        var documents = await QueryAsync<MailDocument>(container, query, userId, null, cancellationToken).ConfigureAwait(false);
        return documents
            .OrderBy(d => d.CreatedAt, StringComparer.Ordinal).ThenBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => new OutgoingMail(d.UserId, d.To, d.Subject, d.Body, CosmosJson.ParseTime(d.CreatedAt)))
            .ToList();
    }
}
