#!/usr/bin/env python3
"""Generates networkx-fixtures.json once, with Debian's python3-networkx (2.8.8), for
Kmt.Graph.Analytics.Tests: small graphs and NetworkX's answers on them. Re-run with
/usr/bin/python3 make_fixtures.py > networkx-fixtures.json (the file is committed)."""
import json

import networkx as nx


def graph_case(name, g, weighted_betweenness=False, partition=None):
    nodes = [str(n) for n in g.nodes()]
    edges = [[str(u), str(v), float(d.get("weight", 1))] for u, v, d in g.edges(data=True)]
    case = {
        "name": name,
        "nodes": nodes,
        "edges": edges,
        "pagerank": {str(k): v for k, v in nx.pagerank(g, weight="weight").items()},
        "betweenness": {str(k): v for k, v in nx.betweenness_centrality(g, normalized=True).items()},
        "betweenness_raw": {str(k): v for k, v in nx.betweenness_centrality(g, normalized=False).items()},
        "hops": {},
    }
    if weighted_betweenness:
        case["betweenness_weighted"] = {
            str(k): v for k, v in nx.betweenness_centrality(g, normalized=True, weight="weight").items()}
    for s, lengths in nx.all_pairs_shortest_path_length(g):
        case["hops"][str(s)] = {str(t): d for t, d in lengths.items()}
    if g.number_of_edges() > 0 and g.size(weight="weight") > 0:
        comms = nx.community.louvain_communities(g, weight="weight", seed=42)
        case["louvain_modularity"] = nx.community.modularity(g, comms, weight="weight")
        if partition is None:
            partition = comms
        case["partition"] = [[str(n) for n in sorted(c, key=str)] for c in partition]
        case["partition_modularity"] = nx.community.modularity(g, partition, weight="weight")
    return case


def main():
    cases = []
    cases.append(graph_case("karate", nx.karate_club_graph(), weighted_betweenness=True))
    cases.append(graph_case("lesmis", nx.les_miserables_graph(), weighted_betweenness=True))

    # Dangling nodes: an isolated node and a node whose only edge has weight 0.
    g = nx.Graph()
    g.add_weighted_edges_from([("a", "b", 2.0), ("b", "c", 1.0), ("c", "a", 3.0), ("c", "d", 0.0)])
    g.add_node("e")
    cases.append(graph_case("dangling", g))

    # Two components and an isolated node.
    g = nx.Graph()
    g.add_weighted_edges_from([("a", "b", 1.0), ("b", "c", 1.0), ("c", "d", 1.0), ("d", "a", 1.0), ("a", "c", 1.0),
                               ("x", "y", 2.0), ("y", "z", 0.5)])
    g.add_node("lonely")
    cases.append(graph_case("disconnected", g))

    # A self-loop, with a fixed partition for modularity.
    g = nx.Graph()
    g.add_weighted_edges_from([("a", "a", 2.0), ("a", "b", 1.0), ("b", "c", 4.0), ("c", "d", 1.0), ("d", "a", 1.5)])
    cases.append(graph_case("selfloop", g, partition=[{"a", "b"}, {"c", "d"}]))

    # Weighted betweenness with equal-length alternatives (integer weights: exact ties).
    g = nx.Graph()
    g.add_weighted_edges_from([("s", "a", 1), ("s", "b", 2), ("a", "t", 2), ("b", "t", 1), ("a", "b", 1),
                               ("t", "u", 3), ("b", "u", 5)])
    cases.append(graph_case("ties", g, weighted_betweenness=True))

    print(json.dumps({"networkx": nx.__version__, "cases": cases}, indent=1, sort_keys=True))


main()
