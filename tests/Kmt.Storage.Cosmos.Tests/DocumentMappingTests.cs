using System.Text.Json;
using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Embeddings;
using Kmt.Core.Knowledge;
using Kmt.Core.Tags;
using Kmt.Core.Uploads;
using Kmt.Storage.Cosmos.Documents;

namespace Kmt.Storage.Cosmos.Tests;

/// <summary>Domain → document → JSON (as the SDK writes it) → document → domain gives back the same record.</summary>
public class DocumentMappingTests
{
    private static readonly DateTimeOffset T = new(2025, 5, 6, 7, 8, 9, 123, TimeSpan.FromHours(2));

    private static T2 RoundTrip<T2>(T2 document)
    {
        var json = JsonSerializer.Serialize(document, CosmosJson.Options);
        return JsonSerializer.Deserialize<T2>(json, CosmosJson.Options)!;
    }

    [Fact]
    public void User_round_trips_with_external_subject_and_camel_case_names()
    {
        var user = new User
        {
            Id = "u1", Email = "A@b.c", NormalizedEmail = "a@b.c", PasswordHash = "h", FirstName = "A", LastName = null,
            Role = "user", IsActive = false, PreferencesJson = "{\"x\":1}", CreatedAt = T, UpdatedAt = T.AddDays(1), LastLogin = T.AddHours(1),
            ETag = "\"e\"", ExternalSubject = "entra|t|o",
        };

        var document = DocumentMapper.ToDocument(user);
        var json = JsonSerializer.Serialize(document, CosmosJson.Options);

        Assert.Contains("\"id\":\"u1\"", json);
        Assert.Contains("\"userId\":\"u1\"", json);
        Assert.Contains("\"normalizedEmail\":\"a@b.c\"", json);
        Assert.Contains("\"etag\":", json);
        Assert.DoesNotContain("_etag", json);
        Assert.DoesNotContain("lastName", json);
        Assert.Equal(user with { CreatedAt = T.ToUniversalTime(), UpdatedAt = T.AddDays(1).ToUniversalTime(), LastLogin = T.AddHours(1).ToUniversalTime() }, DocumentMapper.ToUser(RoundTrip(document)));
        Assert.Equal(user.CreatedAt, DocumentMapper.ToUser(RoundTrip(document)).CreatedAt);
    }

    [Fact]
    public void Knowledge_item_round_trips_and_stores_tag_prefixes()
    {
        var item = new KnowledgeItem
        {
            Id = "i1", UserId = "u1", Title = "T", Content = "C <b>", ContentLength = 5, ContentType = "note", SourceUrl = "https://x", SourceType = "web",
            Tags = ["science/physics/quantum", "work", "science/chemistry"], MetadataJson = "{\"a\":[1]}", CreatedAt = T, UpdatedAt = T, AccessedAt = T,
            AccessCount = 3, ImportanceScore = 0.1 + 0.2, IsArchived = true, DeletedAt = T, Version = 4, WordCount = 2, ETag = "\"e\"",
        };

        var document = RoundTrip(DocumentMapper.ToDocument(item));

        Assert.Equal(["science", "science/physics", "science/physics/quantum", "work", "science/chemistry"], document.TagPrefixes);
        Assert.True(document.IsDeleted);
        Assert.Equal("item", document.Type);
        Assert.Equal("2025-05-06T05:08:09.1230000Z", document.CreatedAt);
        var back = DocumentMapper.ToItem(document);
        Assert.Equal(item.Tags, back.Tags);
        Assert.Equal(item with { Tags = back.Tags }, back);
    }

    [Fact]
    public void Live_item_is_not_deleted()
    {
        var item = new KnowledgeItem { Id = "i", UserId = "u", Title = "t", ContentType = "note", CreatedAt = T, UpdatedAt = T, AccessedAt = T, ETag = "e" };
        var document = RoundTrip(DocumentMapper.ToDocument(item));
        Assert.False(document.IsDeleted);
        Assert.Null(DocumentMapper.ToItem(document).DeletedAt);
    }

