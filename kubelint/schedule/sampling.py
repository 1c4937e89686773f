"""Which feasible nodes kube-scheduler scores: percentageOfNodesToScore and its rotating start.

kube-scheduler does not look for every feasible node of a large cluster. It walks the nodes in
its node tree's order (the zones interleaved: the first node of each zone, then the second, …),
starting where the previous pod's search stopped, and stops once it has found
`numFeasibleNodesToFind` feasible nodes: all nodes below 100; else the adaptive percentage
`50 - nodes/125` (at least 5%) of them, and at least 100 (pkg/scheduler/schedule_one.go). The
start then moves on by the nodes it examined, feasible or not. Only the nodes found are scored.
kube-scheduler filters the nodes in parallel; this is the same walk one node at a time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kubelint.k8s.data import entries
from kubelint.schedule.cluster import Node

MIN_FEASIBLE_NODES = 100  # minFeasibleNodesToFind
MIN_FEASIBLE_PERCENTAGE = 5  # minFeasibleNodesPercentageToFind
BASE_PERCENTAGE = 50
ZONE_LABELS = ("topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone")
REGION_LABELS = ("topology.kubernetes.io/region", "failure-domain.beta.kubernetes.io/region")

Ints = NDArray[np.intp]
Bools = NDArray[np.bool_]


def feasible_to_find(nodes: int, percentage: int = 0) -> int:
    """numFeasibleNodesToFind: how many feasible nodes end the search (`percentage` 0: the
    adaptive one, kube-scheduler's default)."""
    if nodes < MIN_FEASIBLE_NODES:
        return nodes
    if percentage == 0:
        percentage = max(BASE_PERCENTAGE - nodes // 125, MIN_FEASIBLE_PERCENTAGE)
    return max(nodes * percentage // 100, MIN_FEASIBLE_NODES)


def zone_key(labels: Mapping[str, str]) -> str:
    """utilnode.GetZoneKey: region and zone (GA labels, else the beta ones); "" for neither."""
    zone = next((labels[k] for k in ZONE_LABELS if k in labels), "")
    region = next((labels[k] for k in REGION_LABELS if k in labels), "")
    return f"{region}:\x00:{zone}" if region or zone else ""


def tree_order(nodes: Sequence[Node]) -> Ints:
    """The node tree's list: zones in the order their first node came, one node of each zone
    in turn (a zone that runs out is skipped)."""
    zones: dict[str, list[int]] = {}
    for i, node in enumerate(nodes):
        zones.setdefault(zone_key(node.labels), []).append(i)
    order: list[int] = []
    for turn in range(max((len(z) for z in zones.values()), default=0)):
        order.extend(z[turn] for z in zones.values() if turn < len(z))
    return np.array(order, dtype=np.intp)


def prefilter_names(
    pinned: str | None, required_terms: Sequence[Mapping[str, Any]] | None
) -> set[str] | None:
    """The nodes NodeAffinity's PreFilter restricts a pod to (None: every node): a daemon pod's
    own node, or the `metadata.name In` matchFields of every required term (ANDed within a
    term, the terms ORed); a term without one leaves every node."""
    if pinned is not None:
        return {pinned}
    if not required_terms:
        return None
    names: set[str] = set()
    for term in required_terms:
        found: set[str] | None = None
        for _, requirement in entries(term.get("matchFields")):
            if requirement.get("key") == "metadata.name" and requirement.get("operator") == "In":
                values = {str(v) for v in requirement.get("values") or ()}
                found = values if found is None else found & values
        if found is None:
            return None
        names |= found
    return names


class Sampler:
    """The search's start, carried from pod to pod, over one cluster's nodes."""

    def __init__(self, nodes: Sequence[Node], percentage: int = 0) -> None:
        self.order = tree_order(nodes)
        self.size = len(nodes)
        self.percentage = percentage
        self.start = 0  # nextStartNodeIndex

    def take(self, feasible: Bools, among: Ints | None = None) -> Ints:
        """The feasible nodes the search finds (in node order), from `among` (the nodes the
        PreFilter left, in node order; None: all); moves the start on."""
        order = self.order if among is None else self.order[np.isin(self.order, among)]
        count = order.size
        if count == 0:
            return order
        wanted = feasible_to_find(count, self.percentage)
        first = self.start % count
        found = everywhere = feasible[order].nonzero()[0]  # positions in `order`
        examined = count
        if found.size > wanted:  # the first `wanted` in the walk's order
            split = int(np.searchsorted(found, first))
            found = found[split : split + wanted]
            if found.size < wanted:  # the walk wraps round to the first nodes
                found = np.concatenate((found, everywhere[: wanted - found.size]))
            examined = (int(found[-1]) - first) % count + 1
        self.start = (self.start + examined) % self.size
        return np.sort(order[found])
