using System.Globalization;
using Kmt.Testing.Gremlin.Graph;

namespace Kmt.Testing.Gremlin.Language;

/// <summary>Equality and order of property values: numbers compare as numbers, strings ordinally; no mixing.</summary>
public static class Values
{
    public static bool IsNumber(object? v) => v is long or int or double or float or decimal or short;

    public static bool AreEqual(object? a, object? b)
    {
        if (IsNumber(a) && IsNumber(b))
        {
            return a is long la && b is long lb ? la == lb : Convert.ToDouble(a, CultureInfo.InvariantCulture) == Convert.ToDouble(b, CultureInfo.InvariantCulture);
        }

        return Equals(a, b);
    }

    /// <summary>Null when the two cannot be ordered (different kinds).</summary>
    public static int? Compare(object? a, object? b)
    {
        if (IsNumber(a) && IsNumber(b))
        {
            return a is long la && b is long lb ? la.CompareTo(lb) : Convert.ToDouble(a, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(b, CultureInfo.InvariantCulture));
        }

        return (a, b) switch
        {
            (string sa, string sb) => string.CompareOrdinal(sa, sb),
            (bool ba, bool bb) => ba.CompareTo(bb),
            (TestVertex va, TestVertex vb) => string.CompareOrdinal(va.Id, vb.Id),
            (TestEdge ea, TestEdge eb) => string.CompareOrdinal(ea.Id, eb.Id),
            _ => null,
        };
    }

    /// <summary>A key under which equal results (dedup, simplePath) collide.</summary>
    public static string DedupKey(object? v) => v switch
    {
        null => "null",
        TestVertex vx => "v|" + vx.PartitionKey + "|" + vx.Id,
        TestEdge e => "e|" + e.OutV.PartitionKey + "|" + e.Id,
        string s => "s|" + s,
        bool b => "b|" + b,
        _ when IsNumber(v) => "n|" + Convert.ToDouble(v, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture),
        _ => "j|" + GraphSonWriter.ToJson(v),
    };

    /// <summary>A vertex or edge id as Cosmos keeps it: a string.</summary>
    public static string AsId(object? v) => v switch
    {
        string s => s,
        null => throw GremlinError.Runtime("An id cannot be null."),
        _ when IsNumber(v) => Convert.ToString(v, CultureInfo.InvariantCulture)!,
        _ => throw GremlinError.Runtime($"An id must be a string, not {v.GetType().Name}."),
    };
}
