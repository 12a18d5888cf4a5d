using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Privacy;
using Kmt.Storage.Contracts;
using Kmt.Storage.Cosmos;
using Kmt.Storage.Cosmos.Documents;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace Kmt.Storage.Cosmos.IntegrationTests;

/// <summary>Cosmos dialect of erasure and the audit log: the order that lets a crashed erasure resume, and per-entry TTL.</summary>
public sealed class CosmosErasureTests(CosmosStoreFixture fixture) : IClassFixture<CosmosStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    private CosmosDatabase Database => fixture.Services.GetRequiredService<CosmosDatabase>();

    [Fact]
    public async Task An_erasure_that_stopped_after_deleting_the_user_document_still_releases_the_login_key_when_run_again()
    {
        var userId = Ids.New();
        var email = $"resume-{Guid.NewGuid():N}@example.org";
        await fixture.Services.GetRequiredService<IUserStore>().CreateAsync(StoreContract.NewUser(email, userId), Ct);
        var keys = await Database.ContainerAsync(ContainerDefinitions.UserKeys, Ct);
        var keyId = DocumentMapper.EmailKey(email);

        // The crash: everything but the login key is gone (the key is released last).
        var users = await Database.ContainerAsync(ContainerDefinitions.Users, Ct);
        await users.DeleteItemAsync<UserDocument>(userId, new PartitionKey(userId), cancellationToken: Ct);
        Assert.Equal(userId, (await keys.ReadItemAsync<UserKeyDocument>(keyId, new PartitionKey(keyId), cancellationToken: Ct)).Resource.UserId);

        await fixture.Services.GetRequiredService<IUserDataEraser>().EraseAsync(userId, Ct);

        var gone = await Assert.ThrowsAsync<CosmosException>(() => keys.ReadItemAsync<UserKeyDocument>(keyId, new PartitionKey(keyId), cancellationToken: Ct));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Audit_entries_carry_the_configured_retention_as_ttl()
    {
        var userId = Ids.New();
        var entry = AuditEvents.Create(userId, AuditEvents.SignIn, DateTimeOffset.UtcNow, new ClientInfo("10.1.2.3", "ua"));
        await fixture.Services.GetRequiredService<IAuditLog>().AppendAsync(entry, Ct);

        var container = await Database.ContainerAsync(ContainerDefinitions.Privacy, Ct);
        var document = (await container.ReadItemAsync<AuditDocument>("audit:" + entry.Id, new PartitionKey(userId), cancellationToken: Ct)).Resource;
        Assert.Equal((int)new PrivacyOptions().AuditRetention.TotalSeconds, document.Ttl);
    }
}
