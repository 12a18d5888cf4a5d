using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Kmt.EndToEnd.Tests.Hosting;
using Kmt.EndToEnd.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Kmt.EndToEnd.Tests.Insights;

/// <summary>
/// On the Azure Storage backend (DurableTask.AzureStorage on Azurite, what Durable Functions uses in
/// production) an insight run survives kill -9 of the DevHost: a second process on the same task hub
/// and data folder picks the orchestration up and completes it. The DevHost runs as a child process,
/// so the kill is a real SIGKILL.
/// </summary>
public sealed class DurableRestartTests
{
    private const string AzuriteVariable = "KMT_AZURITE_CONNECTION_STRING";

    [Fact]
    public async Task A_refresh_in_flight_when_the_devhost_is_killed_completes_after_a_restart()
    {
        var data = Path.Combine(Path.GetTempPath(), "kmt-durable-" + Guid.NewGuid().ToString("N"));
        var taskHub = "kmtkill" + Guid.NewGuid().ToString("N")[..10];
        var port = FreePort();
        var log = new StringBuilder();
        Process? first = null;
        Process? second = null;
        try
        {
            first = await StartDevHostAsync(data, taskHub, port, log);
            using var anonymous = new KmtClient(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) });
            var email = $"restart-{Guid.NewGuid():N}@example.org";
            var registered = (await anonymous.PostAsync("api/v1/auth/register", new { email, password = Users.Password, first_name = "Restart" })).Expect(HttpStatusCode.Created);
            anonymous.AccessToken = registered.Data["access_token"]!.GetValue<string>();
            (await anonymous.PutAsync("api/v1/users/consents", new { activity_tracking = true, personalised_insights = true, notifications = false })).Expect(HttpStatusCode.OK);
            foreach (var title in new[] { "one", "two", "three" })
            {
                (await anonymous.PostAsync("api/v1/knowledge", new { title, content = title, content_type = "note" })).Expect(HttpStatusCode.Created);
            }

            var accepted = (await anonymous.PostAsync("api/v1/insights/refresh", null)).Expect(HttpStatusCode.Accepted);
            first.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flushing
            await first.WaitForExitAsync();
            var runId = accepted.Data["run_id"]!.GetValue<string>();

            // The kill landed while the run was in flight (otherwise this test would prove nothing).
            Assert.NotEqual("completed", StoredStatus(data, runId));

            second = await StartDevHostAsync(data, taskHub, port, log);
            var deadline = Stopwatch.StartNew();
            string status;
            ApiResponse run;
            do
            {
                await Task.Delay(500);
                run = (await anonymous.GetAsync($"api/v1/insights/runs/{runId}")).Expect(HttpStatusCode.OK);
                status = run.Data["status"]!.GetValue<string>();
            }
            while (status is "pending" or "running" && deadline.Elapsed < TimeSpan.FromSeconds(180));

            Assert.True(status == "completed", $"run {status} after restart; DevHost output:\n{log}");
            Assert.Equal(3, run.Data["scored_count"]!.GetValue<int>());
        }
        finally
        {
            foreach (var process in new[] { first, second })
            {
                if (process is { HasExited: false })
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }

                process?.Dispose();
            }

            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string? StoredStatus(string data, string runId)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "kmt.db")};Mode=ReadOnly;Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT status FROM insight_runs WHERE run_id = $r";
        command.Parameters.AddWithValue("$r", runId);
        return command.ExecuteScalar() as string;
    }

    private static async Task<Process> StartDevHostAsync(string data, string taskHub, int port, StringBuilder log)
    {
        var root = FunctionsMetadataTests.RepositoryRoot();
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var dll = Path.Combine(root, "src", "Kmt.DevHost", "bin", configuration, "net10.0", "Kmt.DevHost.dll");
        var azurite = Environment.GetEnvironmentVariable(AzuriteVariable) is { Length: > 0 } value ? value : "UseDevelopmentStorage=true";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in new[]
        {
            dll, "--urls", $"http://127.0.0.1:{port}",
            $"--Kmt:Embedded:DataDirectory={data}",
            "--Kmt:Storage:Provider=Embedded", "--Kmt:Blobs:Provider=Local",
            "--Kmt:RateLimits:Enabled=false", "--Kmt:Auth:PasswordIterations=1000",
            "--Kmt:DevHost:Durable:Engine=AzureStorage",
            $"--Kmt:DevHost:Durable:ConnectionString={azurite}",
            $"--Kmt:DevHost:Durable:TaskHub={taskHub}",
            "--Kmt:DevHost:Durable:VisibilityTimeout=00:00:10",
            "--Logging:LogLevel:Default=Warning",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["KMT_E2E_STACK"] = "";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            Assert.False(process.HasExited, $"The DevHost exited with {(process.HasExited ? process.ExitCode : 0)}:\n{log}");
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/api/health")).IsSuccessStatusCode)
                {
                    return process;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The DevHost did not answer within 90 s:\n{log}");
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
