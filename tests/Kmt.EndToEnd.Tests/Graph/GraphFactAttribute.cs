namespace Kmt.EndToEnd.Tests.Graph;

/// <summary>
/// A graph API fact. It runs on both stacks: the embedded graph store on the embedded stack, and the Gremlin
/// adapter on the emulated Azure stack, there over the Gremlin test endpoint (a test double of Cosmos DB for
/// Apache Gremlin, see docs/azure-verification.md).
/// </summary>
public sealed class GraphFactAttribute : FactAttribute
{
}
