using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Tags;

/// <summary>The caller's tags (the seed's 5.1.3 "Tags"): hierarchical paths, each with a color.</summary>
public sealed class TagService
{
    private readonly ITagStore _tags;
    private readonly IKnowledgeStore _knowledge;
    private readonly KmtLimits _limits;
    private readonly TimeProvider _timeProvider;
    private readonly TagRenamer _renamer;

    public TagService(ITagStore tags, IKnowledgeStore knowledge, IOptions<KmtLimits> limits, TimeProvider timeProvider, TagRenamer renamer)
    {
        _tags = tags;
        _knowledge = knowledge;
        _limits = limits.Value;
        _timeProvider = timeProvider;
        _renamer = renamer;
    }

    /// <summary>
    /// Tags by name with the number of live items carrying exactly that path (not its descendants:
    /// adding up a subtree is the client's choice, and exact counts never double-count an item).
    /// </summary>
    public async Task<IReadOnlyList<TagWithCount>> ListAsync(AuthenticatedUser caller, CancellationToken cancellationToken)
    {
        var tags = await _tags.ListAsync(caller.UserId, cancellationToken);
        var counts = await _knowledge.CountByTagAsync(caller.UserId, tags.Select(t => t.Name).ToList(), cancellationToken);
        return tags
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => new TagWithCount(t, counts.GetValueOrDefault(t.Name)))
            .ToList();
    }

    public Task<Tag> GetAsync(AuthenticatedUser caller, string id, CancellationToken cancellationToken) => LoadAsync(caller, id, cancellationToken);

    public async Task<Tag> CreateAsync(AuthenticatedUser caller, TagInput input, CancellationToken cancellationToken)
    {
        var (name, color) = Validate(input);
        if (await _tags.FindByNameAsync(caller.UserId, name, cancellationToken) is not null)
        {
            throw NameTaken();
        }

        var now = _timeProvider.GetUtcNow();
        var tag = new Tag
        {
            Id = Ids.New(),
            UserId = caller.UserId,
            Name = name,
            Color = color,
            CreatedAt = now,
            UpdatedAt = now,
            ETag = ETags.New(),
        };

        await _tags.CreateAsync(tag, cancellationToken);
        return tag;
    }

    /// <summary>
    /// PUT: name and color. A rename moves the whole subtree ("ml" to "machine-learning" also turns
    /// "ml/nlp" into "machine-learning/nlp") on the tags and on every item that carries them.
    /// </summary>
    public async Task<Tag> ReplaceAsync(AuthenticatedUser caller, string id, TagInput input, string? ifMatch, CancellationToken cancellationToken)
    {
        var (name, color) = Validate(input);
        var current = await LoadAsync(caller, id, cancellationToken);

        // A rename of this tag that was interrupted is finished first (docs/design/storage.md,
        // "Resumable tag renames"): retrying the PUT completes it.
        if (await _tags.GetRenameJobAsync(caller.UserId, current.Id, cancellationToken) is { } interrupted)
        {
            await _renamer.RunAsync(interrupted, cancellationToken);
            current = await LoadAsync(caller, id, cancellationToken);
        }

        if (!string.IsNullOrWhiteSpace(ifMatch) && !ETags.Matches(current.ETag, ifMatch))
        {
            throw KmtException.PreconditionFailed();
        }

        var now = _timeProvider.GetUtcNow();
        if (name != current.Name)
        {
            // The tags below move too: none of them may end up longer than a tag can be.
            var longest = (await _tags.ListAsync(caller.UserId, cancellationToken))
                .Where(t => TagPath.IsSameOrDescendant(t.Name, current.Name))
                .Max(t => (int?)(name.Length + t.Name.Length - current.Name.Length)) ?? name.Length;
            if (longest > _limits.TagMaxLength)
            {
                throw new ValidationException(
                    "name", $"Renaming would make a tag below this one longer than {_limits.TagMaxLength} characters.");
            }

            // Tags first: the store refuses (CONFLICT, nothing changed) when a new name is taken,
            // which must stop the rename before any item is touched. A job record makes it resumable.
            await _renamer.StartAsync(current, name, cancellationToken);
            current = await LoadAsync(caller, id, cancellationToken);
        }

        var updated = current with { Name = name, Color = color, UpdatedAt = now, ETag = ETags.New() };
        await _tags.ReplaceAsync(updated, current.ETag, cancellationToken);
        return updated;
    }

    /// <summary>
    /// Deletes this tag and removes exactly this path from the items. Tags below it stay: a path is an
    /// independent tag of its own ("science/physics" names its own items and color), and deleting a
    /// parent to tidy the list must not silently strip tags from items filed further down.
    /// </summary>
    public async Task DeleteAsync(AuthenticatedUser caller, string id, CancellationToken cancellationToken)
    {
        var tag = await LoadAsync(caller, id, cancellationToken);
        await _knowledge.RemoveTagAsync(caller.UserId, tag.Name, _timeProvider.GetUtcNow(), cancellationToken);
        if (!await _tags.DeleteAsync(caller.UserId, tag.Id, cancellationToken))
        {
            throw KmtException.NotFound("Tag");
        }
    }

    private (string Name, string Color) Validate(TagInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var validation = new Validation();
        string? name = null;
        if (!TagPath.TryNormalize(input.Name, _limits.TagMaxLength, out var path, out var problem))
        {
            validation.Add("name", string.IsNullOrWhiteSpace(input.Name) ? "name is required." : problem);
        }
        else
        {
            name = path;
        }

        var color = TagColors.Validate(input.Color, validation);
        validation.ThrowIfInvalid();
        return (name!, color!);
    }

    private async Task<Tag> LoadAsync(AuthenticatedUser caller, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!Ids.IsWellFormed(id))
        {
            throw KmtException.NotFound("Tag");
        }

        var tag = await _tags.GetAsync(caller.UserId, id, cancellationToken);
        return tag is not null && tag.UserId == caller.UserId ? tag : throw KmtException.NotFound("Tag");
    }

    private static KmtException NameTaken() => KmtException.Conflict("You already have a tag with this name.");
}
