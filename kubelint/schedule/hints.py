"""A plain-language hint for a pod left Pending: what would make it fit, and which filter
stands most in the way (the field a finding points at)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from kubelint.schedule import filters
from kubelint.schedule.pods import Pod
from kubelint.schedule.records import Stage
from kubelint.schedule.scheduler import Scheduler


def amount(resource: str, value: int) -> str:
    """A resource amount as people write it: 500m or 1.5 cpu, 512Mi or 2Gi of memory."""
    if resource == "cpu":
        return f"{value}m" if 0 < value < 1000 else f"{value / 1000:g}"
    if resource in ("memory", "ephemeral-storage") or resource.startswith("hugepages-"):
        for unit, size in (("Gi", 2**30), ("Mi", 2**20), ("Ki", 2**10)):
            if value >= size:
                text = f"{value / size:.1f}".removesuffix(".0")
                return f"{text}{unit}"
    return str(value)


def _first_failures(scheduler: Scheduler, stages: Sequence[Stage]) -> dict[str, NDArray[np.intp]]:
    """Per filter plugin, the nodes it is the first to rule out."""
    remaining = np.ones(scheduler.size, dtype=np.bool_)
    out = {}
    for stage in stages:
        here = stage.fails & remaining
        if here.any():
            out[stage.plugin] = np.flatnonzero(here)
        remaining &= ~stage.fails
    return out


@dataclass(frozen=True, slots=True)
class Diagnosis:
    hint: str
    plugin: str | None = None  # the filter that rules out the most nodes
    resource: str | None = None  # for NodeResourcesFit: the first resource the closest node lacks


def _resources(scheduler: Scheduler, pod: Pod, nodes: NDArray[np.intp]) -> tuple[str, str]:
    """The smallest addition that lets one of these nodes take the pod (the node short of the
    fewest resources, then of the smallest share of its allocatable), and its first resource."""
    names = ["pods", *pod.requests]
    columns = np.array([scheduler.columns[name] for name in names], dtype=np.intp)
    wanted = np.array([1, *pod.requests.values()], dtype=np.int64)
    short = wanted - scheduler.free[np.ix_(nodes, columns)]
    allocatable = scheduler.allocatable[np.ix_(nodes, columns)]
    lacking = short > 0
    share = np.where(lacking, short / np.maximum(allocatable, 1), 0.0).sum(axis=1)
    best = int(np.lexsort((share, lacking.sum(axis=1)))[0])
    missing = [
        "room for 1 more pod" if name == "pods" else f"{amount(name, int(gap))} more {name}"
        for name, gap, lack in zip(names, short[best], lacking[best], strict=True)
        if lack
    ]
    node = scheduler.nodes[int(nodes[best])].name
    first = next(name for name, lack in zip(names, lacking[best], strict=True) if lack)
    return f"needs {' and '.join(missing)} on {node} (the closest fit)", first


def diagnose(scheduler: Scheduler, pod: Pod, stages: Sequence[Stage]) -> Diagnosis:
    """What stands in the way, most common obstacle first."""
    parts: list[tuple[int, str]] = []
    resource = None
    failures = _first_failures(scheduler, stages)
    for plugin, nodes in failures.items():
        count = len(nodes)
        if plugin == "NodeResourcesFit":
            text, resource = _resources(scheduler, pod, nodes)
            parts.append((count, text))
        elif plugin == "TaintToleration":
            classes = np.unique(scheduler.node_class[nodes])  # nodes alike have the same taints
            taints = {
                str(taint)
                for c in classes
                if (
                    taint := filters.untolerated_taint(
                        scheduler.class_nodes[c].taints, pod.tolerations
                    )
                )
            }
            parts.append((count, f"add a toleration for {', '.join(sorted(taints))}"))
        elif plugin == "NodeAffinity":
            parts.append(
                (
                    count,
                    f"{count} node(s) lack the labels its nodeSelector or node affinity asks for",
                )
            )
        elif plugin == "NodeUnschedulable":
            parts.append((count, f"{count} node(s) are cordoned (spec.unschedulable)"))
        elif plugin == "NodePorts":
            ports = ", ".join(str(p) for _, _, p in pod.ports)
            parts.append((count, f"hostPort {ports} is already taken on {count} node(s)"))
        elif plugin in ("VolumeBinding", "VolumeZone"):
            parts.append(
                (
                    count,
                    "its PersistentVolumeClaims bind no volume usable there: check the volumes' "
                    "nodeAffinity and zones, or give the claims a StorageClass that provisions",
                )
            )
        elif plugin == "PodTopologySpread":
            parts.append(
                (
                    count,
                    "its topology spread cannot hold: add nodes in more domains, raise maxSkew "
                    "or use whenUnsatisfiable: ScheduleAnyway",
                )
            )
        elif plugin == "InterPodAffinity":
            parts.append(
                (
                    count,
                    "pod (anti-)affinity rules out every remaining node: add nodes or domains, "
                    "or make the rule preferred",
                )
            )
        elif plugin == "DynamicResources":
            parts.append(
                (
                    count,
                    f"{count} node(s) have no free devices its resourceClaims select: check the "
                    "ResourceSlices, the selectors, and the devices other claims hold",
                )
            )
    if scheduler.dra is not None and pod.resource_claims and scheduler.dra.pre_filter(pod):
        parts.append((scheduler.size, "create the DeviceClass its claim requests, or fix its name"))
        failures["DynamicResources"] = np.arange(scheduler.size)
    parts.sort(key=lambda p: -p[0])
    top = max(failures, key=lambda plugin: len(failures[plugin]), default=None)
    return Diagnosis("; ".join(text for _, text in parts), top, resource)
