namespace Kmt.Storage.Cosmos.Common;

/// <summary>
/// A uniqueness claim: a document whose id is the unique value (an e-mail key, a tag name), created before
/// the document that uses the value. See <see cref="Claims"/> for the protocol.
/// </summary>
internal interface IClaimDocument
{
    /// <summary>The id of the document the value belongs to (a user id, a tag id).</summary>
    string Owner { get; }

    /// <summary><see cref="Claims.Pending"/> until the owner's document is written, then <see cref="Claims.Owned"/>; null on claims older than the protocol.</summary>
    string? State { get; set; }

    /// <summary>Until when a pending claim is in flight (UTC text): before then nobody may take it over.</summary>
    string? LeaseUntil { get; set; }

    string? SystemETag { get; set; }
}
