using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Kmt.Bench.Ingestion;

/// <summary>What happened to one document on the server.</summary>
internal sealed class Tracked(GeneratedDocument document)
{
    public GeneratedDocument Document { get; } = document;
    public string? UploadId { get; set; }
    public double AcceptedAt { get; set; }
    public string Status { get; set; } = "queued";
    public string? Reason { get; set; }
    public string? ItemId { get; set; }
    public string? DetectedFormat { get; set; }
    public Dictionary<string, double> Timings { get; } = new(StringComparer.Ordinal);
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public double CompletedSeenAt { get; set; } = double.NaN;
    public double FoundAt { get; set; } = double.NaN;
    public int SearchAttempts { get; set; }
    public string? SearchProblem { get; set; }

    /// <summary>The second stage: pending, completed or not_applicable (null before the upload is finished).</summary>
    public string? EmbeddingStatus { get; set; }
    public int? EmbeddedChunks { get; set; }
    public DateTimeOffset? EmbeddedAt { get; set; }
    public double EmbeddedSeenAt { get; set; } = double.NaN;

    /// <summary>Searchable (found by search), or never going to be (failed, duplicate).</summary>
    public bool Resolved => !double.IsNaN(FoundAt) || Status is "failed" or "duplicate";

    /// <summary>Its vectors are stored, or it will have none.</summary>
    public bool EmbeddingResolved => !double.IsNaN(EmbeddedSeenAt) || Status is "failed" or "duplicate" || EmbeddingStatus is "not_applicable";

    public bool Done => Resolved && EmbeddingResolved;
}

/// <param name="TotalSeconds">Until the last document was found by search: the issue's end-to-end figure.</param>
/// <param name="EmbeddedSeconds">Until the last document's embedding_status was seen completed (NaN if none was).</param>
internal sealed record EndToEndResult(
    IReadOnlyList<Tracked> Documents,
    double UploadSeconds,
    double TotalSeconds,
    double EmbeddedSeconds,
    int StatusPolls,
    int Searches,
    bool TimedOut);

