using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Kmt.Core.Uploads;

namespace Kmt.Azure.Blobs;

/// <summary>
/// Issues two-step upload targets as SAS URLs scoped to exactly one blob
/// (uploads/{user}/{upload}/{file}) with the Create permission only: the URL can write the blob once and
/// cannot overwrite it afterwards (overwriting needs Write), so a leaked or replayed URL cannot swap
/// the file under ingestion. A SAS cannot cap the size; ingestion refuses (and deletes) a blob over
/// Kmt:Uploads:MaxFileBytes before reading it (docs/design/ingestion.md, "An upload, end to end").
/// </summary>
/// <remarks>
/// With a token credential (managed identity) the SAS is a user-delegation SAS: signed with a
/// user-delegation key from Entra ID, so no account key exists anywhere. The key is cached and
/// reused while it outlives the SAS being issued by a margin; a new one is requested (valid for
/// <see cref="DelegationKeyLifetime"/>) otherwise. With a connection string (Azurite), the client
/// holds the account key and a service SAS is signed with it. SAS start times are back-dated a few
/// minutes for clock skew. HTTPS-only unless <c>allowHttp</c> (emulators on http://127.0.0.1).
/// </remarks>
public sealed class SasUploadTargetIssuer : IUploadTargetIssuer
{
    /// <summary>How long a requested user-delegation key is valid (the service allows up to 7 days).</summary>
    public static readonly TimeSpan DelegationKeyLifetime = TimeSpan.FromHours(6);

    /// <summary>A cached key is reused only if it outlives the SAS by at least this much.</summary>
    public static readonly TimeSpan DelegationKeyMargin = TimeSpan.FromMinutes(10);

    /// <summary>Start times are back-dated by this much so a client's or the service's clock skew does not reject a fresh SAS.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private static readonly IReadOnlyDictionary<string, string> UploadHeaders =
        new Dictionary<string, string> { ["x-ms-blob-type"] = "BlockBlob" };

    private readonly BlobServiceClient _service;
    private readonly TimeProvider _time;
    private readonly bool _allowHttp;
    private readonly Func<DateTimeOffset, DateTimeOffset, CancellationToken, Task<UserDelegationKey>> _requestDelegationKey;
    private readonly SemaphoreSlim _keyLock = new(1, 1);
    private UserDelegationKey? _delegationKey;

    public SasUploadTargetIssuer(BlobServiceClient service, TimeProvider? time = null, bool allowHttp = false)
        : this(service, time, allowHttp, null)
    {
    }

    /// <summary>Tests replace the user-delegation key request (Azurite does not issue such keys over plain HTTP).</summary>
    internal SasUploadTargetIssuer(
        BlobServiceClient service,
        TimeProvider? time,
        bool allowHttp,
        Func<DateTimeOffset, DateTimeOffset, CancellationToken, Task<UserDelegationKey>>? requestDelegationKey)
    {
        _service = service;
        _time = time ?? TimeProvider.System;
        _allowHttp = allowHttp;
        _requestDelegationKey = requestDelegationKey ?? (async (start, expiry, ct) =>
            (await _service.GetUserDelegationKeyAsync(start, expiry, ct).ConfigureAwait(false)).Value);
    }

    /// <summary>True when SAS URLs are signed with the account key (emulators), false for user-delegation SAS.</summary>
    public bool UsesAccountKey => _service.CanGenerateAccountSasUri;

    public async Task<UploadTarget> IssueAsync(Upload upload, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "An upload target needs a positive lifetime.");
        }

        var now = _time.GetUtcNow();
        var expiresAt = now + lifetime;
        var blob = _service.GetBlobContainerClient(UploadPaths.UploadsContainer).GetBlobClient(upload.BlobPath);
        var sas = new BlobSasBuilder
        {
            BlobContainerName = UploadPaths.UploadsContainer,
            BlobName = upload.BlobPath,
            Resource = "b",
            StartsOn = now - ClockSkew,
            ExpiresOn = expiresAt,
            Protocol = _allowHttp ? SasProtocol.HttpsAndHttp : SasProtocol.Https,
        };
        sas.SetPermissions(BlobSasPermissions.Create);

        Uri url;
        if (blob.CanGenerateSasUri)
        {
            url = blob.GenerateSasUri(sas);
        }
        else
        {
            var key = await GetDelegationKeyAsync(now, expiresAt, cancellationToken).ConfigureAwait(false);
            url = new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, _service.AccountName) }.ToUri();
        }

        return new UploadTarget(url.AbsoluteUri, "PUT", UploadHeaders, expiresAt);
    }

    private async Task<UserDelegationKey> GetDelegationKeyAsync(DateTimeOffset now, DateTimeOffset sasExpiry, CancellationToken cancellationToken)
    {
        if (IsUsable(_delegationKey, now, sasExpiry))
        {
            return _delegationKey!;
        }

        await _keyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsUsable(_delegationKey, now, sasExpiry))
            {
                return _delegationKey!;
            }

            var keyExpiry = now + (sasExpiry - now + DelegationKeyMargin > DelegationKeyLifetime
                ? sasExpiry - now + DelegationKeyMargin + DelegationKeyMargin
                : DelegationKeyLifetime);
            var key = await _requestDelegationKey(now - ClockSkew, keyExpiry, cancellationToken).ConfigureAwait(false);
            _delegationKey = key;
            return key;
        }
        finally
        {
            _keyLock.Release();
        }
    }

    private static bool IsUsable(UserDelegationKey? key, DateTimeOffset now, DateTimeOffset sasExpiry) =>
        key is not null && key.SignedStartsOn <= now && key.SignedExpiresOn >= sasExpiry + DelegationKeyMargin;
}
