using System.Text;
using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Graph;
using Kmt.Core.Import;
using Kmt.Core.Privacy;
using Kmt.Core.Tags;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Import;

public sealed class ImportServiceTests
{
    private const string History = """
        {"type":"read","at":"2023-02-02T20:00:00Z","source_id":"n-1","duration_seconds":600,"completion_percentage":100}
        {"type":"capture","at":"2023-02-01T08:00:00Z","source_id":"n-1","title":"Spaced repetition","content":"one two three four five six seven eight nine ten","tags":["learning"]}
        {"type":"capture","at":"2023-02-01T09:00:00Z","source_id":"n-2","title":"","content":"no title"}
        {"type":"search","at":"2023-02-03T07:30:00Z","query":"forgetting curve"}
        {"type":"read","at":"2023-02-04T20:00:00Z","source_id":"never-captured","duration_seconds":60,"completion_percentage":10}
        """;

    private readonly FakeTimeProvider _clock = Clock();
    private readonly InMemoryUserStore _users = new();
    private readonly InMemoryImportStore _imports = new();
    private readonly InMemoryKnowledgeStore _items = new();
    private readonly InMemoryActivityStore _activities = new();
    private readonly InMemoryBlobStore _blobs = new();
    private readonly InMemoryPrivacyStore _privacy = new();
    private readonly Mock<ITagStore> _tags = new();
    private readonly ImportOptions _options = new();
    private readonly AuthenticatedUser _caller;

    public ImportServiceTests()
    {
        var user = new User { Id = Ids.New(), Email = "a@example.com", NormalizedEmail = "a@example.com", PasswordHash = "h", Role = Roles.User, CreatedAt = Start, UpdatedAt = Start, ETag = ETags.New() };
        _users.Users[user.Id] = user;
        _caller = new AuthenticatedUser(user.Id, Roles.User, Ids.New());
    }

    private ImportService Service(IWorkQueue? graphQueue = null) => new(
        _users, _imports, _items, _tags.Object, _activities, _blobs, new ConsentService(_privacy, _users, new InMemoryAuditLog(), _clock),
        Options(_options), Limits(), _clock, NullLogger<ImportService>.Instance, new GraphChangeNotifier(NullLogger<GraphChangeNotifier>.Instance, graphQueue));

    private Task<ImportJob> Import(string text, string contentType = "application/x-ndjson", string? format = null, AuthenticatedUser? caller = null) =>
        Service().StartAsync(caller ?? _caller, format, contentType, "history.jsonl", new MemoryStream(Encoding.UTF8.GetBytes(text)), CancellationToken.None);

    [Fact]
    public async Task A_small_file_is_imported_in_the_request_with_original_times_and_per_line_failures()
    {
        var job = await Import(History);

        Assert.Equal(ImportStatus.Completed, job.Status);
        Assert.Equal((3, 0, 2, 0), (job.Created, job.Skipped, job.Failed, job.NotRecorded));
        Assert.Equal([(3, "title is required."), (5, "No item has source_id \"never-captured\": capture it first (in this file or an earlier import).")],
            job.Failures.Select(f => (f.Line!.Value, f.Reason)).OrderBy(f => f.Item1));
        Assert.Equal(job, _imports.Jobs[(_caller.UserId, job.Id)]);

        var item = Assert.Single(_items.Items.Values);
        Assert.Equal(("n-1", ImportIds.ItemId(_caller.UserId, "n-1")), (item.SourceId, item.Id));
        Assert.Equal(new DateTimeOffset(2023, 2, 1, 8, 0, 0, TimeSpan.Zero), item.CreatedAt);
        Assert.Equal(new DateTimeOffset(2023, 2, 2, 20, 0, 0, TimeSpan.Zero), item.AccessedAt); // the read, though it came first in the file
        Assert.Equal(1, item.AccessCount);
        _tags.Verify(t => t.EnsureExistAsync(_caller.UserId, It.Is<IReadOnlyCollection<string>>(n => n.SequenceEqual(new[] { "learning" })), It.IsAny<string>(), Start, It.IsAny<CancellationToken>()));

        var session = Assert.Single(_activities.Sessions.Values);
        Assert.Equal((item.Id, 600, 100.0, 1), (session.KnowledgeItemId, session.DurationSeconds, session.CompletionPercentage, session.ReadingSpeedWpm));
        Assert.Equal(new DateTimeOffset(2023, 2, 2, 20, 10, 0, TimeSpan.Zero), session.EndTime);
        var search = Assert.Single(_activities.Activities.Values, a => a.ActivityType == SearchHistory.ActivityType);
        Assert.Equal(new DateTimeOffset(2023, 2, 3, 7, 30, 0, TimeSpan.Zero), search.OccurredAt);
        Assert.Contains("\"query\":\"forgetting curve\"", search.MetadataJson, StringComparison.Ordinal);
        Assert.Single(_activities.Activities.Values, a => a.ActivityType == ReadingActivityTypes.Finished && a.EntityId == item.Id);
    }

