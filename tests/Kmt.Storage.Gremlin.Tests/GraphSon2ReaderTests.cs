using System.Text;
using Kmt.Storage.Gremlin.Results;
using Kmt.Storage.Gremlin.Wire;

namespace Kmt.Storage.Gremlin.Tests;

/// <summary>
/// Pins GraphSON v2 parsing on payloads shaped like Microsoft's Cosmos DB Gremlin docs (the vertex JSON of
/// the "Gremlin support" page, responses with status attributes of the "response headers" page) and
/// TinkerPop's GraphSON 2.0 typed forms.
/// </summary>
public sealed class GraphSon2ReaderTests
{
    [Fact]
    public void Reads_the_cosmos_vertex_form_with_list_valued_properties()
    {
        const string json = """
            {"id":"a7111ba7-0ea1-43c9-b6b2-efc5e3aea4c0","label":"person","type":"vertex",
             "outE":{"knows":[{"id":"3ee53a60-c561-4c5e-9a9f-9c7924bc9aef","inV":"04779300-1c8e-489d-9493-50fd1325a658"}]},
             "properties":{"firstName":[{"value":"Thomas"}],"lastName":[{"value":"Andersen"}],"age":[{"id":"p1","value":45}]}}
            """;
        var vertex = Assert.IsType<GremlinVertex>(GraphSon2Reader.Read(json));
        Assert.Equal("a7111ba7-0ea1-43c9-b6b2-efc5e3aea4c0", vertex.Id);
        Assert.Equal("person", vertex.Label);
        Assert.Equal("Thomas", vertex.Value("firstName"));
        Assert.Equal(45L, vertex.Value("age"));
        Assert.Equal("p1", vertex.Properties["age"][0].Id);
        Assert.Null(vertex.Value("missing"));
    }

    [Fact]
    public void Reads_the_cosmos_edge_form()
    {
        const string json = """
            {"id":"e1","label":"knows","type":"edge","inVLabel":"person","outVLabel":"person",
             "inV":"mary","outV":"thomas","properties":{"weight":0.5,"since":"2019"}}
            """;
        var edge = Assert.IsType<GremlinEdge>(GraphSon2Reader.Read(json));
        Assert.Equal(("e1", "knows", "thomas", "mary"), ((string)edge.Id, edge.Label, (string)edge.OutV, (string)edge.InV));
        Assert.Equal(("person", "person"), (edge.OutVLabel, edge.InVLabel));
        Assert.Equal(0.5, edge.Properties["weight"]);
        Assert.Equal("2019", edge.Properties["since"]);
    }

    [Theory]
    [InlineData("""{"@type":"g:Int32","@value":7}""", typeof(int), "7")]
    [InlineData("""{"@type":"g:Int64","@value":9007199254740993}""", typeof(long), "9007199254740993")]
    [InlineData("""{"@type":"g:Double","@value":1.25}""", typeof(double), "1.25")]
    [InlineData("""{"@type":"g:Float","@value":2.5}""", typeof(float), "2.5")]
    [InlineData("""{"@type":"g:Double","@value":"NaN"}""", typeof(double), "NaN")]
    [InlineData("""{"@type":"g:UUID","@value":"41d2e28a-20a4-4ab0-b379-d810dede3786"}""", typeof(Guid), "41d2e28a-20a4-4ab0-b379-d810dede3786")]
    [InlineData("3", typeof(long), "3")]
    [InlineData("3.5", typeof(double), "3.5")]
    [InlineData("\"x\"", typeof(string), "x")]
    [InlineData("true", typeof(bool), "True")]
    public void Reads_typed_and_plain_scalars(string json, Type type, string expected)
    {
        var value = GraphSon2Reader.Read(json);
        Assert.IsType(type, value);
        Assert.Equal(expected, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Reads_g_Date_as_utc_milliseconds()
    {
        var value = GraphSon2Reader.Read("""{"@type":"g:Date","@value":1481750076295}""");
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1481750076295), value);
    }

    [Fact]
    public void Reads_typed_vertex_with_vertex_properties()
    {
        const string json = """
            {"@type":"g:Vertex","@value":{"id":{"@type":"g:Int32","@value":1},"label":"person",
             "properties":{"name":[{"@type":"g:VertexProperty","@value":{"id":{"@type":"g:Int64","@value":0},"value":"marko","label":"name"}}]}}}
            """;
        var vertex = Assert.IsType<GremlinVertex>(GraphSon2Reader.Read(json));
        Assert.Equal(1, vertex.Id);
        Assert.Equal("marko", vertex.Value("name"));
        Assert.Equal(0L, vertex.Properties["name"][0].Id);
    }

