"""The score plugins over a pod's feasible nodes, read from a Scheduler's arrays; resource
scores are kept per template (`Hot`) and brought up to date from the bind log."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from kubelint.schedule import scores
from kubelint.schedule.cluster import HOSTNAME, ZONE
from kubelint.schedule.pods import Pod, Spread
from kubelint.schedule.records import Bools, Hot, Ints, SpreadPlan, Static
from kubelint.schedule.stages import included

if TYPE_CHECKING:
    from kubelint.schedule.scheduler import Scheduler


def _fits(scheduler: Scheduler, st: Static, nodes: Ints) -> Bools:
    """For these nodes: whether the pod's requests fit."""
    fits: Bools = np.all(scheduler.free[nodes[:, None], st.columns] >= st.amounts, axis=1)
    return fits


def _resource_scores(scheduler: Scheduler, pod: Pod, nodes: Ints) -> tuple[Ints, Ints]:
    """For these nodes: NodeResourcesFit's score and BalancedAllocation's (0 for a pod that
    requests nothing: the plugin skips it)."""
    allocatable = scheduler.allocatable[nodes, :2]
    with_pod = scheduler.scored[nodes] + pod.nonzero
    fit = scores.most_allocated if scheduler.most_allocated else scores.least_allocated
    own = (pod.requests.get("cpu", 0), pod.requests.get("memory", 0))
    if not any(own):
        return fit(with_pod, allocatable), np.zeros(nodes.size, dtype=np.int64)
    requested = allocatable - scheduler.free[nodes, :2] + own
    return fit(with_pod, allocatable), scores.balanced_allocation(requested, allocatable)


def hot_for(scheduler: Scheduler, pod: Pod) -> Hot:
    hot = scheduler.hot
    behind = len(scheduler.log) - hot.synced if hot is not None else 0
    if hot is None or hot.group != pod.group or behind > scheduler.size // 4:
        everywhere = np.arange(scheduler.size)
        fits = _fits(scheduler, scheduler.node_only(pod), everywhere)
        hot = Hot(pod.group, 0, fits, *_resource_scores(scheduler, pod, everywhere))
        hot.stale = np.zeros(scheduler.size, dtype=np.bool_)
    elif behind:
        nodes = np.array(scheduler.log[hot.synced :], dtype=np.intp)
        hot.fits[nodes] = _fits(scheduler, scheduler.node_only(pod), nodes)
        hot.stale[nodes] = True
    hot.synced = len(scheduler.log)
    scheduler.hot = hot
    return hot


def simple(scheduler: Scheduler, pod: Pod) -> bool:
    """Whether the only filter that depends on placed pods is resources."""
    if pod.ports or pod.spread or pod.affinity or pod.anti_affinity or pod.preferred_affinity:
        return False
    if pod.pinned is not None or pod.key in scheduler.volumes or pod.disks or pod.resource_claims:
        return False
    held = [h[-1] for h in scheduler.holding.of(pod)] + [w[-1] for w in scheduler.weighing.of(pod)]
    return not any(counts.any() for counts in held)


def score(
    scheduler: Scheduler, pod: Pod, feasible: Ints, hot: Hot | None = None
) -> dict[str, Ints]:
    st = scheduler.node_only(pod)
    if hot is None:
        fit, balanced = _resource_scores(scheduler, pod, feasible)
    else:
        if hot.stale[feasible].any():  # every stale node at once: a few pods' worth, rarely
            stale = np.flatnonzero(hot.stale)
            hot.fit[stale], hot.balanced[stale] = _resource_scores(scheduler, pod, stale)
            hot.stale[stale] = False
        fit, balanced = hot.fit[feasible], hot.balanced[feasible]
    out = {
        "TaintToleration": scores.default_normalize(st.taint_score[feasible], reverse=True),
        "NodeAffinity": (
            scores.default_normalize(st.affinity_score[feasible])
            if pod.preferred_terms
            else np.zeros(feasible.size, dtype=np.int64)  # what no preferred term scores
        ),
        "PodTopologySpread": _spread_score(scheduler, pod, st, feasible),
        "InterPodAffinity": _affinity_score(scheduler, pod, feasible),
        "NodeResourcesFit": fit,
        "NodeResourcesBalancedAllocation": balanced,
        "ImageLocality": (
            scores.image_locality(st.image_score[feasible], len(pod.images))
            if st.has_images
            else np.zeros(feasible.size, dtype=np.int64)  # what no image on any node scores
        ),
    }
    if scheduler.dra is not None and pod.resource_claims and scheduler.dra_scores:
        raw = scheduler.dra.scores(pod, map(int, feasible))
        out["DynamicResources"] = scores.default_normalize(np.array(raw, dtype=np.int64))
    return out