    [Fact]
    public void Version_round_trips_with_its_id()
    {
        var version = new KnowledgeItemVersion
        {
            ItemId = "i1", UserId = "u1", Version = 2, Title = "T", Content = "C", ContentType = "note", Tags = ["a"], CreatedAt = T, ReplacedAt = T.AddDays(1),
        };
        var document = RoundTrip(DocumentMapper.ToDocument("u1", "i1", version));
        Assert.Equal("i1:v2", document.Id);
        Assert.Equal("version", document.Type);
        var back = DocumentMapper.ToVersion(document);
        Assert.Equal(version with { Tags = back.Tags }, back);
        Assert.Equal(version.Tags, back.Tags);
    }

    [Fact]
    public void Sessions_and_reset_tokens_round_trip_with_prefixed_ids_and_ttl()
    {
        var session = new RefreshSession
        {
            Id = "s1", UserId = "u1", FamilyId = "f", TokenHash = "h", CreatedAt = T, ExpiresAt = T.AddDays(7), UsedAt = T, ReplacedById = "s2",
            RevokedAt = T, IpAddress = "1.2.3.4", UserAgent = "ua",
        };
        var sessionDocument = RoundTrip(DocumentMapper.ToDocument(session, 600));
        Assert.Equal("session:s1", sessionDocument.Id);
        Assert.Equal(600, sessionDocument.Ttl);
        Assert.True(sessionDocument.IsRevoked);
        Assert.Equal(session, DocumentMapper.ToSession(sessionDocument));

        var token = new PasswordResetToken { Id = "r1", UserId = "u1", TokenHash = "h", CreatedAt = T, ExpiresAt = T.AddHours(1) };
        var tokenDocument = RoundTrip(DocumentMapper.ToDocument(token, 60));
        Assert.Equal("reset:r1", tokenDocument.Id);
        Assert.Equal(token, DocumentMapper.ToResetToken(tokenDocument));
    }

    [Fact]
    public void Tags_activities_sessions_uploads_and_chunks_round_trip()
    {
        var tag = new Tag { Id = "t1", UserId = "u1", Name = "science/physics", Color = "#fff", CreatedAt = T, UpdatedAt = T, ETag = "e" };
        Assert.Equal(tag, DocumentMapper.ToTag(RoundTrip(DocumentMapper.ToDocument(tag))));

        var activity = new UserActivity { Id = "a1", UserId = "u1", ActivityType = "view", EntityId = "i1", DurationSeconds = 5, MetadataJson = "{}", OccurredAt = T, CreatedAt = T };
        Assert.Equal(activity, DocumentMapper.ToActivity(RoundTrip(DocumentMapper.ToDocument("u1", activity))));

        var reading = new ReadingSession { Id = "r1", UserId = "u1", KnowledgeItemId = "i1", StartTime = T, CompletionPercentage = 12.5, CreatedAt = T, UpdatedAt = T };
        var readingDocument = RoundTrip(DocumentMapper.ToDocument(reading));
        Assert.True(readingDocument.IsOpen);
        Assert.Equal(reading, DocumentMapper.ToReadingSession(readingDocument));
        Assert.False(DocumentMapper.ToDocument(reading with { EndTime = T }).IsOpen);

        var upload = new Upload
        {
            Id = "up1", UserId = "u1", FileName = "a.pdf", Tags = ["x"], Status = UploadStatus.Completed, KnowledgeItemId = "i1", SizeBytes = 10,
            ContentSha256 = "ab", Attempts = 2, TimingsMs = new Dictionary<string, double> { ["parse"] = 1.5 }, CreatedAt = T, UpdatedAt = T, ETag = "e",
        };
        var uploadDocument = RoundTrip(DocumentMapper.ToDocument(upload));
        Assert.Equal("completed", uploadDocument.Status);
        var back = DocumentMapper.ToUpload(uploadDocument);
        Assert.Equal(upload.TimingsMs, back.TimingsMs);
        Assert.Equal(upload with { Tags = back.Tags, TimingsMs = back.TimingsMs }, back);
        Assert.Null(uploadDocument.EmbeddedChunks);
        Assert.Null(uploadDocument.EmbeddedAt);

        var embedded = upload with { EmbeddedChunks = 26, EmbeddedAt = T.AddSeconds(4), TimingsMs = new Dictionary<string, double> { ["parse"] = 1.5, ["embedding"] = 900 } };
        var embeddedDocument = RoundTrip(DocumentMapper.ToDocument(embedded));
        Assert.Equal(26, embeddedDocument.EmbeddedChunks);
        Assert.NotNull(embeddedDocument.EmbeddedAt);
        var embeddedBack = DocumentMapper.ToUpload(embeddedDocument);
        Assert.Equal(embedded with { Tags = embeddedBack.Tags, TimingsMs = embeddedBack.TimingsMs }, embeddedBack);
        Assert.Equal(900, embeddedBack.TimingsMs!["embedding"]);

        var chunk = new ChunkEmbedding(3, 10, 20, "minilm", new float[] { 0.5f, -1.25f });
        var chunkDocument = RoundTrip(DocumentMapper.ToDocument("u1", "i1", chunk));
        Assert.Equal("i1:3", chunkDocument.Id);
        var chunkBack = DocumentMapper.ToChunk(chunkDocument);
        Assert.Equal((chunk.Index, chunk.Start, chunk.Length, chunk.Model), (chunkBack.Index, chunkBack.Start, chunkBack.Length, chunkBack.Model));
        Assert.Equal(chunk.Vector.ToArray(), chunkBack.Vector.ToArray());
    }

