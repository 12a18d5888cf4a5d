using System.Globalization;
using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Embeddings;
using Kmt.Core.Knowledge;
using Kmt.Core.Tags;
using Kmt.Core.Uploads;
using static Kmt.Storage.Cosmos.CosmosJson;

namespace Kmt.Storage.Cosmos.Documents;

/// <summary>Domain records to documents and back; one place, so every store writes the same shapes.</summary>
public static class DocumentMapper
{
    public static string EmailKey(string normalizedEmail) => "email:" + SafeId(normalizedEmail);

    public static string ExternalKey(string subject) => "external:" + SafeId(subject);

    /// <summary>
    /// <paramref name="value"/> with the characters Cosmos DB forbids in ids ('/', '\\', '?', '#') replaced
    /// by "~s", "~b", "~q", "~h". A tag path ("science/physics") or an e-mail such as "a/b@example.org" would
    /// otherwise be an id the service refuses. Values without those characters (every e-mail key and tag
    /// name stored so far) keep the ids they always had; the price is that "a/b" and a literal "a~sb" share
    /// one claim, which can only make the second of them a false CONFLICT, never two owners of one value.
    /// </summary>
    public static string SafeId(string value) =>
        value.Replace("/", "~s", StringComparison.Ordinal)
            .Replace("\\", "~b", StringComparison.Ordinal).Replace("?", "~q", StringComparison.Ordinal).Replace("#", "~h", StringComparison.Ordinal);

    public static string SessionId(string sessionId) => "session:" + sessionId;

    public static string ResetTokenId(string tokenId) => "reset:" + tokenId;

    public static string FamilyId(string familyId) => "family:" + familyId;

    public static FamilyDocument ToDocument(SessionFamily f, int? ttl) => new()
    {
        Id = FamilyId(f.Id),
        UserId = f.UserId,
        FamilyId = f.Id,
        CreatedAt = Time(f.CreatedAt),
        ExpiresAt = Time(f.ExpiresAt),
        RevokedAt = Time(f.RevokedAt),
        IsRevoked = f.RevokedAt is not null,
        Ttl = ttl,
    };

    public static SessionFamily ToFamily(FamilyDocument d) => new()
    {
        Id = d.FamilyId,
        UserId = d.UserId,
        CreatedAt = ParseTime(d.CreatedAt),
        ExpiresAt = ParseTime(d.ExpiresAt),
        RevokedAt = ParseTime(d.RevokedAt, nullable: true),
    };

    public static UserDocument ToDocument(User user) => new()
    {
        Id = user.Id,
        UserId = user.Id,
        Email = user.Email,
        NormalizedEmail = user.NormalizedEmail,
        ExternalSubject = user.ExternalSubject,
        PasswordHash = user.PasswordHash,
        FirstName = user.FirstName,
        LastName = user.LastName,
        Role = user.Role,
        IsActive = user.IsActive,
        PreferencesJson = user.PreferencesJson,
        CreatedAt = Time(user.CreatedAt),
        UpdatedAt = Time(user.UpdatedAt),
        LastLogin = Time(user.LastLogin),
        ETag = user.ETag,
    };

    public static User ToUser(UserDocument d) => new()
    {
        Id = d.Id,
        Email = d.Email,
        NormalizedEmail = d.NormalizedEmail,
        PasswordHash = d.PasswordHash,
        FirstName = d.FirstName,
        LastName = d.LastName,
        Role = d.Role,
        IsActive = d.IsActive,
        PreferencesJson = d.PreferencesJson,
        CreatedAt = ParseTime(d.CreatedAt),
        UpdatedAt = ParseTime(d.UpdatedAt),
        LastLogin = ParseTime(d.LastLogin, nullable: true),
        ETag = d.ETag,
        ExternalSubject = d.ExternalSubject,
    };

    public static SessionDocument ToDocument(RefreshSession s, int? ttl) => new()
    {
        Id = SessionId(s.Id),
        UserId = s.UserId,
        SessionId = s.Id,
        FamilyId = s.FamilyId,
        TokenHash = s.TokenHash,
        CreatedAt = Time(s.CreatedAt),
        ExpiresAt = Time(s.ExpiresAt),
        UsedAt = Time(s.UsedAt),
        ReplacedById = s.ReplacedById,
        RevokedAt = Time(s.RevokedAt),
        IsRevoked = s.RevokedAt is not null,
        IpAddress = s.IpAddress,
        UserAgent = s.UserAgent,
        SecretSalt = s.SecretSalt,
        Ttl = ttl,
    };

