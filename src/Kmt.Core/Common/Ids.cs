namespace Kmt.Core.Common;

public static class Ids
{
    /// <summary>Version 7 UUIDs sort by creation time, which keeps keyset paging and indexes tidy.</summary>
    public static string New() => Guid.CreateVersion7().ToString();

    /// <summary>True for the canonical form ids take on the wire; anything else can be answered 404 at once.</summary>
    public static bool IsWellFormed(string? id) => id is { Length: 36 } && Guid.TryParseExact(id, "D", out _);
}

public static class ETags
{
    /// <summary>
    /// A fresh strong ETag (quoted, as HTTP sends it). Stores keep it as a field of their own rather
    /// than the database's row version so that bookkeeping writes (an access count) do not invalidate
    /// a client's copy of the content; see docs/design/storage.md, "Storage ports and why they look the way they do".
    /// </summary>
    public static string New() => "\"" + Guid.NewGuid().ToString("N") + "\"";

    /// <summary>Accepts an If-Match value with or without the quotes some clients drop, and W/ prefixes.</summary>
    public static bool Matches(string current, string? ifMatch)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return false;
        }

        var candidate = ifMatch.Trim();
        if (candidate == "*")
        {
            return true;
        }

        if (candidate.StartsWith("W/", StringComparison.Ordinal))
        {
            candidate = candidate[2..];
        }

        return string.Equals(Unquote(current), Unquote(candidate), StringComparison.Ordinal);
    }

    private static string Unquote(string value) => value.Trim('"');
}