    [Fact]
    public void Reads_typed_edge_with_g_Property_values()
    {
        const string json = """
            {"@type":"g:Edge","@value":{"id":{"@type":"g:Int32","@value":13},"label":"develops","inVLabel":"software","outVLabel":"person",
             "inV":{"@type":"g:Int32","@value":10},"outV":{"@type":"g:Int32","@value":1},
             "properties":{"since":{"@type":"g:Property","@value":{"key":"since","value":{"@type":"g:Int32","@value":2009}}}}}}
            """;
        var edge = Assert.IsType<GremlinEdge>(GraphSon2Reader.Read(json));
        Assert.Equal(13, edge.Id);
        Assert.Equal(10, edge.InV);
        Assert.Equal(2009, edge.Properties["since"]);
    }

    [Fact]
    public void Reads_paths_typed_and_untyped()
    {
        var typed = Assert.IsType<GremlinPath>(GraphSon2Reader.Read("""
            {"@type":"g:Path","@value":{"labels":[["a"],[],[]],"objects":["marko",{"@type":"g:Int32","@value":29},"lop"]}}
            """));
        Assert.Equal(["a"], typed.Labels[0]);
        Assert.Equal(29, typed.Objects[1]);

        var plain = Assert.IsType<GremlinPath>(GraphSon2Reader.Read("""{"labels":[[],["b"]],"objects":["x","y"]}"""));
        Assert.Equal(["b"], plain.Labels[1]);
        Assert.Equal("y", plain.Objects[1]);
    }

    [Fact]
    public void Reads_maps_lists_and_sets()
    {
        var map = Assert.IsType<Dictionary<string, object?>>(GraphSon2Reader.Read("""{"name":["marko"],"age":[29],"id":"1","label":"person"}"""));
        Assert.Equal(["marko"], Assert.IsType<List<object?>>(map["name"]));
        var list = Assert.IsType<List<object?>>(GraphSon2Reader.Read("""{"@type":"g:List","@value":[1,{"@type":"g:Int32","@value":2}]}"""));
        Assert.Equal([1L, 2], list);
        var set = Assert.IsType<List<object?>>(GraphSon2Reader.Read("""{"@type":"g:Set","@value":["a"]}"""));
        Assert.Equal(["a"], set);
        var typedMap = Assert.IsType<Dictionary<string, object?>>(GraphSon2Reader.Read("""{"@type":"g:Map","@value":["k",1]}"""));
        Assert.Equal(1L, typedMap["k"]);
    }

    [Fact]
    public void Reads_a_partial_response_with_cosmos_status_attributes()
    {
        const string json = """
            {"requestId":"2d5b3f02-5c44-4c1b-a7a4-8f0f2f1f0f3e","status":{"code":206,"message":"",
              "attributes":{"x-ms-status-code":200,"x-ms-request-charge":2.29,"x-ms-total-request-charge":4.58,
                            "x-ms-server-time-ms":1.2,"x-ms-activity-id":"a"}},
             "result":{"data":[{"id":"1","label":"item","type":"vertex","properties":{}}],"meta":{}}}
            """;
        var response = GremlinResponse.Parse(Encoding.UTF8.GetBytes(json));
        Assert.Equal(206, response.StatusCode);
        Assert.Equal(200, response.CosmosStatusCode);
        Assert.Equal(2.29, response.RequestCharge);
        Assert.Equal(4.58, response.TotalRequestCharge);
        Assert.IsType<GremlinVertex>(Assert.Single(response.Data));
    }

    [Fact]
    public void Reads_x_ms_retry_after_ms_as_a_timespan_string()
    {
        const string json = """
            {"requestId":"2d5b3f02-5c44-4c1b-a7a4-8f0f2f1f0f3e","status":{"code":500,"message":"Request rate is large",
              "attributes":{"x-ms-status-code":429,"x-ms-substatus-code":3200,"x-ms-retry-after-ms":"00:00:03.9500000","x-ms-request-charge":0}},
             "result":{"data":null,"meta":{}}}
            """;
        var response = GremlinResponse.Parse(Encoding.UTF8.GetBytes(json));
        Assert.Equal(TimeSpan.FromMilliseconds(3950), response.RetryAfter);
        Assert.Equal(3200, response.CosmosSubStatusCode);
        Assert.Empty(response.Data);
    }
}
