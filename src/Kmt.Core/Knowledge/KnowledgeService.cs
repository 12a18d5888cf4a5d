using System.Globalization;
using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Graph;
using Kmt.Core.Realtime;
using Kmt.Core.Tags;
using Kmt.Core.Uploads;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Knowledge;

/// <summary>The caller's knowledge items (the seed's 5.1.3): CRUD with versions and a trash, listing (search: <see cref="Search.KnowledgeSearchService"/>).</summary>
public sealed class KnowledgeService
{
    public const string IfMatchRequiredMessage = "Send the item's ETag in an If-Match header; PUT replaces the whole item.";

    private readonly IKnowledgeStore _items;
    private readonly ITagStore _tags;
    private readonly KmtLimits _limits;
    private readonly TimeProvider _timeProvider;
    private readonly IUploadStore? _uploads;
    private readonly IBlobStore? _blobs;
    private readonly GraphChangeNotifier? _graphChanges;
    private readonly RealtimeEvents? _realtime;
    private readonly IGraphStore? _graph;
    private readonly PendingAccesses? _accesses;
    private readonly EmbeddingRequests? _embeddings;

    /// <param name="uploads">With <paramref name="blobs"/>: what a permanent delete removes of an uploaded item's source.</param>
    /// <param name="graphChanges">Tells the graph applier about each write (every write also marks the item's graph change pending).</param>
    /// <param name="graph">What a permanent delete removes the item's vertex and edges from.</param>
    /// <param name="accesses">Where a read counts its access when batched (without it, or with batching off, each read writes it at once).</param>
    /// <param name="realtime">Tells the person's connected clients about each write (best effort, after it).</param>
    /// <param name="embeddings">Asks for the item's vectors after a create or a content change (semantic search, related notes, discoveries).</param>
    public KnowledgeService(IKnowledgeStore items, ITagStore tags, IOptions<KmtLimits> limits, TimeProvider timeProvider, IUploadStore? uploads = null, IBlobStore? blobs = null, GraphChangeNotifier? graphChanges = null, IGraphStore? graph = null, PendingAccesses? accesses = null, RealtimeEvents? realtime = null, EmbeddingRequests? embeddings = null)
    {
        _embeddings = embeddings;
        _accesses = accesses;
        _graphChanges = graphChanges;
        _realtime = realtime;
        _graph = graph;
        _items = items;
        _tags = tags;
        _limits = limits.Value;
        _timeProvider = timeProvider;
        _uploads = uploads;
        _blobs = blobs;
    }

    public async Task<KnowledgeItem> CreateAsync(AuthenticatedUser caller, KnowledgeInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var valid = KnowledgeInputValidator.Validate(input, _limits);
        var now = _timeProvider.GetUtcNow();
        var item = new KnowledgeItem
        {
            Id = Ids.New(),
            UserId = caller.UserId,
            Title = valid.Title,
            Content = valid.Content,
            ContentLength = valid.Content.Length,
            ContentType = valid.ContentType,
            SourceUrl = valid.SourceUrl,
            SourceType = valid.SourceType,
            Tags = valid.Tags,
            MetadataJson = valid.MetadataJson,
            IsArchived = valid.IsArchived,
            WordCount = valid.WordCount,
            CreatedAt = now,
            UpdatedAt = now,
            AccessedAt = now,
            Version = 1,
            ETag = ETags.New(),
            GraphPendingSince = now,
        };

        await EnsureTagsExistAsync(caller, item.Tags, now, cancellationToken);
        await _items.CreateAsync(item, cancellationToken);
        await NotifyGraphAsync(item);
        await RequestEmbeddingAsync(item);
        await NotifyClientsAsync(caller.UserId, item.Id, "created", item);
        return item;
    }

    /// <summary>
    /// A live item; reading it counts as an access (accessed_at, access_count). Batched
    /// (<see cref="PendingAccesses"/>), the read is the only store call: the answer shows the count with
    /// this access and those still waiting, and the flusher writes them later.
    /// </summary>
    public async Task<KnowledgeItem> GetAsync(AuthenticatedUser caller, string id, CancellationToken cancellationToken)
    {
        var item = await LoadLiveAsync(caller, id, cancellationToken);
        var now = _timeProvider.GetUtcNow();
        if (_accesses is not { IsBatched: true })
        {
            return await _items.RecordAccessAsync(caller.UserId, id, now, cancellationToken) ?? throw ItemNotFound();
        }

        var waiting = _accesses.Record(caller.UserId, id, now);
        return item with { AccessCount = item.AccessCount + waiting, AccessedAt = now > item.AccessedAt ? now : item.AccessedAt };
    }

