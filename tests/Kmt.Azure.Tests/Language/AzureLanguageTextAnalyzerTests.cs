using System.Diagnostics;
using System.Text.Json;
using Kmt.Azure.Language;
using Kmt.Azure.Tests.Infrastructure;
using Kmt.Core.TextAnalysis;
using WireMock.Logging;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Kmt.Azure.Tests.Language;

/// <summary>
/// The analyzer against an in-process HTTP server (WireMock.Net on loopback) that answers like Azure
/// AI Language: what it sends (paths, api-version, auth, task kinds, how text is split) and how it
/// maps the answers.
/// </summary>
public sealed class AzureLanguageTextAnalyzerTests : IDisposable
{
    public const string Text =
        "Ada Lovelace joined Contoso Research in Seattle in 2024 to study knowledge metabolism. " +
        "Her notes use spaced repetition to keep ideas alive. " +
        "Lovelace argues that notes decay unless they are revisited. " +
        "The lab sits at 1 Main Street, Seattle. " +
        "Colleagues say ada lovelace writes the best notes in the building.";

    private const string AnalyzePath = "/language/:analyze-text";
    private const string JobsPath = "/language/analyze-text/jobs";

    // HTTPS: Azure.Core's bearer-token policy refuses to send a token over plain HTTP.
    private readonly WireMockServer _server = WireMockServer.Start(new WireMock.Settings.WireMockServerSettings
    {
        UseSSL = true,
        CertificateSettings = new WireMock.Settings.WireMockCertificateSettings { X509Certificate = LoopbackCertificate.Value },
    });
    private readonly FakeTokenCredential _credential = new();

    public void Dispose() => _server.Stop();

