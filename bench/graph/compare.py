#!/usr/bin/env python3
"""Prints KMT vs NetworkX for bench/compare-graph.sh and checks the targets of docs/architecture.md
"Graph analytics" / bench/README.md: the same PageRank top 20 with scores within 1e-6, KMT's
modularity at least NetworkX Louvain's minus 2%, identical path lengths, the same betweenness top 20
(same sources), and KMT at least 10x faster on each algorithm. Exit 0 when every target is met,
4 when one is missed (the table is printed either way)."""
import json
import sys

ALGORITHMS = ["pagerank", "communities", "paths", "betweenness"]


def main(kmt_path, nx_path):
    kmt = json.load(open(kmt_path))
    nxr = json.load(open(nx_path))
    checks = []

    def check(name, ok, detail):
        checks.append((name, ok, detail))

    check("graph size", (kmt["nodes"], kmt["edges"]) == (nxr["nodes"], nxr["edges"]),
          f"KMT {kmt['nodes']} nodes / {kmt['edges']} edges, NetworkX {nxr['nodes']} / {nxr['edges']}")

    k_ids = [n for n, _ in kmt["pagerank_top20"]]
    n_ids = [n for n, _ in nxr["pagerank_top20"]]
    n_scores = dict(nxr["pagerank_top20"])
    diff = max((abs(s - n_scores[n]) for n, s in kmt["pagerank_top20"] if n in n_scores), default=0.0)
    check("pagerank top 20 (same order)", k_ids == n_ids, f"{sum(a == b for a, b in zip(k_ids, n_ids))}/20 positions equal")
    check("pagerank scores within 1e-6", set(k_ids) == set(n_ids) and diff <= 1e-6, f"max |diff| = {diff:.3e}")

    floor = nxr["modularity"] - 0.02 * abs(nxr["modularity"])
    check("modularity >= NetworkX - 2%", kmt["modularity"] >= floor,
          f"KMT {kmt['modularity']:.5f} ({kmt['communities']} communities), NetworkX {nxr['modularity']:.5f} "
          f"({nxr['communities']}), floor {floor:.5f}")

    kp, np_ = kmt["path_lengths"], nxr["path_lengths"]
    same = sum(a == b for a, b in zip(kp, np_))
    check("path lengths identical", len(kp) == len(np_) and same == len(kp),
          f"{same}/{len(np_)} equal, {sum(1 for x in np_ if x < 0)} unreachable")

    kb_ids = [n for n, _ in kmt["betweenness_top20"]]
    nb_ids = [n for n, _ in nxr["betweenness_top20"]]
    nb = dict(nxr["betweenness_top20"])
    bdiff = max((abs(s - nb[n]) for n, s in kmt["betweenness_top20"] if n in nb), default=0.0)
    check("betweenness top 20 (same sources)", kb_ids == nb_ids and bdiff <= 1e-9, f"max |diff| = {bdiff:.3e}")

    print()
    print(f"{'algorithm':<14}{'KMT s':>12}{'NetworkX s':>14}{'ratio':>10}   target >= 10x")
    for a in ["load"] + ALGORITHMS:
        k, n = kmt["seconds"][a], nxr["seconds"][a]
        ratio = n / k if k > 0 else float("inf")
        flag = "" if a == "load" else ("ok" if ratio >= 10 else "MISSED")
        print(f"{a:<14}{k:>12.4f}{n:>14.3f}{ratio:>9.1f}x   {flag}")
        if a != "load":
            check(f"{a} >= 10x faster", ratio >= 10, f"{ratio:.1f}x")
    print()
    for name, ok, detail in checks:
        print(f"{'PASS' if ok else 'MISSED':<7} {name:<36} {detail}")
    missed = [c for c in checks if not c[1]]
    print()
    print("all targets met" if not missed else f"{len(missed)} target(s) missed")
    return 0 if not missed else 4


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: compare.py KMT.json NETWORKX.json")
    sys.exit(main(sys.argv[1], sys.argv[2]))
