namespace Kmt.Core.Common;

/// <summary>
/// Writes held in memory off the request path and written by the host's flusher (access counts, search
/// history: docs/design/storage.md, "Access counts"). One shape, so one hosted service drives them all.
/// </summary>
public interface IWriteBehindBuffer
{
    /// <summary>False when the buffer is switched off and every write goes to the store at once.</summary>
    bool IsBatched { get; }

    /// <summary>How often the flusher writes what is waiting.</summary>
    TimeSpan FlushInterval { get; }

    /// <summary>Completes when so much waits that the flusher should not wait for its interval.</summary>
    Task WhenFull { get; }

    /// <summary>Writes everything waiting; what fails to write stays for the next flush.</summary>
    /// <returns>How many entries were written.</returns>
    Task<int> FlushAsync(CancellationToken cancellationToken);
}
