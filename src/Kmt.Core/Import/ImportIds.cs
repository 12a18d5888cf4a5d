using System.Security.Cryptography;
using System.Text;

namespace Kmt.Core.Import;

/// <summary>
/// Ids an import derives instead of drawing: the same record of the same person always gets the same
/// id, so a re-import (or two imports of one file racing) collides with what is stored instead of
/// adding a copy, also on a store with no unique index on source_id (Cosmos DB).
/// </summary>
public static class ImportIds
{
    /// <summary>A UUID (canonical form, version 8 bits) from SHA-256 of the parts.</summary>
    public static string Derive(params string[] parts)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8: "custom" (RFC 9562)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // variant 10
        return new Guid(bytes, bigEndian: true).ToString();
    }

    /// <summary>The item id of a captured record: one per (person, source_id).</summary>
    public static string ItemId(string userId, string sourceId) => Derive("item", userId, sourceId);

    /// <summary>A source id for a record of a format that has none: "{prefix}:" and 32 hex chars of SHA-256 of what identifies it.</summary>
    public static string Hashed(string prefix, params string[] parts) =>
        prefix + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts))))[..32];
}
