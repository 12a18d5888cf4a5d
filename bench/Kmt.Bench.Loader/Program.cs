// Kmt.Bench.Loader: registers the benchmark user, loads N generated knowledge items through the
// REST API with a few concurrent requests, prints the load rate, and writes the inputs of the wrk
// scenarios (token, ids, POST bodies, search bodies) into an output directory.
//
//   dotnet Kmt.Bench.Loader.dll --base-url http://127.0.0.1:5000 --out /tmp/kmt-bench
//       [--count 10000] [--concurrency 8] [--seed 42] [--email bench@example.com]
//       [--password bench-password-123] [--post-bodies 200] [--sample]
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Kmt.Bench.Loader;

var opts = Options.Parse(args);
if (opts.Sample)
{
    // Show what the corpus looks like without any server: handy when tuning the generator.
    for (int i = 0; i < 3; i++)
    {
        Console.WriteLine(JsonSerializer.Serialize(Corpus.Item(opts.Seed, i), Json.Options));
        Console.WriteLine();
    }
    return 0;
}

Directory.CreateDirectory(opts.OutDir);
using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = opts.Concurrency,
    PooledConnectionLifetime = TimeSpan.FromMinutes(10),
    UseProxy = false,
})
{
    BaseAddress = new Uri(opts.BaseUrl),
    Timeout = TimeSpan.FromSeconds(60),
};

// 1. The user and its access token.
string token = await Auth.GetTokenAsync(http, opts);
File.WriteAllText(Path.Combine(opts.OutDir, "token.txt"), token);
http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

// 2. The items.
var ids = new string?[opts.Count];
var latencies = new double[opts.Count];
int failed = 0, done = 0;
var firstErrors = new List<string>();
var total = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, opts.Count), new ParallelOptions { MaxDegreeOfParallelism = opts.Concurrency }, async (i, ct) =>
{
    var item = Corpus.Item(opts.Seed, i);
    var body = JsonSerializer.Serialize(item, Json.Options);
    var sw = Stopwatch.StartNew();
    using var response = await http.PostAsync("/api/v1/knowledge", new StringContent(body, Encoding.UTF8, "application/json"), ct);
    var text = await response.Content.ReadAsStringAsync(ct);
    latencies[i] = sw.Elapsed.TotalMilliseconds;
    if (response.StatusCode == HttpStatusCode.Created && Json.TryGetDataId(text, out var id))
    {
        ids[i] = id;
    }
    else
    {
        Interlocked.Increment(ref failed);
        lock (firstErrors)
        {
            if (firstErrors.Count < 5)
            {
                firstErrors.Add($"item {i}: HTTP {(int)response.StatusCode} {Truncate(text, 400)}");
            }
        }
    }
    int n = Interlocked.Increment(ref done);
    if (n % 1000 == 0)
    {
        Console.WriteLine($"  loaded {n}/{opts.Count} ({n / total.Elapsed.TotalSeconds:F0} items/s)");
    }
});
total.Stop();

var loaded = ids.Where(id => id is not null).Select(id => id!).ToArray();
File.WriteAllLines(Path.Combine(opts.OutDir, "ids.txt"), loaded);
Array.Sort(latencies);
Console.WriteLine($"LOAD items={loaded.Length} failed={failed} seconds={total.Elapsed.TotalSeconds:F1} " +
    $"items_per_s={loaded.Length / total.Elapsed.TotalSeconds:F0} p50_ms={Percentile(latencies, 50):F1} p99_ms={Percentile(latencies, 99):F1} concurrency={opts.Concurrency}");
foreach (var e in firstErrors)
{
    Console.Error.WriteLine("  " + e);
}

// 3. Inputs of the wrk scenarios: one JSON body per line (the Lua scripts do no JSON encoding).
var postBodies = Enumerable.Range(0, opts.PostBodies)
    .Select(i => Corpus.Item(opts.Seed + 1_000_003, i))
    .Select((item, i) => JsonSerializer.Serialize(item with { Title = $"{item.Title} (bench post {i})" }, Json.Options));
