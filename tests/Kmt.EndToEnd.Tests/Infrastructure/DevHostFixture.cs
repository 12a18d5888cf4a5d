using Kmt.DevHost.Hosting;
using Kmt.Testing.Cosmos;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kmt.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real DevHost on a free loopback port with its own temporary data folder: the same process a
/// newcomer starts with `dotnet run --project src/Kmt.DevHost`, configured only through settings.
/// </summary>
public class DevHostFixture : IAsyncLifetime
{
    private WebApplication? _app;
    private bool _holdsHostSlot;

    public string DataDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "kmt-e2e-" + Guid.NewGuid().ToString("N"));

    /// <summary>False for hosts that hand their data folder on to the next host (restart tests).</summary>
    public bool DeleteDataOnDispose { get; init; } = true;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    /// <summary>Every mail this host delivered (<see cref="MailCapture"/>).</summary>
    public MailCapture Mail { get; } = new();

    /// <summary>Settings on top of the defaults; subclasses add their own.</summary>
    protected virtual Dictionary<string, string?> Settings() => new()
    {
        ["Kmt:Embedded:DataDirectory"] = DataDirectory,
        // Hashing at the production cost would make every sign-up in the suite take a third of a second.
        ["Kmt:Auth:PasswordIterations"] = "1000",
        // The suite signs up hundreds of users from one IP; the limits themselves have their own fixture.
        ["Kmt:RateLimits:Enabled"] = "false",
        ["Logging:LogLevel:Default"] = "Warning",
        // Pick up uploaded blobs quickly; the defaults suit a person, not a test run.
        ["Kmt:DevHost:BlobPollInterval"] = "00:00:00.100",
        ["Kmt:DevHost:BlobRetryDelay"] = "00:00:00.100",
        // Imports over 2 KB run in the background, so the tests cover both paths with small files.
        ["Kmt:Import:InlineMaxBytes"] = "2048",
        // As in local.settings.sample.json: the timer functions' schedules are app settings.
        ["Kmt:Uploads:SweepSchedule"] = "0 */5 * * * *",
        ["Kmt:Tags:RenameSweepSchedule"] = "0 */5 * * * *",
        ["Kmt:Privacy:RetentionSchedule"] = "0 17 3 * * *",
        ["Kmt:Privacy:SweepSchedule"] = "0 */10 * * * *",
        ["Kmt:RateLimits:PurgeSchedule"] = "0 */10 * * * *",
        ["Kmt:Graph:ReconcileSchedule"] = "0 41 2 * * *",
        ["Kmt:Insights:Schedule"] = "0 0 2 * * *",
        ["Kmt:Notifications:DigestSchedule"] = "0 5 * * * *",
    };

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Log filters on top of the host's (Warning and above).</summary>
    protected virtual void ConfigureLogging(ILoggingBuilder logging)
    {
    }

    public async Task InitializeAsync()
    {
        // The settings go in as command-line arguments too, so that what the app decides while
        // registering its services (which adapters, which sign-in mode) sees them, as it sees a
        // settings file; the in-memory copy keeps null values (which arguments cannot express).
        var settings = Settings();
        if (E2EStack.IsEmulatedAzure && !E2EStack.SlotHeldByThisTest)
        {
            // The emulated Azure stack (KMT_E2E_STACK=emulated-azure): Cosmos DB and Blob Storage settings
            // on top, unless a subclass set its own.
            await E2EStack.AcquireHostSlotAsync();
            _holdsHostSlot = true;
        }

        try
        {
            if (E2EStack.IsEmulatedAzure)
            {
                foreach (var (key, value) in await E2EStack.EmulatedAzureSettingsAsync())
                {
                    settings.TryAdd(key, value);
                }
            }

            var arguments = settings.Where(s => s.Value is not null).Select(s => $"--{s.Key}={s.Value}");
            var builder = DevHostApp.CreateBuilder(["--urls", "http://127.0.0.1:0", .. arguments]);
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            ConfigureLogging(builder.Logging);
            if (ErrorLogFile.FromEnvironment(E2EStack.Name) is { } errors)
            {
                builder.Logging.AddProvider(errors);
            }

            ConfigureServices(builder.Services);
            builder.Services.AddSingleton<Kmt.Core.Accounts.IMailSender>(Mail);
            _app = DevHostApp.Build(builder);
            await _app.StartAsync();
            BaseAddress = new Uri(_app.Urls.First().TrimEnd('/') + "/");
        }
        catch when (_holdsHostSlot)
        {
            // A host that never started must not keep the next one waiting.
            _holdsHostSlot = false;
            E2EStack.ReleaseHostSlot();
            throw;
        }
    }

    public KmtClient CreateClient() => new(new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) });

    public async Task DisposeAsync()
    {
        try
        {
            if (_app is not null)
            {
                await _app.StopAsync();
                await _app.DisposeAsync();
            }
        }
        finally
        {
            if (_holdsHostSlot)
            {
                _holdsHostSlot = false;
                E2EStack.ReleaseHostSlot();
            }
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!DeleteDataOnDispose)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A straggling handle on a temp folder is not worth failing the run for.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DevHostCollection : ICollectionFixture<DevHostFixture>
{
    public const string Name = "DevHost";
}
