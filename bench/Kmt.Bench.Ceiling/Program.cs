// A bare ASP.NET Core minimal API serving a precomputed 1 KB JSON document from memory.
// It is the ceiling the KMT REST scenarios are compared with: same machine, same loopback,
// same wrk settings, no auth, no storage, no serialization.
using System.Text;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

byte[] payload = BuildPayload(1024);
app.MapGet("/ceiling", () => Results.Bytes(payload, "application/json"));
app.MapGet("/health", () => Results.Ok());
app.Run();

static byte[] BuildPayload(int size)
{
    // {"success":true,"data":{"id":"...","title":"...","content":"xxxx..."},"meta":{}} padded to exactly `size` bytes.
    const string head = "{\"success\":true,\"data\":{\"id\":\"kn_0123456789abcdef\",\"title\":\"Ceiling payload\",\"content\":\"";
    const string tail = "\"},\"meta\":{\"request_id\":\"req_ceiling\"}}";
    var filler = new StringBuilder();
    const string words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor ";
    while (head.Length + filler.Length + tail.Length < size)
    {
        filler.Append(words);
    }
    filler.Length = size - head.Length - tail.Length;
    return Encoding.UTF8.GetBytes(head + filler + tail);
}
