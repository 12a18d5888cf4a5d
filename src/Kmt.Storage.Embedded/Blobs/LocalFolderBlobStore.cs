using System.Globalization;
using System.Runtime.CompilerServices;
using Kmt.Core.Common;
using Kmt.Core.Uploads;
using Microsoft.Extensions.Options;

namespace Kmt.Storage.Embedded.Blobs;

/// <summary>
/// Blob storage in the data folder: blob {container}/{path} is the file
/// {DataDirectory}/blobs/{container}/{path}. Writes go to a temporary file under blobs/.tmp (same
/// volume) and are moved into place, so a reader never sees half a blob. The ETag is derived from the
/// file's length and last-write time.
/// </summary>
public sealed class LocalFolderBlobStore : IBlobStore
{
    public const string FolderName = "blobs";

    private const string TempFolderName = ".tmp";
    private const int BufferSize = 81920;

    public LocalFolderBlobStore(IOptions<EmbeddedStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RootDirectory = Path.Combine(options.Value.ResolveDataDirectory(), FolderName);
    }

    /// <summary>{DataDirectory}/blobs.</summary>
    public string RootDirectory { get; }

    public Task<BlobItem> WriteAsync(string container, string path, Stream content, long maxBytes, CancellationToken cancellationToken) =>
        WriteAsync(container, path, content, maxBytes, overwrite: true, cancellationToken);

    public Task<BlobItem> CreateAsync(string container, string path, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        // Fail before reading the body when the blob is already there; the move below settles a race.
        return File.Exists(FilePath(container, path))
            ? Task.FromException<BlobItem>(BlobExists())
            : WriteAsync(container, path, content, maxBytes, overwrite: false, cancellationToken);
    }

    private static KmtException BlobExists() => KmtException.Conflict("A file has already been stored here.");

    private async Task<BlobItem> WriteAsync(string container, string path, Stream content, long maxBytes, bool overwrite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var target = FilePath(container, path);
        var tempDirectory = Path.Combine(RootDirectory, TempFolderName);
        Directory.CreateDirectory(tempDirectory);
        var temp = Path.Combine(tempDirectory, Guid.NewGuid().ToString("N"));
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                var buffer = new byte[BufferSize];
                long total = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        throw new KmtException(
                            ErrorCode.PayloadTooLarge,
                            $"The file is larger than the limit of {maxBytes} bytes.",
                            new Dictionary<string, object> { ["max_bytes"] = maxBytes });
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            try
            {
                File.Move(temp, target, overwrite);
            }
            catch (IOException) when (!overwrite && File.Exists(target))
            {
                throw BlobExists();
            }
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        return ToItem(container, path, new FileInfo(target));
    }

