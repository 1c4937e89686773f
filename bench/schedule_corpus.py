"""A realistic cluster and workload for `bench/bench_schedule.py`, written as files.

The cluster file is what `kubectl get nodes -o yaml` prints (a `List` of Nodes sorted by name,
with the labels, annotations, addresses, conditions, images and node info a kubelet reports):
node pools of several instance types over three zones, a GPU pool tainted NoSchedule, a spot
pool tainted PreferNoSchedule, 1% of nodes cordoned. The workload is 200 Deployments (replica
counts from 2 to several hundred, as a real cluster's mix) with requests and limits, Services
over most of them, a few PriorityClasses, and what Helm charts commonly add: node selectors and
node affinity to pools, tolerations, preferred pod anti-affinity on the hostname, some required
anti-affinity, zone topology spread constraints (ScheduleAnyway and DoNotSchedule), preferred
pod affinity to another app.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import yaml

ZONES = ("us-east-1a", "us-east-1b", "us-east-1c")
# pool: (share of nodes, instance type, cpu, memory Ki, max pods, taint)
POOLS: dict[str, tuple[float, str, str, int, int, dict[str, str] | None]] = {
    "general": (0.45, "m5.2xlarge", "7910m", 31_709_316, 58, None),
    "compute": (0.20, "c5.4xlarge", "15890m", 30_186_520, 110, None),
    "memory": (0.15, "r5.4xlarge", "15890m", 127_210_560, 110, None),
    "large": (0.10, "m5.8xlarge", "31750m", 127_210_560, 110, None),
    "spot": (0.07, "m5.4xlarge", "15890m", 63_461_444, 110, {"effect": "PreferNoSchedule"}),
    "gpu": (0.03, "p3.2xlarge", "7910m", 62_564_152, 58, {"effect": "NoSchedule"}),
}
IMAGES = (
    ("602401143452.dkr.ecr.us-east-1.amazonaws.com/amazon-k8s-cni:v1.18.1", 68_000_000),
    ("602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/kube-proxy:v1.30.0", 35_000_000),
    ("602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/pause:3.9", 300_000),
    ("registry.k8s.io/coredns/coredns:v1.11.1", 16_000_000),
    ("quay.io/prometheus/node-exporter:v1.8.1", 12_000_000),
    ("fluent/fluent-bit:3.0.4", 33_000_000),
    ("registry.example/app-base:2024.06", 180_000_000),
    ("registry.example/jvm-runtime:21", 210_000_000),
)


def _node(name: str, pool: str, zone: str, rng: random.Random) -> dict[str, Any]:
    _, instance, cpu, memory, max_pods, taint = POOLS[pool]
    labels = {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/instance-type": instance,
        "beta.kubernetes.io/os": "linux",
        "eks.amazonaws.com/capacityType": "SPOT" if pool == "spot" else "ON_DEMAND",
        "eks.amazonaws.com/nodegroup": f"{pool}-pool",
        "failure-domain.beta.kubernetes.io/region": "us-east-1",
        "failure-domain.beta.kubernetes.io/zone": zone,
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
        "node-pool": pool,
        "node.kubernetes.io/instance-type": instance,
        "topology.kubernetes.io/region": "us-east-1",
        "topology.kubernetes.io/zone": zone,
    }
    spec: dict[str, Any] = {
        "providerID": f"aws:///{zone}/i-{rng.getrandbits(64):016x}",
        "podCIDR": f"10.{rng.randrange(256)}.{rng.randrange(256)}.0/24",
    }
    if taint is not None:
        key = "nvidia.com/gpu" if pool == "gpu" else "spot"
        spec["taints"] = [{"key": key, "value": "true", **taint}]
    if rng.random() < 0.01:
        spec["unschedulable"] = True
        spec.setdefault("taints", []).append(
            {"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}
        )
    resources = {
        "cpu": cpu,
        "ephemeral-storage": "95551679124",
        "hugepages-1Gi": "0",
        "hugepages-2Mi": "0",
        "memory": f"{memory}Ki",
        "pods": str(max_pods),
    }
    ip = f"10.0.{rng.randrange(256)}.{rng.randrange(256)}"
    condition = {
        "lastHeartbeatTime": "2024-06-01T12:00:00Z",
        "lastTransitionTime": "2024-05-20T08:00:00Z",
    }
    return {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {
            "annotations": {
                "alpha.kubernetes.io/provided-node-ip": ip,
                "node.alpha.kubernetes.io/ttl": "0",
                "volumes.kubernetes.io/controller-managed-attach-detach": "true",
            },
            "creationTimestamp": "2024-05-20T08:00:00Z",
            "labels": labels,
            "name": name,
            "resourceVersion": str(rng.randrange(10**8)),
            "uid": f"{rng.getrandbits(128):032x}",
        },
        "spec": spec,
        "status": {
            "addresses": [
                {"address": ip, "type": "InternalIP"},
                {"address": name, "type": "Hostname"},
                {"address": name, "type": "InternalDNS"},
            ],
            "allocatable": resources,
            "capacity": {**resources, "cpu": str(-(-int(cpu[:-1]) // 1000))},
            "conditions": [
                {**condition, "message": m, "reason": r, "status": s, "type": t}
                for t, r, s, m in (
                    ("MemoryPressure", "KubeletHasSufficientMemory", "False", "ok"),
                    ("DiskPressure", "KubeletHasNoDiskPressure", "False", "ok"),
                    ("PIDPressure", "KubeletHasSufficientPID", "False", "ok"),
                    ("Ready", "KubeletReady", "True", "kubelet is posting ready status"),
                )
            ],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "images": [{"names": [n], "sizeBytes": size} for n, size in IMAGES],
            "nodeInfo": {
                "architecture": "amd64",
                "containerRuntimeVersion": "containerd://1.7.11",
                "kernelVersion": "5.10.217-205.860.amzn2.x86_64",
                "kubeProxyVersion": "v1.30.0-eks-036c24b",
                "kubeletVersion": "v1.30.0-eks-036c24b",
                "operatingSystem": "linux",
                "osImage": "Amazon Linux 2",
            },
        },
    }


def cluster(count: int, seed: int = 1) -> dict[str, Any]:
    """A `kubectl get nodes -o yaml` List of `count` Nodes."""
    rng = random.Random(seed)
    pools = list(POOLS)
    shares = [POOLS[p][0] for p in pools]
    names: list[tuple[str, str, str]] = []
    for i in range(count):
        pool = rng.choices(pools, shares)[0]
        ip = f"10-0-{rng.randrange(256)}-{rng.randrange(256)}"
        names.append((f"ip-{ip}-{i}.ec2.internal", pool, ZONES[i % len(ZONES)]))
    items = [_node(name, pool, zone, rng) for name, pool, zone in sorted(names)]
    return {"apiVersion": "v1", "kind": "List", "items": items, "metadata": {"resourceVersion": ""}}


def _replicas(deployments: int, pods: int, rng: random.Random) -> list[int]:
    """Replica counts that add up to `pods`: many small Deployments, a few large ones."""
    weights = [rng.paretovariate(1.2) for _ in range(deployments)]
    scale = (pods - 2 * deployments) / sum(weights)
    counts = [2 + int(w * scale) for w in weights]
    for i in range(pods - sum(counts)):
        counts[i % deployments] += 1
    return counts


def _container(name: str, rng: random.Random) -> dict[str, Any]:
    container: dict[str, Any] = {
        "name": name,
        "image": f"registry.example/{name}:{rng.randrange(1, 40)}.{rng.randrange(10)}",
        "ports": [{"containerPort": 8080, "name": "http", "protocol": "TCP"}],
    }
    if rng.random() < 0.9:  # some teams still set no requests
        cpu = rng.choice((50, 100, 100, 250, 250, 500, 1000))
        memory = rng.choice((64, 128, 256, 256, 512, 1024, 2048))
        container["resources"] = {
            "requests": {"cpu": f"{cpu}m", "memory": f"{memory}Mi"},
            "limits": {"cpu": f"{cpu * 2}m", "memory": f"{memory}Mi"},
        }
    return container


def _affinity(
    name: str, labels: dict[str, str], replicas: int, others: list[str], rng: random.Random
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What a chart adds: pod (anti-)affinity and topology spread constraints."""
    affinity: dict[str, Any] = {}
    spread: list[dict[str, Any]] = []
    selector = {"matchLabels": labels}
    roll = rng.random()
    if roll < 0.25:  # the common chart default: "soft" anti-affinity on the hostname
        affinity["podAntiAffinity"] = {
            "preferredDuringSchedulingIgnoredDuringExecution": [
                {
                    "weight": 100,
                    "podAffinityTerm": {
                        "labelSelector": selector,
                        "topologyKey": "kubernetes.io/hostname",
                    },
                }
            ]
        }
    elif roll < 0.30 and replicas <= 30:  # one replica per node
        affinity["podAntiAffinity"] = {
            "requiredDuringSchedulingIgnoredDuringExecution": [
                {"labelSelector": selector, "topologyKey": "kubernetes.io/hostname"}
            ]
        }
    roll = rng.random()
    if roll < 0.15:
        spread.append(
            {
                "maxSkew": 1,
                "topologyKey": "topology.kubernetes.io/zone",
                "whenUnsatisfiable": "ScheduleAnyway",
                "labelSelector": selector,
            }
        )
    elif roll < 0.20:
        spread.append(
            {
                "maxSkew": 1,
                "topologyKey": "topology.kubernetes.io/zone",
                "whenUnsatisfiable": "DoNotSchedule",
                "labelSelector": selector,
            }
        )
    if others and rng.random() < 0.03:  # next to the cache it talks to
        affinity["podAffinity"] = {
            "preferredDuringSchedulingIgnoredDuringExecution": [
                {
                    "weight": 50,
                    "podAffinityTerm": {
                        "labelSelector": {
                            "matchLabels": {"app.kubernetes.io/name": rng.choice(others)}
                        },
                        "topologyKey": "topology.kubernetes.io/zone",
                    },
                }
            ]
        }
    return affinity, spread


