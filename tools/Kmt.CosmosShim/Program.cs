using Kmt.Testing.Cosmos;

// Usage: dotnet run --project tools/Kmt.CosmosShim -- [--port N] [--ready-file PATH] [--trace]
// Starts the local Cosmos DB server (or uses KMT_COSMOS_SERVER_URL) and the HTTPS shim in front of it
// on 127.0.0.1, prints "KMT_COSMOS_CONNECTION_STRING=..." (and writes it to PATH), and runs until
// Ctrl+C or SIGTERM, then stops both. Emulator only: the account key is the public emulator key.
var port = 0;
string? readyFile = null;
var trace = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port" when i + 1 < args.Length:
            port = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--ready-file" when i + 1 < args.Length:
            readyFile = args[++i];
            break;
        case "--trace":
            trace = true;
            break;
        default:
            Console.Error.WriteLine($"Unknown argument {args[i]}. Usage: [--port N] [--ready-file PATH] [--trace]");
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

await using var environment = await CosmosTestEnvironment.StartAsync(trace ? line => Console.Error.WriteLine("[cosmos-shim] " + line) : null, stop.Token, port);
Console.WriteLine($"Local Cosmos DB server: {environment.ServerUrl} (behind the shim)");
Console.WriteLine($"KMT_COSMOS_CONNECTION_STRING={environment.ConnectionString}");
if (readyFile is not null)
{
    File.WriteAllText(readyFile + ".tmp", environment.ConnectionString);
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
