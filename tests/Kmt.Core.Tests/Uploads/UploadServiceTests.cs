using System.Security.Cryptography;
using System.Text;
using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Tests.Fakes;
using Kmt.Core.Uploads;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Uploads;

public class UploadServiceTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly FakeTimeProvider _clock = Clock();
    private readonly InMemoryUploadStore _uploads = new();
    private readonly InMemoryBlobStore _blobs = new();
    private readonly Mock<IUploadTargetIssuer> _targets = new();
    private readonly UploadOptions _options = new() { MaxFileBytes = 1000, MaxFilesPerRequest = 3 };
    private readonly AuthenticatedUser _caller = Caller();
    private readonly UploadService _service;

    public UploadServiceTests()
    {
        _targets.Setup(t => t.IssueAsync(It.IsAny<Upload>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((Upload u, TimeSpan lifetime, CancellationToken _) =>
                new UploadTarget($"/api/v1/upload/{u.Id}/content", "PUT", new Dictionary<string, string>(), _clock.GetUtcNow() + lifetime));
        _service = new UploadService(_uploads, _blobs, _targets.Object, Options(_options), Limits(), _clock);
    }

    [Fact]
    public async Task Each_file_is_stored_under_its_user_and_upload_and_queued()
    {
        var bytes = Encoding.UTF8.GetBytes("hello world");

        var created = await _service.CreateAsync(
            _caller,
            [File("notes.txt", bytes), File("second.md", "# Title"u8.ToArray(), declareLength: false)],
            new UploadDetails("  My title ", ["Science / Physics", "science/physics"]),
            Ct);

        Assert.Equal(2, created.Count);
        var first = created[0];
        Assert.Equal(UploadStatus.Queued, first.Status);
        Assert.Equal(_caller.UserId, first.UserId);
        Assert.True(Ids.IsWellFormed(first.Id));
        Assert.Equal("notes.txt", first.FileName);
        Assert.Equal("My title", first.Title);
        Assert.Equal(["science/physics"], first.Tags);
        Assert.Equal(bytes.Length, first.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), first.ContentSha256);
        Assert.Equal($"{_caller.UserId}/{first.Id}/notes.txt", first.BlobPath);
        Assert.Equal(bytes, _blobs.Blobs[(UploadPaths.UploadsContainer, first.BlobPath)]);
        Assert.Equal(first, _uploads.Uploads[(_caller.UserId, first.Id)]);
        Assert.Equal("# Title"u8.ToArray(), _blobs.Blobs[(UploadPaths.UploadsContainer, created[1].BlobPath)]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("# Title"u8)), created[1].ContentSha256);

        // Created Pending first, then Queued once its bytes were stored.
        Assert.Equal([UploadStatus.Pending, UploadStatus.Queued], _uploads.Writes.Where(w => w.Id == first.Id).Select(w => w.Status));
    }

    [Fact]
    public async Task No_files_or_too_many_files_are_rejected()
    {
        HasError(await ThrowsValidation(() => _service.CreateAsync(_caller, [], new UploadDetails(null, null), Ct)), "files");
        var four = Enumerable.Range(0, 4).Select(i => File($"{i}.txt", [1])).ToArray();
        HasError(await ThrowsValidation(() => _service.CreateAsync(_caller, four, new UploadDetails(null, null), Ct)), "files", "at most 3");
        Assert.Empty(_uploads.Uploads);
        Assert.Empty(_blobs.Blobs);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_empty_file_is_rejected_before_anything_is_stored(bool declareLength)
    {
        var e = await ThrowsValidation(() => _service.CreateAsync(_caller, [File("a.txt", [1, 2]), File("empty.txt", [], declareLength)], new UploadDetails(null, null), Ct));

        HasError(e, "files[1]", "The file is empty.");
        Assert.Empty(_uploads.Uploads);
        Assert.Empty(_blobs.Blobs);
    }

    [Fact]
    public async Task A_declared_size_over_the_limit_is_413_before_anything_is_stored()
    {
        await ThrowsKmt(ErrorCode.PayloadTooLarge, () => _service.CreateAsync(
            _caller, [File("a.txt", [1]), new IncomingFile("big.pdf", "application/pdf", new MemoryStream([1]), 1001)], new UploadDetails(null, null), Ct));

        Assert.Empty(_uploads.Uploads);
        Assert.Empty(_blobs.Blobs);
    }

    [Fact]
    public async Task A_file_found_too_large_while_storing_is_413_and_its_upload_failed()
    {
        var e = await ThrowsKmt(ErrorCode.PayloadTooLarge, () => _service.CreateAsync(_caller, [File("big.txt", new byte[1001], declareLength: false)], new UploadDetails(null, null), Ct));

        Assert.Contains("limit", e.Message);
        var upload = _uploads.Single(_caller.UserId);
        Assert.Equal(UploadStatus.Failed, upload.Status);
        Assert.Contains("larger than", upload.Reason);
        Assert.Empty(_blobs.Blobs);
    }

    [Fact]
    public async Task Title_and_tags_are_validated()
    {
        var e = await ThrowsValidation(() => _service.CreateAsync(_caller, [File("a.txt", [1])], new UploadDetails(new string('x', 501), ["ok", "bad,tag"]), Ct));

        HasError(e, "title");
        HasError(e, "tags[1]");
        Assert.Empty(_uploads.Uploads);

        var tooMany = Enumerable.Range(0, 51).Select(i => $"t{i}").ToArray();
        HasError(await ThrowsValidation(() => _service.CreateAsync(_caller, [File("a.txt", [1])], new UploadDetails(null, tooMany), Ct)), "tags");
    }

    [Fact]
    public async Task A_blank_title_is_no_title()
    {
        var created = await _service.CreateAsync(_caller, [File("a.txt", [1])], new UploadDetails("   ", null), Ct);

        Assert.Null(created[0].Title);
        Assert.Empty(created[0].Tags);
    }

    [Theory]
    [InlineData("report.pdf", "report.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\ada\\My Notes.docx", "My Notes.docx")]
    [InlineData("dir/sub/file.md", "file.md")]
    [InlineData("a\u0000b\u0007c.txt", "abc.txt")]
    [InlineData("new\r\nline.txt", "newline.txt")]
    [InlineData("  spaced  .txt  ", "spaced  .txt")]
    [InlineData("what?<is>this*.txt", "what__is_this_.txt")]
    [InlineData("trailing...", "trailing")]
    [InlineData("..", "upload")]
    [InlineData(".", "upload")]
    [InlineData("dir/", "upload")]
    [InlineData("   ", "upload")]
    [InlineData("", "upload")]
    [InlineData(null, "upload")]
    [InlineData("\u202Egnp.exe", "gnp.exe")]
    [InlineData("résumé.txt", "résumé.txt")]
    public void File_names_become_one_safe_path_segment(string? raw, string expected)
    {
        Assert.Equal(expected, UploadRules.SanitizeFileName(raw));
    }

    [Fact]
    public void Long_file_names_are_cut_keeping_the_extension()
    {
        var name = UploadRules.SanitizeFileName(new string('a', 300) + ".pdf");

        Assert.Equal(UploadRules.FileNameMaxLength, name.Length);
        Assert.EndsWith("a.pdf", name, StringComparison.Ordinal);
        Assert.Equal(UploadRules.FileNameMaxLength, UploadRules.SanitizeFileName(new string('b', 500)).Length);
    }

    [Fact]
    public async Task Stored_file_names_are_sanitized()
    {
        var created = await _service.CreateAsync(_caller, [File("../../other-user/x/evil.txt", [1])], new UploadDetails(null, null), Ct);

        Assert.Equal("evil.txt", created[0].FileName);
        Assert.Equal(3, created[0].BlobPath.Split('/').Length);
        Assert.StartsWith(_caller.UserId + "/", created[0].BlobPath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task If_the_trigger_already_moved_the_upload_on_its_state_is_kept()
    {
        _blobs.AfterWrite = (_, path) =>
        {
            UploadPaths.TryParse(path, out var user, out var id, out _);
            var current = _uploads.Uploads[(user, id)];
            _uploads.Uploads[(user, id)] = current with { Status = UploadStatus.Processing, Attempts = 1, ETag = ETags.New() };
        };

        var created = await _service.CreateAsync(_caller, [File("a.txt", [1])], new UploadDetails(null, null), Ct);

        Assert.Equal(UploadStatus.Processing, created[0].Status);
        Assert.Equal(UploadStatus.Processing, _uploads.Single(_caller.UserId).Status);
    }

    [Fact]
    public async Task Begin_creates_a_pending_upload_and_issues_its_target()
    {
        var begun = await _service.BeginAsync(_caller, new BeginUploadInput("dir\\paper.pdf", 500, "Paper", ["research"]), Ct);

        Assert.Equal(UploadStatus.Pending, begun.Upload.Status);
        Assert.Equal("paper.pdf", begun.Upload.FileName);
        Assert.Equal("Paper", begun.Upload.Title);
        Assert.Equal(["research"], begun.Upload.Tags);
        Assert.Equal(begun.Upload, _uploads.Uploads[(_caller.UserId, begun.Upload.Id)]);
        Assert.Equal($"/api/v1/upload/{begun.Upload.Id}/content", begun.Target.Url);
        Assert.Equal(Start + _options.UploadTargetLifetime, begun.Target.ExpiresAt);
        _targets.Verify(t => t.IssueAsync(begun.Upload, _options.UploadTargetLifetime, It.IsAny<CancellationToken>()), Times.Once);
        Assert.Empty(_blobs.Blobs);
    }

    [Fact]
    public async Task Begin_validates_its_fields()
    {
        var e = await ThrowsValidation(() => _service.BeginAsync(_caller, new BeginUploadInput(" ", 0, null, ["a//b"]), Ct));
        HasError(e, "file_name");
        HasError(e, "size_bytes");
        HasError(e, "tags[0]");

        await ThrowsKmt(ErrorCode.PayloadTooLarge, () => _service.BeginAsync(_caller, new BeginUploadInput("a.pdf", 1001, null, null), Ct));
        Assert.Empty(_uploads.Uploads);

        var unknownSize = await _service.BeginAsync(_caller, new BeginUploadInput("a.pdf", null, null, null), Ct);
        Assert.Equal(UploadStatus.Pending, unknownSize.Upload.Status);
    }

    [Fact]
    public async Task Receiving_content_stores_it_and_queues_the_upload()
    {
        var begun = await _service.BeginAsync(_caller, new BeginUploadInput("a.txt", null, null, null), Ct);

        var received = await _service.ReceiveContentAsync(_caller, begun.Upload.Id, new NonSeekableStream("some text"u8.ToArray()), Ct);

        Assert.Equal(UploadStatus.Queued, received.Status);
        Assert.Equal(9, received.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("some text"u8)), received.ContentSha256);
        Assert.Equal("some text"u8.ToArray(), _blobs.Blobs[(UploadPaths.UploadsContainer, begun.Upload.BlobPath)]);

        // Once it has its bytes, a second PUT is a conflict.
        await ThrowsKmt(ErrorCode.Conflict, () => _service.ReceiveContentAsync(_caller, begun.Upload.Id, new MemoryStream([1]), Ct));
    }

    [Fact]
    public async Task A_second_PUT_while_the_first_is_still_finishing_cannot_replace_its_file()
    {
        var begun = await _service.BeginAsync(_caller, new BeginUploadInput("a.txt", null, null, null), Ct);

        // The first PUT has stored its file but not yet moved the upload on: it still looks pending.
        await _blobs.WriteAsync(UploadPaths.UploadsContainer, begun.Upload.BlobPath, new MemoryStream("first"u8.ToArray()), 1000, Ct);

        await ThrowsKmt(ErrorCode.Conflict, () => _service.ReceiveContentAsync(_caller, begun.Upload.Id, new MemoryStream("second"u8.ToArray()), Ct));
        Assert.Equal("first"u8.ToArray(), _blobs.Blobs[(UploadPaths.UploadsContainer, begun.Upload.BlobPath)]);
    }

    [Fact]
    public async Task Receiving_content_is_only_for_the_callers_pending_unexpired_upload()
    {
        var begun = await _service.BeginAsync(_caller, new BeginUploadInput("a.txt", null, null, null), Ct);

        await ThrowsKmt(ErrorCode.NotFound, () => _service.ReceiveContentAsync(Caller(), begun.Upload.Id, new MemoryStream([1]), Ct));
        await ThrowsKmt(ErrorCode.NotFound, () => _service.ReceiveContentAsync(_caller, "not-an-id", new MemoryStream([1]), Ct));
        await ThrowsKmt(ErrorCode.NotFound, () => _service.ReceiveContentAsync(_caller, Ids.New(), new MemoryStream([1]), Ct));
        HasError(await ThrowsValidation(() => _service.ReceiveContentAsync(_caller, begun.Upload.Id, new MemoryStream(), Ct)), "content", "empty");

        _clock.Advance(_options.UploadTargetLifetime + TimeSpan.FromSeconds(1));
        await ThrowsKmt(ErrorCode.Conflict, () => _service.ReceiveContentAsync(_caller, begun.Upload.Id, new MemoryStream([1]), Ct));
        Assert.Empty(_blobs.Blobs);
        Assert.Equal(UploadStatus.Pending, _uploads.Single(_caller.UserId).Status);
    }

    [Fact]
    public async Task Receiving_too_much_content_is_413()
    {
        var begun = await _service.BeginAsync(_caller, new BeginUploadInput("a.txt", 10, null, null), Ct);

        await ThrowsKmt(ErrorCode.PayloadTooLarge, () => _service.ReceiveContentAsync(_caller, begun.Upload.Id, new MemoryStream(new byte[1001]), Ct));

        Assert.Equal(UploadStatus.Failed, _uploads.Single(_caller.UserId).Status);
        Assert.Empty(_blobs.Blobs);
    }

    [Fact]
    public async Task Status_is_visible_only_to_the_owner()
    {
        var created = await _service.CreateAsync(_caller, [File("a.txt", [1])], new UploadDetails(null, null), Ct);

        Assert.Equal(created[0], await _service.GetStatusAsync(_caller, created[0].Id, Ct));
        await ThrowsKmt(ErrorCode.NotFound, () => _service.GetStatusAsync(Caller(), created[0].Id, Ct));
        await ThrowsKmt(ErrorCode.NotFound, () => _service.GetStatusAsync(_caller, Ids.New(), Ct));
        await ThrowsKmt(ErrorCode.NotFound, () => _service.GetStatusAsync(_caller, "../x", Ct));
        await ThrowsKmt(ErrorCode.NotFound, () => _service.GetStatusAsync(_caller, "", Ct));
    }

    private static IncomingFile File(string name, byte[] bytes, bool declareLength = true) =>
        new(name, "text/plain", declareLength ? new MemoryStream(bytes) : new NonSeekableStream(bytes), declareLength ? bytes.Length : null);

    /// <summary>A request body: no length, no seeking.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
