using Kmt.Core.Insights;
using Kmt.Core.Uploads;
using Microsoft.Extensions.Options;

namespace Kmt.Insights.Models.Tests;

/// <summary>A trained model published through Core's registry to a blob store loads back and scores the same.</summary>
public sealed class ModelRegistryRoundTripTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public async Task A_published_model_is_the_current_one_after_a_load_from_blob_storage()
    {
        var blobs = new DictionaryBlobStore();
        var options = Options.Create(new InsightOptions());
        var publisher = new ImportanceModelRegistry(blobs, new ImportanceModelEngine(), options, TimeProvider.System);
        var reader = new ImportanceModelRegistry(blobs, new ImportanceModelEngine(), options, TimeProvider.System);
        Assert.Equal(ImportancePrior.ModelName, (await reader.GetCurrentAsync(CancellationToken.None)).Version);

        await publisher.PublishAsync(fixture.Model, CancellationToken.None);
        var fresh = new ImportanceModelRegistry(blobs, new ImportanceModelEngine(), options, TimeProvider.System);
        var loaded = await fresh.GetCurrentAsync(CancellationToken.None);

        var asOf = TrainedModelFixture.AsOf;
        var items = fixture.Training[3].Snapshot;
        Assert.Equal("importance-test", loaded.Version);
        Assert.NotSame(fixture.Model, loaded);
        Assert.Equal(fixture.Model.Score(items, asOf, asOf.AddDays(30)), loaded.Score(items, asOf, asOf.AddDays(30)));
        Assert.True(await fresh.ExistsAsync("importance-test", CancellationToken.None));
    }

    /// <summary>Blobs in a dictionary; reads hand out a non-seekable stream, as a network blob stream can be.</summary>
    private sealed class DictionaryBlobStore : IBlobStore
    {
        private readonly Dictionary<(string, string), byte[]> _blobs = new();

        public async Task<BlobItem> WriteAsync(string container, string path, Stream content, long maxBytes, CancellationToken cancellationToken)
        {
            using var buffer = new MemoryStream();
            await content.CopyToAsync(buffer, cancellationToken);
            _blobs[(container, path)] = buffer.ToArray();
            return Item(container, path);
        }

        public Task<BlobItem> CreateAsync(string container, string path, Stream content, long maxBytes, CancellationToken cancellationToken) =>
            WriteAsync(container, path, content, maxBytes, cancellationToken);

        public Task<Stream?> OpenReadAsync(string container, string path, CancellationToken cancellationToken) =>
            Task.FromResult<Stream?>(_blobs.TryGetValue((container, path), out var bytes) ? new ForwardOnlyStream(bytes) : null);

        public Task<BlobItem?> GetAsync(string container, string path, CancellationToken cancellationToken) =>
            Task.FromResult(_blobs.ContainsKey((container, path)) ? Item(container, path) : null);

        public Task MoveAsync(string fromContainer, string path, string toContainer, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteAsync(string container, string path, CancellationToken cancellationToken) => Task.FromResult(_blobs.Remove((container, path)));

        public IAsyncEnumerable<BlobItem> ListAsync(string container, string prefix, CancellationToken cancellationToken) => throw new NotSupportedException();

        private BlobItem Item(string container, string path) => new(container, path, _blobs[(container, path)].Length, "etag", DateTimeOffset.UnixEpoch);
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
