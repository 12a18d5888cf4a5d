using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Knowledge;
using Kmt.Core.Tags;
using Kmt.Core.Uploads;
using Kmt.Storage.Embedded.Accounts;
using Kmt.Storage.Embedded.Blobs;
using Kmt.Storage.Embedded.Common;
using Kmt.Storage.Embedded.Knowledge;
using Kmt.Storage.Embedded.Sqlite;
using Kmt.Storage.Embedded.Uploads;
using Moq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kmt.Storage.Embedded.Tests;

public sealed class DatabaseTests : TestDatabase
{
    [Fact]
    public async Task Migrations_are_idempotent_across_instances_and_data_survives()
    {
        var item = await AddItemAsync("u", "Persisted", "kept across reopen");

        var reopened = new SqliteDatabase(Options);
        await reopened.InitializeAsync(Ct);
        await reopened.InitializeAsync(Ct);
        var store = new SqliteKnowledgeStore(reopened);

        Assert.Equal("Persisted", (await store.GetAsync("u", item.Id, Ct))!.Title);
        await using var connection = await reopened.OpenAsync(Ct);
        Assert.Equal(Migrations.LatestVersion, await SqliteDatabase.GetSchemaVersionAsync(connection, Ct));
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA foreign_keys";
        Assert.Equal(1L, await command.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task Concurrent_first_use_of_several_instances_migrates_once()
    {
        var databases = Enumerable.Range(0, 4).Select(_ => new SqliteDatabase(Options)).ToList();
        await Task.WhenAll(databases.Select(d => Task.Run(() => d.InitializeAsync(Ct))));
        foreach (var d in databases)
        {
            await using var connection = await d.OpenAsync(Ct);
            Assert.Equal(Migrations.LatestVersion, await SqliteDatabase.GetSchemaVersionAsync(connection, Ct));
        }
    }

    [Fact]
    public async Task Health_reports_store_details()
    {
        var report = await Health.CheckAsync(Ct);

        Assert.True(report.Healthy);
        Assert.Equal("embedded-sqlite", report.Store);
        Assert.Equal(Path.Combine(Path.GetFullPath(Directory), "kmt.db"), report.Location);
        Assert.DoesNotContain(report.Details.Values, v => v is string s && s.Contains(Directory, StringComparison.Ordinal));
        Assert.Equal(Migrations.LatestVersion, report.Details["schema_version"]);
        Assert.Equal("wal", report.Details["journal_mode"]);
    }

    [Fact]
    public void Options_default_to_kmt_data_under_the_current_directory()
    {
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "kmt-data"), new EmbeddedStoreOptions().ResolveDataDirectory());
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "kmt-data"), new EmbeddedStoreOptions { DataDirectory = " " }.ResolveDataDirectory());
    }

    [Fact]
    public async Task Di_registers_every_port_as_singletons_bound_to_configuration()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Kmt:Embedded:DataDirectory"] = Directory })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddKmtEmbeddedStore(configuration);
        services.AddKmtLocalBlobStorage(configuration);
        services.AddKmtLocalSigningKey(configuration);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.Equal(Directory, provider.GetRequiredService<IOptions<EmbeddedStoreOptions>>().Value.DataDirectory);
        Assert.Same(provider.GetRequiredService<IKnowledgeStore>(), provider.GetRequiredService<SqliteKnowledgeStore>());
        Assert.Same(provider.GetRequiredService<IMailOutbox>(), provider.GetRequiredService<EmbeddedMailOutbox>());
        Assert.NotNull(provider.GetRequiredService<IUserStore>());
        Assert.NotNull(provider.GetRequiredService<ICredentialStore>());
        Assert.NotNull(provider.GetRequiredService<ITagStore>());
        Assert.NotNull(provider.GetRequiredService<IActivityStore>());
        Assert.NotNull(provider.GetRequiredService<IUserDataEraser>());
        Assert.IsType<EmbeddedSigningKeySource>(provider.GetRequiredService<ISigningKeySource>());
        Assert.IsType<SqliteStoreHealth>(provider.GetRequiredService<IStoreHealth>());
        Assert.NotNull(provider.GetRequiredService<IUploadStore>());
        Assert.NotNull(provider.GetRequiredService<IEmbeddingStore>());
        Assert.Same(provider.GetRequiredService<LocalFolderBlobStore>(), provider.GetRequiredService<IBlobStore>());
        Assert.Equal(Path.Combine(Directory, "blobs"), provider.GetRequiredService<LocalFolderBlobStore>().RootDirectory);
        Assert.IsType<LocalUploadTargetIssuer>(provider.GetRequiredService<IUploadTargetIssuer>());

        var report = await provider.GetRequiredService<IStoreHealth>().CheckAsync(Ct);
        Assert.True(report.Healthy);
        Assert.Equal(Path.Combine(Directory, "kmt.db"), report.Location);
    }

    [Fact]
    public void The_store_registers_no_blob_storage_upload_target_or_signing_key_those_are_separate_choices()
    {
        var services = new ServiceCollection();

        services.AddKmtEmbeddedStore(new ConfigurationBuilder().Build());

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IBlobStore));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IUploadTargetIssuer));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(ISigningKeySource));
    }
}
