using Kmt.Core.Common;
using Kmt.Core.Uploads;
using Kmt.Storage.Embedded.Uploads;
using Kmt.Storage.Contracts;

namespace Kmt.Storage.Embedded.Tests;

public sealed class UploadStoreTests : TestDatabase
{
    private const string A = "user-a";
    private const string B = "user-b";

    [Fact]
    public async Task Statuses_are_stored_by_name()
    {
        foreach (var status in Enum.GetValues<UploadStatus>())
        {
            var upload = StoreContract.NewUpload(A, status);
            await Uploads.CreateAsync(upload, Ct);
            Assert.Equal(status, (await Uploads.GetAsync(A, upload.Id, Ct))!.Status);
        }

        await using var connection = await Database.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(status, ',') FROM (SELECT status FROM uploads ORDER BY status)";
        Assert.Equal("completed,duplicate,failed,pending,processing,queued", await command.ExecuteScalarAsync(Ct));
        Assert.Equal("processing", SqliteUploadStore.StatusName(UploadStatus.Processing));
    }

    [Fact]
    public async Task The_local_upload_target_is_the_apis_put_endpoint()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T0);
        var upload = StoreContract.NewUpload(A);

        var target = await new LocalUploadTargetIssuer(clock).IssueAsync(upload, TimeSpan.FromMinutes(15), Ct);

        Assert.Equal($"/api/v1/upload/{upload.Id}/content", target.Url);
        Assert.Equal("PUT", target.Method);
        Assert.Empty(target.Headers);
        Assert.Equal(T0.AddMinutes(15), target.ExpiresAt);
    }
}
