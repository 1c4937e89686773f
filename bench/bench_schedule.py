"""Time `kubelint schedule`'s placement loop on generated clusters.

    python bench/bench_schedule.py [--nodes 500,5000,15000] [--pods 10000] [--hard-pods 2000]

Clusters mix four node sizes, five zones, three node types, tainted (NoSchedule and
PreferNoSchedule) and cordoned nodes. The basic case places `--pods` pods from 100 Deployments
with mixed requests, node selectors and tolerations; the hard case places `--hard-pods` pods whose
Deployments carry required pod anti-affinity (one replica per node) and a zone topology spread
constraint (maxSkew 1, DoNotSchedule). Reported: pods per second of the placement loop (pods
expanded from workloads, loop run to the end) by wall-clock and by the process's CPU time (on a
shared machine the second is the steadier), and how many stayed Pending.
"""

from __future__ import annotations

import argparse
import random
import time
from typing import Any

from kubelint.objects import Resource, make_ref
from kubelint.schedule.cluster import Cluster, Node, node_from
from kubelint.schedule.run import simulate
from kubelint.yamlload import Document, SourceFile

SIZES = (("4", "16Gi"), ("8", "32Gi"), ("16", "64Gi"), ("32", "128Gi"))
TYPES = ("general", "compute", "memory")


def cluster(count: int, seed: int = 1) -> Cluster:
    rng = random.Random(seed)
    nodes: list[Node] = []
    for i in range(count):
        cpu, memory = rng.choice(SIZES)
        taints = []
        roll = rng.random()
        if roll < 0.1:
            taints.append({"key": "dedicated", "value": "gpu", "effect": "NoSchedule"})
        elif roll < 0.15:
            taints.append({"key": "spot", "value": "true", "effect": "PreferNoSchedule"})
        data = {
            "metadata": {
                "name": f"node-{i:05d}",
                "labels": {
                    "topology.kubernetes.io/zone": f"zone-{i % 5}",
                    "node-type": rng.choice(TYPES),
                },
            },
            "spec": {"taints": taints, "unschedulable": rng.random() < 0.01},
            "status": {"allocatable": {"cpu": cpu, "memory": memory, "pods": "110"}},
        }
        nodes.append(node_from(data))
    return Cluster(nodes, [], f"generated ({count} nodes)")


def _resource(data: dict[str, Any], index: int) -> Resource:
    document = Document(SourceFile("bench.yaml", ""), index, data, 1)
    return Resource(data, document, (), make_ref(data, "default"))


def deployments(pods: int, hard: bool, seed: int = 2) -> list[Resource]:
    rng = random.Random(seed)
    out = []
    per = pods // 100
    for d in range(100):
        labels = {"app": f"app-{d}"}
        spec: dict[str, Any] = {
            "containers": [
                {
                    "name": "main",
                    "image": f"registry.example/app-{d}:1",
                    "resources": {
                        "requests": {
                            "cpu": f"{rng.choice((100, 250, 500, 1000))}m",
                            "memory": f"{rng.choice((128, 256, 512, 1024, 2048))}Mi",
                        }
                    },
                }
            ]
        }
        if d % 5 == 0:
            spec["nodeSelector"] = {"node-type": rng.choice(TYPES)}
        if d % 10 == 0:
            spec["tolerations"] = [{"key": "dedicated", "operator": "Exists"}]
        if hard:
            spec["affinity"] = {
                "podAntiAffinity": {
                    "requiredDuringSchedulingIgnoredDuringExecution": [
                        {
                            "labelSelector": {"matchLabels": labels},
                            "topologyKey": "kubernetes.io/hostname",
                        }
                    ]
                }
            }
            spec["topologySpreadConstraints"] = [
                {
                    "maxSkew": 1,
                    "topologyKey": "topology.kubernetes.io/zone",
                    "whenUnsatisfiable": "DoNotSchedule",
                    "labelSelector": {"matchLabels": labels},
                }
            ]
        data = {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": f"app-{d}", "namespace": "default"},
            "spec": {
                "replicas": per,
                "selector": {"matchLabels": labels},
                "template": {"metadata": {"labels": labels}, "spec": spec},
            },
        }
        out.append(_resource(data, d))
    return out


def run(nodes: int, pods: int, hard: bool) -> None:
    target = cluster(nodes)
    workloads = deployments(pods, hard)
    start, cpu = time.perf_counter(), time.process_time()
    result = simulate(workloads, target, "default")
    elapsed, used = time.perf_counter() - start, time.process_time() - cpu
    placed = len(result.placements)
    case = "anti-affinity+spread" if hard else "basic"
    print(
        f"{case:<21} {nodes:>6} nodes  {placed:>6} pods  {elapsed:6.2f} s wall "
        f"{placed / elapsed:6.0f} pods/s  {used:6.2f} s cpu {placed / used:6.0f} pods/s  "
        f"({result.pending} pending)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", default="500,5000,15000")
    parser.add_argument("--pods", type=int, default=10000)
    parser.add_argument("--hard-pods", type=int, default=2000)
    args = parser.parse_args()
    sizes = [int(n) for n in args.nodes.split(",")]
    for nodes in sizes:
        run(nodes, args.pods, hard=False)
    for nodes in sizes:
        run(nodes, args.hard_pods, hard=True)


if __name__ == "__main__":
    main()
