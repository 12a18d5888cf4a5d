using System.Security.Cryptography;

namespace Kmt.Core.Uploads;

/// <summary>
/// An uploaded file read once into a seekable buffer, hashed on the way: memory up to
/// <see cref="MemoryThresholdBytes"/>, a temporary file (deleted on dispose) beyond.
/// </summary>
internal sealed class BufferedContent : IAsyncDisposable
{
    public const int MemoryThresholdBytes = 16 * 1024 * 1024;

    private BufferedContent(Stream stream, long length, string sha256)
    {
        Stream = stream;
        Length = length;
        Sha256 = sha256;
    }

    /// <summary>Seekable, positioned at 0 when returned.</summary>
    public Stream Stream { get; }

    public long Length { get; }

    /// <summary>Lower-case hex SHA-256 of the bytes.</summary>
    public string Sha256 { get; }

    /// <summary>The content, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<BufferedContent?> ReadAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Stream buffer = new MemoryStream();
        var chunk = new byte[81920];
        long total = 0;
        try
        {
            while (true)
            {
                var read = await content.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total > maxBytes)
                {
                    await buffer.DisposeAsync().ConfigureAwait(false);
                    return null;
                }

                if (buffer is MemoryStream memory && total > MemoryThresholdBytes)
                {
                    buffer = await SpillAsync(memory, cancellationToken).ConfigureAwait(false);
                }

                hash.AppendData(chunk, 0, read);
                await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            await buffer.FlushAsync(cancellationToken).ConfigureAwait(false);
            buffer.Position = 0;
            return new BufferedContent(buffer, total, Convert.ToHexStringLower(hash.GetCurrentHash()));
        }
        catch
        {
            await buffer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => Stream.DisposeAsync();

    private static async Task<Stream> SpillAsync(MemoryStream memory, CancellationToken cancellationToken)
    {
        var file = new FileStream(
            Path.Combine(Path.GetTempPath(), "kmt-upload-" + Guid.NewGuid().ToString("N")),
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.None,
            81920,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            memory.Position = 0;
            await memory.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            await memory.DisposeAsync().ConfigureAwait(false);
            return file;
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
