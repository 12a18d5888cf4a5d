using Kmt.Azure.Blobs;
using Kmt.Azure.Language;
using Kmt.Core.TextAnalysis;
using Kmt.Core.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kmt.Azure.Tests;

public sealed class AzureServiceCollectionExtensionsTests
{
    private const string Azurite =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";

    [Fact]
    public void Without_settings_nothing_is_registered_and_the_embedded_defaults_stay()
    {
        var services = new ServiceCollection();
        services.TryAddSingleton<IBlobStore, StubBlobStore>();

        Assert.False(services.AddKmtAzureBlobStorage(Config()));
        Assert.False(services.AddKmtAzureLanguage(Config()));

        Assert.IsType<StubBlobStore>(services.BuildServiceProvider().GetRequiredService<IBlobStore>());
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(ITextAnalyzer));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_connection_string_makes_Azure_Blob_Storage_win_whatever_the_order(bool embeddedFirst)
    {
        var services = new ServiceCollection();
        var config = Config(("Kmt:Blobs:ConnectionString", Azurite));
        if (embeddedFirst)
        {
            services.AddSingleton<IBlobStore, StubBlobStore>();
        }

        Assert.True(services.AddKmtAzureBlobStorage(config));
        if (!embeddedFirst)
        {
            services.TryAddSingleton<IBlobStore, StubBlobStore>(); // the embedded adapter's TryAdd
        }

        var provider = services.BuildServiceProvider();
        Assert.IsType<AzureBlobStore>(provider.GetRequiredService<IBlobStore>());
        Assert.Single(provider.GetServices<IBlobStore>());
        Assert.True(Assert.IsType<SasUploadTargetIssuer>(provider.GetRequiredService<IUploadTargetIssuer>()).UsesAccountKey);
    }

    [Fact]
    public void A_service_uri_uses_a_token_credential()
    {
        var services = new ServiceCollection();

        Assert.True(services.AddKmtAzureBlobStorage(Config(("Kmt:Blobs:ServiceUri", "https://kmtaccount.blob.core.windows.net"))));

        var issuer = Assert.IsType<SasUploadTargetIssuer>(services.BuildServiceProvider().GetRequiredService<IUploadTargetIssuer>());
        Assert.False(issuer.UsesAccountKey);
    }

    [Fact]
    public void Both_settings_at_once_are_refused()
    {
        var config = Config(("Kmt:Blobs:ConnectionString", Azurite), ("Kmt:Blobs:ServiceUri", "https://kmtaccount.blob.core.windows.net"));

        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddKmtAzureBlobStorage(config));
    }

    [Fact]
    public void A_language_endpoint_registers_the_Azure_analyzer_in_place_of_the_default()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ITextAnalyzer, StubAnalyzer>();

        Assert.True(services.AddKmtAzureLanguage(Config(
            ("Kmt:Language:Endpoint", "https://kmt-language.cognitiveservices.azure.com/"),
            ("Kmt:Language:Key", "from-key-vault"))));

        var provider = services.BuildServiceProvider();
        Assert.IsType<AzureLanguageTextAnalyzer>(provider.GetRequiredService<ITextAnalyzer>());
        Assert.Single(provider.GetServices<ITextAnalyzer>());
    }

    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    private sealed class StubAnalyzer : ITextAnalyzer
    {
        public Task<TextAnalysisResult> AnalyzeAsync(string text, TextAnalysisRequest request, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }

    private sealed class StubBlobStore : IBlobStore
    {
        public Task<BlobItem> WriteAsync(string container, string path, Stream content, long maxBytes, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Stream?> OpenReadAsync(string container, string path, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<BlobItem?> GetAsync(string container, string path, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task MoveAsync(string fromContainer, string path, string toContainer, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteAsync(string container, string path, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<BlobItem> ListAsync(string container, string prefix, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
