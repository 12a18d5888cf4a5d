#!/usr/bin/env bash
# Runs the DevHost on the emulated Azure stack: Cosmos DB for NoSQL (the local server from .ci/cosmos
# behind the test shim, tools/Kmt.CosmosShim), the knowledge graph on the Gremlin test endpoint (a test
# double of Cosmos DB for Apache Gremlin, in memory: tools/Kmt.GremlinTestEndpoint) and Azure Blob and Queue
# Storage (Azurite from .ci/azurite), all on 127.0.0.1. Ctrl+C stops the DevHost, the Gremlin endpoint, the
# shim, the Cosmos DB server and Azurite, each by its PID.
# Everything is in memory: data is gone when the script ends. Usage: scripts/run-emulated-azure.sh [DevHost args]
# (e.g. --urls http://127.0.0.1:5005). What the emulators cannot do (search above all) is listed in
# docs/azure-verification.md.
set -euo pipefail
cd "$(dirname "$0")/.."

export COSMOS_DISABLE_IMDS_ACCESS=true DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
work="$(mktemp -d "${TMPDIR:-/tmp}/kmt-emulated-azure.XXXXXX")"
azurite_pid="" shim_pid="" gremlin_pid="" devhost_pid=""

stop_pid() {
  local pid="$1" name="$2"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  echo "$name (PID $pid) ignored SIGTERM for 10 s; sending SIGKILL" >&2
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  stop_pid "$devhost_pid" "DevHost"
  stop_pid "$gremlin_pid" "Gremlin test endpoint"
  stop_pid "$shim_pid" "Cosmos shim"   # stops the Cosmos DB server it started
  stop_pid "$azurite_pid" "Azurite"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for dir in .ci/azurite .ci/cosmos; do
  if [ ! -d "$dir/node_modules" ]; then
    echo "Installing $dir (npm ci)..."
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
  fi
done

if (exec 3<>/dev/tcp/127.0.0.1/10000) 2>/dev/null; then
  echo "Something already listens on 127.0.0.1:10000; using it as Azurite." >&2
else
  (cd "$work" && exec "$OLDPWD/.ci/azurite/node_modules/.bin/azurite" --silent --skipApiVersionCheck --inMemoryPersistence \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 >"$work/azurite.log" 2>&1) &
  azurite_pid=$!
  for _ in $(seq 1 300); do
    (exec 3<>/dev/tcp/127.0.0.1/10000) 2>/dev/null && break
    kill -0 "$azurite_pid" 2>/dev/null || { cat "$work/azurite.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "Azurite: http://127.0.0.1:10000 (PID $azurite_pid)"
fi

dotnet build tools/Kmt.CosmosShim --nologo -v quiet >/dev/null
dotnet build tools/Kmt.GremlinTestEndpoint --nologo -v quiet >/dev/null
dotnet build src/Kmt.DevHost --nologo -v quiet >/dev/null
dotnet tools/Kmt.CosmosShim/bin/Debug/net10.0/Kmt.CosmosShim.dll --ready-file "$work/cosmos" >"$work/shim.log" 2>&1 &
shim_pid=$!
for _ in $(seq 1 600); do
  [ -s "$work/cosmos" ] && break
  kill -0 "$shim_pid" 2>/dev/null || { cat "$work/shim.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$work/cosmos" ] || { echo "The Cosmos DB shim did not start within 60 s" >&2; cat "$work/shim.log" >&2; exit 1; }
cosmos="$(cat "$work/cosmos")"
echo "Cosmos DB (local server + shim): ${cosmos%%;AccountKey=*} (PID $shim_pid)"

dotnet tools/Kmt.GremlinTestEndpoint/bin/Debug/net10.0/Kmt.GremlinTestEndpoint.dll --ready-file "$work/gremlin" >"$work/gremlin.log" 2>&1 &
gremlin_pid=$!
for _ in $(seq 1 300); do
  [ -s "$work/gremlin" ] && break
  kill -0 "$gremlin_pid" 2>/dev/null || { cat "$work/gremlin.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$work/gremlin" ] || { echo "The Gremlin test endpoint did not start within 30 s" >&2; cat "$work/gremlin.log" >&2; exit 1; }
gremlin="$(cat "$work/gremlin")"
echo "Gremlin test endpoint (a test double of Cosmos DB for Apache Gremlin): $gremlin (PID $gremlin_pid)"

azurite="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;"
dotnet run --project src/Kmt.DevHost --no-build -- \
  --Kmt:Storage:Provider=Cosmos \
  --Kmt:Blobs:Provider=Azure \
  --Kmt:Queues:Provider=Azure \
  --Kmt:Graph:Provider=Gremlin \
  "--Kmt:Gremlin:Endpoint=$gremlin" \
  --Kmt:Gremlin:AuthMode=Key \
  --Kmt:Gremlin:Key=test-key \
  "--Kmt:Uploads:SweepSchedule=0 */5 * * * *" \
  "--Kmt:Cosmos:ConnectionString=$cosmos" \
  --Kmt:Cosmos:Database=kmt \
  --Kmt:Cosmos:CreateIfNotExists=true \
  --Kmt:Cosmos:AcceptLoopbackCertificate=true \
  --Kmt:Cosmos:UseTransactionalBatch=false \
  --Kmt:Cosmos:UsePartitionDelete=false \
  "--Kmt:Blobs:ConnectionString=$azurite" \
  "--Kmt:Queues:ConnectionString=$azurite" \
  --Kmt:DevHost:Durable:Engine=AzureStorage \
  "$@" &
devhost_pid=$!
wait "$devhost_pid"
