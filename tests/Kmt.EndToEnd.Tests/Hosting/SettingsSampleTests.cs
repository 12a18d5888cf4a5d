using System.Reflection;
using System.Text.Json;
using Kmt.Azure.Identity;
using Kmt.Azure.Queues;
using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Tags;
using Kmt.Core.Uploads;
using Kmt.Functions.Middleware;
using Kmt.Storage.Embedded;

namespace Kmt.EndToEnd.Tests.Hosting;

/// <summary>local.settings.sample.json lists every setting the app reads, so nobody has to read the code to find one.</summary>
public sealed class SettingsSampleTests
{
    [Theory]
    [InlineData(typeof(AuthOptions), AuthOptions.Section)]
    [InlineData(typeof(KmtLimits), KmtLimits.Section)]
    [InlineData(typeof(EmbeddedStoreOptions), EmbeddedStoreOptions.Section)]
    [InlineData(typeof(RateLimitOptions), RateLimitOptions.Section)]
    [InlineData(typeof(EntraOptions), EntraOptions.Section)]
    [InlineData(typeof(Kmt.Core.Graph.GraphOptions), Kmt.Core.Graph.GraphOptions.Section)]
    [InlineData(typeof(Kmt.Graph.Analytics.Knowledge.GraphAnalyticsOptions), Kmt.Graph.Analytics.Knowledge.GraphAnalyticsOptions.Section)]
    [InlineData(typeof(WorkQueueOptions), WorkQueueOptions.Section)]
    [InlineData(typeof(AzureQueueOptions), AzureQueueOptions.Section)]
    [InlineData(typeof(UploadOptions), UploadOptions.Section)]
    [InlineData(typeof(TagOptions), TagOptions.Section)]
    [InlineData(typeof(Kmt.Core.Import.ImportOptions), Kmt.Core.Import.ImportOptions.Section)]
    [InlineData(typeof(Kmt.Core.Insights.InsightOptions), Kmt.Core.Insights.InsightOptions.Section)]
    [InlineData(typeof(Kmt.DevHost.Hosting.DurableOptions), Kmt.DevHost.Hosting.DurableOptions.Section)]
    public void Every_option_is_listed_in_the_sample(Type options, string section)
    {
        var listed = SampleKeys();
        var missing = SettingKeys(options, section.Replace(":", "__", StringComparison.Ordinal)).Where(k => !listed.Contains(k)).ToArray();
        Assert.True(missing.Length == 0, "Missing from local.settings.sample.json: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_sample_holds_no_secret()
    {
        var sample = File.ReadAllText(SamplePath());
        Assert.DoesNotContain("PRIVATE KEY", sample, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey=", sample, StringComparison.Ordinal);
    }

    private static IEnumerable<string> SettingKeys(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var key = $"{prefix}__{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (propertyType.IsClass && propertyType != typeof(string))
            {
                foreach (var nested in SettingKeys(propertyType, key))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return key;
            }
        }
    }

    private static HashSet<string> SampleKeys()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SamplePath()));
        return document.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
    }

    private static string SamplePath() => Path.Combine(FunctionsMetadataTests.RepositoryRoot(), "local.settings.sample.json");
}
