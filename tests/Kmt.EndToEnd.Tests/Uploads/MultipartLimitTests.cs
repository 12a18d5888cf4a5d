using System.Text;
using Kmt.Core.Common;
using Kmt.Core.Uploads;
using Kmt.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Kmt.EndToEnd.Tests.Uploads;

/// <summary>Defect 10 of issue 7: a multipart upload stops reading at the per-file limit instead of buffering the body first.</summary>
public sealed class MultipartLimitTests
{
    private const string Boundary = "kmt-test-boundary";

    [Fact]
    public async Task Reading_stops_with_payload_too_large_soon_after_the_file_passes_the_limit()
    {
        var options = new UploadOptions { MaxFileBytes = 64 * 1024 };
        var body = new MultipartBody("huge.txt", fileBytes: 200L * 1024 * 1024);
        var context = Request(body);

        var error = await Assert.ThrowsAsync<KmtException>(() => MultipartUpload.ReadAsync(context.Request, options, 1024, CancellationToken.None));

        Assert.Equal(ErrorCode.PayloadTooLarge, error.Code);
        Assert.True(body.Served < 1024 * 1024, $"{body.Served} bytes were read for a 64 KB limit");
        await context.Response.CompleteAsync();
    }

    [Fact]
    public async Task Files_and_fields_within_the_limits_are_read()
    {
        var body = new MultipartBody("note.txt", fileBytes: 1000, fields: [("title", "A title"), ("tags", "a, b"), ("tags", "c")]);
        var context = Request(body);

        var (files, details) = await MultipartUpload.ReadAsync(context.Request, new UploadOptions { MaxFileBytes = 1000 }, 1024, CancellationToken.None);

        var file = Assert.Single(files);
        Assert.Equal("note.txt", file.FileName);
        Assert.Equal(1000, file.Length);
        Assert.Equal(1000, file.Content.Length);
        Assert.Equal("A title", details.Title);
        Assert.Equal(["a", "b", "c"], details.Tags);
    }

    private static DefaultHttpContext Request(Stream body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = $"multipart/form-data; boundary={Boundary}";
        context.Request.Body = body;
        return context;
    }

    /// <summary>A multipart body produced on demand (a 200 MB file costs no memory) that counts what was read.</summary>
    private sealed class MultipartBody : Stream
    {
        private readonly byte[] _head;
        private readonly byte[] _tail;
        private readonly long _fileBytes;
        private long _position;

        public MultipartBody(string fileName, long fileBytes, IReadOnlyList<(string Name, string Value)>? fields = null)
        {
            var head = new StringBuilder();
            foreach (var (name, value) in fields ?? [])
            {
                head.Append($"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
            }

            head.Append($"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{fileName}\"\r\nContent-Type: text/plain\r\n\r\n");
            _head = Encoding.UTF8.GetBytes(head.ToString());
            _tail = Encoding.UTF8.GetBytes($"\r\n--{Boundary}--\r\n");
            _fileBytes = fileBytes;
        }

        public long Served => _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var total = _head.Length + _fileBytes + _tail.Length;
            var n = (int)Math.Min(count, total - _position);
            for (var i = 0; i < n; i++)
            {
                var at = _position + i;
                buffer[offset + i] = at < _head.Length ? _head[at]
                    : at < _head.Length + _fileBytes ? (byte)'a'
                    : _tail[at - _head.Length - _fileBytes];
            }

            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
