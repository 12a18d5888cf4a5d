using Kmt.Core.Common;
using Kmt.Core.Uploads;

namespace Kmt.Azure.Tests.Blobs;

/// <summary>
/// What every <see cref="IBlobStore"/> adapter must do. A concrete class per adapter supplies the
/// store; every test works under its own user id, since the containers ("uploads", "quarantine")
/// are shared with other tests.
/// </summary>
public abstract class BlobStoreContract
{
    private const string Uploads = UploadPaths.UploadsContainer;
    private const string Quarantine = UploadPaths.QuarantineContainer;

    /// <summary>A user id no other test uses.</summary>
    protected string User { get; } = "contract-" + Guid.NewGuid().ToString("N")[..12];

    protected abstract IBlobStore Store { get; }

    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Write_then_read_round_trips_the_bytes()
    {
        var bytes = RandomBytes(100_000);
        var path = PathOf("u1", "notes.txt");

        var written = await Store.WriteAsync(Uploads, path, new MemoryStream(bytes), 1_000_000, Ct);

        Assert.Equal(Uploads, written.Container);
        Assert.Equal(path, written.Path);
        Assert.Equal(bytes.Length, written.Size);
        Assert.False(string.IsNullOrEmpty(written.ETag));
        Assert.Equal(bytes, await ReadAllAsync(Uploads, path));
    }

    [Fact]
    public async Task A_blob_larger_than_one_block_round_trips_from_a_stream_that_cannot_seek()
    {
        var bytes = RandomBytes((9 * 1024 * 1024) + 123);
        var path = PathOf("u1", "big.bin");

        var written = await Store.WriteAsync(Uploads, path, new ForwardOnlyStream(bytes), 20 * 1024 * 1024, Ct);

        Assert.Equal(bytes.Length, written.Size);
        Assert.Equal(bytes, await ReadAllAsync(Uploads, path));
    }

    [Fact]
    public async Task Writing_again_replaces_the_content_and_the_etag()
    {
        var path = PathOf("u1", "a.txt");
        var first = await Store.WriteAsync(Uploads, path, new MemoryStream("first version"u8.ToArray()), 1000, Ct);
        await Task.Delay(20, Ct); // a new last-write time even on coarse clocks

        var second = await Store.WriteAsync(Uploads, path, new MemoryStream("second, longer version"u8.ToArray()), 1000, Ct);

        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal("second, longer version"u8.ToArray(), await ReadAllAsync(Uploads, path));
        Assert.Equal(second.Size, (await Store.GetAsync(Uploads, path, Ct))!.Size);
    }

