using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Kmt.Core.Embeddings;
using Kmt.Storage.Embedded.Embeddings;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Kmt.Storage.Embedded;

/// <summary>
/// Vector search over one person's 10,000 items (3 chunks each by default, 384 dimensions): the product's
/// SqliteEmbeddingStore.NearestAsync (float32 brute force over the in-memory index) against an int8-quantised
/// brute force over the same vectors and a scan that reads the BLOBs from SQLite for every query (no index).
/// Random unit vectors: the cost of a scan does not depend on what the vectors mean.
/// </summary>
internal static class VectorScale
{
    private const int Dimensions = 384;

    public static async Task RunAsync(int itemCount, int chunksPerItem)
    {
        var directory = Path.Combine(Path.GetTempPath(), "kmt-bench-vectors-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            var database = new SqliteDatabase(Options.Create(new EmbeddedStoreOptions { DataDirectory = directory }));
            await database.InitializeAsync(default);
            var store = new SqliteEmbeddingStore(database);
            var random = new Random(11);
            var all = new List<(string Item, float[] Vector)>();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < itemCount; i++)
            {
                var itemId = "item-" + i.ToString(CultureInfo.InvariantCulture);
                var chunks = Enumerable.Range(0, chunksPerItem).Select(c => new ChunkEmbedding(c, c * 1000, 1000, "minilm", UnitVector(random))).ToList();
                await store.ReplaceAsync("user", itemId, chunks, default);
                all.AddRange(chunks.Select(c => (itemId, c.Vector.ToArray())));
            }

            Console.WriteLine($"stored {itemCount} items x {chunksPerItem} chunks ({all.Count} vectors of {Dimensions} floats) in {clock.Elapsed.TotalSeconds:F1} s");
            var queries = Enumerable.Range(0, 50).Select(_ => UnitVector(random)).ToList();

            clock.Restart();
            await store.NearestAsync("user", "minilm", queries[0], 100, default);
            Console.WriteLine($"first search (loads the index from SQLite): {clock.Elapsed.TotalMilliseconds:F0} ms");

            var floatMs = Time(queries, q => store.NearestAsync("user", "minilm", q, 100, default).GetAwaiter().GetResult());

            var scale = 127f;
            var quantised = all.Select(v => v.Vector.Select(x => (sbyte)Math.Clamp(MathF.Round(x * scale * 8), -127, 127)).ToArray()).ToArray();
            var int8Ms = Time(queries, q =>
            {
                var qq = q.Select(x => (sbyte)Math.Clamp(MathF.Round(x * scale * 8), -127, 127)).ToArray();
                var best = new float[quantised.Length];
                for (var i = 0; i < quantised.Length; i++)
                {
                    best[i] = DotInt8(qq, quantised[i]);
                }

                return best;
            });

            var recall = Int8Recall(all, quantised, queries, scale);
            var sqliteMs = Time(queries.Take(5).ToList(), q => ScanSqlite(database, q));

            Console.WriteLine("| method | mean ms per query | vs float32 in memory |");
            Console.WriteLine("|---|---|---|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| float32 brute force, in-memory index (product) | {floatMs:F1} | 1.00 |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| int8 brute force, in memory | {int8Ms:F1} | {int8Ms / floatMs:F2} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| SQLite BLOB scan per query, float32 | {sqliteMs:F1} | {sqliteMs / floatMs:F2} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"int8 top-10 chunk recall against exact float32: {recall:F3}; index memory float32 {all.Count * Dimensions * 4 / 1048576.0:F1} MiB, int8 {all.Count * Dimensions / 1048576.0:F1} MiB"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static double Time<T>(List<float[]> queries, Func<float[], T> run)
    {
        run(queries[0]);
        var clock = Stopwatch.StartNew();
        foreach (var q in queries)
        {
            run(q);
        }

        return clock.Elapsed.TotalMilliseconds / queries.Count;
    }

    private static float[] UnitVector(Random random)
    {
        var v = new float[Dimensions];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    private static float DotInt8(sbyte[] a, sbyte[] b)
    {
        var sum = 0;
        var width = Vector<sbyte>.Count;
        var i = 0;
        var acc = Vector<int>.Zero;
        for (; i + width <= a.Length; i += width)
        {
            Vector.Widen(new Vector<sbyte>(a, i), out var a0, out var a1);
            Vector.Widen(new Vector<sbyte>(b, i), out var b0, out var b1);
            Vector.Widen(a0 * b0, out var p0, out var p1);
            Vector.Widen(a1 * b1, out var p2, out var p3);
            acc += p0 + p1 + p2 + p3;
        }

        sum += Vector.Sum(acc);
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static double Int8Recall(List<(string Item, float[] Vector)> all, sbyte[][] quantised, List<float[]> queries, float scale)
    {
        double hits = 0;
        foreach (var q in queries.Take(20))
        {
            var exact = Enumerable.Range(0, all.Count).OrderByDescending(i => all[i].Vector.Zip(q, (a, b) => a * b).Sum()).Take(10).ToHashSet();
            var qq = q.Select(x => (sbyte)Math.Clamp(MathF.Round(x * scale * 8), -127, 127)).ToArray();
            var approx = Enumerable.Range(0, all.Count).OrderByDescending(i => DotInt8(qq, quantised[i])).Take(10);
            hits += approx.Count(exact.Contains) / 10.0;
        }

        return hits / Math.Min(20, queries.Count);
    }

    private static int ScanSqlite(SqliteDatabase database, float[] query)
    {
        using var connection = database.OpenAsync(default).GetAwaiter().GetResult();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT item_id, vector FROM item_embeddings WHERE user_id = 'user'";
        using var reader = command.ExecuteReader();
        var best = new Dictionary<string, float>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var bytes = (byte[])reader.GetValue(1);
            var vector = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes);
            float dot = 0;
            for (var i = 0; i < vector.Length; i++)
            {
                dot += vector[i] * query[i];
            }

            var item = reader.GetString(0);
            if (!best.TryGetValue(item, out var current) || dot > current)
            {
                best[item] = dot;
            }
        }

        return best.Count;
    }
}
