using Kmt.Core.Common;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Common;

/// <summary>Opens a connection and runs a trivial query; reports the schema version, and where the data lives (for logs only).</summary>
public sealed class SqliteStoreHealth(SqliteDatabase database) : IStoreHealth
{
    public const string StoreName = "embedded-sqlite";

    public async Task<StoreHealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var details = new Dictionary<string, object?>();
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (var ping = connection.CreateCommand())
            {
                ping.CommandText = "SELECT 1";
                await ping.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }

            details["schema_version"] = await SqliteDatabase.GetSchemaVersionAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (var mode = connection.CreateCommand())
            {
                mode.CommandText = "PRAGMA journal_mode";
                details["journal_mode"] = await mode.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
            }

            return new StoreHealthReport(true, StoreName, "SQLite database file (local embedded store).", details, database.DatabasePath);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            return new StoreHealthReport(false, StoreName, "The SQLite database cannot be opened: " + ex.Message, details, database.DatabasePath);
        }
    }
}
