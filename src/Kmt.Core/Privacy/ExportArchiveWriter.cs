using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Graph;
using Kmt.Core.Import;
using Kmt.Core.Insights;
using Kmt.Core.Insights.Discovery;
using Kmt.Core.Knowledge;
using Kmt.Core.Notifications;
using Kmt.Core.Tags;
using Kmt.Core.Uploads;

namespace Kmt.Core.Privacy;

/// <summary>
/// Writes one person's export zip: one JSON file per kind of record and the original upload files,
/// paging through every store so no more than one page (or one item with its versions) is in memory.
/// The files are described in <see cref="ExportReadme"/>.
/// </summary>
internal sealed class ExportArchiveWriter(
    IPrivacyStore privacy,
    IKnowledgeStore items,
    ITagStore tags,
    IActivityStore activities,
    IUploadStore uploads,
    IBlobStore blobs,
    IAuditLog audit,
    int pageSize,
    IImportStore? imports = null,
    IGraphStore? graph = null,
    IInsightStore? insights = null,
    INotificationStore? notifications = null)
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        WriteIndented = true,
    };

    public int ItemCount { get; private set; }

    public int FileCount { get; private set; }

    public async Task WriteAsync(ZipArchive zip, User user, ExportJob job, DateTimeOffset now, CancellationToken ct)
    {
        await WriteFileAsync(zip, "README.md", s => s.WriteAsync(ExportReadme.Text(job, now), ct).AsTask(), ct);
        await WriteJsonAsync(zip, "profile.json", new
        {
            id = user.Id,
            email = user.Email,
            first_name = user.FirstName,
            last_name = user.LastName,
            role = user.Role,
            is_active = user.IsActive,
            external_subject = user.ExternalSubject,
            created_at = user.CreatedAt,
            updated_at = user.UpdatedAt,
            last_login = user.LastLogin,
        }, ct);
        await WriteFileAsync(zip, "preferences.json", s => s.WriteAsync(System.Text.Encoding.UTF8.GetBytes(user.PreferencesJson), ct).AsTask(), ct);
        await WriteJsonAsync(zip, "consents.json", await privacy.GetConsentsAsync(user.Id, ct) ?? ConsentService.Defaults(user), ct);
        await WriteJsonAsync(zip, "tags.json", await tags.ListAsync(user.Id, ct), ct);
        await WriteItemsAsync(zip, user.Id, ct);
        await WriteArrayAsync(zip, "activities.json", ActivitiesAsync(user.Id, ct), ct);
        await WriteJsonAsync(zip, "activity_daily_counts.json", await activities.ListDailyMetricsAsync(user.Id, ct), ct);
        await WriteJsonAsync(zip, "reading_sessions.json", await activities.ListSessionsAsync(user.Id, null, ct), ct);
        await WriteUploadsAsync(zip, user.Id, ct);
        await WriteArrayAsync(zip, "audit_log.json", AuditAsync(user.Id, ct), ct);
        await WriteJsonAsync(zip, "exports.json", (await privacy.ListExportsAsync(user.Id, ct)).Select(e => new { e.Id, e.Status, e.CreatedAt, e.CompletedAt, e.ExpiresAt }), ct);
        if (imports is not null)
        {
            await WriteJsonAsync(zip, "imports.json", await imports.ListAsync(user.Id, ct), ct);
        }

        if (insights is not null)
        {
            var all = new List<InsightRecord>();
            // The pipeline's kinds and the person's decisions on connection recommendations (not a pipeline kind).
            foreach (var kind in InsightKinds.All.Append(InsightKinds.Connection))
            {
                all.AddRange(await insights.ListAsync(user.Id, kind, ct));
            }

            await WriteJsonAsync(zip, "insights.json", all.Select(Insight), ct);
            await WriteJsonAsync(zip, "insight_feedback.json", await insights.ListFeedbackAsync(user.Id, ct), ct);
        }

        if (notifications is not null)
        {
            await WriteArrayAsync(zip, "notifications.json", NotificationsAsync(user.Id, ct), ct);
            await WriteJsonAsync(zip, "notification_preferences.json", (object?)await notifications.GetPreferencesAsync(user.Id, ct) ?? new { }, ct);
            await WriteJsonAsync(zip, "push_subscriptions.json", (await notifications.ListPushSubscriptionsAsync(user.Id, ct)).Select(p => new { p.Id, p.Endpoint, p.CreatedAt }), ct);
        }
    }

    /// <summary>items/{id}.json: the item as stored (trashed ones too) with every earlier version.</summary>
    private async Task WriteItemsAsync(ZipArchive zip, string userId, CancellationToken ct)
    {
        foreach (var deleted in new[] { false, true })
        {
            KeysetPosition? after = null;
            while (true)
            {
                var page = await items.ListAsync(
                    new KnowledgeListQuery { UserId = userId, Deleted = deleted, Sort = KnowledgeSortField.CreatedAt, Descending = false, After = after, Take = pageSize }, ct);
                foreach (var listed in page.Items)
                {
                    // Lists carry a bounded preview (docs/api.md, "Lists and previews"): the export reads the whole item.
                    var item = await items.GetAsync(userId, listed.Id, ct) ?? listed;
                    var versions = new List<KnowledgeItemVersion>();
                    for (var skip = 0; ; skip += pageSize)
                    {
                        var versionPage = await items.ListVersionsAsync(userId, item.Id, skip, pageSize, ct);
                        versions.AddRange(versionPage.Items);
                        if (versionPage.Items.Count < pageSize || versions.Count >= versionPage.Total)
                        {
                            break;
                        }
                    }

                    // The relationships the person declared from this item (links_to), as they hold now.
                    var relationships = graph is null
                        ? []
                        : (await graph.GetCurrentEdgesAsync(userId, item.Id, GraphEdgeLabels.LinksTo, ct)).Where(e => e.FromId == item.Id).Select(Relationship).ToList();
                    await WriteJsonAsync(zip, $"items/{item.Id}.json", new { item = Item(item), versions = versions.Select(Version), relationships }, ct);
                    ItemCount++;
                }

                if (page.Next is null || page.Items.Count == 0)
                {
                    break;
                }

                after = page.Next;
            }
        }
    }

    /// <summary>uploads.json (the records) and uploads/{upload}/{file} (the original bytes, from uploads/ or quarantine/).</summary>
    private async Task WriteUploadsAsync(ZipArchive zip, string userId, CancellationToken ct)
    {
        var records = new List<object>();
        string? after = null;
        while (true)
        {
            var page = await uploads.ListAsync(userId, after, pageSize, ct);
            foreach (var upload in page)
            {
                var inZip = await CopyOriginalAsync(zip, upload, ct);
                records.Add(new { upload, original_file = inZip });
            }

            if (page.Count < pageSize)
            {
                break;
            }

            after = page[^1].Id;
        }

        await WriteJsonAsync(zip, "uploads.json", records, ct);
    }

    private async Task<string?> CopyOriginalAsync(ZipArchive zip, Upload upload, CancellationToken ct)
    {
        foreach (var container in new[] { UploadPaths.UploadsContainer, UploadPaths.QuarantineContainer })
        {
            await using var source = await blobs.OpenReadAsync(container, upload.BlobPath, ct);
            if (source is null)
            {
                continue;
            }

            var name = $"uploads/{upload.Id}/{upload.FileName}";
            await WriteFileAsync(zip, name, target => source.CopyToAsync(target, ct), ct, CompressionLevel.Fastest);
            return name;
        }

        return null;
    }

    private async IAsyncEnumerable<object> ActivitiesAsync(string userId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        ActivityPosition? after = null;
        while (true)
        {
            var page = await activities.ListRangeAsync(userId, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, after, pageSize, ct);
            foreach (var a in page)
            {
                yield return new { a.Id, a.ActivityType, a.EntityType, a.EntityId, a.DurationSeconds, metadata = Parse(a.MetadataJson), a.OccurredAt, a.CreatedAt };
            }

            if (page.Count < pageSize)
            {
                yield break;
            }

            after = new ActivityPosition(page[^1].OccurredAt, page[^1].Id);
        }
    }

    private async IAsyncEnumerable<object> AuditAsync(string userId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        AuditPosition? after = null;
        while (true)
        {
            var page = await audit.ListAsync(userId, after, 0, pageSize, ct);
            foreach (var entry in page)
            {
                yield return entry;
            }

            if (page.Count < pageSize)
            {
                yield break;
            }

            after = new AuditPosition(page[^1].At, page[^1].Id);
        }
    }

    private async IAsyncEnumerable<object> NotificationsAsync(string userId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        for (var skip = 0; ; skip += pageSize)
        {
            var page = await notifications!.ListAsync(userId, unreadOnly: false, skip, pageSize, ct);
            foreach (var notification in page)
            {
                yield return notification;
            }

            if (page.Count < pageSize)
            {
                yield break;
            }
        }
    }

    private static object Relationship(GraphEdge e) => new
    {
        e.Id, target_id = e.ToId, e.RelationshipType, e.Strength, metadata = Parse(e.MetadataJson), e.ValidFrom, e.RecordedAt,
    };

    private static object Insight(InsightRecord r) => new
    {
        r.Id, r.Kind, r.Subject, r.Score, r.Status, r.Current, payload = Parse(r.PayloadJson), r.CreatedAt, r.UpdatedAt, r.StatusChangedAt,
    };

    private static object Item(KnowledgeItem i) => new
    {
        i.Id, i.Title, i.Content, i.ContentType, i.SourceUrl, i.SourceType, i.Tags, metadata = Parse(i.MetadataJson),
        i.CreatedAt, i.UpdatedAt, i.AccessedAt, i.AccessCount, i.ImportanceScore, i.IsArchived, i.DeletedAt, i.Version, i.WordCount,
    };

    private static object Version(KnowledgeItemVersion v) => new
    {
        v.Version, v.Title, v.Content, v.ContentType, v.SourceUrl, v.SourceType, v.Tags, metadata = Parse(v.MetadataJson), v.CreatedAt, v.ReplacedAt,
    };

    private static JsonElement Parse(string json) => JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json).RootElement.Clone();

    private async Task WriteArrayAsync(ZipArchive zip, string name, IAsyncEnumerable<object> records, CancellationToken ct) =>
        await WriteFileAsync(zip, name, async stream =>
        {
            await using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            writer.WriteStartArray();
            await foreach (var record in records.WithCancellation(ct))
            {
                JsonSerializer.Serialize(writer, record, record.GetType(), Json);
                if (writer.BytesPending > 64 * 1024)
                {
                    await writer.FlushAsync(ct);
                }
            }

            writer.WriteEndArray();
            await writer.FlushAsync(ct);
        }, ct);

    private Task WriteJsonAsync(ZipArchive zip, string name, object value, CancellationToken ct) =>
        WriteFileAsync(zip, name, stream => JsonSerializer.SerializeAsync(stream, value, value.GetType(), Json, ct), ct);

    private async Task WriteFileAsync(ZipArchive zip, string name, Func<Stream, Task> write, CancellationToken ct, CompressionLevel level = CompressionLevel.Optimal)
    {
        var entry = zip.CreateEntry(name, level);
        await using (var stream = await entry.OpenAsync(ct))
        {
            await write(stream);
        }

        FileCount++;
    }
}
