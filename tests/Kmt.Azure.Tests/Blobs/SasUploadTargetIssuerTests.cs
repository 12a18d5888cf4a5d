using System.Net;
using System.Web;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Kmt.Azure.Blobs;
using Kmt.Azure.Tests.Infrastructure;
using Kmt.Core.Uploads;
using Microsoft.Extensions.Time.Testing;

namespace Kmt.Azure.Tests.Blobs;

public sealed class SasUploadTargetIssuerTests
{
    private static readonly HttpClient Http = new();

    private readonly string _user = "sas-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task A_PUT_to_the_issued_url_creates_exactly_that_blob()
    {
        var issuer = new SasUploadTargetIssuer(Azurite.Client, allowHttp: true);
        var upload = NewUpload("Quarterly report – final (v2).pdf");
        var bytes = "%PDF-1.7 pretend"u8.ToArray();

        var target = await issuer.IssueAsync(upload, TimeSpan.FromMinutes(15), CancellationToken.None);

        Assert.True(issuer.UsesAccountKey);
        Assert.Equal("PUT", target.Method);
        Assert.Equal("BlockBlob", target.Headers["x-ms-blob-type"]);
        var query = HttpUtility.ParseQueryString(new Uri(target.Url).Query);
        Assert.Equal("c", query["sp"]);
        Assert.Equal("b", query["sr"]);

        using var response = await PutAsync(target.Url, target.Headers, bytes);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var stored = await new AzureBlobStore(Azurite.Client).GetAsync(UploadPaths.UploadsContainer, upload.BlobPath, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(bytes.Length, stored.Size);
    }

    [Fact]
    public async Task The_url_does_not_work_for_another_blob_or_for_reading()
    {
        var issuer = new SasUploadTargetIssuer(Azurite.Client, allowHttp: true);
        var upload = NewUpload("mine.txt");
        var target = await issuer.IssueAsync(upload, TimeSpan.FromMinutes(15), CancellationToken.None);
        await EnsureUploadsContainerAsync();

        var other = new UriBuilder(target.Url);
        other.Path = other.Path.Replace("mine.txt", "someone-elses.txt", StringComparison.Ordinal);
        using var put = await PutAsync(other.Uri.AbsoluteUri, target.Headers, "x"u8.ToArray());
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);

        using (var ok = await PutAsync(target.Url, target.Headers, "x"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }

        using var read = await Http.GetAsync(target.Url);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
    }

    [Fact]
    public async Task A_second_PUT_with_the_same_url_cannot_overwrite_the_blob()
    {
        var issuer = new SasUploadTargetIssuer(Azurite.Client, allowHttp: true);
        var upload = NewUpload("once.txt");
        var target = await issuer.IssueAsync(upload, TimeSpan.FromMinutes(15), CancellationToken.None);

        using (var first = await PutAsync(target.Url, target.Headers, "first"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        using var second = await PutAsync(target.Url, target.Headers, "second, swapped in"u8.ToArray());
        Assert.Equal(HttpStatusCode.Forbidden, second.StatusCode);
        var stored = await new AzureBlobStore(Azurite.Client).GetAsync(UploadPaths.UploadsContainer, upload.BlobPath, CancellationToken.None);
        Assert.Equal(5, stored!.Size);
    }

    [Fact]
    public async Task An_expired_url_is_rejected()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2));
        var issuer = new SasUploadTargetIssuer(Azurite.Client, time, allowHttp: true);
        await EnsureUploadsContainerAsync();

        var target = await issuer.IssueAsync(NewUpload("late.txt"), TimeSpan.FromMinutes(15), CancellationToken.None);

        Assert.Equal(time.GetUtcNow().AddMinutes(15), target.ExpiresAt);
        using var response = await PutAsync(target.Url, target.Headers, "x"u8.ToArray());
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task With_a_token_credential_it_signs_a_user_delegation_sas_and_reuses_the_key_until_near_its_expiry()
    {
        // Offline: the key request is replaced (Azurite issues delegation keys only over HTTPS with OAuth).
        var service = new BlobServiceClient(new Uri("https://kmtaccount.blob.core.windows.net"), new FakeTokenCredential());
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var requests = new List<(DateTimeOffset Start, DateTimeOffset Expiry)>();
        var issuer = new SasUploadTargetIssuer(service, time, allowHttp: false, (start, expiry, _) =>
        {
            requests.Add((start, expiry));
            return Task.FromResult(BlobsModelFactory.UserDelegationKey(
                "11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222",
                start, expiry, "b", "2025-01-05", Convert.ToBase64String(new byte[32])));
        });
        var upload = NewUpload("a b.txt");

        var first = await issuer.IssueAsync(upload, TimeSpan.FromMinutes(15), CancellationToken.None);
        time.Advance(TimeSpan.FromHours(1));
        var second = await issuer.IssueAsync(upload, TimeSpan.FromMinutes(15), CancellationToken.None);

        Assert.False(issuer.UsesAccountKey);
        Assert.Single(requests);
        var url = new Uri(first.Url);
        Assert.Equal("https", url.Scheme);
        Assert.Equal($"/uploads/{_user}/{upload.Id}/a%20b.txt", url.AbsolutePath);
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("c", query["sp"]);
        Assert.Equal("b", query["sr"]);
        Assert.Equal("https", query["spr"]);
        Assert.Equal("11111111-1111-1111-1111-111111111111", query["skoid"]);
        Assert.False(string.IsNullOrEmpty(query["sig"]));
        Assert.NotEqual(first.Url, second.Url);

        // Near the key's expiry (6 h), a new key is requested rather than issuing a SAS that outlives it.
        time.Advance(TimeSpan.FromHours(4) + TimeSpan.FromMinutes(40));
        await issuer.IssueAsync(upload, TimeSpan.FromMinutes(15), CancellationToken.None);
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].Expiry >= time.GetUtcNow().AddMinutes(15));
    }

    private Upload NewUpload(string fileName) => new()
    {
        Id = "up" + Guid.NewGuid().ToString("N")[..10],
        UserId = _user,
        FileName = fileName,
        Status = UploadStatus.Pending,
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
        ETag = "\"1\"",
    };

    private static async Task EnsureUploadsContainerAsync() =>
        await Azurite.Client.GetBlobContainerClient(UploadPaths.UploadsContainer).CreateIfNotExistsAsync();

    private static async Task<HttpResponseMessage> PutAsync(string url, IReadOnlyDictionary<string, string> headers, byte[] bytes)
    {
        await EnsureUploadsContainerAsync();
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(bytes) };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await Http.SendAsync(request);
    }
}