/// <summary>
/// The end-to-end run against a running API: sign in, upload every document (a few requests at a
/// time), poll the statuses and search each marker phrase once its upload is completed. The clock
/// starts just before the first upload request; the searchable figure stops when the last document is
/// found by search, the embedded figure when the last upload's embedding_status is completed (the
/// second stage, which adds the vectors after the item is searchable).
/// </summary>
/// <remarks>
/// The poller is frugal on purpose (the server has the same 2 cores): each tick (every
/// <c>pollInterval</c>) asks the status of at most <c>pollsPerTick</c> unresolved uploads, in rotation;
/// a completed upload is searched for at once. Per-document processing times come from the server's
/// own timings_ms, so polling latency only affects the end-to-end clock, by at most about one tick
/// at the end once few uploads remain.
/// </remarks>
internal sealed class EndToEnd(HttpClient http, TextWriter log)
{
    public async Task SignInAsync(string email, string password)
    {
        var register = JsonSerializer.Serialize(new { email, password, first_name = "Ingestion", last_name = "Bench" });
        using var r = await http.PostAsync("/api/v1/auth/register", Json(register));
        var text = await r.Content.ReadAsStringAsync();
        if (r.StatusCode == HttpStatusCode.Conflict)
        {
            using var l = await http.PostAsync("/api/v1/auth/login", Json(JsonSerializer.Serialize(new { email, password })));
            text = await l.Content.ReadAsStringAsync();
            if (!l.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"login failed: HTTP {(int)l.StatusCode} {text}");
            }
        }
        else if (!r.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"register failed: HTTP {(int)r.StatusCode} {text}");
        }

        using var doc = JsonDocument.Parse(text);
        var token = doc.RootElement.GetProperty("data").GetProperty("access_token").GetString()
                    ?? throw new InvalidOperationException("no access_token in " + text);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public async Task<EndToEndResult> RunAsync(
        IReadOnlyList<GeneratedDocument> documents, int uploadConcurrency, int filesPerRequest, TimeSpan pollInterval, int pollsPerTick, TimeSpan timeout)
    {
        var tracked = documents.Select(d => new Tracked(d)).ToArray();
        var byName = tracked.ToDictionary(t => t.Document.FileName, StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(timeout);

        var uploadsDone = 0.0;
        var uploads = Task.Run(async () =>
        {
            await Parallel.ForEachAsync(tracked.Chunk(filesPerRequest), new ParallelOptions { MaxDegreeOfParallelism = uploadConcurrency, CancellationToken = stop.Token }, async (batch, ct) =>
            {
                using var form = new MultipartFormDataContent();
                foreach (var t in batch)
                {
                    var part = new ByteArrayContent(t.Document.Bytes);
                    part.Headers.ContentType = new MediaTypeHeaderValue(ContentTypeOf(t.Document.Format));
                    form.Add(part, "files", t.Document.FileName);
                }

                using var response = await http.PostAsync("/api/v1/upload", form, ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    throw new InvalidOperationException($"upload of {string.Join(", ", batch.Select(b => b.Document.FileName))}: HTTP {(int)response.StatusCode} {Truncate(text, 600)}");
                }

                var at = clock.Elapsed.TotalSeconds;
                using var doc = JsonDocument.Parse(text);
                foreach (var upload in doc.RootElement.GetProperty("data").EnumerateArray())
                {
                    var t = byName[upload.GetProperty("file_name").GetString()!];
                    lock (t)
                    {
                        Read(t, upload);
                        t.AcceptedAt = at;
                        t.UploadId = upload.GetProperty("upload_id").GetString();
                    }
                }
            });
            uploadsDone = clock.Elapsed.TotalSeconds;
        });

        var polls = 0;
        var searches = 0;
        var cursor = 0;
        var timedOut = false;
        var lastProgress = 0;
        while (true)
        {
            if (uploads.IsFaulted)
            {
                await uploads; // rethrows the upload error
            }

            // Not yet searchable first (the target metric), then those waiting for their vectors.
            var pending = tracked.Where(t => t.UploadId is not null && !t.Resolved)
                .Concat(tracked.Where(t => t.UploadId is not null && t.Resolved && !t.EmbeddingResolved)).ToArray();
            if (uploads.IsCompleted && pending.Length == 0)
            {
                break;
            }

            if (stop.IsCancellationRequested)
            {
                timedOut = true;
                break;
            }

            if (pending.Length > 0)
            {
                var take = Math.Min(pollsPerTick, pending.Length);
                for (var k = 0; k < take; k++)
                {
                    var t = pending[(cursor + k) % pending.Length];
                    if (t.Status != "completed" || !t.EmbeddingResolved)
                    {
                        polls++;
                        await PollAsync(t, clock);
                    }

                    if (t.Status == "completed" && double.IsNaN(t.FoundAt))
                    {
                        searches++;
                        await SearchAsync(t, clock);
                    }
                }

                cursor = (cursor + take) % Math.Max(1, pending.Length);
            }

            var resolved = tracked.Count(t => t.Resolved) + tracked.Count(t => t.EmbeddingResolved);
            if (resolved / 20 > lastProgress / 20)
            {
                log.WriteLine($"  {clock.Elapsed.TotalSeconds,6:F1} s: {tracked.Count(t => t.Resolved)}/{tracked.Length} searchable (or failed), {tracked.Count(t => t.EmbeddingResolved)} embedded");
                lastProgress = resolved;
            }

            try
            {
                await Task.Delay(pollInterval, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        var total = tracked.Where(t => !double.IsNaN(t.FoundAt)).Select(t => t.FoundAt).DefaultIfEmpty(clock.Elapsed.TotalSeconds).Max();
        var embedded = tracked.Where(t => !double.IsNaN(t.EmbeddedSeenAt)).Select(t => t.EmbeddedSeenAt).DefaultIfEmpty(double.NaN).Max();
        if (!uploads.IsCompleted)
        {
            await stop.CancelAsync();
            try
            {
                await uploads;
            }
            catch (OperationCanceledException)
            {
            }
        }

        return new EndToEndResult(tracked, uploadsDone, total, embedded, polls, searches, timedOut);
    }

    private async Task PollAsync(Tracked t, Stopwatch clock)
    {
        using var response = await http.GetAsync($"/api/v1/upload/{t.UploadId}/status");
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"status of {t.Document.FileName} ({t.UploadId}): HTTP {(int)response.StatusCode} {Truncate(text, 400)}");
        }

        using var doc = JsonDocument.Parse(text);
        Read(t, doc.RootElement.GetProperty("data"));
        if (t.Status == "completed" && double.IsNaN(t.CompletedSeenAt))
        {
            t.CompletedSeenAt = clock.Elapsed.TotalSeconds;
        }

        if (t.EmbeddingStatus == "completed" && double.IsNaN(t.EmbeddedSeenAt))
        {
            t.EmbeddedSeenAt = clock.Elapsed.TotalSeconds;
        }
    }

    private async Task SearchAsync(Tracked t, Stopwatch clock)
    {
        t.SearchAttempts++;
        var body = JsonSerializer.Serialize(new { query = $"\"{t.Document.Marker}\"", per_page = 10 });
        using var response = await http.PostAsync("/api/v1/knowledge/search", Json(body));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"search for {t.Document.FileName}: HTTP {(int)response.StatusCode} {Truncate(text, 400)}");
        }

        using var doc = JsonDocument.Parse(text);
        var ids = doc.RootElement.GetProperty("data").EnumerateArray().Select(h => h.GetProperty("id").GetString()).ToArray();
        if (ids.Contains(t.ItemId, StringComparer.Ordinal))
        {
            t.FoundAt = clock.Elapsed.TotalSeconds;
            t.SearchProblem = ids.Length == 1 ? null : $"{ids.Length} hits for a unique phrase";
        }
        else
        {
            t.SearchProblem = $"not found (hits: {(ids.Length == 0 ? "none" : string.Join(", ", ids))})";
        }
    }

    private static void Read(Tracked t, JsonElement data)
    {
        t.Status = data.GetProperty("status").GetString() ?? "?";
        t.Reason = Str(data, "reason");
        t.ItemId = Str(data, "knowledge_item_id");
        t.DetectedFormat = Str(data, "detected_format");
        if (data.TryGetProperty("created_at", out var c) && c.ValueKind == JsonValueKind.String)
        {
            t.CreatedAt = DateTimeOffset.Parse(c.GetString()!, CultureInfo.InvariantCulture);
        }

        if (data.TryGetProperty("updated_at", out var u) && u.ValueKind == JsonValueKind.String)
        {
            t.UpdatedAt = DateTimeOffset.Parse(u.GetString()!, CultureInfo.InvariantCulture);
        }

        t.EmbeddingStatus = Str(data, "embedding_status");
        t.EmbeddedChunks = data.TryGetProperty("embedded_chunks", out var chunks) && chunks.ValueKind == JsonValueKind.Number ? chunks.GetInt32() : null;
        if (data.TryGetProperty("embedded_at", out var e) && e.ValueKind == JsonValueKind.String)
        {
            t.EmbeddedAt = DateTimeOffset.Parse(e.GetString()!, CultureInfo.InvariantCulture);
        }

        if (data.TryGetProperty("timings_ms", out var timings) && timings.ValueKind == JsonValueKind.Object)
        {
            foreach (var phase in timings.EnumerateObject())
            {
                if (phase.Value.ValueKind == JsonValueKind.Number)
                {
                    t.Timings[phase.Name] = phase.Value.GetDouble();
                }
            }
        }
    }

    private static string? Str(JsonElement data, string name) =>
        data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string ContentTypeOf(string format) => format switch
    {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "text/html",
    };

    public static string Truncate(string s, int n) => s.Length <= n ? s : s[..n] + "...";
}
