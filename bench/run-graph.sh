#!/usr/bin/env bash
# KMT graph analytics benchmark (bench/README.md, "Graph analytics benchmark").
#   bash bench/run-graph.sh EDGES.tsv PAIRS.tsv OUT.json [--compare]
# Builds bench/Kmt.Bench.Graph (Release) and runs KMT's analytics (src/Kmt.Graph.Analytics) on the
# undirected weighted graph in EDGES.tsv (u TAB v TAB weight) and the pairs in PAIRS.tsv (a TAB b);
# writes OUT.json and OUT.json.sources (the betweenness sources). With --compare it then runs
# bench/compare-graph.sh on the same files (NetworkX on the same input, and the comparison).
# Environment: BENCH_GRAPH_K (sampled betweenness sources, default 200; 0 = exact),
# BENCH_GRAPH_SEED (Louvain and sampling seed, default 42).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"

[[ $# -ge 3 ]] || die "usage: bash bench/run-graph.sh EDGES.tsv PAIRS.tsv OUT.json [--compare]"
EDGES="$1" PAIRS="$2" OUT="$3" COMPARE="${4:-}"
[[ -f "$EDGES" ]] || die "$EDGES not found"
[[ -f "$PAIRS" ]] || die "$PAIRS not found"
K="${BENCH_GRAPH_K:-200}" SEED="${BENCH_GRAPH_SEED:-42}"

log "building bench/Kmt.Bench.Graph (Release)"
build "$ROOT/bench/Kmt.Bench.Graph/Kmt.Bench.Graph.csproj"
DLL="$ROOT/bench/Kmt.Bench.Graph/bin/Release/net10.0/Kmt.Bench.Graph.dll"
log "KMT analytics on $EDGES (k=$K, seed=$SEED, $(nproc) cores)"
DOTNET_CLI_TELEMETRY_OPTOUT=1 dotnet "$DLL" run "$EDGES" "$PAIRS" "$OUT" --k "$K" --seed "$SEED"
log "wrote $OUT"

if [[ "$COMPARE" == "--compare" ]]; then
  bash "$HERE/compare-graph.sh" "$EDGES" "$PAIRS" "$OUT"
fi