    [Fact]
    public async Task Analyzes_a_text_and_maps_language_summary_key_phrases_and_entities()
    {
        GivenSyncKind("LanguageDetection", RecordedResponses.LanguageDetection);
        GivenSyncKind("KeyPhraseExtraction", RecordedResponses.KeyPhrases);
        GivenSyncKind("EntityRecognition", RecordedResponses.Entities(Text));
        GivenJob("job-1", RecordedResponses.JobSucceeded(
            "job-1",
            Text,
            "Lovelace argues that notes decay unless they are revisited.",
            "Ada Lovelace joined Contoso Research in Seattle in 2024 to study knowledge metabolism.",
            "Her notes use spaced repetition to keep ideas alive."),
            runningPolls: 1);

        var result = await Analyzer().AnalyzeAsync(Text, new TextAnalysisRequest { SummarySentences = 3 }, CancellationToken.None);

        Assert.Equal("en", result.Language);
        Assert.Equal(
            [
                "Ada Lovelace joined Contoso Research in Seattle in 2024 to study knowledge metabolism.",
                "Her notes use spaced repetition to keep ideas alive.",
                "Lovelace argues that notes decay unless they are revisited.",
            ],
            result.Summary);
        Assert.Equal(
            [new KeyPhrase("notes", 3, 1.0), new KeyPhrase("Ada Lovelace", 2, 0.6667), new KeyPhrase("knowledge metabolism", 1, 0.3333), new KeyPhrase("spaced repetition", 1, 0.3333)],
            result.KeyPhrases);

        var entities = result.Entities.Select(e => (e.Text, e.Category, e.Count, Offsets: string.Join(",", e.Offsets))).ToList();
        Assert.Equal(
            [
                ("Ada Lovelace", EntityCategories.Person, 2, $"0,{Text.IndexOf("ada lovelace", StringComparison.Ordinal)}"),
                ("Contoso Research", EntityCategories.Organization, 1, $"{Text.IndexOf("Contoso", StringComparison.Ordinal)}"),
                ("Seattle", EntityCategories.Location, 1, $"{Text.IndexOf("Seattle", StringComparison.Ordinal)}"),
                ("spaced repetition", EntityCategories.Concept, 1, $"{Text.IndexOf("spaced", StringComparison.Ordinal)}"),
                ("Lovelace", EntityCategories.Person, 1, $"{Text.IndexOf("Lovelace argues", StringComparison.Ordinal)}"),
                ("1 Main Street, Seattle", EntityCategories.Location, 1, $"{Text.IndexOf("1 Main", StringComparison.Ordinal)}"),
            ],
            entities);
        Assert.DoesNotContain(result.Entities, e => e.Text == "2024"); // DateTime is a value, not a concept

        var requests = Requests();
        Assert.Equal(["POST " + AnalyzePath, "POST " + AnalyzePath, "POST " + AnalyzePath, "POST " + JobsPath, "GET " + JobsPath + "/job-1", "GET " + JobsPath + "/job-1"],
            requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.All(requests, r =>
        {
            Assert.Equal("2023-04-01", r.Query!["api-version"].Single());
            Assert.Equal("Bearer fake-entra-token", r.Headers!["Authorization"].Single());
            Assert.False(r.Headers.ContainsKey("Ocp-Apim-Subscription-Key"));
        });
        Assert.Equal(["https://cognitiveservices.azure.com/.default"], _credential.Scopes.SelectMany(s => s).Distinct());
        Assert.Equal(1, _credential.Calls); // the token is cached

        var bodies = requests.Where(r => r.Method == "POST").Select(r => JsonDocument.Parse(r.Body!).RootElement).ToList();
        Assert.Equal(["LanguageDetection", "KeyPhraseExtraction", "EntityRecognition"], bodies.Take(3).Select(b => b.GetProperty("kind").GetString()));
        Assert.Equal("Utf16CodeUnit", bodies[2].GetProperty("parameters").GetProperty("stringIndexType").GetString());
        var keyPhraseDocument = bodies[1].GetProperty("analysisInput").GetProperty("documents")[0];
        Assert.Equal("en", keyPhraseDocument.GetProperty("language").GetString());
        Assert.Equal(Text, keyPhraseDocument.GetProperty("text").GetString());

        var task = bodies[3].GetProperty("tasks")[0];
        Assert.Equal("ExtractiveSummarization", task.GetProperty("kind").GetString());
        Assert.Equal(3, task.GetProperty("parameters").GetProperty("sentenceCount").GetInt32());
        Assert.Equal(Text, bodies[3].GetProperty("analysisInput").GetProperty("documents")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_long_text_is_split_within_the_service_limits_and_the_results_merge_with_shifted_offsets()
    {
        var text = string.Concat(Enumerable.Range(0, 2_700).Select(i => $"Sentence {i:D5} says Contoso keeps knowledge fresh. "));
        Assert.True(text.Length > AzureLanguageTextAnalyzer.SummaryDocumentChars);
        GivenSyncCallback(request =>
        {
            var documents = request.GetProperty("analysisInput").GetProperty("documents").EnumerateArray()
                .Select(d => (Id: d.GetProperty("id").GetString()!, Text: d.GetProperty("text").GetString()!));
            return request.GetProperty("kind").GetString() switch
            {
                "LanguageDetection" => Results("LanguageDetectionResults", documents.Select(d =>
                    (object)new { id = d.Id, detectedLanguage = new { name = "English", iso6391Name = "en", confidenceScore = 1.0 }, warnings = Array.Empty<object>() })),
                "KeyPhraseExtraction" => Results("KeyPhraseExtractionResults", documents.Select(d =>
                    (object)new { id = d.Id, keyPhrases = new[] { "knowledge" }, warnings = Array.Empty<object>() })),
                _ => Results("EntityRecognitionResults", documents.Select(d => (object)new
                {
                    id = d.Id,
                    entities = AllIndexes(d.Text, "Contoso").Select(o => new { text = "Contoso", category = "Organization", offset = o, length = 7, confidenceScore = 0.9 }),
                    warnings = Array.Empty<object>(),
                })),
            };
        });
        var jobs = new List<List<string>>();
        _server.Given(Request.Create().WithPath(JobsPath).UsingPost())
            .RespondWith(Response.Create().WithCallback(request =>
            {
                var documents = JsonDocument.Parse(request.Body!).RootElement.GetProperty("analysisInput").GetProperty("documents")
                    .EnumerateArray().Select(d => d.GetProperty("text").GetString()!).ToList();
                int job;
                lock (jobs)
                {
                    jobs.Add(documents);
                    job = jobs.Count - 1;
                }

                return new WireMock.ResponseMessage
                {
                    StatusCode = 202,
                    Headers = new Dictionary<string, WireMock.Types.WireMockList<string>>
                    {
                        ["operation-location"] = new($"{_server.Url}{JobsPath}/job-{job}?api-version=2023-04-01"),
                    },
                };
            }));
        _server.Given(Request.Create().WithPath(new WildcardMatcher(JobsPath + "/job-*")).UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(request =>
            {
                var job = int.Parse(request.Path[(request.Path.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                var document = jobs[job][0];
                var first = document[..(document.IndexOf(". ", StringComparison.Ordinal) + 1)];
                var second = document[(first.Length + 1)..(document.IndexOf(". ", first.Length + 1, StringComparison.Ordinal) + 1)];
                var sentences = job == 0
                    ? new object[] { new { text = first, rankScore = 0.9, offset = 0, length = first.Length }, new { text = second, rankScore = 0.1, offset = first.Length + 1, length = second.Length } }
                    : [new { text = first, rankScore = 0.95, offset = 0, length = first.Length }];
                return JsonSerializer.Serialize(new
                {
                    jobId = $"job-{job}",
                    status = "succeeded",
                    errors = Array.Empty<object>(),
                    tasks = new
                    {
                        completed = 1, failed = 0, inProgress = 0, total = 1,
                        items = new[]
                        {
                            new { kind = "ExtractiveSummarizationLROResults", taskName = "summary", status = "succeeded", results = new { documents = new[] { new { id = job == 0 ? "0" : "1", sentences, warnings = Array.Empty<object>() } }, errors = Array.Empty<object>(), modelVersion = "2024-11-04" } },
                        },
                    },
                });
            }));

        var result = await Analyzer().AnalyzeAsync(text, new TextAnalysisRequest { SummarySentences = 2 }, CancellationToken.None);

        // Synchronous tasks: documents of at most 5,120 characters, contiguous, within the per-request counts.
        var sync = Requests().Where(r => r.Path == AnalyzePath).Select(r => JsonDocument.Parse(r.Body!).RootElement).ToList();
        var byKind = sync.GroupBy(b => b.GetProperty("kind").GetString()!).ToDictionary(g => g.Key, g => g.Select(Documents).ToList());
        var keyPhraseDocuments = byKind["KeyPhraseExtraction"].SelectMany(d => d).ToList();
        Assert.All(keyPhraseDocuments, d => Assert.InRange(d.Length, 1, 5_120));
        Assert.Equal(text, string.Concat(keyPhraseDocuments));
        Assert.All(byKind["KeyPhraseExtraction"], request => Assert.InRange(request.Count, 1, 10));
        Assert.All(byKind["EntityRecognition"], request => Assert.InRange(request.Count, 1, 5));
        Assert.Equal(keyPhraseDocuments, byKind["EntityRecognition"].SelectMany(d => d));
        Assert.Equal((int)Math.Ceiling(keyPhraseDocuments.Count / 5.0), byKind["EntityRecognition"].Count);
        Assert.Single(byKind["LanguageDetection"]);

        // Summarization: at most 125,000 characters a request.
        Assert.Equal(2, jobs.Count);
        Assert.All(jobs, j => Assert.InRange(j.Sum(d => d.Length), 1, 125_000));
        Assert.Equal(text, string.Concat(jobs.SelectMany(j => j)));

        Assert.Equal("en", result.Language);
        var contoso = Assert.Single(result.Entities);
        Assert.Equal(("Contoso", EntityCategories.Organization), (contoso.Text, contoso.Category));
        Assert.Equal(AllIndexes(text, "Contoso"), contoso.Offsets);
        Assert.Equal(2_700, contoso.Count);
        Assert.Equal(new KeyPhrase("knowledge", 2_700, 1.0), Assert.Single(result.KeyPhrases));

        // The two best-ranked sentences across both jobs, in document order, offsets shifted by the second piece's start.
        Assert.Equal(2, result.Summary.Count);
        Assert.StartsWith("Sentence 00000 ", result.Summary[0], StringComparison.Ordinal);
        Assert.Equal(jobs[1][0][..(jobs[1][0].IndexOf(". ", StringComparison.Ordinal) + 1)], result.Summary[1]);
    }

    [Fact]
    public async Task A_429_is_retried_after_its_Retry_After()
    {
        // retry-after-ms keeps the test short; the pipeline's own back-off is 1 ms here (see Analyzer()).
        _server.Given(Request.Create().WithPath(AnalyzePath).UsingPost().WithBody(new JsonPartialMatcher("""{ "kind": "LanguageDetection" }""")))
            .InScenario("throttle").WillSetStateTo("recovered")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("retry-after-ms", "300").WithHeader("Content-Type", "application/json").WithBody(RecordedResponses.Throttled));
        _server.Given(Request.Create().WithPath(AnalyzePath).UsingPost().WithBody(new JsonPartialMatcher("""{ "kind": "LanguageDetection" }""")))
            .InScenario("throttle").WhenStateIs("recovered")
            .RespondWith(Json(RecordedResponses.LanguageDetection));
        GivenSyncKind("KeyPhraseExtraction", RecordedResponses.KeyPhrases);
        GivenSyncKind("EntityRecognition", RecordedResponses.Entities(Text));
        GivenJob("job-1", RecordedResponses.JobSucceeded("job-1", Text, "Her notes use spaced repetition to keep ideas alive."), runningPolls: 0);
        var watch = Stopwatch.StartNew();

        var result = await Analyzer().AnalyzeAsync(Text, new TextAnalysisRequest(), CancellationToken.None);

        Assert.Equal("en", result.Language);
        Assert.Equal(2, Requests().Count(r => r.Body?.Contains("\"LanguageDetection\"", StringComparison.Ordinal) == true));
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(250), $"retried after {watch.Elapsed}");
    }

    [Fact]
    public async Task Throttling_beyond_the_bounds_fails_the_analysis_so_the_host_retries_later()
    {
        _server.Given(Request.Create().WithPath(AnalyzePath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "3600").WithBody(RecordedResponses.Throttled));

        var error = await Assert.ThrowsAsync<AzureLanguageException>(() => Analyzer().AnalyzeAsync(Text, new TextAnalysisRequest(), CancellationToken.None));

        Assert.Equal(429, error.StatusCode);
        Assert.Single(Requests()); // an hour is past MaxRetryAfter: no waiting at all
    }

    [Fact]
    public async Task Persistent_throttling_stops_after_the_retry_budget()
    {
        _server.Given(Request.Create().WithPath(AnalyzePath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("retry-after-ms", "10").WithBody(RecordedResponses.Throttled));

        var error = await Assert.ThrowsAsync<AzureLanguageException>(() =>
            Analyzer(o => o.MaxRetries = 2).AnalyzeAsync(Text, new TextAnalysisRequest(), CancellationToken.None));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal(3, Requests().Count);
    }

    [Fact]
    public async Task A_server_error_is_retried_by_the_pipeline_and_a_rejected_request_is_not()
    {
        _server.Given(Request.Create().WithPath(AnalyzePath).UsingPost().WithBody(new JsonPartialMatcher("""{ "kind": "LanguageDetection" }""")))
            .InScenario("flaky").WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(502));
        _server.Given(Request.Create().WithPath(AnalyzePath).UsingPost().WithBody(new JsonPartialMatcher("""{ "kind": "LanguageDetection" }""")))
            .InScenario("flaky").WhenStateIs("up")
            .RespondWith(Json(RecordedResponses.LanguageDetection));
        _server.Given(Request.Create().WithPath(AnalyzePath).UsingPost().WithBody(new JsonPartialMatcher("""{ "kind": "KeyPhraseExtraction" }""")))
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json")
                .WithBody("""{ "error": { "code": "InvalidArgument", "message": "Bad document." } }"""));

        var error = await Assert.ThrowsAsync<AzureLanguageException>(() => Analyzer().AnalyzeAsync(Text, new TextAnalysisRequest(), CancellationToken.None));

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("InvalidArgument: Bad document.", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, Requests().Count(r => r.Body?.Contains("\"LanguageDetection\"", StringComparison.Ordinal) == true));
        Assert.Single(Requests(), r => r.Body?.Contains("\"KeyPhraseExtraction\"", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_failed_summarization_job_fails_the_analysis()
    {
        GivenSyncKind("LanguageDetection", RecordedResponses.LanguageDetection);
        GivenSyncKind("KeyPhraseExtraction", RecordedResponses.KeyPhrases);
        GivenSyncKind("EntityRecognition", RecordedResponses.Entities(Text));
        GivenJob("job-9", RecordedResponses.JobFailed("job-9"), runningPolls: 1);

        var error = await Assert.ThrowsAsync<AzureLanguageException>(() => Analyzer().AnalyzeAsync(Text, new TextAnalysisRequest(), CancellationToken.None));

        Assert.Contains("InternalServerError", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_summarization_job_that_does_not_finish_in_time_fails_the_analysis()
    {
        GivenSyncKind("LanguageDetection", RecordedResponses.LanguageDetection);
        GivenSyncKind("KeyPhraseExtraction", RecordedResponses.KeyPhrases);
        GivenSyncKind("EntityRecognition", RecordedResponses.Entities(Text));
        GivenJob("job-2", RecordedResponses.JobRunning("job-2"), runningPolls: 0);

        // Azure.Core's poller waits about a second between polls here, whatever the interval asked for.
        var error = await Assert.ThrowsAsync<AzureLanguageException>(() =>
            Analyzer(o => o.SummaryTimeout = TimeSpan.FromMilliseconds(2_500)).AnalyzeAsync(Text, new TextAnalysisRequest(), CancellationToken.None));

        Assert.Contains("did not finish", error.Message, StringComparison.Ordinal);
        Assert.True(Requests().Count(r => r.Method == "GET") >= 2);
    }

    [Fact]
    public async Task An_operation_location_on_another_host_is_not_followed()
    {
        GivenSyncKind("LanguageDetection", RecordedResponses.LanguageDetection);
        GivenSyncKind("KeyPhraseExtraction", RecordedResponses.KeyPhrases);
        GivenSyncKind("EntityRecognition", RecordedResponses.Entities(Text));
        _server.Given(Request.Create().WithPath(JobsPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202).WithHeader("operation-location", "https://attacker.example/language/analyze-text/jobs/x"));

        await Assert.ThrowsAsync<AzureLanguageException>(() => Analyzer().AnalyzeAsync(Text, new TextAnalysisRequest(), CancellationToken.None));
    }

    [Fact]
    public async Task A_configured_key_is_sent_instead_of_a_token()
    {
        GivenSyncKind("LanguageDetection", RecordedResponses.LanguageDetection);

        var result = await Analyzer(o => o.Key = "key-from-key-vault")
            .AnalyzeAsync(Text, new TextAnalysisRequest { SummarySentences = 0, MaxEntities = 0, MaxKeyPhrases = 0 }, CancellationToken.None);

        Assert.Equal("en", result.Language);
        var request = Assert.Single(Requests());
        Assert.Equal("key-from-key-vault", request.Headers!["Ocp-Apim-Subscription-Key"].Single());
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.Equal(0, _credential.Calls);
    }

    [Fact]
    public async Task Blank_text_needs_no_request()
    {
        var result = await Analyzer().AnalyzeAsync("  \n\t ", new TextAnalysisRequest(), CancellationToken.None);

        Assert.Null(result.Language);
        Assert.Empty(result.Summary);
        Assert.Empty(result.KeyPhrases);
        Assert.Empty(result.Entities);
        Assert.Empty(Requests());
    }

    [Theory]
    [InlineData("Person", "person")]
    [InlineData("Organization", "organization")]
    [InlineData("Location", "location")]
    [InlineData("Address", "location")]
    [InlineData("GPE", "location")]
    [InlineData("Skill", "concept")]
    [InlineData("Product", "concept")]
    [InlineData("Event", "concept")]
    [InlineData("PersonType", "concept")]
    [InlineData("DateTime", null)]
    [InlineData("Quantity", null)]
    [InlineData("URL", null)]
    public void Entity_categories_map_to_KMTs(string azure, string? kmt) => Assert.Equal(kmt, AzureLanguageTextAnalyzer.MapCategory(azure));

    private AzureLanguageTextAnalyzer Analyzer(Action<AzureLanguageOptions>? configure = null)
    {
        var options = new AzureLanguageOptions
        {
            Endpoint = _server.Url,
            SummaryPollInterval = TimeSpan.FromMilliseconds(20),
            RetryDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromMilliseconds(5),
        };
        configure?.Invoke(options);
        // WireMock's own certificate, trusted for this loopback server only.
        var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator });
        return new AzureLanguageTextAnalyzer(http, options, _credential);
    }

    private List<WireMock.IRequestMessage> Requests() =>
        _server.LogEntries.OrderBy(e => e.RequestMessage.DateTime).Select(e => e.RequestMessage).ToList();

    private void GivenSyncKind(string kind, string body) =>
        _server.Given(Request.Create().WithPath(AnalyzePath).WithParam("api-version", "2023-04-01").UsingPost()
                .WithBody(new JsonPartialMatcher($$"""{ "kind": "{{kind}}" }""")))
            .RespondWith(Json(body));

    private void GivenSyncCallback(Func<JsonElement, string> respond) =>
        _server.Given(Request.Create().WithPath(AnalyzePath).UsingPost())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json")
                .WithBody(request => respond(JsonDocument.Parse(request.Body!).RootElement)));

    /// <summary>POST jobs → 202 + operation-location; GET → "running" <paramref name="runningPolls"/> times, then <paramref name="finalBody"/>.</summary>
    private void GivenJob(string jobId, string finalBody, int runningPolls)
    {
        _server.Given(Request.Create().WithPath(JobsPath).WithParam("api-version", "2023-04-01").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202)
                .WithHeader("operation-location", $"{_server.Url}{JobsPath}/{jobId}?api-version=2023-04-01"));
        var polls = 0;
        _server.Given(Request.Create().WithPath($"{JobsPath}/{jobId}").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json")
                .WithBody(_ => Interlocked.Increment(ref polls) <= runningPolls ? RecordedResponses.JobRunning(jobId) : finalBody));
    }

    private static IResponseBuilder Json(string body) =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body);

    private static string Results(string kind, IEnumerable<object> documents) =>
        JsonSerializer.Serialize(new { kind, results = new { documents, errors = Array.Empty<object>(), modelVersion = "latest" } });

    private static List<string> Documents(JsonElement body) =>
        body.GetProperty("analysisInput").GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("text").GetString()!).ToList();

    private static List<int> AllIndexes(string text, string value)
    {
        var found = new List<int>();
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            found.Add(at);
        }

        return found;
    }
}
