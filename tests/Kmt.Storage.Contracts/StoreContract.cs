using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Core.Tags;
using Kmt.Core.Uploads;

namespace Kmt.Storage.Contracts;

/// <summary>
/// The base of every port contract suite. A concrete class per adapter supplies the ports through
/// <see cref="CreateStoresAsync"/>; xunit makes a new instance (and so a new store set) per test.
/// </summary>
/// <remarks>
/// Each test works with its own random user ids (<see cref="A"/>, <see cref="B"/>) and e-mail
/// addresses, so an adapter may hand out one shared store per test class (Cosmos: one database per
/// class) instead of an empty store per test: every port is partitioned by user, and the suites only
/// ever look inside their own users' partitions.
/// An adapter that cannot meet a fact in some environment overrides it (facts are virtual) with
/// [Fact(Skip = "precise reason")] and lists it in docs/azure-verification.md: never silently less.
/// </remarks>
public abstract class StoreContract : IAsyncLifetime
{
    public static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private IStoreSet? _stores;

    protected static CancellationToken Ct => CancellationToken.None;

    /// <summary>Every tag path the suites count (CountByTagAsync counts the tags it is asked about).</summary>
    protected static readonly string[] AllTags = ["science", "science/physics", "physics", "ml", "machine-learning", "other", "animals", "animals/zebras", "secret"];

    /// <summary>This test's first user (random, so shared stores never mix tests).</summary>
    protected string A { get; } = "user-a-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>This test's second user.</summary>
    protected string B { get; } = "user-b-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A unique tag for e-mail addresses of this test.</summary>
    protected string Run { get; } = Guid.NewGuid().ToString("N")[..10];

    protected IStoreSet Stores => _stores ?? throw new InvalidOperationException("The stores are created in InitializeAsync.");

    protected IKnowledgeStore Items => Stores.Knowledge;

    /// <summary>The adapter's ports over a store in which this test's users own nothing yet.</summary>
    protected abstract Task<IStoreSet> CreateStoresAsync();

    public virtual async Task InitializeAsync() => _stores = await CreateStoresAsync();

    public virtual async Task DisposeAsync()
    {
        if (_stores is not null)
        {
            await _stores.DisposeAsync();
        }
    }

    protected string Email(string local) => $"{local}.{Run}@example.org";

    public static KnowledgeItem NewItem(string userId, string title, string content = "", IReadOnlyList<string>? tags = null, DateTimeOffset? createdAt = null, string contentType = "note", double importance = 0)
    {
        var at = createdAt ?? T0;
        return new KnowledgeItem
        {
            Id = Ids.New(),
            UserId = userId,
            Title = title,
            Content = content,
            ContentLength = content.Length,
            ContentType = contentType,
            Tags = tags ?? [],
            CreatedAt = at,
            UpdatedAt = at,
            AccessedAt = at,
            ImportanceScore = importance,
            WordCount = content.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length,
            ETag = ETags.New(),
        };
    }

    protected async Task<KnowledgeItem> AddItemAsync(string userId, string title, string content = "", IReadOnlyList<string>? tags = null, DateTimeOffset? createdAt = null, string contentType = "note", double importance = 0)
    {
        var item = NewItem(userId, title, content, tags, createdAt, contentType, importance);
        await Items.CreateAsync(item, Ct);
        return item;
    }

    /// <summary>Every version of the item, newest first (one page big enough for any test).</summary>
    protected async Task<IReadOnlyList<KnowledgeItemVersion>> AllVersionsAsync(string userId, string itemId) =>
        (await Items.ListVersionsAsync(userId, itemId, 0, 1000, Ct)).Items;

    /// <summary>Moves the item to the trash (as the service does: a replace with DeletedAt).</summary>
    protected async Task<KnowledgeItem> TrashAsync(KnowledgeItem item, DateTimeOffset? at = null)
    {
        var trashed = item with { DeletedAt = at ?? T0, ETag = ETags.New() };
        await Items.ReplaceAsync(trashed, item.ETag, null, Ct);
        return trashed;
    }

    public static KnowledgeItemVersion VersionOf(KnowledgeItem item, DateTimeOffset replacedAt) => new()
    {
        ItemId = item.Id,
        UserId = item.UserId,
        Version = item.Version,
        Title = item.Title,
        Content = item.Content,
        ContentType = item.ContentType,
        SourceUrl = item.SourceUrl,
        SourceType = item.SourceType,
        Tags = item.Tags,
        MetadataJson = item.MetadataJson,
        CreatedAt = item.UpdatedAt,
        ReplacedAt = replacedAt,
    };

    public static User NewUser(string email, string? id = null) => new()
    {
        Id = id ?? Ids.New(),
        Email = email,
        NormalizedEmail = email.Trim().ToLowerInvariant(),
        PasswordHash = "hash",
        FirstName = "Ada",
        LastName = null,
        Role = "user",
        PreferencesJson = """{"theme":"dark"}""",
        CreatedAt = T0,
        UpdatedAt = T0,
        ETag = ETags.New(),
    };

    public static RefreshSession NewSession(string userId, string familyId) => new()
    {
        Id = Ids.New(),
        UserId = userId,
        FamilyId = familyId,
        TokenHash = Guid.NewGuid().ToString("N"),
        CreatedAt = T0,
        ExpiresAt = T0.AddDays(30),
        IpAddress = "127.0.0.1",
        UserAgent = "tests",
    };

    public static Tag NewTag(string userId, string name) => new()
    {
        Id = Ids.New(), UserId = userId, Name = name, Color = "#6366f1", CreatedAt = T0, UpdatedAt = T0, ETag = ETags.New(),
    };

    public static UserActivity NewActivity(string userId, DateTimeOffset at, string? id = null) => new()
    {
        Id = id ?? Ids.New(),
        UserId = userId,
        ActivityType = "item_viewed",
        EntityType = "knowledge_item",
        EntityId = "item-1",
        DurationSeconds = 12,
        MetadataJson = """{"k":"v"}""",
        OccurredAt = at,
        CreatedAt = at.AddSeconds(1),
    };

    public static ReadingSession NewReadingSession(string userId, string itemId, DateTimeOffset start) => new()
    {
        Id = Ids.New(),
        UserId = userId,
        KnowledgeItemId = itemId,
        StartTime = start,
        CompletionPercentage = 0,
        CreatedAt = start,
        UpdatedAt = start,
    };

    public static Upload NewUpload(string userId, UploadStatus status = UploadStatus.Pending, string? sha256 = null, string? itemId = null, DateTimeOffset? createdAt = null) => new()
    {
        Id = Ids.New(),
        UserId = userId,
        FileName = "paper.pdf",
        Status = status,
        ContentSha256 = sha256,
        KnowledgeItemId = itemId,
        CreatedAt = createdAt ?? T0,
        UpdatedAt = createdAt ?? T0,
        ETag = ETags.New(),
    };

    public static SearchClause Term(string term, bool prefix = false, bool negated = false, bool or = false) =>
        new([term], IsPhrase: false, IsPrefix: prefix, Negated: negated, OrWithPrevious: or);

    public static SearchClause Phrase(params string[] terms) => new(terms, IsPhrase: true, IsPrefix: false, Negated: false, OrWithPrevious: false);

    public static KnowledgeSearchQuery SearchFor(string userId, params SearchClause[] clauses) =>
        new() { UserId = userId, Query = new ParsedSearchQuery(clauses), Skip = 0, Take = 20 };

    public static KnowledgeSearchQuery SearchFor(string userId, string term) => SearchFor(userId, Term(term));
}
