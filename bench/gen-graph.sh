#!/usr/bin/env bash
# Generates the graph benchmark's input (bench/README.md, "Graph analytics benchmark"):
#   bash bench/gen-graph.sh OUTDIR [EDGES=100000] [PAIRS=1000] [SEED=7]
# writes OUTDIR/edges.tsv (an LFR-like planted-partition graph) and OUTDIR/pairs.tsv;
# deterministic for a seed.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"

[[ $# -ge 1 ]] || die "usage: bash bench/gen-graph.sh OUTDIR [EDGES] [PAIRS] [SEED]"
build "$ROOT/bench/Kmt.Bench.Graph/Kmt.Bench.Graph.csproj"
dotnet "$ROOT/bench/Kmt.Bench.Graph/bin/Release/net10.0/Kmt.Bench.Graph.dll" generate "$1" \
  --edges "${2:-100000}" --pairs "${3:-1000}" --seed "${4:-7}"
