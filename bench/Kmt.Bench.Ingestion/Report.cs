using System.Globalization;

namespace Kmt.Bench.Ingestion;

/// <summary>Prints the end-to-end figures; returns the exit code (0 PASS or MISS, 2 when documents went wrong).</summary>
internal static class Report
{
    /// <summary>Ingestion's phases (timings_ms.total is their sum plus a little); "embedding" is the second stage's.</summary>
    private static readonly string[] Phases = ["read", "parse", "analysis", "store"];

    public static int Print(EndToEndResult run, FloorResult? floor, BenchOptions o, double? serverCpuSeconds)
    {
        var docs = run.Documents;
        var completed = docs.Where(t => t.Status == "completed").ToArray();
        var found = docs.Where(t => !double.IsNaN(t.FoundAt)).ToArray();
        var rate = found.Length / run.TotalSeconds;
        var embedded = docs.Where(t => !double.IsNaN(t.EmbeddedSeenAt)).ToArray();
        var embeddedRate = embedded.Length == 0 ? 0 : embedded.Length / run.EmbeddedSeconds;

        Console.WriteLine($"END TO END  ({o.BaseUrl}; {o.UploadConcurrency} upload requests at a time, {o.FilesPerRequest} file(s) each; " +
            $"status polled every {o.PollIntervalMs} ms, at most {o.PollsPerTick} per tick)");
        Console.WriteLine($"  uploads accepted (all 202):   {run.UploadSeconds,8:F2} s after the first upload request");
        Console.WriteLine($"  (a) completed and searchable: {found.Length,4} of {docs.Count} after {run.TotalSeconds:F2} s  =>  {rate:F2} docs/s end to end (the target's metric)");
        Console.WriteLine($"  (b) embeddings completed:     {embedded.Length,4} of {docs.Count} after {run.EmbeddedSeconds:F2} s  =>  {embeddedRate:F2} docs/s end to end (embedding_status completed)");
        if (completed.Length > 0)
        {
            var first = completed.Min(t => t.CreatedAt);
            var last = completed.Max(t => t.UpdatedAt);
            var span = (last - first).TotalSeconds;
            Console.WriteLine($"  server span (a):              {span,8:F2} s (first upload created_at -> last completed updated_at) => {completed.Length / span:F2} docs/s");
            if (completed.Any(t => t.EmbeddedAt is not null))
            {
                var lastEmbedded = completed.Where(t => t.EmbeddedAt is not null).Max(t => t.EmbeddedAt!.Value);
                var embeddedSpan = (lastEmbedded - first).TotalSeconds;
                Console.WriteLine($"  server span (b):              {embeddedSpan,8:F2} s (first upload created_at -> last embedded_at) => {completed.Count(t => t.EmbeddedAt is not null) / embeddedSpan:F2} docs/s");
            }

            var busy = completed.Sum(t => t.Timings.GetValueOrDefault("total")) / 1000;
            Console.WriteLine($"  ingestion overlap:            {busy / span,8:F2} documents in ingestion on average (sum of total / server span (a))");
        }

        Console.WriteLine($"  requests while waiting:       {run.StatusPolls} status polls, {run.Searches} searches");
        if (serverCpuSeconds is { } cpu && found.Length > 0)
        {
            // Measured until every embedding was done: the CPU of both stages.
            var perDoc = cpu / found.Length;
            var wall = Math.Max(run.TotalSeconds, double.IsNaN(run.EmbeddedSeconds) ? 0 : run.EmbeddedSeconds);
            Console.WriteLine($"  server CPU (pid {o.ServerPid}):        {cpu,8:F1} s user+system (both stages) = {perDoc * 1000:F0} CPU-ms per document; " +
                $"{cpu / wall / Environment.ProcessorCount:P0} of {Environment.ProcessorCount} cores; at 100 % of them: at most {Environment.ProcessorCount / perDoc:F2} docs/s fully embedded");
        }
        Console.WriteLine();

        if (completed.Length > 0)
        {
            var totalSum = completed.Sum(t => t.Timings.GetValueOrDefault("total") + t.Timings.GetValueOrDefault("embedding"));
            Console.WriteLine("  server timings_ms over the completed uploads (one row per phase; ingestion, then the second stage):");
            Console.WriteLine($"  {"phase",-12} {"sum s",9} {"mean ms",9} {"p50 ms",9} {"p95 ms",9} {"max ms",9} {"share",7}");
            var phaseSum = 0.0;
            foreach (var phase in Phases)
            {
                var values = completed.Select(t => t.Timings.GetValueOrDefault(phase)).ToArray();
                phaseSum += values.Sum();
                Row(phase, values, totalSum);
            }

            var other = completed.Select(t => t.Timings.GetValueOrDefault("total") - Phases.Sum(p => t.Timings.GetValueOrDefault(p))).ToArray();
            Row("(other)", other, totalSum);
            Row("ingestion", completed.Select(t => t.Timings.GetValueOrDefault("total")).ToArray(), totalSum);
            Row("embedding", completed.Select(t => t.Timings.GetValueOrDefault("embedding")).ToArray(), totalSum);
            Console.WriteLine("  (ingestion = timings_ms.total: until searchable; other = ingestion - its four phases: the duplicate check,");
            Console.WriteLine("   format sniffing, tags, the embedding request; embedding = the second stage; share = of ingestion + embedding)");
            Console.WriteLine();

            Console.WriteLine("  per format (mean ms):");
            foreach (var g in completed.GroupBy(t => t.Document.Format))
            {
                Console.WriteLine($"    {g.Key,-5} n={g.Count(),3}  ingestion {g.Average(t => t.Timings.GetValueOrDefault("total")),6:F0}  " +
                    string.Join("  ", Phases.Select(p => $"{p} {g.Average(t => t.Timings.GetValueOrDefault(p)),6:F0}")) +
                    $"  embedding {g.Average(t => t.Timings.GetValueOrDefault("embedding")),6:F0}  chunks {g.Average(t => t.EmbeddedChunks ?? 0),5:F1}");
            }

            var totals = completed.Select(t => t.Timings.GetValueOrDefault("total")).Order().ToArray();
            var waits = completed.Select(t => Math.Max(0, (t.UpdatedAt - t.CreatedAt).TotalMilliseconds - t.Timings.GetValueOrDefault("total"))).Order().ToArray();
            var visible = found.Select(t => (t.FoundAt - t.AcceptedAt) * 1000).Order().ToArray();
            var lags = completed.Where(t => t.EmbeddedAt is not null).Select(t => (t.EmbeddedAt!.Value - t.UpdatedAt).TotalMilliseconds).Order().ToArray();
            Console.WriteLine();
            Console.WriteLine($"  per-document processing time (timings_ms.total): p50 {Percentile(totals, 50):F0} ms, p95 {Percentile(totals, 95):F0} ms, max {totals[^1]:F0} ms");
            Console.WriteLine($"  waiting before processing (updated_at - created_at - total): p50 {Percentile(waits, 50):F0} ms, p95 {Percentile(waits, 95):F0} ms, max {waits[^1]:F0} ms");
            if (lags.Length > 0)
            {
                Console.WriteLine($"  searchable -> embedded (embedded_at - updated_at): p50 {Percentile(lags, 50):F0} ms, p95 {Percentile(lags, 95):F0} ms, max {lags[^1]:F0} ms");
            }
            if (visible.Length > 0)
            {
                Console.WriteLine($"  upload accepted -> found by search (client view): p50 {Percentile(visible, 50):F0} ms, p95 {Percentile(visible, 95):F0} ms, max {visible[^1]:F0} ms");
            }

            Console.WriteLine();
        }

        if (floor is not null)
        {
            Console.WriteLine($"  parse-only floor {floor.DocsPerSecond:F1} docs/s; end to end / floor = {rate / floor.DocsPerSecond:F4} ({floor.DocsPerSecond / rate:F0}x slower end to end)");
        }

        var problems = docs.Where(t => double.IsNaN(t.FoundAt) || !t.EmbeddingResolved).ToArray();
        var verdict = rate >= o.Target ? "PASS" : "MISS";
        Console.WriteLine();
        Console.WriteLine($"TARGET  >= {o.Target:F1} documents/s end to end ({Environment.ProcessorCount} cores): {rate:F2} docs/s  =>  {verdict}" +
            (verdict == "MISS" ? $"  <<< MISS: {rate / o.Target:P0} of the target" : ""));
        Console.WriteLine($"        (embeddings completed: {embeddedRate:F2} docs/s; {(embeddedRate >= o.Target ? "also" : "not")} at the target rate)");

        var completedPhases = completed.Length == 0
            ? ""
            : string.Join(" ", Phases.Append("embedding").Select(p => $"{p}_ms={completed.Average(t => t.Timings.GetValueOrDefault(p)).ToString("F1", CultureInfo.InvariantCulture)}"));
        var totalsSorted = completed.Select(t => t.Timings.GetValueOrDefault("total")).Order().ToArray();
        Console.WriteLine($"INGEST_RESULT docs={docs.Count} found={found.Length} seconds={run.TotalSeconds:F2} docs_per_s={rate:F3} " +
            $"embedded={embedded.Length} embedded_seconds={run.EmbeddedSeconds:F2} embedded_docs_per_s={embeddedRate:F3} " +
            $"floor_docs_per_s={(floor?.DocsPerSecond ?? 0):F1} ratio={(floor is null ? 0 : rate / floor.DocsPerSecond):F4} " +
            $"p50_total_ms={Percentile(totalsSorted, 50):F0} p95_total_ms={Percentile(totalsSorted, 95):F0} {completedPhases} " +
            $"server_cpu_ms_per_doc={(serverCpuSeconds is { } c && found.Length > 0 ? c * 1000 / found.Length : 0):F0} verdict={verdict}");

        if (problems.Length > 0 || run.TimedOut)
        {
            Console.WriteLine();
            Console.WriteLine($"!!! {problems.Length} DOCUMENT(S) DID NOT BECOME SEARCHABLE OR EMBEDDED{(run.TimedOut ? $" (timed out after {o.TimeoutSeconds} s)" : "")}: the figures are not valid !!!");
            foreach (var t in problems)
            {
                Console.WriteLine($"  {t.Document.FileName} upload {t.UploadId ?? "(not accepted)"}: status {t.Status}, embedding {t.EmbeddingStatus ?? "-"}" +
                    (t.Reason is null ? "" : $", reason: {t.Reason}") +
                    (t.SearchProblem is null ? "" : $", search: {t.SearchProblem} after {t.SearchAttempts} attempt(s)"));
            }

            return 2;
        }

        foreach (var t in found.Where(t => t.SearchProblem is not null))
        {
            Console.WriteLine($"  note: {t.Document.FileName}: {t.SearchProblem}");
        }

        return 0;
    }

    private static void Row(string name, double[] values, double totalSum)
    {
        var sorted = values.Order().ToArray();
        Console.WriteLine($"  {name,-12} {values.Sum() / 1000,9:F2} {values.Average(),9:F1} {Percentile(sorted, 50),9:F1} {Percentile(sorted, 95),9:F1} {sorted[^1],9:F1} " +
            $"{(totalSum > 0 ? values.Sum() / totalSum : 0),7:P1}");
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
