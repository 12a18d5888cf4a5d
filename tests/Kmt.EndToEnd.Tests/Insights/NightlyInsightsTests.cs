using System.Net;
using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.EndToEnd.Tests.Infrastructure;
using Kmt.Functions.Orchestrations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Kmt.EndToEnd.Tests.Insights;

/// <summary>
/// The nightly run on the DevHost: the timer fires on the app's clock, the starter starts the dated
/// singleton orchestration, which fans out one sub-orchestration per active user on the DevHost's
/// Durable Task engine; a second start on the same date changes nothing.
/// </summary>
public sealed class NightlyInsightsTests
{
    [Fact]
    public async Task The_timer_starts_one_run_per_date_that_scores_consenting_users_and_skips_the_others()
    {
        await using var exclusive = await E2EStack.HoldHostSlotAsync();
        var host = new NightlyHost();
        await host.InitializeAsync();
        try
        {
            var consenting = await host.RegisterAsync();
            var other = await host.RegisterAsync();
            (await consenting.Client.PutAsync("api/v1/users/consents", new { activity_tracking = true, personalised_insights = true, notifications = false })).Expect(HttpStatusCode.OK);
            foreach (var title in new[] { "first", "second" })
            {
                (await consenting.Client.PostAsync("api/v1/knowledge", new { title, content = title, content_type = "note" })).Expect(HttpStatusCode.Created);
            }

            var runId = $"nightly-{host.Clock.GetUtcNow().UtcDateTime:yyyy-MM-dd}";
            var client = host.Services.GetRequiredService<DurableTaskClient>();
            var instanceId = InsightInstanceIds.Nightly(runId);
            Assert.Null(await client.GetInstanceAsync(instanceId));

            // 02:00 comes round on the app's clock: the timer fires and the run goes through every active user.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
            OrchestrationMetadata? nightly = null;
            do
            {
                if (nightly is null)
                {
                    host.Clock.Advance(TimeSpan.FromSeconds(30)); // only until the timer has fired: access tokens live 15 minutes
                }

                await Task.Delay(200);
                nightly = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            }
            while (nightly?.IsCompleted != true && DateTime.UtcNow < deadline);

            Assert.Equal(OrchestrationRuntimeStatus.Completed, nightly!.RuntimeStatus);
            var summary = nightly.ReadOutputAs<NightlyInsightsSummary>()!;
            Assert.Equal(runId, summary.RunId);
            Assert.Equal(0, summary.Failed);
            Assert.True(summary.Completed >= 1 && summary.Skipped >= 1, nightly.SerializedOutput);

            var run = (await consenting.Client.GetAsync($"api/v1/insights/runs/{runId}")).Expect(HttpStatusCode.OK).Data;
            Assert.Equal("completed", run["status"]!.GetValue<string>());
            Assert.Equal("nightly", run["trigger"]!.GetValue<string>());
            Assert.Equal(2, run["scored_count"]!.GetValue<int>());
            Assert.Equal("skipped", (await other.Client.GetAsync($"api/v1/insights/runs/{runId}")).Expect(HttpStatusCode.OK).Data["status"]!.GetValue<string>());

            // Administrators see the run's orchestration and every user's part; other users are refused.
            (await consenting.Client.GetAsync($"api/v1/admin/insights/runs/{runId}")).Expect(HttpStatusCode.Forbidden);
            var admin = await host.RegisterAsync();
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var accounts = scope.ServiceProvider.GetRequiredService<IUserStore>();
                var account = (await accounts.GetAsync(admin.Id, CancellationToken.None))!;
                await accounts.ReplaceAsync(account with { Role = Roles.Admin, ETag = ETags.New() }, account.ETag, CancellationToken.None);
            }

            var signIn = (await host.CreateClient().PostAsync("api/v1/auth/login", new { email = admin.Email, password = admin.Password })).Expect(HttpStatusCode.OK).Data;
            admin.Client.AccessToken = signIn["access_token"]!.GetValue<string>();
            var overview = (await admin.Client.GetAsync($"api/v1/admin/insights/runs/{runId}")).Expect(HttpStatusCode.OK).Data;
            Assert.Equal("completed", overview["orchestration"]!["status"]!.GetValue<string>());
            Assert.Equal(summary.Completed, overview["orchestration"]!["summary"]!["completed"]!.GetValue<int>());
            var listed = overview["users"]!.AsArray().ToDictionary(u => u!["user_id"]!.GetValue<string>(), u => u!["status"]!.GetValue<string>());
            Assert.Equal("completed", listed[consenting.Id]);
            Assert.Equal("skipped", listed[other.Id]);
            var skippedOnly = (await admin.Client.GetAsync($"api/v1/admin/insights/runs/{runId}?status=skipped")).Expect(HttpStatusCode.OK).Data;
            Assert.All(skippedOnly["users"]!.AsArray(), u => Assert.Equal("skipped", u!["status"]!.GetValue<string>()));
            (await admin.Client.GetAsync($"api/v1/admin/insights/runs/{runId}?status=exploded")).Expect(HttpStatusCode.BadRequest);

            // A second start on the same date (a past-due occurrence, another instance) is a no-op.
            await using (var scope = host.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<NightlyInsightsStarter>().RunAsync(new TimerInfo(), client, CancellationToken.None);
            }

            var again = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, again!.RuntimeStatus);
            Assert.Equal(nightly.CreatedAt, again.CreatedAt);
            Assert.Equal(run["completed_at"]!.ToJsonString(), (await consenting.Client.GetAsync($"api/v1/insights/runs/{runId}")).Expect(HttpStatusCode.OK).Data["completed_at"]!.ToJsonString());
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private sealed class NightlyHost : DevHostFixture
    {
        /// <summary>Half a minute before the nightly schedule (02:00 UTC) of today.</summary>
        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(2).AddSeconds(-30), TimeSpan.Zero));

        protected override Dictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Kmt:Insights:Schedule"] = "0 0 2 * * *";
            settings["Kmt:Insights:MaxConcurrentUsers"] = "64";
            if (E2EStack.IsEmulatedAzure)
            {
                // The nightly run walks every active user of its database. The run's shared database holds
                // every user the suite has registered (hundreds, more than a test can wait for on two cores),
                // so this host gets a database of its own. It holds the host slot, so no other host's blobs
                // or queue messages are in flight while it runs.
                settings["Kmt:Cosmos:Database"] = Kmt.Testing.Cosmos.CosmosTestEnvironment.NewDatabaseName("nightly");
            }

            return settings;
        }

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
    }
}
