using System.Globalization;
using Azure.Core;
using Kmt.Core.TextAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kmt.Azure.Language;

/// <summary>
/// <see cref="ITextAnalyzer"/> over the Azure AI Language REST API. Language, key phrases and
/// entities come from the synchronous analyze-text endpoint; the summary from an
/// ExtractiveSummarization job (analyze-text/jobs, polled through its operation-location).
/// </summary>
/// <remarks>
/// Limits: the synchronous tasks take documents of at most 5,120 characters (language detection up
/// to 1,000 documents a request, key phrases 10, entities 5); summarization jobs at most 125,000
/// characters and 25 documents a request. Longer texts are split at sentence or word boundaries and
/// the results merged, offsets shifted by each piece's start. Offsets are requested as UTF-16 code
/// units, the unit of .NET strings.
/// <para>Transport: <see cref="AzureLanguageClient"/>, an Azure.Core HttpPipeline (token policy, retry policy with
/// Retry-After, per-try timeout); the summarization job is polled by Azure.Core's Operation poller
/// (<see cref="SummaryJobOperation"/>).</para>
/// <para>Failures: throttling and transient errors (408/429/5xx, network) are retried with back-off and
/// after Retry-After, up to <see cref="AzureLanguageOptions.MaxRetries"/> times and never waiting longer than
/// <see cref="AzureLanguageOptions.MaxRetryAfter"/>. A request
/// the service rejects, a job that fails or does not finish within
/// <see cref="AzureLanguageOptions.SummaryTimeout"/> throw <see cref="AzureLanguageException"/> so the
/// ingestion attempt fails and the host retries it later, instead of storing an item with a silently
/// missing summary. Errors of single documents (an unsupported language, say) are not transient: they
/// are logged and that piece contributes nothing.</para>
/// <para>Entity categories: Person → person; Organization → organization; Location and Address → location;
/// values that are not concepts (DateTime, Quantity, PhoneNumber, Email, URL, IP) are dropped;
/// everything else (Skill, Product, Event, PersonType...) → concept. Key phrases carry no score in the
/// API: Count is the number of case-insensitive occurrences in the text and Score = Count / highest Count.</para>
/// </remarks>
public sealed class AzureLanguageTextAnalyzer : ITextAnalyzer
{
    internal const int SyncDocumentChars = 5_120;
    internal const int SummaryDocumentChars = 125_000;
    internal const int SummaryRequestChars = 125_000;
    internal const int SummaryDocumentsPerRequest = 25;
    internal const int LanguageDetectionDocuments = 5;
    internal const int KeyPhraseDocumentsPerRequest = 10;
    internal const int EntityDocumentsPerRequest = 5;

    private static readonly HashSet<string> DroppedCategories = new(StringComparer.OrdinalIgnoreCase)
    {
        "DateTime", "Quantity", "PhoneNumber", "Email", "URL", "IP",
    };

    private readonly AzureLanguageClient _client;
    private readonly AzureLanguageOptions _options;
    private readonly ILogger<AzureLanguageTextAnalyzer> _logger;

    /// <param name="http">The transport (Azure.Core's HttpClientTransport wraps it).</param>
    /// <param name="credential">Used when no key is configured; required then.</param>
    public AzureLanguageTextAnalyzer(
        HttpClient http,
        AzureLanguageOptions options,
        TokenCredential? credential,
        ILogger<AzureLanguageTextAnalyzer>? logger = null)
    {
        _client = new AzureLanguageClient(http, options, credential);
        _options = options;
        _logger = logger ?? NullLogger<AzureLanguageTextAnalyzer>.Instance;
    }

    public async Task<TextAnalysisResult> AnalyzeAsync(string text, TextAnalysisRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(request);
        var chunks = TextChunker.Split(text, SyncDocumentChars);
        if (chunks.Count == 0)
        {
            return new TextAnalysisResult(null, [], [], []);
        }

        var language = await DetectLanguageAsync(chunks, cancellationToken).ConfigureAwait(false);
        var keyPhrases = request.MaxKeyPhrases > 0
            ? await ExtractKeyPhrasesAsync(text, chunks, language, request.MaxKeyPhrases, cancellationToken).ConfigureAwait(false)
            : [];
        var entities = request.MaxEntities > 0
            ? await RecognizeEntitiesAsync(chunks, language, request.MaxEntities, cancellationToken).ConfigureAwait(false)
            : [];
        var summary = request.SummarySentences > 0
            ? await SummarizeAsync(text, language, request.SummarySentences, cancellationToken).ConfigureAwait(false)
            : [];
        return new TextAnalysisResult(language, summary, keyPhrases, entities);
    }

