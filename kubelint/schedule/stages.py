"""The filter plugins after the node-only ones, each as a `Stage` over all nodes, read from a
Scheduler's arrays (free resources, ports, placed pods, selector counts per node)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from kubelint.schedule import attach, filters
from kubelint.schedule.attach import Attach
from kubelint.schedule.filters import FILTER_ORDER
from kubelint.schedule.pods import Pod, Spread
from kubelint.schedule.records import Bools, Stage, Static

if TYPE_CHECKING:
    from kubelint.schedule.scheduler import Scheduler

BASE_ORDER = {"pods": 0, "cpu": 1, "memory": 2, "ephemeral-storage": 3}


def filter_stages(scheduler: Scheduler, pod: Pod) -> list[Stage]:
    """Every filter's verdict for this pod over all nodes, in the default profile's order."""
    st = scheduler.node_only(pod)
    out: list[Stage] = []
    for plugin in FILTER_ORDER[:4]:  # the node-only ones
        if plugin not in st.plugin_fails:
            codes = [i for i, (p, _) in enumerate(st.texts) if p == plugin]
            st.plugin_fails[plugin] = (codes, np.isin(st.reason, codes))
        codes, fails = st.plugin_fails[plugin]
        if plugin == "NodeAffinity" and pod.pinned is not None:
            fails = fails | (np.arange(scheduler.size) != scheduler.index.get(pod.pinned, -1))
        out.append(Stage(plugin, fails, _static_reasons(st, codes, fails)))
    out.append(_ports(scheduler, pod))
    out.append(_fit(scheduler, pod, st))
    out.append(_restrictions(scheduler, pod))
    out.append(_volume_limits(scheduler, pod))
    out.extend(_volume(scheduler, pod))
    out.append(_spread_filter(scheduler, pod, st))
    out.append(_pod_affinity(scheduler, pod))
    if scheduler.dra is not None and pod.resource_claims:
        out.append(_dynamic_resources(scheduler, pod, out))
    return out


def _dynamic_resources(scheduler: Scheduler, pod: Pod, before: Sequence[Stage]) -> Stage:
    """DynamicResources, on the nodes every other filter passes (it runs last): claims not
    allocated must be allocatable there, allocated ones available there."""
    passed = np.ones(scheduler.size, dtype=np.bool_)
    for stage in before:
        passed &= ~stage.fails
    assert scheduler.dra is not None
    verdicts = scheduler.dra.filter(pod, scheduler.nodes, map(int, np.flatnonzero(passed)))
    found = verdicts.reasons
    reasons = [[found[i]] if i in found else [] for i in range(scheduler.size)]
    return _listed("DynamicResources", reasons)


def _ports(scheduler: Scheduler, pod: Pod) -> Stage:
    fails = np.zeros(scheduler.size, dtype=np.bool_)
    if pod.ports:
        for node, used in scheduler.used_ports.items():
            fails[node] = filters.ports_conflict(pod.ports, used)
    return Stage("NodePorts", fails, lambda: [(filters.NODE_PORTS, fails)], lambda: fails)


def _fit(scheduler: Scheduler, pod: Pod, st: Static) -> Stage:
    short = scheduler.free[:, st.columns] < st.amounts
    fails: Bools = np.asarray(short.any(axis=1), dtype=np.bool_)

    def reasons() -> list[tuple[str, Bools]]:
        names = {c: r for r, c in scheduler.columns.items()}
        order = sorted(
            range(len(st.columns)),
            key=lambda k: (
                BASE_ORDER.get(names[int(st.columns[k])], 9),
                names[int(st.columns[k])],
            ),
        )
        out = []
        for k in order:
            name = names[int(st.columns[k])]
            text = filters.TOO_MANY_PODS if name == "pods" else filters.insufficient(name)
            out.append((text, short[:, k]))
        return out

    def resolvable() -> Bools:  # not more than the node's allocatable: evicting can help
        if not scheduler.too_small_unresolvable:
            return fails
        beyond: Bools = np.any(scheduler.allocatable[:, st.columns] < st.amounts, axis=1)
        return fails & ~beyond

    return Stage("NodeResourcesFit", fails, reasons, resolvable)


def _restrictions(scheduler: Scheduler, pod: Pod) -> Stage:
    """VolumeRestrictions: an in-tree disk another pod of the node mounts; a
    ReadWriteOncePod claim another pod anywhere uses (then every node fails)."""
    disk = np.zeros(scheduler.size, dtype=np.bool_)
    exclusive = np.zeros(scheduler.size, dtype=np.bool_)
    if pod.disks:
        for node, placed in enumerate(scheduler.placed):
            used = [d for p in placed for d in p.disks]
            disk[node] = bool(used) and filters.disk_conflict(pod.disks, used)
    needs = scheduler.volumes.get(pod.key)
    if needs is not None and needs.exclusive:
        taken = any(
            p.namespace == pod.namespace and needs.exclusive.intersection(p.claims)
            for placed in scheduler.placed
            for p in placed
        )
        exclusive = ~disk if taken else exclusive
    fails = disk | exclusive
    return Stage(
        "VolumeRestrictions",
        fails,
        lambda: [(filters.DISK_CONFLICT, disk), (filters.READ_WRITE_ONCE_POD, exclusive)],
        lambda: fails,
    )


def _volume_limits(scheduler: Scheduler, pod: Pod) -> Stage:
    """NodeVolumeLimits: the pod's volumes would take a CSI driver of the node past the
    number it can attach."""
    fails = np.zeros(scheduler.size, dtype=np.bool_)
    needs = scheduler.volumes.get(pod.key)
    if needs is not None and needs.attach:
        for i, node in enumerate(scheduler.nodes):
            if node.volume_limits:
                held = [a for p in scheduler.placed[i] for a in _attached(scheduler, p)]
                fails[i] = attach.exceeds(node, needs.attach, held)
    return Stage(
        "NodeVolumeLimits", fails, lambda: [(attach.MAX_VOLUME_COUNT, fails)], lambda: fails
    )


def _attached(scheduler: Scheduler, pod: Pod) -> tuple[Attach, ...]:
    needs = scheduler.volumes.get(pod.key)
    return needs.attach if needs is not None else ()


def _volume(scheduler: Scheduler, pod: Pod) -> tuple[Stage, Stage]:
    """VolumeBinding and VolumeZone: node-only, so computed once per pod."""
    needs = scheduler.volumes.get(pod.key)
    if needs is None:
        none = np.zeros(scheduler.size, dtype=np.bool_)
        return Stage("VolumeBinding", none, list), Stage("VolumeZone", none, list)
    found = scheduler.volume_stages.get(pod.key)
    if found is None:
        binding = _listed("VolumeBinding", [needs.binding(node) for node in scheduler.nodes])
        zone = _listed("VolumeZone", [_one(needs.zone(node)) for node in scheduler.nodes])
        found = scheduler.volume_stages[pod.key] = (binding, zone)
    return found


def _spread_filter(scheduler: Scheduler, pod: Pod, st: Static) -> Stage:
    hard = [s for s in pod.spread if s.hard]
    no_label = np.zeros(scheduler.size, dtype=np.bool_)
    skewed = np.zeros(scheduler.size, dtype=np.bool_)
    if hard:
        has_all = np.ones(scheduler.size, dtype=np.bool_)
        for c in hard:
            has_all &= scheduler.domains(c.topology_key)[0] >= 0
        decided = np.zeros(scheduler.size, dtype=np.bool_)
        for c in hard:
            index, _ = scheduler.domains(c.topology_key)
            eligible = has_all & included(scheduler, c, st)
            counts = scheduler.tracker((c.term,), live_only=True).counts
            summed, present = scheduler.per_domain(c.topology_key, counts, eligible)
            per_node = summed[index]
            domains = int(present.sum())
            minimum = int(summed[present].min()) if domains else 2**31 - 1
            if domains < c.min_domains:
                minimum = 0
            self_match = 1 if c.term.selects(pod.namespace, pod.labels) else 0
            missing = (index < 0) & ~decided
            no_label |= missing
            decided |= missing
            over = (per_node + self_match - minimum > c.max_skew) & ~decided
            skewed |= over
            decided |= over
    fails = no_label | skewed
    return Stage(
        "PodTopologySpread",
        fails,
        lambda: [(filters.SPREAD_LABEL, no_label), (filters.SPREAD, skewed)],
        lambda: skewed,
    )


def included(scheduler: Scheduler, c: Spread, st: Static) -> Bools:
    """The nodes whose pods count for a spread constraint (its node inclusion policies);
    read-only."""
    if c.honor_affinity and not c.honor_taints:
        return st.affinity_match
    out = np.ones(scheduler.size, dtype=np.bool_)
    if c.honor_affinity:
        out &= st.affinity_match
    if c.honor_taints:
        out &= st.taints_ok
    return out


def _pod_affinity(scheduler: Scheduler, pod: Pod) -> Stage:
    affinity = np.zeros(scheduler.size, dtype=np.bool_)
    anti = np.zeros(scheduler.size, dtype=np.bool_)
    existing = np.zeros(scheduler.size, dtype=np.bool_)
    if pod.affinity:
        tracker = scheduler.tracker(pod.affinity)
        satisfied = np.ones(scheduler.size, dtype=np.bool_)
        anywhere = False
        for term in pod.affinity:
            index, _ = scheduler.domains(term.topology_key)
            in_domain = scheduler.domain_counts(term.topology_key, tracker.counts)
            satisfied &= (index >= 0) & (in_domain > 0)
            anywhere |= bool(tracker.counts[index >= 0].sum())
        if not anywhere and all(t.selects(pod.namespace, pod.labels) for t in pod.affinity):
            # the first pod of a group with affinity to itself may go anywhere it could
            satisfied = np.ones(scheduler.size, dtype=np.bool_)
            for term in pod.affinity:
                satisfied &= scheduler.domains(term.topology_key)[0] >= 0
        affinity = ~satisfied
    for term in pod.anti_affinity:
        counts = scheduler.tracker((term,)).counts
        anti |= scheduler.domain_counts(term.topology_key, counts) > 0
    anti &= ~affinity
    for key, _, holders in scheduler.holding.of(pod):
        if holders.any():
            existing |= scheduler.domain_counts(key, holders) > 0
    existing &= ~(affinity | anti)
    fails = affinity | anti | existing
    return Stage(
        "InterPodAffinity",
        fails,
        lambda: [
            (filters.AFFINITY, affinity),
            (filters.ANTI_AFFINITY, anti),
            (filters.EXISTING_ANTI_AFFINITY, existing),
        ],
        lambda: anti | existing,
    )


def _static_reasons(
    st: Static, codes: list[int], fails: Bools
) -> Callable[[], list[tuple[str, Bools]]]:
    def reasons() -> list[tuple[str, Bools]]:
        out = [(st.texts[code][1], st.reason == code) for code in codes]
        pinned_only = fails & ~np.isin(st.reason, codes)
        if pinned_only.any():
            out.append((filters.NODE_AFFINITY, pinned_only))
        return out

    return reasons


def _listed(plugin: str, reasons: Sequence[Sequence[str]]) -> Stage:
    """A stage from each node's reasons (none: it passes); a node counts under each."""
    texts = sorted({r for found in reasons for r in found})
    fails = np.array([bool(found) for found in reasons], dtype=np.bool_)

    def listed() -> list[tuple[str, Bools]]:
        return [(t, np.array([t in found for found in reasons], dtype=np.bool_)) for t in texts]

    return Stage(plugin, fails, listed)


def _one(reason: str | None) -> list[str]:
    return [] if reason is None else [reason]