    [Fact]
    public async Task Get_returns_the_metadata_of_the_write()
    {
        var path = PathOf("u1", "meta.txt");
        var before = DateTimeOffset.UtcNow;
        var written = await Store.WriteAsync(Uploads, path, new MemoryStream(RandomBytes(1234)), 10_000, Ct);

        var item = await Store.GetAsync(Uploads, path, Ct);

        Assert.NotNull(item);
        Assert.Equal(Uploads, item.Container);
        Assert.Equal(path, item.Path);
        Assert.Equal(1234, item.Size);
        Assert.Equal(written.ETag, item.ETag);
        Assert.InRange(item.LastModified, before.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task A_missing_blob_is_null_and_deleting_or_moving_it_changes_nothing()
    {
        var path = PathOf("nope", "missing.txt");

        Assert.Null(await Store.GetAsync(Uploads, path, Ct));
        Assert.Null(await Store.OpenReadAsync(Uploads, path, Ct));
        Assert.False(await Store.DeleteAsync(Uploads, path, Ct));
        await Store.MoveAsync(Uploads, path, Quarantine, Ct);
        Assert.Null(await Store.GetAsync(Quarantine, path, Ct));
    }

    [Theory]
    [InlineData(10, 11)]
    [InlineData(5 * 1024 * 1024, (6 * 1024 * 1024) + 1)] // past one staged block on Azure
    public async Task Past_the_size_limit_the_write_fails_with_PAYLOAD_TOO_LARGE_and_leaves_nothing(long maxBytes, int size)
    {
        var path = PathOf("big", "too-large.bin");

        var error = await Assert.ThrowsAsync<KmtException>(() =>
            Store.WriteAsync(Uploads, path, new ForwardOnlyStream(RandomBytes(size)), maxBytes, Ct));

        Assert.Equal(ErrorCode.PayloadTooLarge, error.Code);
        Assert.Null(await Store.GetAsync(Uploads, path, Ct));
        Assert.Null(await Store.OpenReadAsync(Uploads, path, Ct));
        Assert.Empty(await ListAsync(Uploads, User + "/"));
    }

    [Fact]
    public async Task Exactly_the_size_limit_is_accepted()
    {
        var path = PathOf("u1", "exact.bin");

        var written = await Store.WriteAsync(Uploads, path, new ForwardOnlyStream(RandomBytes(4096)), 4096, Ct);

        Assert.Equal(4096, written.Size);
    }

    [Fact]
    public async Task An_oversized_overwrite_leaves_the_previous_blob_as_it_was()
    {
        var path = PathOf("u1", "keep.txt");
        var original = await Store.WriteAsync(Uploads, path, new MemoryStream("small"u8.ToArray()), 100, Ct);

        var error = await Assert.ThrowsAsync<KmtException>(() =>
            Store.WriteAsync(Uploads, path, new MemoryStream(RandomBytes(101)), 100, Ct));

        Assert.Equal(ErrorCode.PayloadTooLarge, error.Code);
        Assert.Equal("small"u8.ToArray(), await ReadAllAsync(Uploads, path));
        Assert.Equal(original.ETag, (await Store.GetAsync(Uploads, path, Ct))!.ETag);
    }

    [Fact]
    public async Task Move_to_quarantine_copies_the_bytes_and_removes_the_source()
    {
        var bytes = RandomBytes(50_000);
        var path = PathOf("u1", "bad.pdf");
        await Store.WriteAsync(Uploads, path, new MemoryStream(bytes), 100_000, Ct);

        await Store.MoveAsync(Uploads, path, Quarantine, Ct);

        Assert.Null(await Store.GetAsync(Uploads, path, Ct));
        Assert.Equal(bytes, await ReadAllAsync(Quarantine, path));
        Assert.Equal(bytes.Length, (await Store.GetAsync(Quarantine, path, Ct))!.Size);
        Assert.True(await Store.DeleteAsync(Quarantine, path, Ct));
    }

    [Fact]
    public async Task Delete_removes_the_blob_once()
    {
        var path = PathOf("u1", "gone.txt");
        await Store.WriteAsync(Uploads, path, new MemoryStream("x"u8.ToArray()), 10, Ct);

        Assert.True(await Store.DeleteAsync(Uploads, path, Ct));

        Assert.Null(await Store.GetAsync(Uploads, path, Ct));
        Assert.False(await Store.DeleteAsync(Uploads, path, Ct));
    }

    [Fact]
    public async Task Create_never_replaces_a_blob_and_of_concurrent_creators_exactly_one_wins()
    {
        var path = PathOf("once", "file.txt");
        await Store.CreateAsync(Uploads, path, new MemoryStream("first"u8.ToArray()), 100, Ct);

        var again = await Assert.ThrowsAsync<KmtException>(() => Store.CreateAsync(Uploads, path, new MemoryStream("second"u8.ToArray()), 100, Ct));
        Assert.Equal(ErrorCode.Conflict, again.Code);
        Assert.Equal("first"u8.ToArray(), await ReadAllAsync(Uploads, path));

        var racePath = PathOf("race", "file.bin");
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            try
            {
                await Store.CreateAsync(Uploads, racePath, new MemoryStream(RandomBytes(50_000 + i)), 100_000, Ct);
                return true;
            }
            catch (KmtException e) when (e.Code == ErrorCode.Conflict)
            {
                return false;
            }
        }, Ct)));
        Assert.Equal(1, results.Count(won => won));
    }

    [Fact]
    public async Task List_returns_exactly_the_blobs_under_the_prefix()
    {
        var userA = User + "A";
        var userA2 = User + "A2";
        var mine = new[] { $"{userA}/up1/one.txt", $"{userA}/up2/two.txt", $"{userA}/up2/three.txt" };
        foreach (var path in mine.Append($"{userA2}/up1/other.txt"))
        {
            await Store.WriteAsync(Uploads, path, new MemoryStream(RandomBytes(path.Length)), 1000, Ct);
        }

        var listed = await ListAsync(Uploads, userA + "/");

        Assert.Equal(mine.Order(StringComparer.Ordinal), listed.Select(b => b.Path).Order(StringComparer.Ordinal));
        Assert.All(listed, b => Assert.Equal(Uploads, b.Container));
        foreach (var item in listed)
        {
            var got = await Store.GetAsync(Uploads, item.Path, Ct);
            Assert.Equal(got!.Size, item.Size);
            Assert.Equal(got.ETag, item.ETag);
        }

        Assert.Equal([$"{userA}/up2/three.txt", $"{userA}/up2/two.txt"], (await ListAsync(Uploads, $"{userA}/up2/")).Select(b => b.Path).Order(StringComparer.Ordinal));
        Assert.Empty(await ListAsync(Quarantine, userA + "/"));
    }

    [Theory]
    [InlineData("Q3 report – naïve café (v2).pdf")]
    [InlineData("日本語のメモ 2024.docx")]
    [InlineData("50% off #1 + more & stuff.txt")]
    public async Task File_names_with_spaces_and_unicode_round_trip(string fileName)
    {
        var path = PathOf("u1", fileName);
        var bytes = RandomBytes(321);

        await Store.WriteAsync(Uploads, path, new MemoryStream(bytes), 1000, Ct);

        Assert.Equal(bytes, await ReadAllAsync(Uploads, path));
        Assert.Equal(path, Assert.Single(await ListAsync(Uploads, User + "/")).Path);
        await Store.MoveAsync(Uploads, path, Quarantine, Ct);
        Assert.Equal(bytes, await ReadAllAsync(Quarantine, path));
        Assert.True(await Store.DeleteAsync(Quarantine, path, Ct));
    }

    [Fact]
    public async Task Concurrent_writes_of_different_blobs_all_land()
    {
        var blobs = Enumerable.Range(0, 12)
            .Select(i => (Path: PathOf($"up{i}", $"file {i}.bin"), Bytes: RandomBytes(10_000 + i)))
            .ToList();

        await Task.WhenAll(blobs.Select(b => Task.Run(() => Store.WriteAsync(Uploads, b.Path, new MemoryStream(b.Bytes), 100_000, Ct), Ct)));

        Assert.Equal(blobs.Count, (await ListAsync(Uploads, User + "/")).Count);
        foreach (var (path, bytes) in blobs)
        {
            Assert.Equal(bytes, await ReadAllAsync(Uploads, path));
        }
    }

    protected string PathOf(string upload, string fileName) => UploadPaths.BlobPath(User, upload, fileName);

    protected async Task<byte[]> ReadAllAsync(string container, string path)
    {
        var stream = await Store.OpenReadAsync(container, path, Ct);
        Assert.NotNull(stream);
        await using (stream)
        {
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy, Ct);
            return copy.ToArray();
        }
    }

    protected async Task<List<BlobItem>> ListAsync(string container, string prefix)
    {
        var items = new List<BlobItem>();
        await foreach (var item in Store.ListAsync(container, prefix, Ct))
        {
            items.Add(item);
        }

        return items;
    }

    protected static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A stream that cannot seek or tell its length, like a request body.</summary>
    protected sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