    private async Task<string?> DetectLanguageAsync(IReadOnlyList<TextChunk> chunks, CancellationToken cancellationToken)
    {
        var sample = chunks.Take(LanguageDetectionDocuments).ToList();
        var results = await AnalyzeSyncAsync("LanguageDetection", sample, null, new { modelVersion = "latest" }, cancellationToken).ConfigureAwait(false);
        return results
            .Where(r => r.Result.DetectedLanguage?.Iso6391Name is { Length: > 0 } code && !code.StartsWith('('))
            .GroupBy(r => r.Result.DetectedLanguage!.Iso6391Name!.ToLowerInvariant())
            .OrderByDescending(g => g.Sum(r => r.Result.DetectedLanguage!.ConfidenceScore * r.Chunk.Text.Length))
            .Select(g => g.Key)
            .FirstOrDefault();
    }

    private async Task<IReadOnlyList<KeyPhrase>> ExtractKeyPhrasesAsync(
        string text, IReadOnlyList<TextChunk> chunks, string? language, int max, CancellationToken cancellationToken)
    {
        var phrases = new Dictionary<string, (string Text, int FirstSeen)>(StringComparer.OrdinalIgnoreCase);
        foreach (var batch in chunks.Chunk(KeyPhraseDocumentsPerRequest))
        {
            var results = await AnalyzeSyncAsync("KeyPhraseExtraction", batch, language, new { modelVersion = "latest" }, cancellationToken).ConfigureAwait(false);
            foreach (var (chunk, result) in results)
            {
                foreach (var phrase in result.KeyPhrases ?? [])
                {
                    if (!string.IsNullOrWhiteSpace(phrase))
                    {
                        phrases.TryAdd(phrase.Trim(), (phrase.Trim(), phrases.Count));
                    }
                }
            }
        }

        var counted = phrases.Values
            .Select(p => (p.Text, p.FirstSeen, Count: Math.Max(1, CountOccurrences(text, p.Text))))
            .ToList();
        var highest = counted.Count == 0 ? 1 : counted.Max(p => p.Count);
        return counted
            .OrderByDescending(p => p.Count)
            .ThenBy(p => p.FirstSeen)
            .Take(max)
            .Select(p => new KeyPhrase(p.Text, p.Count, Math.Round(p.Count / (double)highest, 4)))
            .ToList();
    }

    private async Task<IReadOnlyList<NamedEntity>> RecognizeEntitiesAsync(
        IReadOnlyList<TextChunk> chunks, string? language, int max, CancellationToken cancellationToken)
    {
        var mentions = new List<(string Text, string Category, int Offset)>();
        foreach (var batch in chunks.Chunk(EntityDocumentsPerRequest))
        {
            var results = await AnalyzeSyncAsync(
                "EntityRecognition", batch, language, new { modelVersion = "latest", stringIndexType = "Utf16CodeUnit" }, cancellationToken).ConfigureAwait(false);
            foreach (var (chunk, result) in results)
            {
                foreach (var entity in result.Entities ?? [])
                {
                    if (MapCategory(entity.Category) is { } category && !string.IsNullOrWhiteSpace(entity.Text))
                    {
                        mentions.Add((entity.Text.Trim(), category, chunk.Start + entity.Offset));
                    }
                }
            }
        }

        return mentions
            .GroupBy(m => (Key: m.Text.ToLowerInvariant(), m.Category))
            .Select(g =>
            {
                var offsets = g.Select(m => m.Offset).Distinct().Order().ToList();
                var surface = g.GroupBy(m => m.Text, StringComparer.Ordinal).OrderByDescending(s => s.Count()).ThenBy(s => s.Min(m => m.Offset)).First().Key;
                return new NamedEntity(surface, g.Key.Category, offsets.Count, offsets);
            })
            .OrderByDescending(e => e.Count)
            .ThenBy(e => e.Offsets[0])
            .Take(max)
            .ToList();
    }

    /// <summary>Maps an Azure AI Language entity category to KMT's; null for categories that are values, not concepts.</summary>
    internal static string? MapCategory(string category) => category switch
    {
        _ when category.Equals("Person", StringComparison.OrdinalIgnoreCase) => EntityCategories.Person,
        _ when category.Equals("Organization", StringComparison.OrdinalIgnoreCase) => EntityCategories.Organization,
        _ when category.Equals("Location", StringComparison.OrdinalIgnoreCase)
            || category.Equals("Address", StringComparison.OrdinalIgnoreCase)
            || category.Equals("GPE", StringComparison.OrdinalIgnoreCase) => EntityCategories.Location,
        _ when DroppedCategories.Contains(category) => null,
        _ => EntityCategories.Concept,
    };

