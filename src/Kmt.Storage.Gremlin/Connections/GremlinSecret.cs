namespace Kmt.Storage.Gremlin.Connections;

/// <summary>The SASL password of one connection and when it stops being valid (null: a key, no expiry).</summary>
internal readonly record struct GremlinSecret(string Value, DateTimeOffset? ExpiresOn);
