using Microsoft.Extensions.Logging;

namespace Kmt.Testing.Cosmos;

/// <summary>
/// Appends log entries at or above a level to a file that .ci/run prints when a run fails: the
/// end-to-end DevHosts write their Error entries (an unexpected 500's exception, a trigger that threw)
/// to the file named by KMT_E2E_ERROR_LOG, and the Cosmos shim writes Kestrel's connection-level
/// entries (a connection it aborted and why) beside it, so a failure seen once in CI comes with its
/// cause instead of only a request id.
/// </summary>
/// <param name="path">The file to append to.</param>
/// <param name="label">Written on every line (the stack or component that logged).</param>
/// <param name="minimumLevel">The lowest level written.</param>
public sealed class ErrorLogFile(string path, string label, LogLevel minimumLevel = LogLevel.Error) : ILoggerProvider
{
    /// <summary>The environment variable that names the DevHosts' error log.</summary>
    public const string Variable = "KMT_E2E_ERROR_LOG";

    private static readonly Lock Gate = new();

    /// <summary>The file KMT_E2E_ERROR_LOG names, or null when it is not set.</summary>
    public static string? PathFromEnvironment() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : null;

    /// <summary>The provider for the file KMT_E2E_ERROR_LOG names (Error and above), or null when it is not set.</summary>
    /// <param name="label">Written on every line.</param>
    public static ErrorLogFile? FromEnvironment(string label) =>
        PathFromEnvironment() is { } path ? new ErrorLogFile(path, label) : null;

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new FileLogger(path, label, minimumLevel, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class FileLogger(string path, string label, LogLevel minimumLevel, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimumLevel && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"{DateTimeOffset.UtcNow:O} [{label}] {logLevel} {category}: {formatter(state, exception)}{Environment.NewLine}{exception}{Environment.NewLine}";
            lock (Gate)
            {
                File.AppendAllText(path, line);
            }
        }
    }
}
