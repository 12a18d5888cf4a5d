namespace Kmt.Storage.Gremlin.Scripts;

/// <summary>The sort direction of order().by(key, ...): Cosmos accepts TinkerPop 3.4's incr/decr.</summary>
public enum GremlinOrder
{
    Incr,
    Decr,
}
