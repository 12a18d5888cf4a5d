#!/usr/bin/env node
// Starts the local Cosmos DB (NoSQL) REST server (@vercel/cosmosdb-server) on loopback for the
// tests and the emulated-Azure DevHost run. It is an HTTPS server with the package's own
// self-signed (and expired) certificate; the test-only shim in tests/Kmt.Testing.Cosmos sits in
// front of it (see docs/azure-verification.md).
//
// Usage: node start.js [--port N] [--host 127.0.0.1] [--ready-file PATH]
//   --port 0 (the default) takes a free port. Once listening it prints one line
//   "KMT_COSMOS_SERVER_URL=https://127.0.0.1:PORT/" and, with --ready-file, writes the URL to PATH.
//   SIGTERM / SIGINT close it.
"use strict";

const fs = require("fs");
const path = require("path");

let serverModule;
try {
  serverModule = require(path.join(__dirname, "node_modules", "@vercel", "cosmosdb-server"));
} catch (e) {
  console.error("@vercel/cosmosdb-server is not installed: run `npm ci --prefix .ci/cosmos` first (" + e.message + ")");
  process.exit(2);
}

const args = process.argv.slice(2);
const options = { port: 0, host: "127.0.0.1", readyFile: null };
while (args.length) {
  const key = args.shift();
  switch (key) {
    case "--port":
    case "-p":
      options.port = parseInt(args.shift(), 10);
      break;
    case "--host":
      options.host = args.shift();
      break;
    case "--ready-file":
      options.readyFile = args.shift();
      break;
    default:
      console.error(`unknown argument ${key}`);
      process.exit(2);
  }
}

if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
  console.error("--port must be 0..65535");
  process.exit(2);
}
if (!["127.0.0.1", "::1", "localhost"].includes(options.host)) {
  console.error("--host must be a loopback address: nothing here may listen beyond this machine");
  process.exit(2);
}

const server = serverModule.createHttpsServer();
// Keep idle connections longer than the clients do (the shim retires its own after 2 s), so the server
// never closes a connection a client is just reusing.
server.keepAliveTimeout = 120000;
server.headersTimeout = 121000;
server.on("error", (e) => {
  console.error(`cosmosdb-server failed: ${e.message}`);
  process.exit(1);
});
server.listen(options.port, options.host, () => {
  const { port } = server.address();
  const host = options.host === "::1" ? "[::1]" : options.host;
  const url = `https://${host}:${port}/`;
  if (options.readyFile) {
    fs.writeFileSync(options.readyFile + ".tmp", url);
    fs.renameSync(options.readyFile + ".tmp", options.readyFile);
  }
  console.log(`KMT_COSMOS_SERVER_URL=${url}`);
});

let stopping = false;
function stop() {
  if (stopping) {
    return;
  }
  stopping = true;
  server.close(() => process.exit(0));
  // Open keep-alive connections would hold close() up: drop them, and never hang on exit.
  if (typeof server.closeAllConnections === "function") {
    server.closeAllConnections();
  }
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
