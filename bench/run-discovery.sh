#!/usr/bin/env bash
# The read-path benchmarks of the nightly and hourly jobs (bench/README.md, "Discovery steps" and
# "Digest timer"), each printing its figures and ratios against the previous read in the same run:
#   - Kmt.Bench.Discovery: the three discovery steps for one person with BENCH_DISCOVERY_ITEMS items;
#   - Kmt.Bench.Digest: the hourly digest timer over BENCH_DIGEST_PEOPLE people.
#
#   bash bench/run-discovery.sh
#
# Knobs: BENCH_DISCOVERY_ITEMS [10000], BENCH_DISCOVERY_RUNS [3], BENCH_DIGEST_PEOPLE [10000],
# BENCH_DIGEST_RUNS [5], BENCH_ONLY [discovery,digest], BENCH_SKIP_BUILD [0]. Output is also written to
# bench/results/discovery-<timestamp>.txt (git-ignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DISCOVERY_ITEMS="${BENCH_DISCOVERY_ITEMS:-10000}"
BENCH_DISCOVERY_RUNS="${BENCH_DISCOVERY_RUNS:-3}"
BENCH_DIGEST_PEOPLE="${BENCH_DIGEST_PEOPLE:-10000}"
BENCH_DIGEST_RUNS="${BENCH_DIGEST_RUNS:-5}"
BENCH_ONLY="${BENCH_ONLY:-discovery,digest}"
BENCH_SKIP_BUILD="${BENCH_SKIP_BUILD:-0}"
mkdir -p "$ROOT/bench/results"
OUT="$ROOT/bench/results/discovery-$(date -u +%Y%m%dT%H%M%SZ).txt"

run() {
  local name="$1"; shift
  local project="$ROOT/bench/Kmt.Bench.$name"
  if [[ "$BENCH_SKIP_BUILD" != "1" ]]; then
    dotnet build -c Release "$project" -nologo -v quiet
  fi
  echo "== Kmt.Bench.$name $*" | tee -a "$OUT"
  dotnet "$project/bin/Release/net10.0/Kmt.Bench.$name.dll" "$@" | tee -a "$OUT"
}

[[ ",$BENCH_ONLY," == *",discovery,"* ]] && run Discovery "$BENCH_DISCOVERY_ITEMS" "$BENCH_DISCOVERY_RUNS"
[[ ",$BENCH_ONLY," == *",digest,"* ]] && run Digest "$BENCH_DIGEST_PEOPLE" "$BENCH_DIGEST_RUNS"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
