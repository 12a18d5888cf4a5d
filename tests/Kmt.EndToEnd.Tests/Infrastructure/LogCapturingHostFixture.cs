using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kmt.EndToEnd.Tests.Infrastructure;

/// <summary>A DevHost that keeps every log entry that passes the host's filters (Warning and above; Information from the error middleware), so a test can assert what the server logged.</summary>
public sealed class LogCapturingHostFixture : DevHostFixture
{
    public ConcurrentQueue<CapturedLog> Logs { get; } = new();

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        // The error middleware's Information lines say how a client error was classified.
        settings["Logging:LogLevel:Kmt.Functions.Middleware.ErrorEnvelopeMiddleware"] = "Information";
        return settings;
    }

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<ILoggerProvider>(new CapturingProvider(Logs));

    protected override void ConfigureLogging(ILoggingBuilder logging) =>
        logging.AddFilter("Kmt.Functions.Middleware.ErrorEnvelopeMiddleware", LogLevel.Information);

    public sealed record CapturedLog(string Category, LogLevel Level, string Message, Exception? Exception);

    private sealed class CapturingProvider(ConcurrentQueue<CapturedLog> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, logs);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<CapturedLog> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                logs.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), exception));
            }
        }
    }
}
