namespace Kmt.Graph.Analytics;

/// <summary>
/// A tiny, fully specified random generator (SplitMix64) so that seeded results (Louvain's node
/// order, betweenness source samples, the benchmark graph) are identical on every runtime and can be
/// reproduced outside .NET; <see cref="Random"/>'s algorithm is not part of its contract.
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform integer in [0, bound) (bound &gt; 0), by rejection so there is no modulo bias.</summary>
    public int NextInt(int bound)
    {
        var b = (ulong)bound;
        var limit = ulong.MaxValue - (ulong.MaxValue % b);
        ulong r;
        do
        {
            r = NextUInt64();
        }
        while (r >= limit);
        return (int)(r % b);
    }

    /// <summary>Uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Fisher-Yates shuffle, last position first.</summary>
    public void Shuffle(int[] a)
    {
        for (var i = a.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
    }
}
