using Kmt.Azure.Blobs;
using Kmt.Azure.Language;
using Kmt.Azure.Queues;
using Kmt.Core.Common;
using Kmt.Core.TextAnalysis;
using Kmt.Core.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kmt.Azure.Tests;

public sealed class AzureServiceCollectionExtensionsTests
{
    private const string Azurite =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";

    [Fact]
    public void Choosing_Azure_without_its_settings_is_a_clear_configuration_error()
    {
        var blobs = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddKmtAzureBlobStorage(Config()));
        var language = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddKmtAzureLanguage(Config()));

        Assert.Contains("Kmt:Blobs:ServiceUri", blobs.Message, StringComparison.Ordinal);
        Assert.Contains("Kmt:Language:Endpoint", language.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_registers_Azure_Blob_Storage_and_SAS_upload_targets_once()
    {
        var services = new ServiceCollection();

        services.AddKmtAzureBlobStorage(Config(("Kmt:Blobs:ConnectionString", Azurite)));

        var provider = services.BuildServiceProvider();
        Assert.IsType<AzureBlobStore>(provider.GetRequiredService<IBlobStore>());
        Assert.Single(services, d => d.ServiceType == typeof(IBlobStore));
        Assert.Single(services, d => d.ServiceType == typeof(IUploadTargetIssuer));
        Assert.True(Assert.IsType<SasUploadTargetIssuer>(provider.GetRequiredService<IUploadTargetIssuer>()).UsesAccountKey);
    }

    [Fact]
    public void A_service_uri_uses_a_token_credential()
    {
        var services = new ServiceCollection();

        services.AddKmtAzureBlobStorage(Config(("Kmt:Blobs:ServiceUri", "https://kmtaccount.blob.core.windows.net")));

        var issuer = Assert.IsType<SasUploadTargetIssuer>(services.BuildServiceProvider().GetRequiredService<IUploadTargetIssuer>());
        Assert.False(issuer.UsesAccountKey);
    }

    [Fact]
    public void Both_settings_at_once_are_refused()
    {
        var config = Config(("Kmt:Blobs:ConnectionString", Azurite), ("Kmt:Blobs:ServiceUri", "https://kmtaccount.blob.core.windows.net"));

        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddKmtAzureBlobStorage(config));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(Azurite, "https://kmtaccount.queue.core.windows.net")]
    [InlineData(null, "http://kmtaccount.queue.core.windows.net")]
    public void The_Azure_queue_needs_exactly_one_of_an_https_service_uri_or_a_connection_string(string? connectionString, string? serviceUri)
    {
        var config = Config(("Kmt:Queues:ConnectionString", connectionString), ("Kmt:Queues:ServiceUri", serviceUri));

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddKmtAzureQueue(config));

        Assert.Contains("Kmt:Queues:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_Azure_queue_serves_both_sides_of_the_queue_port_once()
    {
        var services = new ServiceCollection();

        services.AddKmtAzureQueue(Config(("Kmt:Queues:ServiceUri", "https://kmtaccount.queue.core.windows.net")));

        var provider = services.BuildServiceProvider();
        Assert.Single(services, d => d.ServiceType == typeof(IWorkQueue));
        Assert.Single(services, d => d.ServiceType == typeof(IWorkQueueReceiver));
        Assert.Same(provider.GetRequiredService<IWorkQueue>(), Assert.IsType<AzureWorkQueue>(provider.GetRequiredService<IWorkQueueReceiver>()));
    }

    [Fact]
    public void A_language_endpoint_registers_the_Azure_analyzer()
    {
        var services = new ServiceCollection();

        services.AddKmtAzureLanguage(Config(
            ("Kmt:Language:Endpoint", "https://kmt-language.cognitiveservices.azure.com/"),
            ("Kmt:Language:Key", "from-key-vault")));

        var provider = services.BuildServiceProvider();
        Assert.IsType<AzureLanguageTextAnalyzer>(provider.GetRequiredService<ITextAnalyzer>());
        Assert.Single(provider.GetServices<ITextAnalyzer>());
    }

    private static IConfiguration Config(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
