#!/usr/bin/env bash
# KMT ingestion benchmark: how many documents per second become searchable knowledge items on the
# DevHost (upload -> blob trigger -> parse, analyse, embed, store -> found by search), next to the
# parse-only floor (the same extractors in process). It prints figures and PASS/MISS against the
# target (3 docs/s); it exits 0 either way, and 2 when a document failed or never became searchable.
#
#   bash bench/run-ingestion.sh
#
# Knobs (environment variables, defaults in brackets): see bench/README.md. Any Kmt__* variable set
# by the caller (Kmt__Uploads__ChunkCharacters, Kmt__DevHost__BlobConcurrency, ...) reaches the DevHost.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"

BENCH_INGEST_COUNT="${BENCH_INGEST_COUNT:-100}"
BENCH_INGEST_FORMATS="${BENCH_INGEST_FORMATS:-pdf,docx,html}"
BENCH_UPLOAD_CONCURRENCY="${BENCH_UPLOAD_CONCURRENCY:-4}"
BENCH_FILES_PER_REQUEST="${BENCH_FILES_PER_REQUEST:-1}"
BENCH_TARGET="${BENCH_TARGET:-3}"
BENCH_SEED="${BENCH_SEED:-42}"
BENCH_BLOB_POLL="${BENCH_BLOB_POLL:-00:00:00.100}"
BENCH_INGEST_ARGS="${BENCH_INGEST_ARGS:-}"   # extra arguments for Kmt.Bench.Ingestion (e.g. --inprocess-pipeline)
BENCH_SKIP_BUILD="${BENCH_SKIP_BUILD:-0}"
BENCH_KEEP_DATA="${BENCH_KEEP_DATA:-0}"
BENCH_API_URL="${BENCH_API_URL:-}"   # use an API already running there instead of starting the DevHost
BENCH_DEVHOST_DLL="${BENCH_DEVHOST_DLL:-$ROOT/src/Kmt.DevHost/bin/Release/net10.0/Kmt.DevHost.dll}"
BENCH_STARTUP_TIMEOUT="${BENCH_STARTUP_TIMEOUT:-60}"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

WORK="$(mktemp -d -t kmt-bench-ingest.XXXXXX)"
DEVHOST_PID=""

cleanup() {
  local rc=$?
  stop_pid "$DEVHOST_PID" "DevHost"
  if [[ "$BENCH_KEEP_DATA" == "1" || $rc -ne 0 ]]; then
    log "work directory kept: $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# CPU seconds (user + system) a process has used so far.
cpu_seconds() {
  local pid="$1"
  [[ -r "/proc/$pid/stat" ]] || { echo 0; return; }
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$pid/stat"
}

# ---------------------------------------------------------------------------------------------
# 1. Builds
command -v curl >/dev/null || die "curl is required"
if [[ "$BENCH_SKIP_BUILD" != "1" ]]; then
  if [[ -z "$BENCH_API_URL" ]]; then
    log "building src/Kmt.DevHost (Release)"
    build "$ROOT/src/Kmt.DevHost"
  fi
  log "building bench/Kmt.Bench.Ingestion (Release)"
  build "$BENCH/Kmt.Bench.Ingestion"
fi
BENCH_DLL="$BENCH/Kmt.Bench.Ingestion/bin/Release/net10.0/Kmt.Bench.Ingestion.dll"
[[ -f "$BENCH_DLL" ]] || die "$BENCH_DLL not found (build skipped?)"

# ---------------------------------------------------------------------------------------------
# 2. The DevHost
start_devhost "Kmt__DevHost__BlobPollInterval=$BENCH_BLOB_POLL"

# ---------------------------------------------------------------------------------------------
# 3. The benchmark (documents, parse-only floor, end to end)
mkdir -p "$BENCH/results"
RESULT_FILE="$BENCH/results/ingestion-$(date +%Y%m%d-%H%M%S).txt"
OVERRIDES="$(env | grep -E '^Kmt__(Uploads|DevHost|Embeddings)__' | sort | tr '\n' ' ' || true)"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
CPU_BEFORE="$( [[ -n "$DEVHOST_PID" ]] && cpu_seconds "$DEVHOST_PID" || echo 0)"
set +e
# shellcheck disable=SC2086
dotnet "$BENCH_DLL" --base-url "$API" --out "$WORK/documents" --count "$BENCH_INGEST_COUNT" \
  --formats "$BENCH_INGEST_FORMATS" --seed "$BENCH_SEED" --upload-concurrency "$BENCH_UPLOAD_CONCURRENCY" \
  --files-per-request "$BENCH_FILES_PER_REQUEST" --target "$BENCH_TARGET" ${DEVHOST_PID:+--server-pid "$DEVHOST_PID"} \
  $BENCH_INGEST_ARGS >"$WORK/bench.txt"
BENCH_RC=$?
set -e
CPU_AFTER="$( [[ -n "$DEVHOST_PID" ]] && cpu_seconds "$DEVHOST_PID" || echo 0)"
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

{
  echo "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (dirty)')," \
    "dotnet $(dotnet --version), $(nproc) cores, $(uname -srm)"
  echo "DevHost: ${BENCH_API_URL:-started by the script}, Kmt__DevHost__BlobPollInterval=$BENCH_BLOB_POLL${OVERRIDES:+, overrides: $OVERRIDES}"
  echo "load average before/after: $LOAD_BEFORE / $LOAD_AFTER (other work on the machine distorts the figures)"
  if [[ -n "$DEVHOST_PID" ]]; then
    echo "DevHost CPU during the whole bench (floor included): $(awk -v a="$CPU_BEFORE" -v b="$CPU_AFTER" 'BEGIN { printf "%.1f", b - a }') s (user + system)"
  fi
  echo
  cat "$WORK/bench.txt"
} | tee "$RESULT_FILE"
log "results written to $RESULT_FILE"

if [[ $BENCH_RC -ne 0 ]]; then
  log "!!!!!!!! the benchmark exited with $BENCH_RC: see above (DevHost log: $WORK/devhost.log) !!!!!!!!"
  exit "$BENCH_RC"
fi
