namespace Kmt.Testing.Gremlin.Server;

/// <summary>An eval request as received: the script text and the bindings' raw JSON (tests assert on both).</summary>
public sealed record RecordedRequest(Guid RequestId, string Script, string BindingsJson);
