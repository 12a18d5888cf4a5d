using System.Text;

namespace Kmt.Storage.Gremlin.Wire;

/// <summary>
/// The request framing of TinkerPop's WebSocket protocol as Cosmos DB for Apache Gremlin expects it: one byte
/// holding the MIME type's length, the MIME type, then the JSON request (docs/design/graph.md "The Gremlin client").
/// Responses come back as bare JSON.
/// </summary>
public static class GremlinFrame
{
    /// <summary>GraphSON v2: the only serializer Cosmos accepts (no v3, no bytecode).</summary>
    public const string MimeType = "application/vnd.gremlin-v2.0+json";

    /// <summary>Prefixes <paramref name="json"/> with the MIME header.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> json)
    {
        var mime = Encoding.ASCII.GetBytes(MimeType);
        var frame = new byte[1 + mime.Length + json.Length];
        frame[0] = (byte)mime.Length;
        mime.CopyTo(frame, 1);
        json.CopyTo(frame.AsSpan(1 + mime.Length));
        return frame;
    }

    /// <summary>Splits a frame into its MIME type and JSON body; false when the header is malformed.</summary>
    public static bool TryDecode(ReadOnlyMemory<byte> frame, out string mimeType, out ReadOnlyMemory<byte> json)
    {
        mimeType = string.Empty;
        json = default;
        if (frame.Length < 1)
        {
            return false;
        }

        var length = frame.Span[0];
        if (length == 0 || frame.Length < 1 + length)
        {
            return false;
        }

        mimeType = Encoding.ASCII.GetString(frame.Span.Slice(1, length));
        json = frame[(1 + length)..];
        return true;
    }
}
