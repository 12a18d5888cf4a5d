namespace Kmt.Testing.Gremlin.Server;

/// <summary>How the test endpoint behaves: what it accepts in SASL, how it chunks, its limits.</summary>
public sealed class GremlinTestServerOptions
{
    public string Database { get; set; } = "kmt";

    public string Graph { get; set; } = "knowledge";

    /// <summary>SASL passwords accepted (an account key, test "Entra tokens"). Anything else gets 401.</summary>
    public HashSet<string> AcceptedSecrets { get; } = new(StringComparer.Ordinal) { "test-key" };

    /// <summary>Results per response message: every message but the last is a 206.</summary>
    public int ChunkSize { get; set; } = 64;

    /// <summary>The vertex property holding the partition key (the graph's partition key path).</summary>
    public string PartitionKeyProperty { get; set; } = "pk";

    public int MaxScriptBytes { get; set; } = 64 * 1024;

    public int MaxRepeatHops { get; set; } = 32;

    /// <summary>The user name SASL must carry: the graph's resource path.</summary>
    public string ResourcePath => $"/dbs/{Database}/colls/{Graph}";
}
