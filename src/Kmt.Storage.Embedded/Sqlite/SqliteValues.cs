using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Sqlite;

/// <summary>How values are written to and read from SQLite, in one place so every table agrees.</summary>
internal static class SqliteValues
{
    /// <summary>Fixed width UTC text: ordinal text order is time order.</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        // Keeps non-ASCII tags readable in the column the full-text index tokenizes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Time(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static object Time(DateTimeOffset? value) => value is { } v ? Time(v) : DBNull.Value;

    public static DateTimeOffset ParseTime(string text) =>
        new(DateTime.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);

    public static string Real(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string TagsJson(IReadOnlyList<string> tags) => JsonSerializer.Serialize(tags, JsonOptions);

    public static IReadOnlyList<string> ParseTags(string json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<string[]>(json, JsonOptions) ?? [];

    public static SqliteCommand Param(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static string? GetNullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTimeOffset GetTime(this SqliteDataReader reader, int ordinal) => ParseTime(reader.GetString(ordinal));

    public static DateTimeOffset? GetNullableTime(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ParseTime(reader.GetString(ordinal));

    public static int? GetNullableInt32(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    /// <summary>SQLITE_CONSTRAINT_UNIQUE (2067) or SQLITE_CONSTRAINT_PRIMARYKEY (1555).</summary>
    public static bool IsUniqueViolation(this SqliteException exception) =>
        exception.SqliteErrorCode == 19 && exception.SqliteExtendedErrorCode is 2067 or 1555;

    /// <summary>Lower bound of the descendants of a tag path: every "path/..." sorts at or after "path/".</summary>
    public static string DescendantsFrom(string path) => path + "/";

    /// <summary>Upper bound (exclusive): '0' is the character after '/', so "path0" ends the "path/..." range.</summary>
    public static string DescendantsTo(string path) => path + "0";
}
