using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Import;

/// <summary>POST import and its status over HTTP on the DevHost: every format, original times, re-import, bad lines, consent, isolation.</summary>
[Collection(DevHostCollection.Name)]
public sealed class ImportApiTests(DevHostFixture host)
{
    private const string Import = "api/v1/import";

    private static string History(string prefix, int padding = 0) => string.Join("\n",
        $$"""{"type":"capture","at":"2023-05-01T08:00:00Z","source_id":"{{prefix}}-1","title":"Spaced repetition","content":"Reviews spaced over growing intervals beat cramming.{{new string('.', padding)}}","tags":["learning"],"source_url":"https://example.org/srs"}""",
        $$"""{"type":"capture","at":"2023-05-02T09:30:00+02:00","source_id":"{{prefix}}-2","title":"Forgetting curve","content":"Ebbinghaus, 1885.","content_type":"article"}""",
        $$"""{"type":"read","at":"2023-05-03T20:00:00Z","source_id":"{{prefix}}-1","duration_seconds":300,"completion_percentage":80}""",
        $$"""{"type":"search","at":"2023-05-04T07:00:00Z","query":"interval scheduling {{prefix}}"}""",
        """{"type":"capture","at":"not a time","source_id":"x","title":"t","content":""}""",
        "{broken json",
        $$"""{"type":"read","at":"2023-05-05T20:00:00Z","source_id":"{{prefix}}-unknown","duration_seconds":30,"completion_percentage":5}""");

