"""The records the placement loop keeps: a filter's verdict over all nodes (`Stage`), a pod's
outcome, and what is cached per pod template (node-only results, resource scores, selector
counts per node)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from kubelint.schedule.pods import Pod, PodTerm, Spread
from kubelint.schedule.selecting import Needs, has_needed, needed_labels

Bools = NDArray[np.bool_]
Ints = NDArray[np.int64]
NO_NODE_AVAILABLE = "0/{} nodes are available"  # FitError's words, before its reasons


@dataclass(slots=True)
class Stage:
    """One filter plugin's verdict over all nodes: which fail, and (lazily) why."""

    plugin: str
    fails: Bools
    reasons: Callable[[], list[tuple[str, Bools]]]
    # the failing nodes where evicting pods could help (status Unschedulable, not
    # UnschedulableAndUnresolvable): what preemption looks at, computed on demand; None for none
    resolvable: Callable[[], Bools] | None = None


@dataclass(slots=True)
class Static:
    """A pod template's node-only results over all nodes."""

    reason: NDArray[np.int32]  # 0: passes, else an index into `texts`
    texts: list[tuple[str, str]]  # (plugin, reason)
    affinity_match: Bools  # nodeSelector and required node affinity hold
    taints_ok: Bools  # no untolerated NoSchedule/NoExecute taint
    taint_score: Ints  # untolerated PreferNoSchedule taints
    affinity_score: Ints  # summed weights of matching preferred terms
    image_score: Ints  # ImageLocality's raw sum
    columns: NDArray[np.intp]  # resource columns the pod requests (pods included)
    amounts: Ints
    plugin_fails: dict[str, tuple[list[int], Bools]] = field(default_factory=dict)
    has_images: bool = field(init=False)  # any node has one of the pod's images
    passing: Bools = field(init=False)  # the nodes every node-only filter passes

    def __post_init__(self) -> None:
        self.has_images = bool(self.image_score.any())
        self.passing = self.reason == 0


# PodTopologySpread's score for a template: constraints with their tracker and the nodes
# whose pods count (None: all), and the nodes that have every topology key (None: all count)
SpreadPlan = tuple[list[tuple[Spread, "Tracker", Bools | None]], Bools | None]


@dataclass(slots=True)
class Hot:
    """Per-node results for the pods of one template that change only where a pod lands:
    whether its requests fit, and its resource scores. Kept in step with the bind log: `fits`
    at once, the scores of the nodes where pods landed when a pod is next scored on one of
    them (all of them then: a node's scores depend on its own state alone)."""

    group: str
    synced: int  # entries of the bind log already applied
    fits: Bools
    fit: Ints
    balanced: Ints
    stale: Bools = field(default_factory=lambda: np.zeros(0, dtype=np.bool_))


@dataclass(slots=True)
class Tracker:
    """Per node, the placed pods that every one of `terms` selects."""

    terms: tuple[PodTerm, ...]
    counts: Ints
    live_only: bool = False  # topology spreading: pods being deleted do not count
    cache: dict[str, bool] = field(default_factory=dict)
    needs: Needs | None = None  # label values a pod must have (None: no quick test)
    # per topology key asked for, the counts summed per domain over every node (as
    # Scheduler.domain_sums), kept up to date as pods are bound and unbound
    by_domain: dict[str, Ints] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.needs = needed_labels([t.selector for t in self.terms])

    def selects(self, pod: Pod) -> bool:
        if self.live_only and pod.terminating:
            return False
        found = self.cache.get(pod.group)
        if found is None:
            found = (self.needs is None or has_needed(self.needs, pod.labels)) and all(
                t.selects(pod.namespace, pod.labels) for t in self.terms
            )
            self.cache[pod.group] = found
        return found


@dataclass(slots=True)
class Outcome:
    node: int | None
    message: str | None = None
    tied: int = 0
    stages: list[Stage] = field(default_factory=list)
    breakdown: dict[str, Ints] = field(default_factory=dict)  # plugin → score of each node
    feasible: Ints | None = None
    # for a pod left Pending: a node, and the lower-priority pods to evict there to make room
    preempt: tuple[int, list[Pod]] | None = None
