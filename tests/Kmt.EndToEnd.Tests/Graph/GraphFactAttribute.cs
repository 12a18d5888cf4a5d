using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Graph;

/// <summary>
/// A graph API fact. It runs on both stacks: the embedded graph store on the embedded stack, and the Gremlin
/// adapter on the emulated Azure stack, there over the Gremlin test endpoint (a test double of Cosmos DB for
/// Apache Gremlin, see docs/azure-verification.md). <see cref="SkipOnEmulatedAzure"/> names a known gap there.
/// </summary>
public sealed class GraphFactAttribute : FactAttribute
{
    /// <summary>Why this fact is skipped on the emulated Azure stack (listed in docs/azure-verification.md).</summary>
    public string? SkipOnEmulatedAzure
    {
        get => E2EStack.IsEmulatedAzure ? Skip : null;
        set
        {
            if (E2EStack.IsEmulatedAzure && value is not null)
            {
                Skip = value;
            }
        }
    }
}