    public static RefreshSession ToSession(SessionDocument d) => new()
    {
        Id = d.SessionId,
        UserId = d.UserId,
        FamilyId = d.FamilyId,
        TokenHash = d.TokenHash,
        CreatedAt = ParseTime(d.CreatedAt),
        ExpiresAt = ParseTime(d.ExpiresAt),
        UsedAt = ParseTime(d.UsedAt, nullable: true),
        ReplacedById = d.ReplacedById,
        RevokedAt = ParseTime(d.RevokedAt, nullable: true),
        IpAddress = d.IpAddress,
        UserAgent = d.UserAgent,
        SecretSalt = d.SecretSalt,
    };

    public static ResetTokenDocument ToDocument(PasswordResetToken t, int? ttl) => new()
    {
        Id = ResetTokenId(t.Id),
        UserId = t.UserId,
        TokenId = t.Id,
        TokenHash = t.TokenHash,
        CreatedAt = Time(t.CreatedAt),
        ExpiresAt = Time(t.ExpiresAt),
        UsedAt = Time(t.UsedAt),
        Purpose = t.Purpose,
        NewEmail = t.NewEmail,
        Ttl = ttl,
    };

    public static PasswordResetToken ToResetToken(ResetTokenDocument d) => new()
    {
        Id = d.TokenId,
        UserId = d.UserId,
        TokenHash = d.TokenHash,
        CreatedAt = ParseTime(d.CreatedAt),
        ExpiresAt = ParseTime(d.ExpiresAt),
        UsedAt = ParseTime(d.UsedAt, nullable: true),
        Purpose = d.Purpose,
        NewEmail = d.NewEmail,
    };

    public static KnowledgeItemDocument ToDocument(KnowledgeItem item) => new()
    {
        Id = item.Id,
        UserId = item.UserId,
        Title = item.Title,
        Content = item.Content,
        ContentType = item.ContentType,
        SourceUrl = item.SourceUrl,
        SourceType = item.SourceType,
        Tags = [.. item.Tags],
        TagPrefixes = TagPrefixes(item.Tags),
        MetadataJson = item.MetadataJson,
        CreatedAt = Time(item.CreatedAt),
        UpdatedAt = Time(item.UpdatedAt),
        AccessedAt = Time(item.AccessedAt),
        AccessCount = item.AccessCount,
        ImportanceScore = item.ImportanceScore,
        IsArchived = item.IsArchived,
        DeletedAt = Time(item.DeletedAt),
        IsDeleted = item.DeletedAt is not null,
        Version = item.Version,
        WordCount = item.WordCount,
        ETag = item.ETag,
        ContentLength = item.Content.Length,
        ContentTruncated = item.ContentTruncated,
        OriginalContentLength = item.OriginalContentLength,
        SourceUploadId = item.SourceUploadId,
        SourceId = item.SourceId,
        GraphPendingSince = Time(item.GraphPendingSince),
    };

    public static KnowledgeItem ToItem(KnowledgeItemDocument d) => new()
    {
        Id = d.Id,
        UserId = d.UserId,
        Title = d.Title,
        Content = d.Content,
        ContentType = d.ContentType,
        SourceUrl = d.SourceUrl,
        SourceType = d.SourceType,
        Tags = [.. d.Tags],
        MetadataJson = d.MetadataJson,
        CreatedAt = ParseTime(d.CreatedAt),
        UpdatedAt = ParseTime(d.UpdatedAt),
        AccessedAt = ParseTime(d.AccessedAt),
        AccessCount = d.AccessCount,
        ImportanceScore = d.ImportanceScore,
        IsArchived = d.IsArchived,
        DeletedAt = ParseTime(d.DeletedAt, nullable: true),
        Version = d.Version,
        WordCount = d.WordCount,
        ETag = d.ETag,
        ContentLength = d.ContentLength ?? d.Content.Length,
        ContentTruncated = d.ContentTruncated,
        OriginalContentLength = d.OriginalContentLength,
        SourceUploadId = d.SourceUploadId,
        SourceId = d.SourceId,
        GraphPendingSince = ParseTime(d.GraphPendingSince, nullable: true),
    };

