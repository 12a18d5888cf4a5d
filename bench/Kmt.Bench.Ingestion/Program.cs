// Kmt.Bench.Ingestion: how fast documents become searchable knowledge items.
//
//   dotnet Kmt.Bench.Ingestion.dll [--base-url http://127.0.0.1:5000] [--out DIR] [--count 100]
//       [--formats pdf,docx,html] [--seed 42] [--salt 0] [--parallelism <cores>] [--floor-passes 3]
//       [--upload-concurrency 4] [--files-per-request 1] [--poll-interval-ms 200] [--polls-per-tick 10]
//       [--timeout-s 900] [--target 3] [--email ingest-bench@example.com] [--password ...]
//       [--skip-floor] [--inprocess-pipeline] [--server-pid PID]
//
// 1. generates the documents (deterministic for a seed and salt) and writes them to --out;
// 2. PARSE-ONLY FLOOR: the product's extractors over every document in process;
// 3. END TO END (with --base-url): uploads them, waits for every upload to complete, searches each
//    document's marker phrase; the clock runs from the first upload request until the last document
//    is found. Prints the rate, the server's per-phase timings and PASS/MISS against --target.
// Exit codes: 0 (PASS or MISS), 2 when an upload failed, was a duplicate, was not found or timed out.
using System.Globalization;
using Kmt.Bench.Ingestion;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var o = BenchOptions.Parse(args);

// 1. Documents
var documents = Documents.Generate(o.Count, o.Seed, o.Salt, o.Formats);
Directory.CreateDirectory(o.OutDir);
foreach (var d in documents)
{
    await File.WriteAllBytesAsync(Path.Combine(o.OutDir, d.FileName), d.Bytes);
}