    /// <summary>
    /// PUT: replaces every field (omitted ones take their defaults) and keeps the previous content as a
    /// version. If-Match is required, so a client cannot overwrite an edit it has not seen.
    /// </summary>
    public async Task<KnowledgeItem> ReplaceAsync(AuthenticatedUser caller, string id, KnowledgeInput input, string? ifMatch, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            throw new ValidationException("If-Match", IfMatchRequiredMessage);
        }

        var valid = KnowledgeInputValidator.Validate(input, _limits);
        var current = await LoadLiveAsync(caller, id, cancellationToken);
        if (!ETags.Matches(current.ETag, ifMatch))
        {
            throw KmtException.PreconditionFailed();
        }

        var now = _timeProvider.GetUtcNow();
        var previous = new KnowledgeItemVersion
        {
            ItemId = current.Id,
            UserId = current.UserId,
            Version = current.Version,
            Title = current.Title,
            Content = current.Content,
            ContentType = current.ContentType,
            SourceUrl = current.SourceUrl,
            SourceType = current.SourceType,
            Tags = current.Tags,
            MetadataJson = current.MetadataJson,
            CreatedAt = current.UpdatedAt,
            ReplacedAt = now,
        };

        var replaced = current with
        {
            Title = valid.Title,
            Content = valid.Content,
            ContentLength = valid.Content.Length,

            // The client's text replaces the truncated head: the item is whole again. The source upload stays its origin.
            ContentTruncated = false,
            OriginalContentLength = null,
            ContentType = valid.ContentType,
            SourceUrl = valid.SourceUrl,
            SourceType = valid.SourceType,
            Tags = valid.Tags,
            MetadataJson = valid.MetadataJson,
            IsArchived = valid.IsArchived,
            WordCount = valid.WordCount,
            Version = current.Version + 1,
            UpdatedAt = now,
            ETag = ETags.New(),
            GraphPendingSince = now,
        };

        await EnsureTagsExistAsync(caller, replaced.Tags, now, cancellationToken);

        // The store compares ETags again, atomically: someone may have written since our read.
        await _items.ReplaceAsync(replaced, current.ETag, previous, cancellationToken);
        await NotifyGraphAsync(replaced);
        if (!string.Equals(current.Content, replaced.Content, StringComparison.Ordinal))
        {
            await RequestEmbeddingAsync(replaced);
        }

