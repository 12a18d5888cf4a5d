using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Graph;

/// <summary>
/// A graph API fact: skipped, with the reason, on the emulated Azure stack until its graph store (the
/// Gremlin adapter, src/Kmt.Storage.Gremlin) is registered there; runs on the embedded stack.
/// </summary>
public sealed class GraphFactAttribute : FactAttribute
{
    public GraphFactAttribute()
    {
        if (E2EStack.IsEmulatedAzure)
        {
            Skip = "The emulated Azure stack has no graph store registered yet (the Gremlin adapter follows).";
        }
    }
}
