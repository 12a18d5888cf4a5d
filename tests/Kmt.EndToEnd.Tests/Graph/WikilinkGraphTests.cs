using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Graph;

/// <summary>An imported vault's [[wikilinks]] reach the knowledge graph as links_to relationships of type "wikilink".</summary>
[Collection(DevHostCollection.Name)]
public sealed class WikilinkGraphTests(DevHostFixture host)
{
    private static byte[] Vault()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string path, string text)
            {
                using var writer = new StreamWriter(zip.CreateEntry(path).Open());
                writer.Write(text);
            }

            Add("Ideas/Compounding.md", "---\ncreated: 2019-07-01\n---\nKnowledge compounds; see [[Reading habit]].\n");
            Add("Reading habit.md", "---\ndate: 2019-06-15T08:00:00Z\n---\nTwenty pages a day. Back to [[Ideas/Compounding|compounding]].\n");
        }

        return buffer.ToArray();
    }

    private static async Task ImportAsync(KmtClient client, byte[] zip)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/import") { Content = new ByteArrayContent(zip) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/zip");
        var statusUrl = (await client.SendRawAsync(request)).Expect(HttpStatusCode.Accepted).Data.Str("status_url").TrimStart('/');
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var status = (await client.GetAsync(statusUrl)).Expect(HttpStatusCode.OK).Data;
            if (status.Str("status") is not ("queued" or "running"))
            {
                Assert.Equal("completed", status.Str("status"));
                Assert.Equal(2, status["counts"]!["created"]!.GetValue<int>());
                return;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"Import still {status.Str("status")} after 60 s.");
            await Task.Delay(100);
        }
    }

    [GraphFact]
    public async Task Two_notes_linking_each_other_become_wikilink_relationships_valid_from_their_dates()
    {
        var user = await host.RegisterAsync();
        await ImportAsync(user.Client, Vault());
        var items = (await user.Client.GetAsync("api/v1/knowledge?per_page=10&sort=created_at&order=asc")).Expect(HttpStatusCode.OK).Data.AsArray();
        var (reading, compounding) = (items[0]!.Str("id"), items[1]!.Str("id"));

        var graph = await user.WaitForGraphAsync(compounding, g => g.Edges("links_to").Count() == 2);
        Assert.Equal([(compounding, reading), (reading, compounding)],
            graph.Edges("links_to").Select(e => (e.Str("source"), e.Str("target"))).OrderBy(e => e.Item1 == compounding ? 0 : 1));
        Assert.All(graph.Edges("links_to"), e => Assert.Equal("wikilink", e.Str("relationship_type")));

        var relationships = (await user.Client.GetAsync(GraphApi.Relationships(reading))).Expect(HttpStatusCode.OK).Data.AsArray();
        var outgoing = Assert.Single(relationships, r => r!.Str("source_id") == reading)!;
        Assert.Equal((compounding, "wikilink", 1.0), (outgoing.Str("target_id"), outgoing.Str("relationship_type"), outgoing["strength"]!.GetValue<double>()));
        Assert.Equal(DateTimeOffset.Parse("2019-06-15T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(outgoing.Str("created_at"), System.Globalization.CultureInfo.InvariantCulture));
    }
}