        await NotifyClientsAsync(caller.UserId, replaced.Id, "replaced", replaced);
        return replaced;
    }

    /// <summary>Earlier versions, newest first, paged by page/per_page like every list (a version holds at most the content limit).</summary>
    public async Task<PagedResult<KnowledgeItemVersion>> ListVersionsAsync(AuthenticatedUser caller, string id, string? page, string? perPage, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var pageNumber = Paging.ParsePage(page, validation);
        var size = Paging.ParsePerPage(perPage, _limits, validation);
        validation.ThrowIfInvalid();
        await LoadLiveAsync(caller, id, cancellationToken);
        var result = await _items.ListVersionsAsync(caller.UserId, id, (pageNumber - 1) * size, size, cancellationToken);
        return new PagedResult<KnowledgeItemVersion>(result.Items, pageNumber, size, result.Total, Paging.TotalPages(result.Total, size), NextCursor: null);
    }

    /// <summary>Moves the item to the trash (restorable), or erases it with its versions when <paramref name="permanent"/>.</summary>
    public async Task DeleteAsync(AuthenticatedUser caller, string id, bool permanent, CancellationToken cancellationToken)
    {
        if (permanent)
        {
            var item = await LoadAnyAsync(caller, id, cancellationToken);

            // Children before the parent: the source file, its quarantined copy, the embedding request,
            // the upload record and the chunk hashes (embedded-chunks) go first, the item (with its
            // versions and vectors) last. A crash part-way leaves the item in place, so sending the
            // delete again finishes it; nothing is orphaned.
            await EraseSourceAsync(caller.UserId, item, cancellationToken);
            if (_blobs is not null)
            {
                await _blobs.DeleteAsync(UploadPaths.EmbeddedChunksContainer, UploadPaths.EmbeddedChunksPath(caller.UserId, id), cancellationToken);
            }

            if (_graph is not null)
            {
                await _graph.DeleteVertexAsync(caller.UserId, id, cancellationToken);
            }

            if (!await _items.EraseAsync(caller.UserId, id, cancellationToken))
            {
                throw ItemNotFound();
            }

            // Again after the item: a graph change applied while this delete ran (it read the item before
            // the erase) may have written the vertex back; the applier re-checks the item after writing,
            // and this second removal covers the writes that land before that check.
            if (_graph is not null)
            {
                await _graph.DeleteVertexAsync(caller.UserId, id, cancellationToken);
            }

            await NotifyClientsAsync(caller.UserId, id, "erased", null);
            return;
        }

        await ConcurrencyRetry.RunAsync(async () =>
        {
            var current = await LoadAnyAsync(caller, id, cancellationToken);
            if (current.DeletedAt is not null)
            {
                return;
            }

            var now = _timeProvider.GetUtcNow();

            // UpdatedAt moves so that clients syncing with updated_since learn about the deletion.
            var trashed = current with { DeletedAt = now, UpdatedAt = now, ETag = ETags.New(), GraphPendingSince = now };
            await _items.ReplaceAsync(trashed, current.ETag, null, cancellationToken);
            await NotifyGraphAsync(trashed);
            await NotifyClientsAsync(caller.UserId, id, "deleted", trashed);
        });
    }

    /// <summary>Tells the user's other devices (real-time item_changed); best effort, see <see cref="RealtimeEvents"/>.</summary>
    private Task NotifyClientsAsync(string userId, string itemId, string change, KnowledgeItem? item) =>
        _realtime?.ItemChangedAsync(userId, itemId, change, item) ?? Task.CompletedTask;

    public Task<KnowledgeItem> RestoreAsync(AuthenticatedUser caller, string id, CancellationToken cancellationToken) =>
        ConcurrencyRetry.RunAsync(async () =>
        {
            var current = await LoadAnyAsync(caller, id, cancellationToken);
            if (current.DeletedAt is null)
            {
                return current;
            }

            var now = _timeProvider.GetUtcNow();
            var restored = current with { DeletedAt = null, UpdatedAt = now, ETag = ETags.New(), GraphPendingSince = now };
            await _items.ReplaceAsync(restored, current.ETag, null, cancellationToken);
            await NotifyGraphAsync(restored);
            await NotifyClientsAsync(caller.UserId, id, "restored", restored);
            return restored;
        });

    /// <summary>
    /// GET knowledge. Without a cursor, page N is an offset (no snapshot). The response's cursor pins the
    /// walk: it continues after the last item returned and only sees items created up to the first
    /// request, so neither new items nor a changing total shift the pages.
    /// </summary>
    public async Task<PagedResult<KnowledgeItem>> ListAsync(AuthenticatedUser caller, KnowledgeListRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var validation = new Validation();

        var filters = ParseListFilters(caller, request, validation);
        var perPage = Paging.ParsePerPage(request.PerPage, _limits, validation);
        var page = Paging.ParsePage(request.Page, validation);
        var sort = ParseSort(request.Sort, validation);
        var descending = ParseOrder(request.Order, validation);
        validation.ThrowIfInvalid();

        var filterHash = ListCursor.HashFilters(filters);
        var asOf = _timeProvider.GetUtcNow();
        KnowledgeListQuery query;
        if (string.IsNullOrWhiteSpace(request.Cursor))
        {
            query = filters with { Sort = sort, Descending = descending, Skip = (page - 1) * perPage, Take = perPage };
        }
        else
        {
            var cursor = ListCursor.TryDecode(request.Cursor)
                         ?? throw new ValidationException("cursor", "cursor is not valid. Start again without it.");
            if (!string.Equals(cursor.FilterHash, filterHash, StringComparison.Ordinal))
            {
                throw new ValidationException("cursor", "cursor belongs to a listing with other filters. Send the same filters, or start again without it.");
            }

            KnowledgeSort.TryParse(cursor.Sort, out sort);
            descending = cursor.Order == "desc";
            page = cursor.Page;
            asOf = cursor.AsOf;
            query = filters with
            {
                Sort = sort,
                Descending = descending,
                After = new KeysetPosition(cursor.AfterValue, cursor.AfterId),
                CreatedAtOrBefore = asOf,
                Take = perPage,
            };
        }

        if (query.Sort == KnowledgeSortField.AccessedAt && _accesses is { IsBatched: true })
        {
            // The person's own recent reads decide this order: write theirs before the store sorts.
            await _accesses.FlushUserAsync(caller.UserId, cancellationToken);
        }

        var result = await _items.ListAsync(query, cancellationToken);
        string? nextCursor = null;
        if (result.Next is not null && page < Paging.MaxPage)
        {
            nextCursor = new ListCursor(
                KnowledgeSort.ToName(sort),
                descending ? "desc" : "asc",
                result.Next.SortValue,
                result.Next.Id,
                asOf,
                page + 1,
                filterHash).Encode();
        }

        return new PagedResult<KnowledgeItem>(result.Items, page, perPage, result.Total, Paging.TotalPages(result.Total, perPage), nextCursor);
    }

    private KnowledgeListQuery ParseListFilters(AuthenticatedUser caller, KnowledgeListRequest request, Validation validation)
    {
        string? tag = null;
        if (!string.IsNullOrWhiteSpace(request.Tag))
        {
            if (TagPath.TryNormalize(request.Tag, _limits.TagMaxLength, out var path, out var problem))
            {
                tag = path;
            }
            else
            {
                validation.Add("tag", problem);
            }
        }

        DateTimeOffset? updatedSince = null;
        if (!string.IsNullOrWhiteSpace(request.UpdatedSince))
        {
            if (DateTimeOffset.TryParse(request.UpdatedSince.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
            {
                updatedSince = since;
            }
            else
            {
                validation.Add("updated_since", "updated_since must be an ISO-8601 date-time, e.g. 2024-01-15T10:30:00Z.");
            }
        }

        return new KnowledgeListQuery
        {
            UserId = caller.UserId,
            Tag = tag,
            ContentType = KnowledgeInputValidator.ContentType(request.ContentType, validation, blankMeansDefault: false),
            Archived = ParseBoolean(request.Archived, "archived", validation),
            Deleted = ParseBoolean(request.Deleted, "deleted", validation) ?? false,
            UpdatedSince = updatedSince,
            Take = _limits.DefaultPageSize,
        };
    }

    private static KnowledgeSortField ParseSort(string? raw, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return KnowledgeSortField.CreatedAt;
        }

        if (KnowledgeSort.TryParse(raw.Trim().ToLowerInvariant(), out var field))
        {
            return field;
        }

        validation.Add("sort", $"sort must be one of: {string.Join(", ", KnowledgeSort.Names)}.");
        return KnowledgeSortField.CreatedAt;
    }

    private static bool ParseOrder(string? raw, Validation validation)
    {
        switch (raw?.Trim().ToLowerInvariant())
        {
            case null or "" or "desc":
                return true;
            case "asc":
                return false;
            default:
                validation.Add("order", "order must be asc or desc.");
                return true;
        }
    }

    private static bool? ParseBoolean(string? raw, string field, Validation validation)
    {
        switch (raw?.Trim().ToLowerInvariant())
        {
            case null or "":
                return null;
            case "true":
                return true;
            case "false":
                return false;
            default:
                validation.Add(field, $"{field} must be true or false.");
                return null;
        }
    }

    private async Task EraseSourceAsync(string userId, KnowledgeItem item, CancellationToken cancellationToken)
    {
        if (_uploads is null || _blobs is null)
        {
            return;
        }

        // Items made by ingestion carry their upload's id (and older ones share it: the item id is the upload id).
        var upload = await _uploads.GetAsync(userId, item.SourceUploadId ?? item.Id, cancellationToken);
        if (upload is null || upload.UserId != userId || upload.KnowledgeItemId != item.Id)
        {
            return;
        }

        await _blobs.DeleteAsync(UploadPaths.UploadsContainer, upload.BlobPath, cancellationToken);
        await _blobs.DeleteAsync(UploadPaths.QuarantineContainer, upload.BlobPath, cancellationToken);
        await _blobs.DeleteAsync(UploadPaths.EmbeddingRequestsContainer, UploadPaths.EmbeddingRequestPath(userId, item.Id), cancellationToken);
        await _uploads.DeleteAsync(userId, upload.Id, cancellationToken);
    }

    /// <summary>After the write: the message is not cancelled with the request, the write already happened.</summary>
    private Task NotifyGraphAsync(KnowledgeItem item) =>
        _graphChanges?.NotifyAsync(item.UserId, item.Id, CancellationToken.None) ?? Task.CompletedTask;

    private Task RequestEmbeddingAsync(KnowledgeItem item) =>
        _embeddings?.TryRequestAsync(item.UserId, item.Id) ?? Task.CompletedTask;

    private Task EnsureTagsExistAsync(AuthenticatedUser caller, IReadOnlyList<string> tags, DateTimeOffset now, CancellationToken cancellationToken) =>
        tags.Count == 0
            ? Task.CompletedTask
            : _tags.EnsureExistAsync(caller.UserId, tags, TagColors.Default, now, cancellationToken);

    /// <summary>A live item; trashed items answer 404 like missing ones (GET, PUT and versions see only live items).</summary>
    private async Task<KnowledgeItem> LoadLiveAsync(AuthenticatedUser caller, string id, CancellationToken cancellationToken)
    {
        var item = await LoadAnyAsync(caller, id, cancellationToken);
        return item.DeletedAt is null ? item : throw ItemNotFound();
    }

    private async Task<KnowledgeItem> LoadAnyAsync(AuthenticatedUser caller, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!Ids.IsWellFormed(id))
        {
            throw ItemNotFound();
        }

        var item = await _items.GetAsync(caller.UserId, id, cancellationToken);
        return item is not null && item.UserId == caller.UserId ? item : throw ItemNotFound();
    }

    private static KmtException ItemNotFound() => KmtException.NotFound("Knowledge item");
}
