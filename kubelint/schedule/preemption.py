"""DefaultPreemption's PostFilter for a pod no node takes: the node where evicting
lower-priority pods makes room, or what it adds to the FailedScheduling message."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from kubelint.schedule.pods import Pod
from kubelint.schedule.records import NO_NODE_AVAILABLE, Stage

if TYPE_CHECKING:
    from kubelint.schedule.scheduler import Scheduler

# DefaultPreemption's words (pkg/scheduler/framework/plugins/defaultpreemption, preemption)
NOT_ELIGIBLE = "preemption: not eligible due to preemptionPolicy=Never."
NOT_HELPFUL = "Preemption is not helpful for scheduling"
NO_VICTIMS = "No preemption victims found for incoming pod"
# DefaultPreemption's defaults: the candidate nodes it looks for before choosing one
CANDIDATES_PERCENT, MIN_CANDIDATES = 10, 100


def preempt(
    scheduler: Scheduler, pod: Pod, stages: Sequence[Stage]
) -> tuple[str, tuple[int, list[Pod]] | None]:
    """DefaultPreemption's PostFilter: what it adds to the FailedScheduling message, and
    the node where evicting lower-priority pods makes room, with the fewest it needs (the
    message is then empty: kube nominates the node). Of the first candidates found in node
    order (as many as kube looks for), kube's choice: the lowest highest-priority victim,
    then the lowest sum of priorities, then the fewest victims, then the first."""
    if not pod.preempts:
        return NOT_ELIGIBLE, None
    remaining = np.ones(scheduler.size, dtype=np.bool_)
    potential = np.zeros(scheduler.size, dtype=np.bool_)
    for stage in stages:  # a node's status is that of the first filter it fails
        if stage.resolvable is not None:
            potential |= stage.resolvable() & remaining
        remaining &= ~stage.fails
    counts: Counter[str] = Counter()
    candidates: list[tuple[int, list[Pod]]] = []
    wanted = max(scheduler.size * CANDIDATES_PERCENT // 100, MIN_CANDIDATES)
    # one victim of the lowest priority placed: no other candidate can do better
    unbeatable = _victims_cost(
        [min(_lower_pods(scheduler, pod), key=lambda p: p.priority, default=pod)]
    )
    for node in map(int, np.flatnonzero(potential)):
        lower = [p for p in scheduler.placed[node] if p.priority < pod.priority]
        if not lower:
            counts[NO_VICTIMS] += 1
            continue
        victims, reasons = _victims(scheduler, pod, node, lower)
        if victims:
            candidates.append((node, victims))
            if len(candidates) == wanted or _victims_cost(victims) == unbeatable:
                break
        counts.update(reasons)
    if candidates:
        return "", min(candidates, key=lambda c: _victims_cost(c[1]))
    counts[NOT_HELPFUL] += scheduler.size - int(potential.sum())
    parts = sorted(f"{n} {reason}" for reason, n in counts.items() if n)
    return f"preemption: {NO_NODE_AVAILABLE.format(scheduler.size)}: {', '.join(parts)}.", None


def _lower_pods(scheduler: Scheduler, pod: Pod) -> list[Pod]:
    return [p for placed in scheduler.placed for p in placed if p.priority < pod.priority]


def _reasons_on(scheduler: Scheduler, pod: Pod, node: int) -> list[str]:
    """Why the node rejects the pod (its first failing filter's reasons); [] when it fits."""
    for stage in scheduler.stages(pod):
        if stage.fails[node]:
            return [reason for reason, mask in stage.reasons() if mask[node]]
    return []


def _victims(
    scheduler: Scheduler, pod: Pod, node: int, lower: list[Pod]
) -> tuple[list[Pod], list[str]]:
    """SelectVictimsOnNode: without every lower-priority pod, does the pod fit? Then put
    back, highest priority first, each it can live with: `(victims, [])`; else `([], the
    node's reasons)`. The node is left as it was."""
    before = list(scheduler.placed[node])
    for victim in lower:
        scheduler.unbind(victim, node)
    reasons = _reasons_on(scheduler, pod, node)
    evicted = list(lower)
    if not reasons:
        for victim in sorted(lower, key=lambda p: -p.priority):
            scheduler.bind(victim, node)
            if _reasons_on(scheduler, pod, node):
                scheduler.unbind(victim, node)
            else:
                evicted.remove(victim)
    for victim in evicted:
        scheduler.bind(victim, node)
    scheduler.placed[node] = before  # in their order
    return ([], reasons) if reasons else (evicted, [])


def _victims_cost(victims: Sequence[Pod]) -> tuple[int, int, int]:
    """pickOneNodeForPreemption's order (PodDisruptionBudgets and start times aside): the
    highest victim priority, the sum of priorities (each counted from the lowest int32), the
    number of victims."""
    return (
        max(p.priority for p in victims),
        sum(p.priority + 2**31 for p in victims),
        len(victims),
    )