    private static async Task<ApiResponse> PostFileAsync(KmtClient client, byte[] body, string contentType, string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Import + query) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return await client.SendRawAsync(request);
    }

    private static async Task<JsonNode> ImportAsync(KmtClient client, byte[] body, string contentType, string query = "")
    {
        var accepted = (await PostFileAsync(client, body, contentType, query)).Expect(HttpStatusCode.Accepted);
        var statusUrl = accepted.Data["status_url"]!.GetValue<string>();
        Assert.Equal(statusUrl, accepted.Header("Location"));
        return await WaitAsync(client, statusUrl);
    }

    private static Task<JsonNode> WaitAsync(KmtClient client, string statusUrl) =>
        client.WaitForStatusAsync(statusUrl, TimeSpan.FromSeconds(60), "queued", "running");

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A time as the API writes it, which must be UTC.</summary>
    private static DateTimeOffset At(JsonNode node)
    {
        var at = DateTimeOffset.Parse(node.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.Zero, at.Offset);
        return at;
    }

    private static (int Created, int Skipped, int Failed, int NotRecorded) Counts(JsonNode status) =>
        (status["counts"]!["created"]!.GetValue<int>(), status["counts"]!["skipped"]!.GetValue<int>(), status["counts"]!["failed"]!.GetValue<int>(), status["counts"]!["not_recorded"]!.GetValue<int>());

    private static async Task<JsonArray> ItemsAsync(KmtClient client) =>
        (await client.GetAsync("api/v1/knowledge?per_page=100&sort=created_at&order=asc")).Expect(HttpStatusCode.OK).Data.AsArray();

    [Fact]
    public async Task Kmt_history_becomes_items_at_their_original_time_with_reads_and_searches_and_a_reimport_changes_nothing()
    {
        var user = await host.RegisterAsync();
        var body = Encoding.UTF8.GetBytes(History("h"));

        var status = await ImportAsync(user.Client, body, "application/x-ndjson");

        Assert.Equal("completed", status["status"]!.GetValue<string>());
        Assert.Equal("kmt", status["format"]!.GetValue<string>());
        Assert.Equal((4, 0, 3, 0), Counts(status));
        var failures = status["failures"]!.AsArray().Select(f => (f!["line"]!.GetValue<int>(), f["reason"]!.GetValue<string>())).ToList();
        Assert.Equal(5, failures[0].Item1);
        Assert.StartsWith("at must be an ISO-8601 UTC time", failures[0].Item2, StringComparison.Ordinal);
        Assert.Equal(6, failures[1].Item1);
        Assert.StartsWith("The line is not valid JSON", failures[1].Item2, StringComparison.Ordinal);
        Assert.Equal((7, "No item has source_id \"h-unknown\": capture it first (in this file or an earlier import)."), failures[2]);

        var items = await ItemsAsync(user.Client);
        Assert.Equal(["h-1", "h-2"], items.Select(i => i!["source_id"]!.GetValue<string>()));
        Assert.Equal(Utc("2023-05-01T08:00:00Z"), At(items[0]!["created_at"]!));
        Assert.Equal(Utc("2023-05-02T07:30:00Z"), At(items[1]!["created_at"]!));
        var item = (await user.Client.GetAsync($"api/v1/knowledge/{items[0]!["id"]!.GetValue<string>()}")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal("h-1", item["source_id"]!.GetValue<string>());
        Assert.Equal(["learning"], item["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(2, item["access_count"]!.GetValue<int>()); // the imported read, and this GET

        var again = await ImportAsync(user.Client, body, "application/x-ndjson");
        Assert.Equal((0, 4, 3, 0), Counts(again));
        Assert.Equal(2, (await ItemsAsync(user.Client)).Count);
    }

    [Fact]
    public async Task A_large_file_is_imported_in_the_background()
    {
        var user = await host.RegisterAsync();
        var body = Encoding.UTF8.GetBytes(History("big", padding: 4096));

        var accepted = (await PostFileAsync(user.Client, body, "application/x-ndjson")).Expect(HttpStatusCode.Accepted);
        Assert.Equal("queued", accepted.Data["status"]!.GetValue<string>());
        var status = await ImportAsync(user.Client, body, "application/x-ndjson");

        // Two imports of the same file, perhaps at the same time: between them every record was created once.
        var first = await WaitAsync(user.Client, accepted.Data["status_url"]!.GetValue<string>());
        Assert.Equal("completed", first["status"]!.GetValue<string>());
        Assert.Equal(4, Counts(first).Created + Counts(status).Created);
        Assert.Equal(2, (await ItemsAsync(user.Client)).Count);
    }

    [Fact]
    public async Task Another_persons_import_status_is_not_found()
    {
        var user = await host.RegisterAsync();
        var other = await host.RegisterAsync();
        var accepted = (await PostFileAsync(user.Client, Encoding.UTF8.GetBytes(History("iso")), "application/x-ndjson")).Expect(HttpStatusCode.Accepted);

        (await other.Client.GetAsync(accepted.Data["status_url"]!.GetValue<string>().TrimStart('/'))).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await user.Client.GetAsync($"{Import}/{Guid.NewGuid()}")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await user.Client.GetAsync($"{Import}/not-an-id")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Empty(await ItemsAsync(other.Client));
    }

    [Fact]
    public async Task Bad_requests_get_clear_4xx_answers()
    {
        var user = await host.RegisterAsync();

        (await PostFileAsync(user.Client, "x"u8.ToArray(), "application/octet-stream")).ExpectError(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        (await PostFileAsync(user.Client, "x"u8.ToArray(), "text/plain", "?format=evernote")).ExpectError(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        (await PostFileAsync(user.Client, [], "application/x-ndjson")).ExpectError(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var notZip = await ImportAsync(user.Client, "not a zip"u8.ToArray(), "application/zip");
        Assert.Equal(("failed", "The file is not a zip archive; send the vault folder zipped."), (notZip["status"]!.GetValue<string>(), notZip["reason"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Withdrawn_tracking_consent_imports_captures_but_records_no_reads_or_searches()
    {
        var user = await host.RegisterAsync();
        (await user.Client.PutAsync("api/v1/users/consents", new { activity_tracking = false, personalised_insights = false, notifications = false })).Expect(HttpStatusCode.OK);

        var status = await ImportAsync(user.Client, Encoding.UTF8.GetBytes(History("c")), "application/x-ndjson");

        Assert.Equal((2, 0, 2, 3), Counts(status)); // reads (also the unknown one) and the search are not recorded, not judged
        var items = await ItemsAsync(user.Client);
        Assert.Equal(0, items[0]!["access_count"]!.GetValue<int>());
        var export = await ExportActivitiesAsync(user.Client);
        Assert.Empty(export.Activities);
        Assert.Empty(export.Sessions);
    }

    [Fact]
    public async Task With_tracking_consent_imported_reads_and_searches_are_activity_in_the_export()
    {
        var user = await host.RegisterAsync();
        await ImportAsync(user.Client, Encoding.UTF8.GetBytes(History("e")), "application/x-ndjson");

        var export = await ExportActivitiesAsync(user.Client);

        var search = Assert.Single(export.Activities, a => a!["activity_type"]!.GetValue<string>() == "search")!;
        Assert.Equal(Utc("2023-05-04T07:00:00Z"), At(search["occurred_at"]!));
        Assert.Equal("interval scheduling e", search["metadata"]!["query"]!.GetValue<string>());
        var read = Assert.Single(export.Activities, a => a!["activity_type"]!.GetValue<string>() == "reading_finished")!;
        Assert.Equal(Utc("2023-05-03T20:00:00Z"), At(read["occurred_at"]!));
        var session = Assert.Single(export.Sessions);
        Assert.Equal(80, session!["completion_percentage"]!.GetValue<double>());
        Assert.Single(export.Imports);
    }

    /// <summary>The local Cosmos DB server has no full-text search, so search itself cannot run there.</summary>
    [NotOnEmulatedAzureFact(EmulatedAzureGaps.FullTextSearch)]
    public async Task Api_searches_are_activity_with_tracking_consent_and_not_without()
    {
        var user = await host.RegisterAsync();
        (await user.Client.PostAsync("api/v1/knowledge/search", new { query = "repetition" })).Expect(HttpStatusCode.OK);
        (await user.Client.PutAsync("api/v1/users/consents", new { activity_tracking = false, personalised_insights = false, notifications = false })).Expect(HttpStatusCode.OK);
        (await user.Client.PostAsync("api/v1/knowledge/search", new { query = "withdrawn" })).Expect(HttpStatusCode.OK);

        var export = await ExportActivitiesAsync(user.Client);

        var search = Assert.Single(export.Activities)!;
        Assert.Equal(("search", "repetition", 0), (search["activity_type"]!.GetValue<string>(), search["metadata"]!["query"]!.GetValue<string>(), search["metadata"]!["results"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Readwise_csv_kindle_clippings_and_bookmarks_keep_their_original_times()
    {
        var user = await host.RegisterAsync();
        var readwise = """
            Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,Document tags
            "Deliberate practice is hard.",Peak,Anders Ericsson,B01,,yellow,practice,location,120,2020-02-10 10:00:00+00:00,
            "No time here",Peak,Anders Ericsson,B01,,,,location,130,,
            """;
        var kindle = "\uFEFFPeak (Ericsson, Anders)\r\n- Your Highlight on Location 200-201 | Added on Monday, February 10, 2020 6:22:11 PM\r\n\r\nMental representations.\r\n==========\r\n";
        var bookmarks = """
            <!DOCTYPE NETSCAPE-Bookmark-file-1>
            <DL><p>
                <DT><A HREF="https://example.org/peak" ADD_DATE="1581328860">Peak summary</A>
            </DL>
            """;

        var csv = await ImportAsync(user.Client, Encoding.UTF8.GetBytes(readwise), "text/csv");
        var clippings = await ImportAsync(user.Client, Encoding.UTF8.GetBytes(kindle), "text/plain", "?file_name=My%20Clippings.txt");
        var html = await ImportAsync(user.Client, Encoding.UTF8.GetBytes(bookmarks), "text/html");

        Assert.Equal((1, 0, 1, 0), Counts(csv));
        Assert.Equal(3, csv["failures"]![0]!["line"]!.GetValue<int>());
        Assert.Equal((1, 0, 0, 0), Counts(clippings));
        Assert.Equal("My Clippings.txt", clippings["file_name"]!.GetValue<string>());
        Assert.Equal((1, 0, 0, 0), Counts(html));
        var items = await ItemsAsync(user.Client);
        Assert.Equal(
            [("Peak", Utc("2020-02-10T10:00:00Z"), "readwise"), ("Peak summary", Utc("2020-02-10T10:01:00Z"), "bookmarks"), ("Peak", Utc("2020-02-10T18:22:11Z"), "kindle")],
            items.Select(i => (i!["title"]!.GetValue<string>(), At(i["created_at"]!), i["source_type"]!.GetValue<string>())));

        Assert.Equal((0, 1, 1, 0), Counts(await ImportAsync(user.Client, Encoding.UTF8.GetBytes(readwise), "text/csv")));
    }

    [Fact]
    public async Task A_markdown_vault_keeps_front_matter_dates_and_wikilinks_for_the_graph()
    {
        var user = await host.RegisterAsync();
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string path, string text)
            {
                using var writer = new StreamWriter(zip.CreateEntry(path).Open());
                writer.Write(text);
            }

            Add("Ideas/Compounding.md", "---\ncreated: 2019-07-01\ntags: [ideas]\n---\nKnowledge compounds; see [[Reading habit]].\n");
            Add("Reading habit.md", "---\ntitle: A reading habit\ndate: 2019-06-15T08:00:00Z\n---\nTwenty pages a day. Back to [[Ideas/Compounding|compounding]].\n");
            Add(".obsidian/app.md", "settings");
        }

        var status = await ImportAsync(user.Client, buffer.ToArray(), "application/zip");

        Assert.Equal("markdown_vault", status["format"]!.GetValue<string>());
        Assert.Equal((2, 0, 0, 0), Counts(status));
        Assert.Equal(2, status["wikilinks"]!.GetValue<int>());
        var items = await ItemsAsync(user.Client);
        Assert.Equal([("A reading habit", Utc("2019-06-15T08:00:00Z")), ("Compounding", Utc("2019-07-01T00:00:00Z"))], items.Select(i => (i!["title"]!.GetValue<string>(), At(i["created_at"]!))));
        var compounding = items[1]!;
        Assert.Equal("vault:Ideas/Compounding.md", compounding["source_id"]!.GetValue<string>());
        var link = compounding["metadata"]!["wikilinks"]![0]!;
        Assert.Equal(("Reading habit", "vault:Reading habit.md"), (link["target"]!.GetValue<string>(), link["source_id"]!.GetValue<string>()));
    }

    private static async Task<(JsonArray Activities, JsonArray Sessions, JsonArray Imports)> ExportActivitiesAsync(KmtClient client)
    {
        var accepted = (await client.PostAsync("api/v1/users/export", null)).Expect(HttpStatusCode.Accepted);
        var statusUrl = accepted.Data["status_url"]!.GetValue<string>().TrimStart('/');
        var clock = Stopwatch.StartNew();
        JsonNode status;
        while ((status = (await client.GetAsync(statusUrl)).Expect(HttpStatusCode.OK).Data)["status"]!.GetValue<string>() is "queued" or "running")
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "Export still running after 60 s.");
            await Task.Delay(100);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, status["download_url"]!.GetValue<string>().TrimStart('/'));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", client.AccessToken);
        using var response = await client.Http.SendAsync(request);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        JsonArray Read(string name) => JsonNode.Parse(new StreamReader(zip.GetEntry(name)!.Open()).ReadToEnd())!.AsArray();
        return (Read("activities.json"), Read("reading_sessions.json"), Read("imports.json"));
    }
}
