using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Kmt.Core.Accounts;

namespace Kmt.EndToEnd.Tests.Hosting;

/// <summary>local.settings.sample.json lists every setting the app reads, so nobody has to read the code to find one.</summary>
public sealed class SettingsSampleTests
{
    /// <summary>
    /// Every options class of the app's own assemblies (found by its <c>Section</c> constant, so a new
    /// one cannot be forgotten here) has each of its settings in the sample.
    /// </summary>
    [Theory]
    [MemberData(nameof(OptionsClasses))]
    public void Every_option_is_listed_in_the_sample(string options)
    {
        var type = AppOptions().Single(t => t.FullName == options);
        var section = (string)type.GetField("Section")!.GetRawConstantValue()!;
        var listed = SampleKeys();
        var missing = Settings(type, NewOrNull(type), section.Replace(":", "__", StringComparison.Ordinal)).Where(s => !listed.Contains(s.Key)).ToArray();
        Assert.True(missing.Length == 0, "Missing from local.settings.sample.json:\n" + string.Join(",\n", missing.Select(s => $"    \"{s.Key}\": \"{s.Default}\"")));
    }

    [Fact]
    public void The_options_classes_are_found()
    {
        Assert.Contains(typeof(AuthOptions), AppOptions());
        Assert.Contains(typeof(Kmt.DevHost.Hosting.DurableOptions), AppOptions());
        Assert.Contains(typeof(Kmt.Azure.Queues.AzureQueueOptions), AppOptions());
        Assert.True(AppOptions().Count() > 20);
    }

    /// <summary>The options classes, by full name (xunit shows each as its own case).</summary>
    public static TheoryData<string> OptionsClasses() => new(AppOptions().Select(t => t.FullName!).Order(StringComparer.Ordinal));

    private static IEnumerable<Type> AppOptions() =>
        Directory.GetFiles(AppContext.BaseDirectory, "Kmt.*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(n => !n!.Contains(".Tests", StringComparison.Ordinal) && !n.Contains(".Testing", StringComparison.Ordinal))
            .Select(n => Assembly.Load(n!))
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } f
                && f.GetRawConstantValue() is string s && s.StartsWith("Kmt:", StringComparison.Ordinal))
            .Distinct();

    [Fact]
    public void Every_provider_setting_is_listed_in_the_sample_with_its_default()
    {
        var listed = SampleKeys();
        var settings = typeof(Kmt.Functions.Hosting.KmtProviders).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name.EndsWith("Setting", StringComparison.Ordinal))
            .Select(f => ((string)f.GetRawConstantValue()!).Replace(":", "__", StringComparison.Ordinal))
            .ToArray();
        Assert.True(settings.Length >= 8);
        Assert.All(settings, s => Assert.Contains(s, listed));

        // The sample as written chooses the zero-setup defaults.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(SampleValues().Where(kv => kv.Key.StartsWith("Kmt__", StringComparison.Ordinal)).Select(kv => KeyValuePair.Create(kv.Key.Replace("__", ":", StringComparison.Ordinal), (string?)kv.Value)))
            .Build();
        Assert.Equal(Kmt.Functions.Hosting.KmtProviders.From(new ConfigurationBuilder().Build()), Kmt.Functions.Hosting.KmtProviders.From(configuration));
    }

    [Fact]
    public void The_sample_holds_no_secret()
    {
        var sample = File.ReadAllText(SamplePath());
        Assert.DoesNotContain("PRIVATE KEY", sample, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey=", sample, StringComparison.Ordinal);
    }

    /// <summary>Each setting's key with its default, as the line to paste into the sample.</summary>
    private static IEnumerable<(string Key, string Default)> Settings(Type type, object? instance, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var key = $"{prefix}__{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var value = instance is null ? null : property.GetValue(instance);
            if (propertyType.IsClass && propertyType != typeof(string) && propertyType != typeof(Uri) && !propertyType.IsArray)
            {
                foreach (var nested in Settings(propertyType, value, key))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return (key, value switch
                {
                    null => "",
                    bool b => b ? "true" : "false",
                    IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                    _ => value.ToString() ?? "",
                });
            }
        }
    }

    private static object? NewOrNull(Type type) => type.GetConstructor(Type.EmptyTypes) is null ? null : Activator.CreateInstance(type);

    private static Dictionary<string, string> SampleValues()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SamplePath()));
        return document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
    }

    private static HashSet<string> SampleKeys()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SamplePath()));
        return document.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
    }

    private static string SamplePath() => Path.Combine(FunctionsMetadataTests.RepositoryRoot(), "local.settings.sample.json");
}
