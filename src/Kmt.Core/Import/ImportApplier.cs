using System.Globalization;
using System.Text.Json;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Core.Tags;

namespace Kmt.Core.Import;

/// <summary>
/// Applies parsed records to one person's stores. Each record is all or nothing: it is checked in
/// full before anything is written, and what it writes is keyed by ids derived from the record
/// (<see cref="ImportIds"/>), so applying it again finds what it wrote and counts it as skipped.
/// </summary>
/// <remarks>
/// Captures are applied in file order; reads and searches after all captures, so a read may name an
/// item captured further down the same file. A read writes its session (idempotent upsert), then its
/// activity (the record that makes it a duplicate next time), then the access; a crash between the
/// last two loses one access count, never doubles one.
/// </remarks>
internal sealed class ImportApplier(IKnowledgeStore items, ITagStore tags, IActivityStore activities, KmtLimits limits, ImportJob job, bool trackingAllowed, DateTimeOffset now)
{
    public const string ReadActivityType = ReadingActivityTypes.Finished;

    private readonly List<ImportRecord> _deferred = [];

    private readonly List<string> _created = [];

    /// <summary>
    /// The items this import created, each marked graph-pending. The caller tells the graph about them only after
    /// the whole file is applied, so a note's [[wikilinks]] find the notes further down the same vault.
    /// </summary>
    public IReadOnlyList<string> Created => _created;

    public async Task ApplyAsync(ImportRecord record, ImportTally tally, CancellationToken cancellationToken)
    {
        switch (record)
        {
            case FailedRecord failed:
                tally.AddFailed(failed, failed.Reason);
                break;
            case CaptureRecord capture:
                await RefusableAsync(capture, tally, () => CaptureAsync(capture, tally, cancellationToken));
                break;
            default:
                _deferred.Add(record);
                break;
        }
    }

    /// <summary>A store's refusal of this one record (too large for a store item, invalid) fails the record, not the import.</summary>
    private static async Task RefusableAsync(ImportRecord record, ImportTally tally, Func<Task> apply)
    {
        try
        {
            await apply();
        }
        catch (KmtException ex) when (ex.Code is ErrorCode.PayloadTooLarge or ErrorCode.ValidationError)
        {
            tally.AddFailed(record, ex.Message);
        }
    }

    /// <summary>The reads and searches held back until every capture was applied.</summary>
    public async Task CompleteAsync(ImportTally tally, CancellationToken cancellationToken)
    {
        foreach (var record in _deferred)
        {
            if (!trackingAllowed)
            {
                tally.AddNotRecorded();
                continue;
            }

            switch (record)
            {
                case ReadRecord read:
                    await RefusableAsync(read, tally, () => ReadAsync(read, tally, cancellationToken));
                    break;
                case SearchRecord search:
                    await RefusableAsync(search, tally, () => SearchAsync(search, tally, cancellationToken));
                    break;
            }
        }

        _deferred.Clear();
    }

    private async Task CaptureAsync(CaptureRecord record, ImportTally tally, CancellationToken cancellationToken)
    {
        ValidKnowledgeInput valid;
        try
        {
            using var metadata = JsonDocument.Parse(record.MetadataJson);
            valid = KnowledgeInputValidator.Validate(
                new KnowledgeInput(record.Title, record.Content, record.ContentType, record.SourceUrl, SourceType(), record.Tags, metadata.RootElement, false), limits);
        }
        catch (ValidationException ex)
        {
            tally.AddFailed(record, string.Join(" ", ex.Errors.Select(e => e.Reason)));
            return;
        }

        if (await items.FindBySourceIdAsync(job.UserId, record.SourceId, cancellationToken) is not null)
        {
            tally.AddSkipped();
            return;
        }

        var item = new KnowledgeItem
        {
            Id = ImportIds.ItemId(job.UserId, record.SourceId),
            UserId = job.UserId,
            SourceId = record.SourceId,
            Title = valid.Title,
            Content = valid.Content,
            ContentLength = valid.Content.Length,
            ContentType = valid.ContentType,
            SourceUrl = valid.SourceUrl,
            SourceType = valid.SourceType,
            Tags = valid.Tags,
            MetadataJson = valid.MetadataJson,
            WordCount = valid.WordCount,
            CreatedAt = record.At,
            UpdatedAt = record.At,
            AccessedAt = record.At,
            ETag = ETags.New(),
            GraphPendingSince = now,
        };

        if (item.Tags.Count > 0)
        {
            await tags.EnsureExistAsync(job.UserId, item.Tags, TagColors.Default, now, cancellationToken);
        }

        try
        {
            await items.CreateAsync(item, cancellationToken);
        }
        catch (KmtException ex) when (ex.Code == ErrorCode.Conflict)
        {
            // Another import of the same record won the race (same derived id, or the same source id).
            tally.AddSkipped();
            return;
        }

        _created.Add(item.Id);
        tally.AddCreated();
        tally.AddLinks(CountLinks(item.MetadataJson));
    }

