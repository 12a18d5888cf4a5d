using Kmt.DevHost.Hosting;
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

    public string DataDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "kmt-e2e-" + Guid.NewGuid().ToString("N"));

    /// <summary>False for hosts that hand their data folder on to the next host (restart tests).</summary>
    public bool DeleteDataOnDispose { get; init; } = true;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

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
    };

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public async Task InitializeAsync()
    {
        var builder = DevHostApp.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Configuration.AddInMemoryCollection(Settings());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        ConfigureServices(builder.Services);
        _app = DevHostApp.Build(builder);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First().TrimEnd('/') + "/");
    }

    public KmtClient CreateClient() => new(new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) });

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
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
