#!/usr/bin/env python3
"""NetworkX side of bench/compare-graph.sh: the same EDGES/PAIRS, the same output format as
Kmt.Bench.Graph, timed per algorithm. Betweenness runs from the very sources KMT sampled
(SOURCES file, one node id a line): a random.Random whose sample() returns them is passed as
nx.betweenness_centrality's seed, so NetworkX's own code (BFS, accumulation, n/k rescaling) runs
on the same k sources. An empty SOURCES file means exact betweenness."""
import json
import random
import sys
import time

import networkx as nx


class FixedSample(random.Random):
    """A Random whose sample() returns KMT's sources, so both sides use the same k sources."""

    def __init__(self, sources):
        super().__init__(0)
        self._sources = sources

    def sample(self, population, k, *, counts=None):
        assert k == len(self._sources)
        return list(self._sources)


def top20(scores):
    return [[n, s] for n, s in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:20]]


def main(edges, pairs_path, sources_path, out, seed):
    t = time.perf_counter()
    g = nx.read_weighted_edgelist(edges, delimiter="\t", nodetype=str)
    with open(pairs_path) as f:
        pairs = [tuple(line.rstrip("\n").split("\t")[:2]) for line in f if line.strip() and not line.startswith("#")]
    with open(sources_path) as f:
        sources = [line.rstrip("\n") for line in f if line.strip()]
    load = time.perf_counter() - t

    t = time.perf_counter()
    pr = nx.pagerank(g, alpha=0.85, weight="weight")
    t_pr = time.perf_counter() - t

    t = time.perf_counter()
    comms = nx.community.louvain_communities(g, weight="weight", resolution=1, seed=seed)
    t_comm = time.perf_counter() - t
    modularity = nx.community.modularity(g, comms, weight="weight", resolution=1)

    t = time.perf_counter()
    lengths = []
    for a, b in pairs:
        try:
            lengths.append(nx.shortest_path_length(g, a, b))
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            lengths.append(-1)
    t_paths = time.perf_counter() - t

    t = time.perf_counter()
    if sources:
        bc = nx.betweenness_centrality(g, k=len(sources), normalized=True, weight=None, seed=FixedSample(sources))
    else:
        bc = nx.betweenness_centrality(g, normalized=True, weight=None)
    t_bc = time.perf_counter() - t

    result = {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "seconds": {"load": load, "pagerank": t_pr, "communities": t_comm, "paths": t_paths, "betweenness": t_bc},
        "pagerank_top20": top20(pr),
        "modularity": modularity,
        "communities": len(comms),
        "path_lengths": lengths,
        "betweenness_top20": top20(bc),
    }
    with open(out, "w") as f:
        json.dump(result, f, indent=1)
    print(f"NetworkX {nx.__version__} nodes={result['nodes']} edges={result['edges']} load={load:.3f}s "
          f"pagerank={t_pr:.3f}s communities={t_comm:.3f}s ({len(comms)}, Q={modularity:.5f}) "
          f"paths={t_paths:.3f}s betweenness={t_bc:.3f}s", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit("usage: networkx_run.py EDGES PAIRS SOURCES OUT.json SEED")
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
