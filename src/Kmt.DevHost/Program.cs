using Kmt.DevHost.Hosting;

// Runs the KMT function app's HTTP functions in one local process, without the Functions host.
var app = DevHostApp.Build(DevHostApp.CreateBuilder(args));
await app.RunAsync();