File.WriteAllLines(Path.Combine(opts.OutDir, "post-bodies.txt"), postBodies);
File.WriteAllLines(Path.Combine(opts.OutDir, "search-bodies.txt"),
    Queries.All.Select(q => JsonSerializer.Serialize(new { query = q, per_page = 10 }, Json.Options)));

if (failed > 0)
{
    Console.Error.WriteLine($"ERROR: {failed} of {opts.Count} items failed to load.");
    return 2;
}
return 0;

static double Percentile(double[] sorted, double p) =>
    sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

static string Truncate(string s, int n) => s.Length <= n ? s : s[..n] + "...";

internal sealed record Options(string BaseUrl, string OutDir, int Count, int Concurrency, int Seed, string Email, string Password, int PostBodies, bool Sample)
{
    public static Options Parse(string[] args)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        bool sample = false;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--sample")
            {
                sample = true;
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
        string Get(string k, string d) => map.TryGetValue(k, out var v) ? v : d;
        return new Options(
            Get("base-url", "http://127.0.0.1:5000"),
            Get("out", Path.Combine(Path.GetTempPath(), "kmt-bench")),
            int.Parse(Get("count", "10000")),
            int.Parse(Get("concurrency", "8")),
            int.Parse(Get("seed", "42")),
            Get("email", "bench@example.com"),
            Get("password", "bench-password-123"),
            int.Parse(Get("post-bodies", "200")),
            sample);
    }
}

internal static class Json
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static bool TryGetDataId(string text, out string id)
    {
        id = "";
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("id", out var idEl) && idEl.ValueKind == JsonValueKind.String)
            {
                id = idEl.GetString()!;
                return id.Length > 0;
            }
        }
        catch (JsonException)
        {
        }
        return false;
    }
}

internal static class Auth
{
    public static async Task<string> GetTokenAsync(HttpClient http, Options opts)
    {
        var register = JsonSerializer.Serialize(new { email = opts.Email, password = opts.Password, first_name = "Bench", last_name = "User" });
        using var r = await http.PostAsync("/api/v1/auth/register", new StringContent(register, Encoding.UTF8, "application/json"));
        var text = await r.Content.ReadAsStringAsync();
        if (r.StatusCode == HttpStatusCode.Conflict)
        {
            // The user exists (a reused data directory): log in instead.
            var login = JsonSerializer.Serialize(new { email = opts.Email, password = opts.Password });
            using var l = await http.PostAsync("/api/v1/auth/login", new StringContent(login, Encoding.UTF8, "application/json"));
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
        return doc.RootElement.GetProperty("data").GetProperty("access_token").GetString()
            ?? throw new InvalidOperationException("no access_token in " + text);
    }
}

/// <summary>Search queries of the kinds people type: single words, two words, a quoted phrase, a prefix, OR and exclusion.</summary>
internal static class Queries
{
    public static readonly string[] All =
    [
        // single words (frequent and rare)
        "photon", "dynasty", "recursion", "caramel", "dividend", "insulin", "symphony", "passport",
        "metaphor", "biodiversity", "dopamine", "checklist", "evolution", "inflation", "algorithm",
        "galaxy", "cathedral", "mortgage", "meditation", "sonnet", "glacier", "compiler", "meringue",
        // two words
        "quantum field", "roman empire", "database index", "chocolate custard", "bond yield",
        "sleep stress", "jazz improvisation", "coral reef", "cognitive bias", "weekly review",
        "thread memory", "olive oil", "climate ocean", "heart rate", "trade route",
        // quoted phrases
        "\"stellar orbit\"", "\"ancient empire\"", "\"asynchronous request\"", "\"roasted garlic\"",
        "\"interest rate\"", "\"cognitive bias\"",
        // prefixes
        "physi*", "quant*", "thermo*", "recur*", "migrat*", "meta*",
        // operators the search syntax accepts
        "jazz OR blues", "empire -roman", "recipe OR dough",
    ];
}
