using Kmt.Core.Embeddings;
using Kmt.Core.Knowledge;
using Kmt.Core.Tags;
using Kmt.Core.Tests.Fakes;
using Kmt.Core.Uploads;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Knowledge;

/// <summary>Items written through the API ask for their vectors, as uploads do (docs/design/storage.md, "Embeddings").</summary>
public sealed class KnowledgeEmbeddingRequestTests
{
    private readonly InMemoryKnowledgeStore _store = new();
    private readonly InMemoryBlobStore _blobs = new();
    private readonly KnowledgeService _service;
    private readonly Kmt.Core.Accounts.AuthenticatedUser _caller = Caller();

    public KnowledgeEmbeddingRequestTests()
    {
        _service = new KnowledgeService(_store, new Mock<ITagStore>().Object, Limits(), Clock(), embeddings: new EmbeddingRequests(_blobs, NullLogger<EmbeddingRequests>.Instance));
    }

    private static KnowledgeInput Input(string content, params string[] tags) => new("Notes", content, "text", null, null, tags, null, null);

    private bool Requested(string itemId) => _blobs.Blobs.ContainsKey((UploadPaths.EmbeddingRequestsContainer, UploadPaths.EmbeddingRequestPath(_caller.UserId, itemId)));

    [Fact]
    public async Task A_created_item_is_requested()
    {
        var item = await _service.CreateAsync(_caller, Input("spaced repetition"), CancellationToken.None);

        Assert.True(Requested(item.Id));
    }

    [Fact]
    public async Task A_content_change_is_requested_again_and_a_tag_change_is_not()
    {
        var item = await _service.CreateAsync(_caller, Input("spaced repetition"), CancellationToken.None);
        _blobs.Blobs.Clear();

        var retagged = await _service.ReplaceAsync(_caller, item.Id, Input("spaced repetition", "memory"), item.ETag, CancellationToken.None);
        Assert.False(Requested(item.Id));

        await _service.ReplaceAsync(_caller, item.Id, Input("interleaving"), retagged.ETag, CancellationToken.None);
        Assert.True(Requested(item.Id));
    }

    [Fact]
    public async Task A_failing_request_does_not_fail_the_write()
    {
        var blobs = new Mock<IBlobStore>();
        blobs.Setup(b => b.WriteAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<Stream>(), It.IsAny<long>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("storage unavailable"));
        var service = new KnowledgeService(_store, new Mock<ITagStore>().Object, Limits(), Clock(), embeddings: new EmbeddingRequests(blobs.Object, NullLogger<EmbeddingRequests>.Instance));

        var item = await service.CreateAsync(_caller, Input("spaced repetition"), CancellationToken.None);

        Assert.NotNull(await _store.GetAsync(_caller.UserId, item.Id, CancellationToken.None));
        blobs.Verify(b => b.WriteAsync(UploadPaths.EmbeddingRequestsContainer, UploadPaths.EmbeddingRequestPath(_caller.UserId, item.Id), It.IsAny<Stream>(), It.IsAny<long>(), It.IsAny<CancellationToken>()), Times.Once);
    }
}
