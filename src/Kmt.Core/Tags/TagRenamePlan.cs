namespace Kmt.Core.Tags;

/// <summary>
/// What a subtree rename ("ml" to "machine-learning" also turns "ml/nlp" into "machine-learning/nlp")
/// does, worked out once here and applied by each store in its own way (docs/design/storage.md, "Where
/// each shared rule lives"): which tags move and to which names, which new names must be free, which
/// old names are released, and how an item's tag list reads afterwards.
/// </summary>
public sealed class TagRenamePlan
{
    private readonly HashSet<string> _moving;

    private TagRenamePlan(string oldPrefix, string newPrefix, IReadOnlyList<TagMove> moves)
    {
        OldPrefix = oldPrefix;
        NewPrefix = newPrefix;
        Moves = moves;
        _moving = moves.Select(m => m.From).ToHashSet(StringComparer.Ordinal);
        var targets = moves.Select(m => m.To).ToHashSet(StringComparer.Ordinal);
        NewNames = moves.Select(m => m.To).Where(n => !_moving.Contains(n)).ToList();
        ReleasedNames = moves.Where(m => !targets.Contains(m.From)).ToList();
    }

    public string OldPrefix { get; }

    public string NewPrefix { get; }

    /// <summary>Every tag at or below <see cref="OldPrefix"/>, with its new name; empty when nothing moves.</summary>
    public IReadOnlyList<TagMove> Moves { get; }

    /// <summary>Target names no moving tag holds now: each must be free (else the rename is a CONFLICT and changes nothing).</summary>
    public IReadOnlyList<string> NewNames { get; }

    /// <summary>Moves whose old name no moving tag takes over: the store frees those names afterwards.</summary>
    public IReadOnlyList<TagMove> ReleasedNames { get; }

    /// <summary>True when a tag of the subtree holds <paramref name="name"/> now (its name passes from tag to tag).</summary>
    public bool IsMoving(string name) => _moving.Contains(name);

    /// <summary>The plan for the user's tags (any list: those outside the subtree are ignored).</summary>
    public static TagRenamePlan Create(IEnumerable<(string Id, string Name)> tags, string oldPrefix, string newPrefix)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var moves = string.Equals(oldPrefix, newPrefix, StringComparison.Ordinal)
            ? []
            : tags.Where(t => TagPath.IsSameOrDescendant(t.Name, oldPrefix))
                .Select(t => new TagMove(t.Id, t.Name, Rename(t.Name, oldPrefix, newPrefix)))
                .ToList();
        return new TagRenamePlan(oldPrefix, newPrefix, moves);
    }

    /// <summary>The path after the rename: moved when at or below <paramref name="oldPrefix"/>, unchanged otherwise.</summary>
    public static string Rename(string path, string oldPrefix, string newPrefix)
    {
        ArgumentNullException.ThrowIfNull(path);
        return TagPath.IsSameOrDescendant(path, oldPrefix) ? newPrefix + path[oldPrefix.Length..] : path;
    }

    /// <summary>An item's tags after the rename: order kept, a duplicate the rename creates dropped.</summary>
    public static IReadOnlyList<string> RenameAll(IEnumerable<string> tags, string oldPrefix, string newPrefix) =>
        tags.Select(t => Rename(t, oldPrefix, newPrefix)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>An item's tags after deleting the tag <paramref name="path"/> (its descendants are separate tags and stay).</summary>
    public static IReadOnlyList<string> RemoveOne(IEnumerable<string> tags, string path) =>
        tags.Where(t => !string.Equals(t, path, StringComparison.Ordinal)).ToList();
}