    private async Task ReadAsync(ReadRecord record, ImportTally tally, CancellationToken cancellationToken)
    {
        var item = await items.FindBySourceIdAsync(job.UserId, record.SourceId, cancellationToken);
        if (item is null)
        {
            tally.AddFailed(record, $"No item has source_id \"{record.SourceId}\": capture it first (in this file or an earlier import).");
            return;
        }

        var key = record.At.ToString("O", CultureInfo.InvariantCulture);
        var sessionId = ImportIds.Derive("session", job.UserId, record.SourceId, key);
        var session = new ReadingSession
        {
            Id = sessionId,
            UserId = job.UserId,
            KnowledgeItemId = item.Id,
            StartTime = record.At,
            EndTime = record.At.AddSeconds(record.DurationSeconds),
            DurationSeconds = record.DurationSeconds,
            CompletionPercentage = record.CompletionPercentage,
            ReadingSpeedWpm = ReadingSessionTracker.ReadingSpeed(item.WordCount, record.CompletionPercentage, record.DurationSeconds),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await activities.UpsertSessionAsync(session, cancellationToken);

        var metadata = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["completion_percentage"] = record.CompletionPercentage,
            ["session_id"] = sessionId,
            ["import_id"] = job.Id,
        });
        var activity = new UserActivity
        {
            Id = ImportIds.Derive("read", job.UserId, record.SourceId, key),
            UserId = job.UserId,
            ActivityType = ReadActivityType,
            EntityType = "knowledge_item",
            EntityId = item.Id,
            DurationSeconds = record.DurationSeconds,
            MetadataJson = metadata,
            OccurredAt = record.At,
            CreatedAt = now,
        };
        if (await activities.AddAsync(job.UserId, [activity], cancellationToken) == 0)
        {
            tally.AddSkipped();
            return;
        }

        await items.RecordAccessAsync(job.UserId, item.Id, record.At, cancellationToken);
        tally.AddCreated();
    }

    private async Task SearchAsync(SearchRecord record, ImportTally tally, CancellationToken cancellationToken)
    {
        var query = record.Query.Trim();
        if (query.Length == 0 || query.Length > limits.SearchQueryMaxLength)
        {
            tally.AddFailed(record, $"query must be 1 to {limits.SearchQueryMaxLength} characters.");
            return;
        }

        var id = ImportIds.Derive("search", job.UserId, query, record.At.ToString("O", CultureInfo.InvariantCulture));
        var metadata = JsonSerializer.Serialize(new Dictionary<string, object> { ["query"] = query, ["import_id"] = job.Id });
        var added = await activities.AddAsync(job.UserId, [SearchHistory.Create(id, job.UserId, record.At, now, metadata)], cancellationToken);
        if (added == 0)
        {
            tally.AddSkipped();
        }
        else
        {
            tally.AddCreated();
        }
    }

    private string? SourceType() => job.Format == ImportFormat.KmtHistory ? null : ImportFormats.NameOf(job.Format);

    private static int CountLinks(string metadataJson)
    {
        using var document = JsonDocument.Parse(metadataJson);
        return document.RootElement.TryGetProperty("wikilinks", out var links) && links.ValueKind == JsonValueKind.Array ? links.GetArrayLength() : 0;
    }
}