    public Task<Stream?> OpenReadAsync(string container, string path, CancellationToken cancellationToken)
    {
        var file = FilePath(container, path);
        try
        {
            // Delete sharing: the blob can be moved or deleted while someone is reading it.
            Stream stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<BlobItem?> GetAsync(string container, string path, CancellationToken cancellationToken)
    {
        var info = new FileInfo(FilePath(container, path));
        return Task.FromResult(info.Exists ? ToItem(container, path, info) : null);
    }

    public Task MoveAsync(string fromContainer, string path, string toContainer, CancellationToken cancellationToken)
    {
        var source = FilePath(fromContainer, path);
        var target = FilePath(toContainer, path);
        if (!File.Exists(source) || string.Equals(source, target, StringComparison.Ordinal))
        {
            return Task.CompletedTask;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(source, target, overwrite: true);

            // Like a copy on Azure Blob Storage, the moved blob is modified now: the quarantine's
            // retention counts from the move (UploadOptions.QuarantineRetention).
            File.SetLastWriteTimeUtc(target, DateTime.UtcNow);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Moved or deleted by someone else meanwhile: as good as done.
        }

        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(string container, string path, CancellationToken cancellationToken)
    {
        var file = FilePath(container, path);
        if (!File.Exists(file))
        {
            return Task.FromResult(false);
        }

        try
        {
            File.Delete(file);
            return Task.FromResult(true);
        }
        catch (DirectoryNotFoundException)
        {
            return Task.FromResult(false);
        }
    }

    /// <summary>Blobs whose path starts with <paramref name="prefix"/> (plain string prefix, as Azure lists), in ordinal path order.</summary>
    public async IAsyncEnumerable<BlobItem> ListAsync(string container, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        var root = ContainerDirectory(container);
        prefix ??= "";
        if (prefix.Length > 0)
        {
            CheckPrefix(prefix);
        }

        // Only the folder the prefix's directory part names can hold matches.
        var slash = prefix.LastIndexOf('/');
        var start = slash < 0 ? root : Path.Combine(root, prefix[..slash].Replace('/', Path.DirectorySeparatorChar));
        if (!Directory.Exists(start))
        {
            yield break;
        }

        var matches = new List<(string Path, FileInfo Info)>();
        foreach (var info in new DirectoryInfo(start).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 }))
        {
            var relative = Path.GetRelativePath(root, info.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (relative.StartsWith(prefix, StringComparison.Ordinal))
            {
                matches.Add((relative, info));
            }
        }

        foreach (var (path, info) in matches.OrderBy(m => m.Path, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            info.Refresh();
            if (info.Exists)
            {
                yield return ToItem(container, path, info);
            }
        }
    }

    /// <summary>Deletes the folder {container}/{folder} with everything in it (a user's blobs on erasure); false when there was none.</summary>
    public bool DeleteFolder(string container, string folder)
    {
        var directory = FilePath(container, folder);
        if (!Directory.Exists(directory))
        {
            return false;
        }

        Directory.Delete(directory, recursive: true);
        return true;
    }

    private static BlobItem ToItem(string container, string path, FileInfo info)
    {
        var modified = info.LastWriteTimeUtc;
        var etag = "\"" + info.Length.ToString("x", CultureInfo.InvariantCulture) + "-" + modified.Ticks.ToString("x", CultureInfo.InvariantCulture) + "\"";
        return new BlobItem(container, path, info.Length, etag, new DateTimeOffset(modified, TimeSpan.Zero));
    }

    private string ContainerDirectory(string container)
    {
        if (string.IsNullOrEmpty(container) || !container.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new ArgumentException("A container name has only lower-case letters, digits and '-'.", nameof(container));
        }

        return Path.Combine(RootDirectory, container);
    }

    /// <summary>The file of a blob; rejects paths that could leave the container (absolute, "..", "\", empty segments).</summary>
    private string FilePath(string container, string path)
    {
        var root = ContainerDirectory(container);
        CheckPath(path);
        var full = Path.GetFullPath(Path.Combine(root, path.Replace('/', Path.DirectorySeparatorChar)));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException("The blob path leaves its container.", nameof(path));
        }

        return full;
    }

    private static void CheckPath(string path)
    {
        if (string.IsNullOrEmpty(path) || path.StartsWith('/') || path.EndsWith('/') || Path.IsPathRooted(path)
            || path.Contains('\\', StringComparison.Ordinal) || path.Contains('\0', StringComparison.Ordinal)
            || (OperatingSystem.IsWindows() && path.Contains(':', StringComparison.Ordinal)))
        {
            throw new ArgumentException("A blob path is relative, uses '/' between non-empty segments and has no '\\' (nor ':' on Windows).", nameof(path));
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                throw new ArgumentException("A blob path cannot have empty, '.' or '..' segments.", nameof(path));
            }
        }
    }

    private static void CheckPrefix(string prefix)
    {
        if (prefix.StartsWith('/') || Path.IsPathRooted(prefix) || prefix.Contains('\\', StringComparison.Ordinal) || prefix.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A blob prefix is relative and uses '/'.", nameof(prefix));
        }

        var segments = prefix.Split('/');
        if (segments.Any(s => s is "." or "..") || segments[..^1].Any(s => s.Length == 0))
        {
            throw new ArgumentException("A blob prefix cannot have empty, '.' or '..' segments.", nameof(prefix));
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