    public static KnowledgeVersionDocument ToDocument(string userId, string itemId, KnowledgeItemVersion v) => new()
    {
        Id = KnowledgeVersionDocument.IdFor(itemId, v.Version),
        UserId = userId,
        ItemId = itemId,
        Version = v.Version,
        Title = v.Title,
        Content = v.Content,
        ContentType = v.ContentType,
        SourceUrl = v.SourceUrl,
        SourceType = v.SourceType,
        Tags = [.. v.Tags],
        MetadataJson = v.MetadataJson,
        CreatedAt = Time(v.CreatedAt),
        ReplacedAt = Time(v.ReplacedAt),
    };

    public static KnowledgeItemVersion ToVersion(KnowledgeVersionDocument d) => new()
    {
        ItemId = d.ItemId,
        UserId = d.UserId,
        Version = d.Version,
        Title = d.Title,
        Content = d.Content,
        ContentType = d.ContentType,
        SourceUrl = d.SourceUrl,
        SourceType = d.SourceType,
        Tags = [.. d.Tags],
        MetadataJson = d.MetadataJson,
        CreatedAt = ParseTime(d.CreatedAt),
        ReplacedAt = ParseTime(d.ReplacedAt),
    };

    /// <summary>Every tag and each of its ancestors, distinct, in first-seen order: ["science/physics"] gives ["science", "science/physics"].</summary>
    public static List<string> TagPrefixes(IEnumerable<string> tags)
    {
        var prefixes = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            for (var i = tag.IndexOf(TagPath.Separator, StringComparison.Ordinal); i >= 0; i = tag.IndexOf(TagPath.Separator, i + 1))
            {
                if (seen.Add(tag[..i]))
                {
                    prefixes.Add(tag[..i]);
                }
            }

            if (seen.Add(tag))
            {
                prefixes.Add(tag);
            }
        }

