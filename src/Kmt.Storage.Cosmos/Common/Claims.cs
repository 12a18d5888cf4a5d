using System.Net;
using Microsoft.Azure.Cosmos;
using static Kmt.Storage.Cosmos.CosmosOperations;

namespace Kmt.Storage.Cosmos.Common;

/// <summary>
/// Unique values on Cosmos DB without unique-key policies: a claim document per value, created with
/// create-if-absent (a second create is a 409), resolved by _etag (docs/design/storage.md, "Uniqueness on
/// Cosmos DB").
/// </summary>
/// <remarks>
/// <para>1. Claim: create the claim as <see cref="Pending"/> with a lease (now + <see cref="CosmosStoreOptions.ClaimLease"/>).
/// 2. Write the owner's document. 3. Confirm: replace the claim as <see cref="Owned"/>, if-match the _etag
/// the claim had when we took it. A confirm that fails means the claim was taken over after our lease ran
/// out; the writer undoes its document and reports the value taken.</para>
/// <para>Someone else's claim is taken over (replace, if-match its _etag, so of many takers one wins) only
/// when its owner's document does not hold the value AND it is not a pending claim within its lease. The
/// second condition is the fix for concurrent creators: a claim whose owner document does not exist yet is
/// exactly what a registration in flight looks like, and taking it over made two accounts with one e-mail.
/// What is left for takeover are real orphans: a crash between claim and document, or an old value never
/// released after an e-mail change or a rename.</para>
/// </remarks>
internal static class Claims
{
    public const string Pending = "pending";
    public const string Owned = "owned";

    /// <summary>
    /// Claims <paramref name="id"/> for the owner of <paramref name="fresh"/> (a new pending claim with its
    /// lease set). Returns the claim's _etag to confirm with, or null when the value is taken or in flight.
    /// </summary>
    public static async Task<string?> TryClaimAsync<T>(
        Container container,
        string id,
        string partitionKey,
        Func<T> fresh,
        Func<T, Task<bool>> ownerDocumentHoldsIt,
        DateTimeOffset now,
        int maxAttempts,
        CancellationToken cancellationToken)
        where T : class, IClaimDocument
    {
        for (var attempt = 0; attempt < maxAttempts; attempt++)
        {
            var claim = fresh();
            var created = await TryCreateWithETagAsync(container, claim, partitionKey, cancellationToken).ConfigureAwait(false);
            if (created is not null)
            {
                return created;
            }

            var existing = await ReadAsync<T>(container, id, partitionKey, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                continue; // released meanwhile: create again
            }

            if (string.Equals(existing.Owner, claim.Owner, StringComparison.Ordinal))
            {
                return existing.SystemETag;
            }

            if (await ownerDocumentHoldsIt(existing).ConfigureAwait(false) || IsInFlight(existing, now))
            {
                return null;
            }

            var taken = await TryReplaceWithETagAsync(container, claim, id, partitionKey, existing.SystemETag, cancellationToken).ConfigureAwait(false);
            if (taken is not null)
            {
                return taken;
            }
        }

        return null;
    }

    /// <summary>Marks the claim owned if it is still the one we took (its _etag); false when it was taken over.</summary>
    public static async Task<bool> ConfirmAsync<T>(Container container, T claim, string id, string partitionKey, string etag, CancellationToken cancellationToken)
        where T : class, IClaimDocument
    {
        claim.State = Owned;
        claim.LeaseUntil = null;
        return await TryReplaceWithETagAsync(container, claim, id, partitionKey, etag, cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>A pending claim whose lease has not run out. Claims without a state predate the protocol and never are.</summary>
    public static bool IsInFlight(IClaimDocument claim, DateTimeOffset now) =>
        claim.State == Pending && claim.LeaseUntil is { } lease && CosmosJson.ParseTime(lease) > now;

    private static async Task<string?> TryCreateWithETagAsync<T>(Container container, T document, string partitionKey, CancellationToken cancellationToken)
        where T : class, IClaimDocument
    {
        document.SystemETag = null;
        try
        {
            var response = await container.CreateItemAsync(document, new PartitionKey(partitionKey), NoContent, cancellationToken).ConfigureAwait(false);
            return response.ETag;
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }
    }

    private static async Task<string?> TryReplaceWithETagAsync<T>(Container container, T document, string id, string partitionKey, string? etag, CancellationToken cancellationToken)
        where T : class, IClaimDocument
    {
        document.SystemETag = null;
        try
        {
            var response = await container.ReplaceItemAsync(document, id, new PartitionKey(partitionKey), IfMatch(etag), cancellationToken).ConfigureAwait(false);
            return response.ETag;
        }
        catch (CosmosException ex) when (ex.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
