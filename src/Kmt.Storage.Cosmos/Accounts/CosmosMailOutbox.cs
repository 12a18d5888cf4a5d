using System.Net;
using Kmt.Core.Accounts;
using Kmt.Storage.Cosmos.Documents;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using static Kmt.Storage.Cosmos.CosmosOperations;

namespace Kmt.Storage.Cosmos.Accounts;

/// <summary>
/// The outgoing-mail outbox in container mail (partition: user; the container's TTL removes mail after
/// 30 days). Delivery is Core's (<see cref="MailDelivery"/>): a delivered mail is patched to a body
/// without its one-time code. Nothing of a mail is logged, since bodies hold codes until delivered.
/// </summary>
public sealed class CosmosMailOutbox(CosmosDatabase database, ILogger<CosmosMailOutbox>? logger = null) : IMailOutbox
{
    public async Task EnqueueAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var container = await database.ContainerAsync(ContainerDefinitions.Mail, cancellationToken).ConfigureAwait(false);
        var document = new MailDocument
        {
            Id = mail.Id,
            UserId = mail.UserId,
            To = mail.To,
            Subject = mail.Subject,
            Body = mail.Body,
            CreatedAt = CosmosJson.Time(mail.CreatedAt),
        };
        await TryCreateAsync(container, document, mail.UserId, cancellationToken).ConfigureAwait(false);
        logger?.LogInformation("Mail queued in the Cosmos DB outbox ({MailId}).", document.Id);
    }

    /// <summary>One Patch of the two fields; a mail that is gone (erased, expired) is left gone.</summary>
    public async Task MarkDeliveredAsync(string userId, string mailId, string scrubbedBody, DateTimeOffset deliveredAt, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(ContainerDefinitions.Mail, cancellationToken).ConfigureAwait(false);
        try
        {
            await container.PatchItemAsync<MailDocument>(
                mailId,
                new PartitionKey(userId),
                [PatchOperation.Set("/body", scrubbedBody), PatchOperation.Set("/deliveredAt", CosmosJson.Time(deliveredAt))],
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>The user's mail, oldest first.</summary>
    public async Task<IReadOnlyList<OutgoingMail>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(ContainerDefinitions.Mail, cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.userId = @u").WithParameter("@u", userId);
        var documents = await QueryAsync<MailDocument>(container, query, userId, null, cancellationToken).ConfigureAwait(false);
        return documents
            .OrderBy(d => d.CreatedAt, StringComparer.Ordinal).ThenBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => new OutgoingMail(d.UserId, d.To, d.Subject, d.Body, CosmosJson.ParseTime(d.CreatedAt))
            {
                Id = d.Id,
                DeliveredAt = d.DeliveredAt is null ? null : CosmosJson.ParseTime(d.DeliveredAt),
            })
            .ToList();
    }
}
