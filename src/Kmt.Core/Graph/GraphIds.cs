using System.Security.Cryptography;
using System.Text;

namespace Kmt.Core.Graph;

/// <summary>
/// Deterministic ids for derived vertices and edges: two appliers handling the same change (a queue
/// delivers at least once) compute the same ids, so their writes coincide instead of duplicating.
/// Hex digests keep ids short and free of the characters Cosmos DB forbids in ids ('/', '\', '?', '#').
/// </summary>
public static class GraphIds
{
    public static string Entity(string normalizedName) => "en-" + Digest(normalizedName);

    public static string Tag(string path) => "tg-" + Digest(path);

    public static string Community(string key) => "cm-" + Digest(key);

    /// <summary>The record of <paramref name="label"/> from → to that started holding at <paramref name="validFrom"/>.</summary>
    public static string Edge(string label, string fromId, string toId, DateTimeOffset validFrom) =>
        "ed-" + Digest($"{label}\n{fromId}\n{toId}\n{validFrom.UtcTicks}");

    /// <summary>The closed copy of <paramref name="edgeId"/> that stopped holding at <paramref name="validTo"/>.</summary>
    public static string ClosedCopy(string edgeId, DateTimeOffset validTo) => "ed-" + Digest($"{edgeId}\nclosed\n{validTo.UtcTicks}");

    /// <summary>The record that moves <paramref name="edgeId"/> onto a surviving entity after a merge.</summary>
    public static string Moved(string edgeId, string survivorId) => "ed-" + Digest($"{edgeId}\nmoved\n{survivorId}");

    private static string Digest(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