    private async Task<IReadOnlyList<string>> SummarizeAsync(string text, string? language, int sentenceCount, CancellationToken cancellationToken)
    {
        var chunks = TextChunker.Split(text, SummaryDocumentChars);
        var sentences = new List<(int Offset, double Rank, string Text)>();
        foreach (var batch in Batch(chunks, SummaryDocumentsPerRequest, SummaryRequestChars))
        {
            var documents = batch.ToDictionary(c => c.Index.ToString(CultureInfo.InvariantCulture));
            var job = await RunSummaryJobAsync(batch, language, Math.Min(sentenceCount, 20), cancellationToken).ConfigureAwait(false);
            foreach (var task in job.Tasks?.Items ?? [])
            {
                LogDocumentErrors("ExtractiveSummarization", task.Results?.Errors);
                foreach (var document in task.Results?.Documents ?? [])
                {
                    if (!documents.TryGetValue(document.Id, out var chunk))
                    {
                        continue;
                    }

                    foreach (var sentence in document.Sentences ?? [])
                    {
                        sentences.Add((chunk.Start + sentence.Offset, sentence.RankScore, sentence.Text.Trim()));
                    }
                }
            }
        }

        return sentences
            .Where(s => s.Text.Length > 0)
            .OrderByDescending(s => s.Rank)
            .ThenBy(s => s.Offset)
            .Take(sentenceCount)
            .OrderBy(s => s.Offset)
            .Select(s => s.Text)
            .ToList();
    }

    private async Task<JobState> RunSummaryJobAsync(IReadOnlyList<TextChunk> batch, string? language, int sentenceCount, CancellationToken cancellationToken)
    {
        var body = new
        {
            displayName = "KMT extractive summary",
            analysisInput = new { documents = batch.Select(c => Document(c, language)).ToList() },
            tasks = new[]
            {
                new
                {
                    kind = "ExtractiveSummarization",
                    taskName = "summary",
                    parameters = new { modelVersion = "latest", sentenceCount, sortBy = "Offset", stringIndexType = "Utf16CodeUnit" },
                },
            },
        };

        SummaryJobOperation operation;
        using (var accepted = await _client.PostAsync("language/analyze-text/jobs", body, "ExtractiveSummarization", cancellationToken).ConfigureAwait(false))
        {
            operation = new SummaryJobOperation(_client, _client.OperationLocation(accepted));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.SummaryTimeout);
        try
        {
            return (await operation.WaitForCompletionAsync(_options.SummaryPollInterval, timeout.Token).ConfigureAwait(false)).Value;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AzureLanguageException(
                $"The summarization job {operation.Id} did not finish within {_options.SummaryTimeout.TotalSeconds:0.#} s (last status {operation.LastStatus}).");
        }
    }

    private async Task<List<(TextChunk Chunk, DocumentResult Result)>> AnalyzeSyncAsync(
        string kind, IReadOnlyList<TextChunk> chunks, string? language, object parameters, CancellationToken cancellationToken)
    {
        var body = new
        {
            kind,
            parameters,
            analysisInput = new { documents = chunks.Select(c => kind == "LanguageDetection" ? DetectionDocument(c) : Document(c, language)).ToList() },
        };
        var (response, result) = await _client.PostAsync<AnalyzeTextResult>("language/:analyze-text", body, kind, cancellationToken).ConfigureAwait(false);
        response.Dispose();
        LogDocumentErrors(kind, result.Results?.Errors);
        var byId = chunks.ToDictionary(c => c.Index.ToString(CultureInfo.InvariantCulture));
        return (result.Results?.Documents ?? [])
            .Where(d => byId.ContainsKey(d.Id))
            .Select(d => (byId[d.Id], d))
            .ToList();
    }

    private static object DetectionDocument(TextChunk chunk) => new { id = chunk.Index.ToString(CultureInfo.InvariantCulture), text = chunk.Text };

    private static Dictionary<string, string> Document(TextChunk chunk, string? language)
    {
        var document = new Dictionary<string, string> { ["id"] = chunk.Index.ToString(CultureInfo.InvariantCulture) };
        if (language is not null)
        {
            document["language"] = language;
        }

        document["text"] = chunk.Text;
        return document;
    }

    private void LogDocumentErrors(string kind, List<DocumentError>? errors)
    {
        foreach (var error in errors ?? [])
        {
            _logger.LogWarning(
                "Azure AI Language {Kind} skipped text piece {Id}: {Code} {Message}", kind, error.Id, error.Error?.Code, error.Error?.Message);
        }
    }

    /// <summary>Groups pieces into requests of at most <paramref name="maxDocuments"/> documents and <paramref name="maxChars"/> characters.</summary>
    internal static IEnumerable<IReadOnlyList<TextChunk>> Batch(IReadOnlyList<TextChunk> chunks, int maxDocuments, int maxChars)
    {
        var batch = new List<TextChunk>();
        var chars = 0;
        foreach (var chunk in chunks)
        {
            if (batch.Count > 0 && (batch.Count == maxDocuments || chars + chunk.Text.Length > maxChars))
            {
                yield return batch;
                batch = [];
                chars = 0;
            }

            batch.Add(chunk);
            chars += chunk.Text.Length;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private static int CountOccurrences(string text, string phrase)
    {
        var count = 0;
        for (var at = text.IndexOf(phrase, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(phrase, at + phrase.Length, StringComparison.OrdinalIgnoreCase))
        {
            count++;
        }

        return count;
    }
}
