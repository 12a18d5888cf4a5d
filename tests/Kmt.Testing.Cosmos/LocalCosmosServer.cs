using System.Diagnostics;
using System.Net.Sockets;

namespace Kmt.Testing.Cosmos;

/// <summary>
/// The local Cosmos DB server (npm @vercel/cosmosdb-server, installed from .ci/cosmos): the one
/// .ci/run started (KMT_COSMOS_SERVER_URL), or one this process starts with node and stops by PID.
/// </summary>
public sealed class LocalCosmosServer : IDisposable
{
    public const string ServerUrlVariable = "KMT_COSMOS_SERVER_URL";

    private readonly Process? _process;

    private LocalCosmosServer(Uri url, Process? process)
    {
        Url = url;
        _process = process;
    }

    /// <summary>The server's https address on loopback.</summary>
    public Uri Url { get; }

    /// <summary>True when this process started the server (and stops it on dispose).</summary>
    public bool Owned => _process is not null;

    /// <summary>
    /// Uses KMT_COSMOS_SERVER_URL when set, else starts .ci/cosmos/start.js with node. Fails with a
    /// message that says what to run when neither works.
    /// </summary>
    public static async Task<LocalCosmosServer> StartOrConnectAsync(CancellationToken cancellationToken = default)
    {
        if (Environment.GetEnvironmentVariable(ServerUrlVariable) is { Length: > 0 } configured)
        {
            var url = new Uri(configured.EndsWith('/') ? configured : configured + "/");
            if (!CosmosEmulatorShim.IsLoopback(url.Host))
            {
                throw new InvalidOperationException($"{ServerUrlVariable} must point at loopback, not {url.Host}.");
            }

            await WaitForPortAsync(url, TimeSpan.FromSeconds(10), null, cancellationToken);
            return new LocalCosmosServer(url, null);
        }

        var folder = FindCosmosFolder()
            ?? throw new InvalidOperationException(
                $"The local Cosmos DB server is not running and .ci/cosmos was not found above {AppContext.BaseDirectory}. " +
                $"Run .ci/run, which starts it, or start it yourself (node .ci/cosmos/start.js) and set {ServerUrlVariable}.");
        if (!File.Exists(Path.Combine(folder, "node_modules", "@vercel", "cosmosdb-server", "package.json")))
        {
            throw new InvalidOperationException(
                $"The local Cosmos DB server is not installed ({folder}/node_modules is missing). Run .ci/run, which installs and " +
                $"starts it, or run `npm ci --prefix .ci/cosmos` once; or start it yourself and set {ServerUrlVariable}.");
        }

        var readyFile = Path.Combine(Path.GetTempPath(), "kmt-cosmos-" + Guid.NewGuid().ToString("N") + ".url");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(folder, "start.js"));
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add("0");
        start.ArgumentList.Add("--ready-file");
        start.ArgumentList.Add(readyFile);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start node for the local Cosmos DB server ({e.Message}). Run .ci/run, which starts it.", e);
        }

        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { log.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!File.Exists(readyFile))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException(
                        "The local Cosmos DB server did not start within 30 s. Its output: " + string.Join(" | ", log));
                }

                await Task.Delay(50, cancellationToken);
            }

            var url = new Uri(File.ReadAllText(readyFile).Trim());
            File.Delete(readyFile);
            await WaitForPortAsync(url, TimeSpan.FromSeconds(10), process, cancellationToken);
            return new LocalCosmosServer(url, process);
        }
        catch
        {
            Stop(process);
            throw;
        }
    }

    /// <summary>The repository's .ci/cosmos folder, found by walking up from the test binaries.</summary>
    public static string? FindCosmosFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".ci", "cosmos");
            if (File.Exists(Path.Combine(candidate, "start.js")))
            {
                return candidate;
            }
        }

        return null;
    }

    private static async Task WaitForPortAsync(Uri url, TimeSpan timeout, Process? process, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(url.Host, url.Port, cancellationToken);
                return;
            }
            catch (SocketException e)
            {
                if (DateTime.UtcNow > deadline || process is { HasExited: true })
                {
                    throw new InvalidOperationException(
                        $"Nothing listens on {url} (the local Cosmos DB server). Run .ci/run, which starts it. Cause: {e.Message}", e);
                }
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                // SIGTERM: start.js closes the server; then a bounded wait and a kill of this PID only.
                using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                {
                    term?.WaitForExit(2000);
                }

                if (!process.WaitForExit(3000))
                {
                    process.Kill();
                    process.WaitForExit(2000);
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
        }
    }

    public void Dispose()
    {
        if (_process is not null)
        {
            Stop(_process);
        }
    }
}