    [Fact]
    public void Vectors_round_trip_bit_exact_and_only_finite_ones_are_indexable()
    {
        float[] awkward = [-0f, float.NaN, float.PositiveInfinity, BitConverter.Int32BitsToSingle(0x7FC00001)];
        var document = RoundTrip(DocumentMapper.ToDocument("u", "i", new ChunkEmbedding(0, 0, 1, "m", awkward)));
        Assert.Null(document.Vector);
        Assert.Equal(awkward.Select(BitConverter.SingleToInt32Bits), DocumentMapper.ToChunk(document).Vector.ToArray().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal([1f, 2f], DocumentMapper.ToDocument("u", "i", new ChunkEmbedding(0, 0, 1, "m", new float[] { 1f, 2f })).Vector!);
    }

    [Fact]
    public void Times_sort_as_text_in_time_order()
    {
        var later = CosmosJson.Time(new DateTimeOffset(2025, 1, 1, 23, 0, 0, TimeSpan.FromHours(-5))); // 04:00Z on the 2nd
        var earlier = CosmosJson.Time(new DateTimeOffset(2025, 1, 2, 3, 0, 0, TimeSpan.FromHours(1))); // 02:00Z on the 2nd
        Assert.True(string.CompareOrdinal(earlier, later) < 0);
        Assert.Equal("2025-01-02T04:00:00.0000000Z", later);
    }

    [Fact]
    public void Container_definitions_follow_the_layout()
    {
        var all = ContainerDefinitions.All().ToDictionary(c => c.Id);
        Assert.Equal(
            ["users", "userKeys", "credentials", "knowledge", "tags", "activities", "readingSessions", "uploads", "embeddings", "mail", "privacy", "insights", "notifications"],
            all.Keys);
        Assert.Equal("/key", all["userKeys"].PartitionKeyPath);
        Assert.All(all.Values.Where(c => c.Id != "userKeys"), c => Assert.Equal("/userId", c.PartitionKeyPath));
        // TTL on, no default: the retention timer folds events into daily counts before deleting them.
        Assert.Equal(-1, all["activities"].DefaultTimeToLive);
        Assert.Equal(-1, all["privacy"].DefaultTimeToLive);
        Assert.Equal(2, all["privacy"].IndexingPolicy.CompositeIndexes.Count);
        Assert.Equal(30 * 24 * 3600, all["mail"].DefaultTimeToLive);
        Assert.Equal(-1, all["credentials"].DefaultTimeToLive);
        Assert.Null(all["knowledge"].DefaultTimeToLive);
        Assert.Equal(8, all["knowledge"].IndexingPolicy.CompositeIndexes.Count);
        Assert.Equal(["/title", "/content"], all["knowledge"].IndexingPolicy.FullTextIndexes.Select(i => i.Path));
        Assert.Equal(2, all["activities"].IndexingPolicy.CompositeIndexes.Count);
        // A run's snapshot and scores are read whole, never filtered on.
        Assert.Equal(["/items/*", "/scores/*", "/masks/*", "/hourReads/*"], all["insights"].IndexingPolicy.ExcludedPaths.Select(p => p.Path));
        Assert.Equal(ContainerDefinitions.UserPartitioned.Order(), all.Keys.Where(k => k != "userKeys").Order());
    }
}
