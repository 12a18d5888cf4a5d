using Microsoft.Extensions.Logging;

namespace Kmt.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Appends the DevHost's Error and Critical log entries (an unexpected 500's exception, a trigger that
/// threw) to the file named by KMT_E2E_ERROR_LOG, which .ci/run prints when a run fails: a 500 seen
/// once in CI then comes with its stack trace instead of only a request id.
/// </summary>
public sealed class ErrorLogFile(string path) : ILoggerProvider
{
    private static readonly Lock Gate = new();

    /// <summary>The provider for the file KMT_E2E_ERROR_LOG names, or null when it is not set.</summary>
    public static ErrorLogFile? FromEnvironment() =>
        Environment.GetEnvironmentVariable("KMT_E2E_ERROR_LOG") is { Length: > 0 } path ? new ErrorLogFile(path) : null;

    public ILogger CreateLogger(string categoryName) => new FileLogger(path, categoryName);

    public void Dispose()
    {
    }

    private sealed class FileLogger(string path, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"{DateTimeOffset.UtcNow:O} [{E2EStack.Name}] {logLevel} {category}: {formatter(state, exception)}{Environment.NewLine}{exception}{Environment.NewLine}";
            lock (Gate)
            {
                File.AppendAllText(path, line);
            }
        }
    }
}
