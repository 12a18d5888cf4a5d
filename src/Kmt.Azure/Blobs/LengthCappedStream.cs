using Kmt.Core.Common;

namespace Kmt.Azure.Blobs;

/// <summary>
/// A read-only, forward-only view of a stream that counts the bytes read and throws
/// PAYLOAD_TOO_LARGE as soon as more than <c>maxBytes</c> come through. Not seekable on purpose:
/// the uploader must read it to the end (it cannot trust a Length).
/// </summary>
internal sealed class LengthCappedStream(Stream inner, long maxBytes) : Stream
{
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    private int Count(int read)
    {
        BytesRead += read;
        if (BytesRead > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        return read;
    }

    internal static KmtException TooLarge(long maxBytes) => new(
        ErrorCode.PayloadTooLarge,
        $"The file is larger than the limit of {maxBytes} bytes.",
        new Dictionary<string, object> { ["max_bytes"] = maxBytes });

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
