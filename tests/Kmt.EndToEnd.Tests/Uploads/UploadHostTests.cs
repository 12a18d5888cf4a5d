using System.Net;
using Kmt.Core.Uploads;
using Kmt.EndToEnd.Tests.Api;
using Kmt.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kmt.EndToEnd.Tests.Uploads;

/// <summary>A DevHost on a given data folder, with extra settings: for restarts and limits.</summary>
public sealed class ConfiguredHost(Dictionary<string, string?> extra) : DevHostFixture
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }
}

public sealed class UploadHostTests
{
    [Fact]
    public async Task Each_blob_is_processed_exactly_once_across_DevHost_restarts()
    {
        // On the emulated Azure stack no other test's host may run between these hosts: it would pick up
        // the waiting blob (they share one storage account) and the count of attempts would be theirs.
        await using var exclusive = await E2EStack.HoldHostSlotAsync();
        var data = Path.Combine(Path.GetTempPath(), "kmt-e2e-restart-" + Guid.NewGuid().ToString("N"));
        string uploadId;
        SignedInUser user;

        // 1. A host that never gets round to its blobs: the upload is stored, then the host goes away.
        await using (var sleepy = await StartAsync(data, new() { ["Kmt:DevHost:BlobPollInterval"] = "01:00:00" }))
        {
            user = await sleepy.RegisterAsync();
            uploadId = await user.Client.UploadOneAsync("waiting.md", TestDocuments.Markdown("Restart phrase ibis."));
            Assert.Equal("queued", (await user.Client.GetAsync($"api/v1/upload/{uploadId}/status")).Data["status"]!.GetValue<string>());
        }

        // 2. The next start picks up what arrived while nobody was watching.
        await using (var second = await StartAsync(data))
        {
            var client = Reconnect(second, user);
            var status = await client.WaitForOutcomeAsync(uploadId);
            Assert.Equal("completed", status["status"]!.GetValue<string>());
            Assert.Equal(1, status["attempts"]!.GetValue<int>());
        }

        // 3. Another start: a new upload completes, which means a scan has passed the old blob, and
        //    the old blob was not processed again.
        await using (var third = await StartAsync(data, deleteData: true))
        {
            var client = Reconnect(third, user);
            var next = await client.WaitForOutcomeAsync(await client.UploadOneAsync("later.md", TestDocuments.Markdown("Second restart phrase egret.")));
            Assert.Equal("completed", next["status"]!.GetValue<string>());

            var first = (await client.GetAsync($"api/v1/upload/{uploadId}/status")).Data;
            Assert.Equal(1, first["attempts"]!.GetValue<int>());
            Assert.Equal(2, (await client.GetAsync("api/v1/knowledge")).Json!["pagination"]!["total"]!.GetValue<long>());
        }
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_payload_too_large_and_nothing_is_kept()
    {
        await using var host = await StartAsync(null, new() { ["Kmt:Uploads:MaxFileBytes"] = "65536" }, deleteData: true);
        var user = await host.RegisterAsync();

        var response = (await user.Client.UploadAsync([("huge.txt", new byte[100_000].Select(_ => (byte)'a').ToArray(), "text/plain")]))
            .Expect(HttpStatusCode.RequestEntityTooLarge);
        EnvelopeAndBadInputTests.AssertError(response, "PAYLOAD_TOO_LARGE");

        var blobs = host.Fixture.Services.GetRequiredService<IBlobStore>();
        Assert.Empty(await blobs.ListAsync(UploadPaths.UploadsContainer, user.Id + "/", CancellationToken.None).ToListAsync());
    }

    private static KmtClient Reconnect(RunningHost host, SignedInUser user)
    {
        var client = host.Fixture.CreateClient();
        client.AccessToken = user.AccessToken;
        return client;
    }

    private static async Task<RunningHost> StartAsync(string? dataDirectory, Dictionary<string, string?>? settings = null, bool deleteData = false)
    {
        var fixture = new ConfiguredHost(settings ?? [])
        {
            DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "kmt-e2e-" + Guid.NewGuid().ToString("N")),
            DeleteDataOnDispose = deleteData,
        };
        await fixture.InitializeAsync();
        return new RunningHost(fixture);
    }

    private sealed class RunningHost(ConfiguredHost fixture) : IAsyncDisposable
    {
        public ConfiguredHost Fixture { get; } = fixture;

        public Task<SignedInUser> RegisterAsync() => Fixture.RegisterAsync();

        public async ValueTask DisposeAsync() => await Fixture.DisposeAsync();
    }
}
