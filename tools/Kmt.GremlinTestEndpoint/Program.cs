using Kmt.Testing.Gremlin.Server;

// Usage: dotnet run --project tools/Kmt.GremlinTestEndpoint -- [--ready-file PATH]
// Starts the Gremlin test endpoint (a test double of Cosmos DB for Apache Gremlin, in memory, partition key
// property userId as in infra) on 127.0.0.1, prints "KMT_GREMLIN_ENDPOINT=ws://..." (and writes the address to
// PATH), and runs until Ctrl+C or SIGTERM. The SASL key is "test-key". Local runs only.
string? readyFile = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--ready-file" when i + 1 < args.Length:
            readyFile = args[++i];
            break;
        default:
            Console.Error.WriteLine($"Unknown argument {args[i]}. Usage: [--ready-file PATH]");
            return 2;
    }
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

await using var server = await GremlinTestServer.StartAsync(new GremlinTestServerOptions { PartitionKeyProperty = "userId" }, stop.Token);
Console.WriteLine($"KMT_GREMLIN_ENDPOINT={server.Endpoint}");
if (readyFile is not null)
{
    File.WriteAllText(readyFile + ".tmp", server.Endpoint.ToString());
    File.Move(readyFile + ".tmp", readyFile, overwrite: true);
}

try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Stopping.
}

return 0;
