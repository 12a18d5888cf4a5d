using System.IO.Compression;
using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Core.Privacy;
using Kmt.Core.Tags;
using Kmt.Core.Tests.Fakes;
using Kmt.Core.Uploads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Privacy;

public class ExportServiceTests
{
    private readonly FakeTimeProvider _clock = Clock();
    private readonly InMemoryUserStore _users = new();
    private readonly InMemoryPrivacyStore _privacy = new();
    private readonly InMemoryKnowledgeStore _items = new();
    private readonly InMemoryActivityStore _activities = new();
    private readonly InMemoryUploadStore _uploads = new();
    private readonly InMemoryBlobStore _blobs = new();
    private readonly InMemoryAuditLog _audit = new();
    private readonly ExportService _service;
    private readonly AuthenticatedUser _caller;

    public ExportServiceTests()
    {
        var tags = new Mock<ITagStore>();
        tags.Setup(t => t.ListAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _service = new ExportService(_users, _privacy, _items, tags.Object, _activities, _uploads, _blobs, _audit,
            Options(new PrivacyOptions { ExportLinkLifetime = TimeSpan.FromDays(7), PageSize = 2 }), _clock, NullLogger<ExportService>.Instance);
        var user = new User { Id = Ids.New(), Email = "a@example.com", NormalizedEmail = "a@example.com", PasswordHash = "secret-hash", Role = Roles.User, CreatedAt = Start, UpdatedAt = Start, ETag = ETags.New() };
        _users.Users[user.Id] = user;
        _caller = new AuthenticatedUser(user.Id, Roles.User, Ids.New());
    }

    [Fact]
    public async Task The_job_writes_a_zip_of_every_page_and_the_link_expires_with_410()
    {
        for (var i = 0; i < 5; i++)
        {
            var item = new KnowledgeItem { Id = Ids.New(), UserId = _caller.UserId, Title = "t" + i, Content = "c" + i, ContentType = "note", CreatedAt = Start.AddMinutes(i), UpdatedAt = Start, AccessedAt = Start, ETag = ETags.New() };
            _items.Items[(item.UserId, item.Id)] = item;
        }

        var upload = new Upload { Id = Ids.New(), UserId = _caller.UserId, FileName = "a.txt", Status = UploadStatus.Completed, CreatedAt = Start, UpdatedAt = Start, ETag = ETags.New() };
        await _uploads.CreateAsync(upload, CancellationToken.None);
        _blobs.Blobs[(UploadPaths.UploadsContainer, upload.BlobPath)] = "original bytes"u8.ToArray();

        var job = await _service.RequestAsync(_caller, null, CancellationToken.None);
        Assert.Equal(ExportStatus.Queued, job.Status);
        Assert.Equal(job.Id, (await _service.RequestAsync(_caller, null, CancellationToken.None)).Id); // one at a time
        Assert.True(_blobs.Blobs.ContainsKey((PrivacyPaths.ExportRequestsContainer, PrivacyPaths.ExportRequestPath(_caller.UserId, job.Id))));

        await _service.ProcessRequestAsync(PrivacyPaths.ExportRequestPath(_caller.UserId, job.Id), CancellationToken.None);

        var done = await _service.GetAsync(_caller, job.Id, CancellationToken.None);
        Assert.Equal(ExportStatus.Completed, done.Status);
        Assert.Equal(5, done.ItemCount);
        Assert.Equal(Start.AddDays(7), done.ExpiresAt);
        Assert.False(_blobs.Blobs.ContainsKey((PrivacyPaths.ExportRequestsContainer, PrivacyPaths.ExportRequestPath(_caller.UserId, job.Id))));

        var (content, _) = await _service.OpenDownloadAsync(_caller, job.Id, null, CancellationToken.None);
        using (var zip = new ZipArchive(content, ZipArchiveMode.Read))
        {
            Assert.Equal(5, zip.Entries.Count(e => e.FullName.StartsWith("items/", StringComparison.Ordinal)));
            Assert.Equal("original bytes", new StreamReader(zip.GetEntry($"uploads/{upload.Id}/a.txt")!.Open()).ReadToEnd());
            Assert.DoesNotContain("secret-hash", new StreamReader(zip.GetEntry("profile.json")!.Open()).ReadToEnd(), StringComparison.Ordinal);
            Assert.NotNull(zip.GetEntry("README.md"));
        }

        _clock.Advance(TimeSpan.FromDays(7));
        var expired = await Assert.ThrowsAsync<KmtException>(() => _service.OpenDownloadAsync(_caller, job.Id, null, CancellationToken.None));
        Assert.Equal(ErrorCode.ExportExpired, expired.Code);
        Assert.Equal(410, expired.Code.ToHttpStatus());
        Assert.False(_blobs.Blobs.ContainsKey((PrivacyPaths.ExportsContainer, done.BlobPath)));

        var other = new AuthenticatedUser(Ids.New(), Roles.User, Ids.New());
        Assert.Equal(ErrorCode.NotFound, (await Assert.ThrowsAsync<KmtException>(() => _service.GetAsync(other, job.Id, CancellationToken.None))).Code);
    }

    [Fact]
    public async Task A_request_for_an_erased_account_is_dropped_without_writing_anything()
    {
        var job = await _service.RequestAsync(_caller, null, CancellationToken.None);
        _users.Users.Clear();

        await _service.ProcessRequestAsync(PrivacyPaths.ExportRequestPath(_caller.UserId, job.Id), CancellationToken.None);

        Assert.DoesNotContain(_blobs.Blobs.Keys, k => k.Container is PrivacyPaths.ExportsContainer or PrivacyPaths.ExportRequestsContainer);
    }
}