    [Fact]
    public async Task A_reimport_changes_nothing_and_counts_everything_as_skipped()
    {
        await Import(History);
        var items = _items.Items.Values.ToList();
        var activities = _activities.Activities.Count;

        var again = await Import(History);

        Assert.Equal((0, 3, 2), (again.Created, again.Skipped, again.Failed));
        Assert.Equal(items, _items.Items.Values.ToList());
        Assert.Equal(1, _items.Items.Values.Single().AccessCount);
        Assert.Equal(activities, _activities.Activities.Count);
        Assert.Single(_activities.Sessions);
    }

    [Fact]
    public async Task Without_the_tracking_consent_captures_are_imported_and_reads_and_searches_are_not_recorded()
    {
        _privacy.Consents[_caller.UserId] = new UserConsents
        {
            UserId = _caller.UserId,
            Purposes = [new ConsentState(ConsentPurposes.ActivityTracking, false, null, Start)],
            UpdatedAt = Start,
            ETag = ETags.New(),
        };

        var job = await Import(History);

        Assert.Equal((1, 3, 1), (job.Created, job.NotRecorded, job.Failed)); // the failure: the capture without a title
        Assert.Single(_items.Items.Values);
        Assert.Equal(0, _items.Items.Values.Single().AccessCount);
        Assert.Empty(_activities.Activities);
        Assert.Empty(_activities.Sessions);
    }

    [Fact]
    public async Task Created_items_are_marked_graph_pending_and_queued_for_the_graph_only_once_all_are_stored()
    {
        var queue = new Mock<IWorkQueue>();
        var storedWhenQueued = new List<int>();
        queue.Setup(q => q.SendAsync(GraphOptions.ChangesQueue, It.IsAny<string>(), null, It.IsAny<CancellationToken>()))
            .Callback(() => storedWhenQueued.Add(_items.Items.Count)).Returns(Task.CompletedTask);

        const string twoCaptures = """
            {"type":"capture","at":"2023-02-01T08:00:00Z","source_id":"n-1","title":"One","content":"first"}
            {"type":"capture","at":"2023-02-01T09:00:00Z","source_id":"n-2","title":"Two","content":"second"}
            """;

        await Service(queue.Object).StartAsync(_caller, null, "application/x-ndjson", "history.jsonl", new MemoryStream(Encoding.UTF8.GetBytes(twoCaptures)), CancellationToken.None);

        var created = _items.Items.Values.ToList();
        Assert.Equal(2, created.Count);
        Assert.All(created, i => Assert.Equal(Start, i.GraphPendingSince));
        Assert.Equal([2, 2], storedWhenQueued);
        foreach (var item in created)
        {
            queue.Verify(q => q.SendAsync(GraphOptions.ChangesQueue, new GraphChangeMessage(_caller.UserId, item.Id).ToJson(), null, It.IsAny<CancellationToken>()), Times.Once);
        }
    }