def _spread_plan(scheduler: Scheduler, pod: Pod, st: Static) -> SpreadPlan:
    """What PodTopologySpread's score needs of a template, looked up once: its
    ScheduleAnyway constraints, or kube's default ones (hostname maxSkew 3, zone maxSkew
    5) for a pod that declares none; each with its tracker and (but the hostname) the nodes
    whose pods count, None for every node; and, for declared constraints, the nodes that
    have every topology key (the others are left out), else None."""
    found = scheduler.spread_plans.get(pod.group)
    if found is not None:
        return found
    soft = [s for s in pod.spread if not s.hard]
    if not pod.spread and pod.default_spread is not None:
        soft = [
            Spread(3, HOSTNAME, False, pod.default_spread),
            Spread(5, ZONE, False, pod.default_spread),
        ]
    has_all: Bools | None = None
    if pod.spread:  # nodes without every topology key are left out
        has_all = np.ones(scheduler.size, dtype=np.bool_)
        for c in soft:
            has_all &= scheduler.domains(c.topology_key)[0] >= 0
    constraints = []
    for c in soft:
        eligible: Bools | None = None
        if c.topology_key != HOSTNAME:
            eligible = included(scheduler, c, st)
            if has_all is not None:
                eligible = eligible & has_all
            if eligible.all():
                eligible = None
        constraints.append((c, scheduler.tracker((c.term,), live_only=True), eligible))
    found = scheduler.spread_plans[pod.group] = (constraints, has_all)
    return found


def _spread_score(scheduler: Scheduler, pod: Pod, st: Static, feasible: Ints) -> Ints:
    """PodTopologySpread's score (see `_spread_plan`)."""
    constraints, has_all = _spread_plan(scheduler, pod, st)
    if not constraints:
        return np.zeros(feasible.size, dtype=np.int64)
    ignored = None
    counted = feasible
    if has_all is not None:
        ignored = ~has_all[feasible]
        counted = feasible[~ignored]
    total = np.zeros(feasible.size, dtype=np.float64)
    for c, tracker, eligible in constraints:
        index, size = scheduler.domains(c.topology_key)
        at = index[feasible]
        if c.topology_key == HOSTNAME:
            per_node = tracker.counts[feasible]
            domains = counted.size
        else:
            per_node = scheduler.tracked_sums(tracker, c.topology_key, eligible)[at]
            in_use = index[counted] if has_all is not None else at
            # a node without the label counts as one more domain, as in kube
            domains = int(np.count_nonzero(np.bincount(in_use + 1, minlength=size + 1)))
        part = per_node * scores.spread_weight(domains) + (c.max_skew - 1)
        total += part if scheduler.labelled(c.topology_key) else np.where(at >= 0, part, 0.0)
    return scores.spread_normalize(total.round().astype(np.int64), ignored)


def _affinity_score(scheduler: Scheduler, pod: Pod, feasible: Ints) -> Ints:
    """InterPodAffinity's score: the pod's preferred terms, weighted by the pods they
    select in each node's domain; and, the other way round, the placed pods whose
    preferred (or required, weight 1) terms select this pod."""
    terms = [
        (weight, term.topology_key, scheduler.tracker((term,)).counts)
        for weight, term in pod.preferred_affinity
    ]
    held = scheduler.weighing.of(pod)
    terms += [(weight, key, holders) for key, weight, _, holders in held if holders.any()]
    if not terms:  # every node scores 0
        return np.zeros(feasible.size, dtype=np.int64)
    total = np.zeros(feasible.size, dtype=np.int64)
    for weight, key, counts in terms:
        total += weight * scheduler.domain_counts(key, counts)[feasible]
    return scores.min_max_normalize(total)