var formatCounts = string.Join(", ", documents.GroupBy(d => d.Format).Select(g => $"{g.Count()} {g.Key}{(g.Key == "pdf" ? $" ({Documents.PdfPages} A4 pages)" : "")}"));
Console.WriteLine($"KMT ingestion benchmark, {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine();
Console.WriteLine($"DOCUMENTS  {documents.Count}: {formatCounts}; seed {o.Seed}, salt {o.Salt}; written to {o.OutDir}");
foreach (var g in documents.GroupBy(d => d.Format))
{
    Console.WriteLine($"  {g.Key,-5} words/doc mean {g.Average(d => d.Words),6:F0} (min {g.Min(d => d.Words)}, max {g.Max(d => d.Words)}), " +
        $"size mean {g.Average(d => d.Bytes.Length) / 1024,6:F1} KB");
}

Console.WriteLine($"  marker of {documents[0].FileName}: \"{documents[0].Marker}\"");
Console.WriteLine();

// 2. Parse-only floor
FloorResult? floor = null;
using (var floorRunner = new Floor())
{
    if (!o.SkipFloor)
    {
        floor = await floorRunner.ParseOnlyAsync(documents, o.Parallelism, o.FloorPasses);
        Console.WriteLine($"PARSE-ONLY FLOOR  (the product's extractors in process, {o.Parallelism} at a time, documents from memory)");
        Console.WriteLine($"  warm: {floor.DocsPerSecond,7:F1} docs/s (median of {o.FloorPasses} passes: {string.Join(" ", floor.PassSeconds.Skip(1).Select(s => $"{s:F2}s"))})");
        Console.WriteLine($"  cold: {floor.ColdDocsPerSecond,7:F1} docs/s (first pass, {floor.PassSeconds[0]:F2} s, includes JIT)");
        Console.WriteLine($"  extracted text per doc: {floor.MeanWords:F0} words, {floor.MeanCharacters:F0} characters, " +
            $"{floor.MeanChunks:F1} embedding chunks at the default {floor.ChunkCharacters} characters");
        Console.WriteLine();
    }

    if (o.InProcessPipeline)
    {
        var p = await floorRunner.InProcessPipelineAsync(documents, o.Parallelism);
        Console.WriteLine($"IN-PROCESS PIPELINE  (parse + analysis + chunk + MiniLM embedding, no host/HTTP/SQLite, {o.Parallelism} at a time)");
        Console.WriteLine($"  {p.DocsPerSecond,7:F2} docs/s ({p.Seconds:F1} s); mean ms/doc: parse {p.MeanParseMs:F0}, analysis {p.MeanAnalysisMs:F0}, " +
            $"embedding {p.MeanEmbeddingMs:F0} ({p.MeanChunks:F1} chunks/doc)");
        Console.WriteLine($"  CPU: {p.CpuMsPerDoc:F0} ms/doc for the whole pipeline; embedding alone (a second pass): {p.EmbeddingCpuMsPerDoc:F0} CPU-ms/doc");
        Console.WriteLine();
    }
}

if (o.BaseUrl is null)
{
    Console.WriteLine("(no --base-url: end-to-end run skipped)");
    return 0;
}

// 3. End to end
using var http = new HttpClient(new System.Net.Http.SocketsHttpHandler
{
    MaxConnectionsPerServer = o.UploadConcurrency + 2,
    PooledConnectionLifetime = TimeSpan.FromMinutes(30),
    UseProxy = false,
})
{
    BaseAddress = new Uri(o.BaseUrl),
    Timeout = TimeSpan.FromSeconds(120),
};
var e2e = new EndToEnd(http, Console.Error);
await e2e.SignInAsync(o.Email, o.Password);
Console.Error.WriteLine($"uploading {documents.Count} documents to {o.BaseUrl} ({o.UploadConcurrency} requests at a time, {o.FilesPerRequest} file(s) per request)");
var cpuBefore = ServerCpu.Seconds(o.ServerPid);
var run = await e2e.RunAsync(documents, o.UploadConcurrency, o.FilesPerRequest, TimeSpan.FromMilliseconds(o.PollIntervalMs), o.PollsPerTick, TimeSpan.FromSeconds(o.TimeoutSeconds));
var cpuAfter = ServerCpu.Seconds(o.ServerPid);
return Report.Print(run, floor, o, cpuBefore is { } b && cpuAfter is { } a ? a - b : null);

internal sealed record BenchOptions(
    string? BaseUrl, string OutDir, int Count, IReadOnlyList<string> Formats, int Seed, int Salt, int Parallelism, int FloorPasses,
    int UploadConcurrency, int FilesPerRequest, int PollIntervalMs, int PollsPerTick, int TimeoutSeconds, double Target,
    string Email, string Password, bool SkipFloor, bool InProcessPipeline, int? ServerPid)
{
    public static BenchOptions Parse(string[] args)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--skip-floor" or "--inprocess-pipeline")
            {
                flags.Add(args[i][2..]);
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                map[args[i][2..]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }
        }

        string Get(string k, string d) => map.TryGetValue(k, out var v) && v.Length > 0 ? v : d;
        int Int(string k, int d) => int.Parse(Get(k, d.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var formats = Get("formats", "pdf,docx,html").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new BenchOptions(
            map.TryGetValue("base-url", out var url) && url.Length > 0 ? url.TrimEnd('/') : null,
            Get("out", Path.Combine(Path.GetTempPath(), "kmt-bench-ingestion")),
            Int("count", 100),
            formats,
            Int("seed", 42),
            Int("salt", 0),
            Int("parallelism", Environment.ProcessorCount),
            Int("floor-passes", 3),
            Int("upload-concurrency", 4),
            Int("files-per-request", 1),
            Int("poll-interval-ms", 200),
            Int("polls-per-tick", 10),
            Int("timeout-s", 900),
            double.Parse(Get("target", "3"), CultureInfo.InvariantCulture),
            Get("email", "ingest-bench@example.com"),
            Get("password", "bench-password-123"),
            flags.Contains("skip-floor"),
            flags.Contains("inprocess-pipeline"),
            map.TryGetValue("server-pid", out var pid) && pid.Length > 0 ? int.Parse(pid, CultureInfo.InvariantCulture) : null);
    }
}

/// <summary>CPU seconds (user + system) a local process has used so far, from /proc (Linux); null elsewhere.</summary>
internal static class ServerCpu
{
    public static double? Seconds(int? pid)
    {
        if (pid is null || !File.Exists($"/proc/{pid}/stat"))
        {
            return null;
        }

        // Fields after the parenthesised command name: utime and stime are the 12th and 13th (clock ticks, 100 a second).
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
