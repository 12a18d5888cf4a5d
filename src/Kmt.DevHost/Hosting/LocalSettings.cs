using System.Text.Json;

namespace Kmt.DevHost.Hosting;

/// <summary>
/// Like `func start`, reads the "Values" of local.settings.json (in the working directory) into
/// configuration, so one settings file serves both. "A__B" keys become "A:B".
/// </summary>
internal static class LocalSettings
{
    public const string FileName = "local.settings.json";

    public static IConfigurationBuilder AddLocalSettings(this IConfigurationBuilder configuration, string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return configuration;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var values = document.RootElement.TryGetProperty("Values", out var v) && v.ValueKind == JsonValueKind.Object
            ? v.EnumerateObject().ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())
            : [];
        return configuration.AddInMemoryCollection(values);
    }
}
