#!/usr/bin/env bash
# KMT search-quality benchmark (bench/README.md, "Search quality"): builds a known-item corpus from Debian
# package descriptions on this machine (make-corpus.py), stores and embeds it once in a data directory, then
# prints MRR@10 and recall@10 of KMT's keyword, semantic and hybrid modes next to plain BM25 (OR-ed terms),
# and the vector-search figures at 10,000 items.
#
#   bash bench/run-search-quality.sh
#
# Knobs: BENCH_SQ_DOCS [3000] documents at most; BENCH_SQ_DATA [/tmp/kmt-bench-search-quality] data directory
# (kept between runs: ingestion is skipped when it holds the corpus); BENCH_SQ_ARGS extra arguments
# (--k 60 --keyword-weight 1 --semantic-weight 1); BENCH_SQ_VECTORS [1] run the vector-scale part;
# BENCH_SKIP_BUILD [0].
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROJECT="$ROOT/bench/Kmt.Bench.SearchQuality"
BENCH_SQ_DOCS="${BENCH_SQ_DOCS:-3000}"
BENCH_SQ_DATA="${BENCH_SQ_DATA:-/tmp/kmt-bench-search-quality}"
BENCH_SQ_ARGS="${BENCH_SQ_ARGS:-}"
BENCH_SQ_VECTORS="${BENCH_SQ_VECTORS:-1}"
BENCH_SKIP_BUILD="${BENCH_SKIP_BUILD:-0}"

command -v python3 >/dev/null || { echo "python3 is required (make-corpus.py)" >&2; exit 1; }
python3 -c 'import yaml' 2>/dev/null || { echo "python3-yaml is required: apt-get install python3-yaml" >&2; exit 1; }

if [[ "$BENCH_SKIP_BUILD" != "1" ]]; then
  dotnet build -c Release "$PROJECT" -nologo -v quiet
fi
DLL="$(find "$PROJECT/bin/Release" -name Kmt.Bench.SearchQuality.dll | head -n 1)"

mkdir -p "$BENCH_SQ_DATA"
CORPUS="$BENCH_SQ_DATA/corpus.jsonl"
python3 "$PROJECT/make-corpus.py" "$CORPUS" "$BENCH_SQ_DOCS"

# shellcheck disable=SC2086
dotnet "$DLL" "$CORPUS" "$BENCH_SQ_DATA/store" $BENCH_SQ_ARGS
if [[ "$BENCH_SQ_VECTORS" == "1" ]]; then
  echo
  echo "Vector search over one person's items:"
  dotnet "$DLL" --vector-scale 10000 3
fi
