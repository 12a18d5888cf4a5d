using System.Text.Json;
using Kmt.Core.Uploads;
using Kmt.DevHost.Functions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Kmt.DevHost.Hosting;

/// <summary>
/// Runs the function app's timer-triggered functions the way the Functions host does: the schedule
/// from [TimerTrigger] (a %Setting% resolved from configuration, like the host's app settings), each
/// occurrence invoked once through the app's worker middleware with a <see cref="TimerInfo"/>.
/// Driven by the app's <see cref="TimeProvider"/>, so a test with a fake clock fires a timer by
/// advancing it.
/// </summary>
/// <remarks>
/// <para>A schedule that does not resolve or parse leaves that function not running, logged as an
/// error, and the rest running: the host marks such a function "in error" the same way.</para>
/// <para>RunOnStartup invokes the function once when the DevHost starts. UseMonitor (the attribute's
/// default) keeps the schedule status in the blob store at azure-webjobs-hosts/timers/kmt-devhost/
/// {function}/status, as the host keeps its own, so an occurrence missed while the DevHost was stopped
/// runs once at the next start with IsPastDue set. Without it, missed occurrences are simply skipped.
/// An invocation that throws is logged; the schedule goes on (the host does not retry timers).</para>
/// <para>Schedules are in UTC (the host's default; WEBSITE_TIME_ZONE is not emulated).</para>
/// </remarks>
internal sealed class TimerTriggerRunner(
    DevWorkerApplicationBuilder worker,
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    TimeProvider time,
    IBlobStore blobs,
    ILogger<TimerTriggerRunner> logger) : BackgroundService
{
    private const string MonitorContainer = "azure-webjobs-hosts";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var functions = FunctionCatalog.TimerFunctions(DevHostApp.FunctionAppAssembly);
        if (functions.Count == 0)
        {
            return;
        }

        var pipeline = worker.Build(DevInvocation.InvokeFunction);
        var running = new List<Task>();
        foreach (var function in functions)
        {
            var expression = ResolveSetting(function.Schedule, configuration, out var missing);
            var schedule = expression is null ? null : TimerSchedule.TryParse(expression, out var error) is { } parsed ? parsed : Fail(function, error!);
            if (expression is null)
            {
                logger.LogError("Timer function {Function} is not running: its schedule {Schedule} names setting {Setting}, which is not set.", function.Name, function.Schedule, missing);
            }

            if (schedule is not null)
            {
                logger.LogInformation("Timer trigger: {Function} on {Schedule}", function.Name, schedule);
                running.Add(RunAsync(function, schedule, pipeline, stoppingToken));
            }
        }

        await Task.WhenAll(running);
    }

    /// <summary>
    /// Replaces %Name% with configuration["Name"], as the host resolves app settings in trigger attributes;
    /// null when a named setting is not set (<paramref name="missing"/> names it).
    /// </summary>
    internal static string? ResolveSetting(string value, IConfiguration configuration, out string? missing)
    {
        missing = null;
        var start = value.IndexOf('%', StringComparison.Ordinal);
        if (start < 0)
        {
            return value;
        }

        var end = value.IndexOf('%', start + 1);
        if (end < 0)
        {
            return value;
        }

        var name = value[(start + 1)..end];
        var resolved = configuration[name];
        if (string.IsNullOrWhiteSpace(resolved))
        {
            missing = name;
            return null;
        }

        return ResolveSetting(value[..start] + resolved + value[(end + 1)..], configuration, out missing);
    }

    private TimerSchedule? Fail(TimerFunction function, string error)
    {
        logger.LogError("Timer function {Function} is not running: {Error}", function.Name, error);
        return null;
    }

    private async Task RunAsync(TimerFunction function, TimerSchedule schedule, FunctionExecutionDelegate pipeline, CancellationToken stoppingToken)
    {
        try
        {
            var started = time.GetUtcNow();
            var status = function.UseMonitor ? await ReadStatusAsync(function, stoppingToken) : null;
            DateTimeOffset? last = status?.Last;
            if (function.RunOnStartup)
            {
                await InvokeAsync(function, pipeline, new TimerInfo { ScheduleStatus = Status(last, schedule.Next(started), started) }, stoppingToken);
                last = started;
            }
            else if (status is { Next: var missed } && missed <= started)
            {
                // An occurrence fell while nobody was running: once, marked past due.
                await InvokeAsync(function, pipeline, new TimerInfo { IsPastDue = true, ScheduleStatus = Status(last, schedule.Next(started), started) }, stoppingToken);
                last = missed;
            }

            var due = schedule.Next(time.GetUtcNow());
            await WriteStatusAsync(function, last, due, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                for (var wait = due - time.GetUtcNow(); wait > TimeSpan.Zero; wait = due - time.GetUtcNow())
                {
                    await Task.Delay(wait, time, stoppingToken);
                }

                var now = time.GetUtcNow();
                var next = schedule.Next(now);
                await InvokeAsync(function, pipeline, new TimerInfo { ScheduleStatus = Status(last, next, now) }, stoppingToken);
                last = due;
                due = next;
                await WriteStatusAsync(function, last, due, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task InvokeAsync(TimerFunction function, FunctionExecutionDelegate pipeline, TimerInfo timer, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var context = new DevFunctionContext(new DevFunctionDefinition(function), scope.ServiceProvider, stoppingToken);
            context.Items[typeof(DevInvocation)] = new DevInvocation(function, timer, new Dictionary<string, object?>());
            await pipeline(context);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Timer function {Function} failed; it runs again at its next occurrence.", function.Name);
        }
    }

    private static ScheduleStatus Status(DateTimeOffset? last, DateTimeOffset next, DateTimeOffset now) => new()
    {
        Last = last?.UtcDateTime ?? default,
        Next = next.UtcDateTime,
        LastUpdated = now.UtcDateTime,
    };

    private static string StatusPath(TimerFunction function) => $"timers/kmt-devhost/{function.EntryPoint}/status";

    private async Task<MonitorStatus?> ReadStatusAsync(TimerFunction function, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await blobs.OpenReadAsync(MonitorContainer, StatusPath(function), cancellationToken);
            return stream is null ? null : await JsonSerializer.DeserializeAsync<MonitorStatus>(stream, Json, cancellationToken);
        }
        catch (JsonException)
        {
            return null; // an unreadable status is a first start
        }
    }

    private async Task WriteStatusAsync(TimerFunction function, DateTimeOffset? last, DateTimeOffset next, CancellationToken cancellationToken)
    {
        if (!function.UseMonitor)
        {
            return;
        }

        using var body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(new MonitorStatus(last, next, time.GetUtcNow()), Json));
        await blobs.WriteAsync(MonitorContainer, StatusPath(function), body, 4096, cancellationToken);
    }

    /// <summary>The schedule status kept between runs (the host's ScheduleStatus).</summary>
    internal sealed record MonitorStatus(DateTimeOffset? Last, DateTimeOffset Next, DateTimeOffset LastUpdated);
}