        return prefixes;
    }

    public static TagDocument ToDocument(Tag tag) => new()
    {
        Id = tag.Id,
        UserId = tag.UserId,
        Name = tag.Name,
        Color = tag.Color,
        CreatedAt = Time(tag.CreatedAt),
        UpdatedAt = Time(tag.UpdatedAt),
        ETag = tag.ETag,
    };

    public static Tag ToTag(TagDocument d) => new()
    {
        Id = d.Id,
        UserId = d.UserId,
        Name = d.Name,
        Color = d.Color,
        CreatedAt = ParseTime(d.CreatedAt),
        UpdatedAt = ParseTime(d.UpdatedAt),
        ETag = d.ETag,
    };

    public static ActivityDocument ToDocument(string userId, UserActivity a) => new()
    {
        Id = a.Id,
        UserId = userId,
        ActivityType = a.ActivityType,
        EntityType = a.EntityType,
        EntityId = a.EntityId,
        DurationSeconds = a.DurationSeconds,
        MetadataJson = a.MetadataJson,
        OccurredAt = Time(a.OccurredAt),
        CreatedAt = Time(a.CreatedAt),
    };

    public static UserActivity ToActivity(ActivityDocument d) => new()
    {
        Id = d.Id,
        UserId = d.UserId,
        ActivityType = d.ActivityType,
        EntityType = d.EntityType,
        EntityId = d.EntityId,
        DurationSeconds = d.DurationSeconds,
        MetadataJson = d.MetadataJson,
        OccurredAt = ParseTime(d.OccurredAt),
        CreatedAt = ParseTime(d.CreatedAt),
    };

    public static ReadingSessionDocument ToDocument(ReadingSession s) => new()
    {
        Id = s.Id,
        UserId = s.UserId,
        KnowledgeItemId = s.KnowledgeItemId,
        StartTime = Time(s.StartTime),
        EndTime = Time(s.EndTime),
        IsOpen = s.EndTime is null,
        DurationSeconds = s.DurationSeconds,
        CompletionPercentage = s.CompletionPercentage,
        ReadingSpeedWpm = s.ReadingSpeedWpm,
        CreatedAt = Time(s.CreatedAt),
        UpdatedAt = Time(s.UpdatedAt),
    };

    public static ReadingSession ToReadingSession(ReadingSessionDocument d) => new()
    {
        Id = d.Id,
        UserId = d.UserId,
        KnowledgeItemId = d.KnowledgeItemId,
        StartTime = ParseTime(d.StartTime),
        EndTime = ParseTime(d.EndTime, nullable: true),
        DurationSeconds = d.DurationSeconds,
        CompletionPercentage = d.CompletionPercentage,
        ReadingSpeedWpm = d.ReadingSpeedWpm,
        CreatedAt = ParseTime(d.CreatedAt),
        UpdatedAt = ParseTime(d.UpdatedAt),
    };

    public static string StatusName(UploadStatus status) => status.ToString().ToLowerInvariant();

    public static UploadDocument ToDocument(Upload u) => new()
    {
        Id = u.Id,
        UserId = u.UserId,
        FileName = u.FileName,
        Title = u.Title,
        Tags = [.. u.Tags],
        Status = StatusName(u.Status),
        Reason = u.Reason,
        KnowledgeItemId = u.KnowledgeItemId,
        SizeBytes = u.SizeBytes,
        ContentSha256 = u.ContentSha256,
        DetectedFormat = u.DetectedFormat,
        Attempts = u.Attempts,
        TimingsMs = u.TimingsMs is null ? null : new Dictionary<string, double>(u.TimingsMs),
        EmbeddedChunks = u.EmbeddedChunks,
        EmbeddedAt = Time(u.EmbeddedAt),
        CreatedAt = Time(u.CreatedAt),
        UpdatedAt = Time(u.UpdatedAt),
        ETag = u.ETag,
    };

    public static Upload ToUpload(UploadDocument d) => new()
    {
        Id = d.Id,
        UserId = d.UserId,
        FileName = d.FileName,
        Title = d.Title,
        Tags = [.. d.Tags],
        Status = Enum.Parse<UploadStatus>(d.Status, ignoreCase: true),
        Reason = d.Reason,
        KnowledgeItemId = d.KnowledgeItemId,
        SizeBytes = d.SizeBytes,
        ContentSha256 = d.ContentSha256,
        DetectedFormat = d.DetectedFormat,
        Attempts = d.Attempts,
        TimingsMs = d.TimingsMs,
        EmbeddedChunks = d.EmbeddedChunks,
        EmbeddedAt = ParseTime(d.EmbeddedAt, nullable: true),
        CreatedAt = ParseTime(d.CreatedAt),
        UpdatedAt = ParseTime(d.UpdatedAt),
        ETag = d.ETag,
    };

    public static EmbeddingDocument ToDocument(string userId, string itemId, ChunkEmbedding c) => new()
    {
        Id = EmbeddingDocument.IdFor(itemId, c.Index),
        UserId = userId,
        ItemId = itemId,
        ChunkIndex = c.Index,
        Start = c.Start,
        Length = c.Length,
        Model = c.Model,
        Vector = AllFinite(c.Vector.Span) ? c.Vector.ToArray() : null,
        VectorBits = Convert.ToBase64String(ToBytes(c.Vector.Span)),
    };

    public static ChunkEmbedding ToChunk(EmbeddingDocument d) =>
        new(d.ChunkIndex, d.Start, d.Length, d.Model, d.VectorBits.Length > 0 ? FromBytes(Convert.FromBase64String(d.VectorBits)) : d.Vector ?? []);

    private static bool AllFinite(ReadOnlySpan<float> vector)
    {
        foreach (var value in vector)
        {
            if (!float.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }

    private static byte[] ToBytes(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        return bytes;
    }

    private static float[] FromBytes(byte[] bytes)
    {
        var vector = new float[bytes.Length / sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }

        return vector;
    }

    /// <summary>The keyset value of an item for a sort: the stored time text, or the score as round-trippable text.</summary>
    public static string SortValueOf(KnowledgeSortField sort, KnowledgeItemDocument d) => sort switch
    {
        KnowledgeSortField.CreatedAt => d.CreatedAt,
        KnowledgeSortField.UpdatedAt => d.UpdatedAt,
        KnowledgeSortField.AccessedAt => d.AccessedAt,
        _ => d.ImportanceScore.ToString("R", CultureInfo.InvariantCulture),
    };
}
