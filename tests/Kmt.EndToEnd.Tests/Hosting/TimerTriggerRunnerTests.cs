using System.Text;
using Kmt.Core.Common;
using Kmt.Core.Uploads;
using Kmt.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Kmt.EndToEnd.Tests.Hosting;

/// <summary>The DevHost's timer runner fires the app's timer functions on the app's clock: here the upload sweeper.</summary>
public sealed class TimerTriggerRunnerTests
{
    [Fact]
    public async Task The_sweeper_timer_finishes_an_upload_a_crash_left_processing()
    {
        await using var exclusive = await E2EStack.HoldHostSlotAsync();
        var host = new TimerHost();
        await host.InitializeAsync();
        try
        {
            var user = await host.RegisterAsync();
            var uploads = host.Services.GetRequiredService<IUploadStore>();
            var blobs = host.Services.GetRequiredService<IBlobStore>();
            var now = host.Clock.GetUtcNow();
            var stalled = new Upload
            {
                Id = Ids.New(), UserId = user.Id, FileName = "crashed.md", Status = UploadStatus.Processing, Attempts = 1,
                CreatedAt = now, UpdatedAt = now, ETag = ETags.New(),
            };
            await uploads.CreateAsync(stalled, CancellationToken.None);
            await blobs.WriteAsync(UploadPaths.UploadsContainer, stalled.BlobPath, new MemoryStream(Encoding.UTF8.GetBytes("# Crash\n\nSweeper phrase heron.")), 1 << 20, CancellationToken.None);

            // Nothing happens before the upload is stalled and a sweep comes round; then the timer fires.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            Upload? current;
            do
            {
                host.Clock.Advance(TimeSpan.FromMinutes(1));
                await Task.Yield();
                await Task.Delay(50);
                current = await uploads.GetAsync(user.Id, stalled.Id, CancellationToken.None);
            }
            while (current?.Status != UploadStatus.Completed && DateTime.UtcNow < deadline);

            Assert.Equal(UploadStatus.Completed, current!.Status);
            Assert.Equal(2, current.Attempts);
            Assert.True(host.Clock.GetUtcNow() - now >= TimeSpan.FromMinutes(10), "swept only once stalled");
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public void A_setting_in_a_schedule_resolves_from_configuration_and_a_missing_one_is_named()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Kmt:Uploads:SweepSchedule"] = "0 */5 * * * *" }).Build();

        Assert.Equal("0 */5 * * * *", Kmt.DevHost.Hosting.TimerTriggerRunner.ResolveSetting("%Kmt:Uploads:SweepSchedule%", configuration, out _));
        Assert.Null(Kmt.DevHost.Hosting.TimerTriggerRunner.ResolveSetting("%Kmt:Other:Schedule%", configuration, out var missing));
        Assert.Equal("Kmt:Other:Schedule", missing);
    }

    private sealed class TimerHost : DevHostFixture
    {
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override Dictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Kmt:Uploads:SweepSchedule"] = "0 */5 * * * *";
            settings["Kmt:DevHost:BlobPollInterval"] = "01:00:00"; // only the sweeper may pick the blob up
            return settings;
        }

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
    }
}
