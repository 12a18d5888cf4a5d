using System.Text;
using System.Text.Json;
using Kmt.Storage.Gremlin.Wire;

namespace Kmt.Storage.Gremlin.Tests;

/// <summary>Pins the request frames: MIME header, eval message shape, SASL PLAIN payload.</summary>
public sealed class GremlinWireTests
{
    [Fact]
    public void Eval_frame_starts_with_the_mime_length_and_type_then_the_eval_request()
    {
        var id = Guid.NewGuid();
        var frame = GremlinRequestWriter.Eval(id, "g.V(_v0)", new Dictionary<string, object> { ["_v0"] = "x", ["_v1"] = 3L, ["_v2"] = new List<object> { "a", 1 } });
        Assert.Equal(33, frame[0]);
        Assert.True(GremlinFrame.TryDecode(frame, out var mime, out var body));
        Assert.Equal("application/vnd.gremlin-v2.0+json", mime);
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        Assert.Equal(id.ToString(), root.GetProperty("requestId").GetString());
        Assert.Equal("eval", root.GetProperty("op").GetString());
        Assert.Equal(string.Empty, root.GetProperty("processor").GetString());
        var args = root.GetProperty("args");
        Assert.Equal("g.V(_v0)", args.GetProperty("gremlin").GetString());
        Assert.Equal("gremlin-groovy", args.GetProperty("language").GetString());
        Assert.Equal("""{"_v0":"x","_v1":3,"_v2":["a",1]}""", args.GetProperty("bindings").GetRawText());
    }

    [Fact]
    public void Authentication_frame_carries_sasl_plain_with_the_resource_path_and_secret()
    {
        var frame = GremlinRequestWriter.Authentication(Guid.NewGuid(), "/dbs/kmt/colls/knowledge", "s3cret");
        Assert.True(GremlinFrame.TryDecode(frame, out _, out var body));
        using var doc = JsonDocument.Parse(body);
        Assert.Equal("authentication", doc.RootElement.GetProperty("op").GetString());
        var sasl = doc.RootElement.GetProperty("args").GetProperty("sasl").GetString()!;
        Assert.Equal("\0/dbs/kmt/colls/knowledge\0s3cret", Encoding.UTF8.GetString(Convert.FromBase64String(sasl)));
    }

    [Fact]
    public void Binding_values_are_plain_json_dates_in_utc_and_nulls_refused()
    {
        var frame = GremlinRequestWriter.Eval(Guid.NewGuid(), "g", new Dictionary<string, object>
        {
            ["d"] = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
            ["g"] = Guid.Empty,
            ["b"] = true,
            ["f"] = 0.5,
        });
        GremlinFrame.TryDecode(frame, out _, out var body);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal("""{"d":"2026-01-02T01:04:05.0000000Z","g":"00000000-0000-0000-0000-000000000000","b":true,"f":0.5}""", doc.RootElement.GetProperty("args").GetProperty("bindings").GetRawText());
        Assert.Throws<ArgumentException>(() => GremlinRequestWriter.Eval(Guid.NewGuid(), "g", new Dictionary<string, object> { ["n"] = new object?[] { null }! }));
    }
}
