using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Storage.Embedded.Accounts;
using Kmt.Storage.Embedded.Activity;
using Kmt.Storage.Embedded.Blobs;
using Kmt.Storage.Embedded.Common;
using Kmt.Storage.Embedded.Embeddings;
using Kmt.Storage.Embedded.Knowledge;
using Kmt.Storage.Embedded.Sqlite;
using Kmt.Storage.Embedded.Tags;
using Kmt.Storage.Embedded.Uploads;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kmt.Storage.Embedded.Tests;

/// <summary>A real SQLite database in a fresh temporary directory, deleted on dispose.</summary>
public class TestDatabase : IDisposable
{
    public static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Every tag path the suites count (CountByTagAsync counts the tags it is asked about).</summary>
    protected static readonly string[] AllTags = ["science", "science/physics", "physics", "ml", "machine-learning", "other", "animals", "animals/zebras", "secret"];

    public TestDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "kmt-embedded-tests", Guid.NewGuid().ToString("N"));
        Options = Microsoft.Extensions.Options.Options.Create(new EmbeddedStoreOptions { DataDirectory = Directory });
        Database = new SqliteDatabase(Options);
        Items = new SqliteKnowledgeStore(Database);
        Tags = new SqliteTagStore(Database);
        Activities = new SqliteActivityStore(Database);
        Users = new SqliteUserStore(Database);
        Credentials = new SqliteCredentialStore(Database);
        Outbox = new EmbeddedMailOutbox(Database);
        Uploads = new SqliteUploadStore(Database);
        Embeddings = new SqliteEmbeddingStore(Database);
        Blobs = new LocalFolderBlobStore(Options);
        Eraser = new SqliteUserDataEraser(Database, Blobs);
        Health = new SqliteStoreHealth(Database);
    }

    public string Directory { get; }

    public IOptions<EmbeddedStoreOptions> Options { get; }

    public SqliteDatabase Database { get; }

    public SqliteKnowledgeStore Items { get; }

    public SqliteTagStore Tags { get; }

    public SqliteActivityStore Activities { get; }

    public SqliteUserStore Users { get; }

    public SqliteCredentialStore Credentials { get; }

    public EmbeddedMailOutbox Outbox { get; }

    public SqliteUploadStore Uploads { get; }

    public SqliteEmbeddingStore Embeddings { get; }

    public LocalFolderBlobStore Blobs { get; }

    public SqliteUserDataEraser Eraser { get; }

    public SqliteStoreHealth Health { get; }

    public static CancellationToken Ct => CancellationToken.None;

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

    public async Task<KnowledgeItem> AddItemAsync(string userId, string title, string content = "", IReadOnlyList<string>? tags = null, DateTimeOffset? createdAt = null, string contentType = "note", double importance = 0)
    {
        var item = NewItem(userId, title, content, tags, createdAt, contentType, importance);
        await Items.CreateAsync(item, Ct);
        return item;
    }

    public void Dispose()
    {
        Database.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind does no harm.
        }

        GC.SuppressFinalize(this);
    }
}
