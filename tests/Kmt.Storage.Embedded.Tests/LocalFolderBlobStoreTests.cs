using Kmt.Core.Common;
using Kmt.Core.Uploads;
using Kmt.Storage.Embedded.Blobs;

namespace Kmt.Storage.Embedded.Tests;

public sealed class LocalFolderBlobStoreTests : TestDatabase
{
    private const string C = "uploads";

    [Fact]
    public async Task Written_blobs_are_files_under_the_data_folder_and_read_back()
    {
        var item = await Blobs.WriteAsync(C, "u1/up1/Report 2024.pdf", new MemoryStream([1, 2, 3]), 10, Ct);

        Assert.Equal(new BlobItem(C, "u1/up1/Report 2024.pdf", 3, item.ETag, item.LastModified), item);
        Assert.StartsWith("\"", item.ETag, StringComparison.Ordinal);
        Assert.EndsWith("\"", item.ETag, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(Directory, "blobs", C, "u1", "up1", "Report 2024.pdf"), Ct));
        Assert.Equal(Path.Combine(Directory, "blobs"), Blobs.RootDirectory);
        Assert.Equal(item, await Blobs.GetAsync(C, "u1/up1/Report 2024.pdf", Ct));
        await using var stream = await Blobs.OpenReadAsync(C, "u1/up1/Report 2024.pdf", Ct);
        var copy = new MemoryStream();
        await stream!.CopyToAsync(copy, Ct);
        Assert.Equal([1, 2, 3], copy.ToArray());
    }

    [Fact]
    public async Task Missing_blobs_are_null_or_false()
    {
        Assert.Null(await Blobs.GetAsync(C, "nope/x", Ct));
        Assert.Null(await Blobs.OpenReadAsync(C, "nope/x", Ct));
        Assert.False(await Blobs.DeleteAsync(C, "nope/x", Ct));
        await Blobs.MoveAsync(C, "nope/x", "quarantine", Ct);
        Assert.Empty(await ListAsync(C, ""));
    }

    [Fact]
    public async Task Rewriting_replaces_the_content_and_changes_the_etag()
    {
        var first = await Blobs.WriteAsync(C, "a/b", new MemoryStream([1]), 10, Ct);
        var second = await Blobs.WriteAsync(C, "a/b", new MemoryStream([1, 2]), 10, Ct);

        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal(2, (await Blobs.GetAsync(C, "a/b", Ct))!.Size);
    }

    [Fact]
    public async Task Writing_past_the_limit_is_payload_too_large_and_leaves_nothing_behind()
    {
        await Blobs.WriteAsync(C, "a/keep", new MemoryStream([9]), 10, Ct);

        var e = await Assert.ThrowsAnyAsync<KmtException>(() => Blobs.WriteAsync(C, "a/big", new MemoryStream(new byte[11]), 10, Ct));
        Assert.Equal(ErrorCode.PayloadTooLarge, e.Code);

        var overwrite = await Assert.ThrowsAnyAsync<KmtException>(() => Blobs.WriteAsync(C, "a/keep", new MemoryStream(new byte[200_000]), 100_000, Ct));
        Assert.Equal(ErrorCode.PayloadTooLarge, overwrite.Code);

        Assert.Null(await Blobs.GetAsync(C, "a/big", Ct));
        Assert.Equal(1, (await Blobs.GetAsync(C, "a/keep", Ct))!.Size);
        Assert.Empty(System.IO.Directory.EnumerateFiles(Path.Combine(Directory, "blobs", ".tmp")));
        Assert.Equal(["a/keep"], await ListAsync(C, ""));

        // Exactly the limit is fine.
        Assert.Equal(10, (await Blobs.WriteAsync(C, "a/exact", new MemoryStream(new byte[10]), 10, Ct)).Size);
    }

    [Fact]
    public async Task Moving_puts_the_blob_in_the_other_container_under_the_same_path()
    {
        await Blobs.WriteAsync(C, "u/x/file.txt", new MemoryStream([5]), 10, Ct);

        await Blobs.MoveAsync(C, "u/x/file.txt", "quarantine", Ct);

        Assert.Null(await Blobs.GetAsync(C, "u/x/file.txt", Ct));
        Assert.Equal(1, (await Blobs.GetAsync("quarantine", "u/x/file.txt", Ct))!.Size);
    }

    [Fact]
    public async Task Delete_removes_the_blob()
    {
        await Blobs.WriteAsync(C, "u/x", new MemoryStream([5]), 10, Ct);

        Assert.True(await Blobs.DeleteAsync(C, "u/x", Ct));
        Assert.False(await Blobs.DeleteAsync(C, "u/x", Ct));
        Assert.Null(await Blobs.GetAsync(C, "u/x", Ct));
    }

    [Fact]
    public async Task Listing_is_recursive_prefix_matched_ordered_and_uses_slashes()
    {
        foreach (var path in new[] { "u2/a/z.txt", "u1/b/y.txt", "u1/a/x.txt", "u10/a/w.txt", "top.txt" })
        {
            await Blobs.WriteAsync(C, path, new MemoryStream([1]), 10, Ct);
        }

        await Blobs.WriteAsync("quarantine", "u1/q/q.txt", new MemoryStream([1]), 10, Ct);

        Assert.Equal(["top.txt", "u1/a/x.txt", "u1/b/y.txt", "u10/a/w.txt", "u2/a/z.txt"], await ListAsync(C, ""));
        Assert.Equal(["u1/a/x.txt", "u1/b/y.txt"], await ListAsync(C, "u1/"));
        Assert.Equal(["u1/a/x.txt", "u1/b/y.txt", "u10/a/w.txt"], await ListAsync(C, "u1"));
        Assert.Equal(["u1/a/x.txt"], await ListAsync(C, "u1/a/"));
        Assert.Equal(["u1/b/y.txt"], await ListAsync(C, "u1/b/y"));
        Assert.Empty(await ListAsync(C, "u3/"));
        Assert.Empty(await ListAsync("empty", ""));
        var listed = await ToListAsync(Blobs.ListAsync(C, "u1/a/", Ct));
        Assert.Equal(C, listed.Single().Container);
        Assert.Equal(1, listed.Single().Size);
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("a/../../escape.txt")]
    [InlineData("a/./b")]
    [InlineData("/absolute.txt")]
    [InlineData("a\\b.txt")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("")]
    [InlineData("a/b\0c")]
    public async Task Paths_that_could_leave_the_container_are_rejected(string path)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Blobs.WriteAsync(C, path, new MemoryStream([1]), 10, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Blobs.GetAsync(C, path, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Blobs.MoveAsync(C, path, "quarantine", Ct));
        Assert.False(File.Exists(Path.Combine(Directory, "escape.txt")));
        Assert.False(File.Exists(Path.Combine(Directory, "blobs", "escape.txt")));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("Uploads")]
    [InlineData("a/b")]
    [InlineData("")]
    public async Task Container_names_are_plain(string container)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Blobs.WriteAsync(container, "a/b", new MemoryStream([1]), 10, Ct));
    }

    [Fact]
    public async Task A_reader_keeps_its_bytes_while_the_blob_is_moved()
    {
        await Blobs.WriteAsync(C, "u/x", new MemoryStream([1, 2, 3]), 10, Ct);
        await using var stream = await Blobs.OpenReadAsync(C, "u/x", Ct);

        await Blobs.MoveAsync(C, "u/x", "quarantine", Ct);

        var copy = new MemoryStream();
        await stream!.CopyToAsync(copy, Ct);
        Assert.Equal([1, 2, 3], copy.ToArray());
    }

    [Fact]
    public async Task Concurrent_writes_of_one_blob_leave_one_whole_version()
    {
        var writes = Enumerable.Range(1, 8).Select(i => Task.Run(() => Blobs.WriteAsync(C, "u/same", new MemoryStream(Enumerable.Repeat((byte)i, 50_000).ToArray()), 100_000, Ct)));
        await Task.WhenAll(writes);

        var bytes = await File.ReadAllBytesAsync(Path.Combine(Directory, "blobs", C, "u", "same"), Ct);
        Assert.Equal(50_000, bytes.Length);
        Assert.Single(bytes.Distinct());
    }

    private async Task<List<string>> ListAsync(string container, string prefix) =>
        (await ToListAsync(Blobs.ListAsync(container, prefix, Ct))).Select(b => b.Path).ToList();

    private static async Task<List<BlobItem>> ToListAsync(IAsyncEnumerable<BlobItem> items)
    {
        var list = new List<BlobItem>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
