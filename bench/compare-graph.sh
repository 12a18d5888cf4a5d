#!/usr/bin/env bash
# KMT vs NetworkX on the same files (bench/README.md, "Graph analytics benchmark").
#   bash bench/compare-graph.sh EDGES.tsv PAIRS.tsv KMT_OUT.json
# Runs bench/run-graph.sh first when KMT_OUT.json does not exist yet, then Debian's NetworkX
# (installed with apt-get when missing) on the same edges, pairs and betweenness sources
# (KMT_OUT.json.sources), writes KMT_OUT.networkx.json and prints the comparison table and the
# targets (bench/graph/compare.py). Exits 4 when a target is missed.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"

[[ $# -eq 3 ]] || die "usage: bash bench/compare-graph.sh EDGES.tsv PAIRS.tsv KMT_OUT.json"
EDGES="$1" PAIRS="$2" OUT="$3"
SEED="${BENCH_GRAPH_SEED:-42}"
# Debian's interpreter on purpose: its python3-networkx is the peer the issue names.
PY=/usr/bin/python3

if ! "$PY" -c 'import networkx, scipy' 2>/dev/null; then
  log "installing python3-networkx and python3-scipy (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends python3-networkx python3-scipy python3-numpy >"$WORK/apt.log" 2>&1 \
    || { apt-get update -qq >>"$WORK/apt.log" 2>&1 && apt-get install -y --no-install-recommends python3-networkx python3-scipy python3-numpy >>"$WORK/apt.log" 2>&1; } \
    || { tail -n 20 "$WORK/apt.log" >&2; die "could not install python3-networkx"; }
fi

if [[ ! -f "$OUT" || ! -f "$OUT.sources" ]]; then
  bash "$HERE/run-graph.sh" "$EDGES" "$PAIRS" "$OUT"
fi

NXOUT="${OUT%.json}.networkx.json"
log "NetworkX $("$PY" -c 'import networkx; print(networkx.__version__)') on $EDGES (same pairs, same $(wc -l <"$OUT.sources") betweenness sources, seed $SEED)"
"$PY" "$HERE/graph/networkx_run.py" "$EDGES" "$PAIRS" "$OUT.sources" "$NXOUT" "$SEED"
log "wrote $NXOUT"
"$PY" "$HERE/graph/compare.py" "$OUT" "$NXOUT"