    [Fact]
    public async Task A_large_file_runs_in_the_background_from_its_blob_which_is_deleted_after()
    {
        _options.InlineMaxBytes = 10;

        var queued = await Import(History);

        Assert.Equal(ImportStatus.Queued, queued.Status);
        var path = ImportPaths.RequestPath(_caller.UserId, queued.Id);
        Assert.True(_blobs.Blobs.ContainsKey((ImportPaths.ImportRequestsContainer, path)));
        Assert.Empty(_items.Items);

        await Service().ProcessRequestAsync(path, CancellationToken.None);

        var done = await Service().GetAsync(_caller, queued.Id, CancellationToken.None);
        Assert.Equal((ImportStatus.Completed, 3, 1), (done.Status, done.Created, done.Attempts));
        Assert.False(_blobs.Blobs.ContainsKey((ImportPaths.ImportRequestsContainer, path)));

        // A second delivery of the same blob (the host retries) finds the import done.
        await Service().ProcessRequestAsync(path, CancellationToken.None);
        Assert.Equal(done, await Service().GetAsync(_caller, queued.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_as_a_whole_fails_the_import_with_a_reason()
    {
        var job = await Import("this is not a zip", "application/zip");

        Assert.Equal(ImportStatus.Failed, job.Status);
        Assert.Equal("The file is not a zip archive; send the vault folder zipped.", job.Reason);
        Assert.Equal(ImportFormat.MarkdownVault, job.Format);
    }

    [Fact]
    public async Task A_record_the_store_refuses_fails_alone_and_an_unexpected_error_fails_the_import_not_the_request()
    {
        _items.OnCreate = item =>
        {
            if (item.SourceId == "n-1")
            {
                throw new KmtException(ErrorCode.PayloadTooLarge, "The item is larger than a store item may be.");
            }
        };
        var refused = await Import(History.Replace("\"n-2\",\"title\":\"\"", "\"n-2\",\"title\":\"Second\"", StringComparison.Ordinal));

        Assert.Equal(ImportStatus.Completed, refused.Status);
        Assert.Equal("n-2", Assert.Single(_items.Items.Values).SourceId);
        Assert.Contains(refused.Failures, f => f.Line == 2 && f.Reason == "The item is larger than a store item may be.");

        _items.OnCreate = _ => throw new InvalidOperationException("disk on fire");
        var broken = await Import(History.Replace("n-", "m-", StringComparison.Ordinal));

        Assert.Equal((ImportStatus.Failed, ImportService.FailedReason), (broken.Status, broken.Reason));
        Assert.Equal(broken, _imports.Jobs[(_caller.UserId, broken.Id)]);
    }

    [Fact]
    public async Task Records_past_the_limit_fail_with_a_reason()
    {
        _options.MaxRecords = 2;

        var job = await Import(History);

        Assert.Equal(3, job.Failed);
        Assert.Equal([3, 4, 5], job.Failures.Where(f => f.Reason == "An import holds at most 2 records; send the rest in another file.").Select(f => f.Line!.Value));
    }

    [Fact]
    public async Task Failures_listed_are_capped_while_all_are_counted()
    {
        _options.MaxReportedFailures = 1;

        var job = await Import(string.Join("\n", Enumerable.Repeat("not json", 5)));

        Assert.Equal((5, 1), (job.Failed, job.Failures.Count));
    }

    [Fact]
    public async Task Bad_requests_are_refused_before_anything_is_stored()
    {
        var unknownType = await Assert.ThrowsAsync<KmtException>(() => Import(History, "application/octet-stream"));
        Assert.Equal(ErrorCode.UnsupportedMediaType, unknownType.Code);
        var unknownFormat = await Assert.ThrowsAsync<ValidationException>(() => Import(History, "text/plain", format: "evernote"));
        Assert.Equal("format", unknownFormat.Errors.Single().Field);
        var empty = await Assert.ThrowsAsync<ValidationException>(() => Import(""));
        Assert.Equal("file", empty.Errors.Single().Field);
        _options.MaxFileBytes = 100;
        var large = await Assert.ThrowsAsync<KmtException>(() => Import(History));
        Assert.Equal(ErrorCode.PayloadTooLarge, large.Code);

        Assert.Empty(_imports.Jobs);
    }

    [Fact]
    public async Task Another_persons_import_and_a_malformed_id_are_not_found()
    {
        var job = await Import(History);
        var other = new AuthenticatedUser(Ids.New(), Roles.User, Ids.New());

        Assert.Equal(ErrorCode.NotFound, (await Assert.ThrowsAsync<KmtException>(() => Service().GetAsync(other, job.Id, CancellationToken.None))).Code);
        Assert.Equal(ErrorCode.NotFound, (await Assert.ThrowsAsync<KmtException>(() => Service().GetAsync(_caller, "../" + job.Id, CancellationToken.None))).Code);
    }

    [Theory]
    [InlineData(null, "application/x-ndjson; charset=utf-8", ImportFormat.KmtHistory)]
    [InlineData(null, "text/csv", ImportFormat.ReadwiseCsv)]
    [InlineData(null, "text/plain", ImportFormat.KindleClippings)]
    [InlineData(null, "application/x-zip-compressed", ImportFormat.MarkdownVault)]
    [InlineData(null, "text/html", ImportFormat.Bookmarks)]
    [InlineData("obsidian", "application/octet-stream", ImportFormat.MarkdownVault)]
    [InlineData("Readwise", "text/plain", ImportFormat.ReadwiseCsv)]
    public void The_format_query_wins_over_the_content_type(string? format, string contentType, ImportFormat expected)
    {
        Assert.Equal(expected, ImportFormats.Resolve(format, contentType));
    }
}