def _placement(spec: dict[str, Any], affinity: dict[str, Any], rng: random.Random) -> None:
    """Node selectors, node affinity and tolerations, as teams pin workloads to pools."""
    roll = rng.random()
    if roll < 0.15:
        spec["nodeSelector"] = {"node-pool": rng.choice(("general", "compute", "memory"))}
    elif roll < 0.18:
        spec["nodeSelector"] = {"node-pool": "gpu"}
        spec["tolerations"] = [
            {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}
        ]
    elif roll < 0.28:
        affinity["nodeAffinity"] = {
            "requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [
                    {
                        "matchExpressions": [
                            {"key": "node-pool", "operator": "In", "values": ["compute", "large"]}
                        ]
                    }
                ]
            },
            "preferredDuringSchedulingIgnoredDuringExecution": [
                {
                    "weight": 10,
                    "preference": {
                        "matchExpressions": [
                            {
                                "key": "eks.amazonaws.com/capacityType",
                                "operator": "In",
                                "values": ["ON_DEMAND"],
                            }
                        ]
                    },
                }
            ],
        }
    elif roll < 0.40:  # batch-like work that may run on spot nodes
        spec["tolerations"] = [{"key": "spot", "operator": "Equal", "value": "true"}]


def workloads(deployments: int = 200, pods: int = 10_000, seed: int = 2) -> list[dict[str, Any]]:
    """PriorityClasses, then per Deployment its Service (most have one) and itself."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = [
        {
            "apiVersion": "scheduling.k8s.io/v1",
            "kind": "PriorityClass",
            "metadata": {"name": name},
            "value": value,
            "globalDefault": name == "standard",
        }
        for name, value in (("critical", 100_000), ("standard", 1_000), ("batch", 0))
    ]
    names: list[str] = []
    for d, replicas in enumerate(_replicas(deployments, pods, rng)):
        name = f"svc-{d:03d}"
        labels = {"app.kubernetes.io/name": name, "app.kubernetes.io/instance": name}
        affinity, spread = _affinity(name, labels, replicas, names, rng)
        spec: dict[str, Any] = {
            "containers": [_container(name, rng)],
            "serviceAccountName": name,
            "securityContext": {"runAsNonRoot": True, "runAsUser": 10001},
        }
        if rng.random() < 0.2:
            spec["containers"].append(_container(f"{name}-sidecar", rng))
        _placement(spec, affinity, rng)
        if affinity:
            spec["affinity"] = affinity
        if spread:
            spec["topologySpreadConstraints"] = spread
        roll = rng.random()
        if roll < 0.1:
            spec["priorityClassName"] = "critical"
        elif roll < 0.2:
            spec["priorityClassName"] = "batch"
        names.append(name)
        if rng.random() < 0.7:
            out.append(
                {
                    "apiVersion": "v1",
                    "kind": "Service",
                    "metadata": {"name": name, "namespace": "default"},
                    "spec": {"selector": labels, "ports": [{"port": 80, "targetPort": "http"}]},
                }
            )
        out.append(
            {
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "metadata": {"name": name, "namespace": "default", "labels": labels},
                "spec": {
                    "replicas": replicas,
                    "selector": {"matchLabels": labels},
                    "template": {"metadata": {"labels": labels}, "spec": spec},
                },
            }
        )
    return out


def write(
    root: Path, nodes: int, deployments: int = 200, pods: int = 10_000, suffix: str = "yaml"
) -> tuple[Path, Path]:
    """Write `root/nodes-N.yaml` (or `.json`, as `kubectl get nodes -o json` prints it) and
    `root/workloads-D-P.yaml`, unless they are there; return their paths."""
    root.mkdir(parents=True, exist_ok=True)
    cluster_file = root / f"nodes-{nodes}.{suffix}"
    if not cluster_file.exists():
        data = cluster(nodes)
        if suffix == "json":
            text = json.dumps(data, indent=4)
        else:
            text = yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False)
        cluster_file.write_text(text)
    manifests = root / f"workloads-{deployments}-{pods}.yaml"
    if not manifests.exists():
        documents = workloads(deployments, pods)
        manifests.write_text(yaml.dump_all(documents, Dumper=yaml.CSafeDumper, sort_keys=False))
    return cluster_file, manifests
