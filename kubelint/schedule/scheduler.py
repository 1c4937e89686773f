"""The placement loop: filters, then scores, over every node at once (numpy arrays).

Node-only filters and scores are computed once per pod template and node class (nodes with the
same labels, taints, cordon and images) and cached; what depends on placed pods — free
resources, host ports, pods matching a selector per node — is kept in arrays updated as each
pod lands, so a pod costs a few vector operations however many nodes there are.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from kubelint.schedule import attach, filters, scores
from kubelint.schedule.attach import Attach
from kubelint.schedule.cluster import HOSTNAME, ZONE, Node
from kubelint.schedule.filters import FILTER_ORDER
from kubelint.schedule.pods import Pod, PodTerm, Spread
from kubelint.schedule.sampling import Sampler, prefilter_names
from kubelint.schedule.scores import WEIGHTS
from kubelint.schedule.selecting import Needs, Selecting, has_needed, needed_labels
from kubelint.schedule.volumes import UNBOUND_IMMEDIATE, VolumeNeeds

T = TypeVar("T", bound=np.generic)
Bools = NDArray[np.bool_]
Ints = NDArray[np.int64]
CPU, MEMORY, PODS = 0, 1, 2
BASE_RESOURCES = ("cpu", "memory", "pods", "ephemeral-storage")
NO_NODE_AVAILABLE = "0/{} nodes are available"
# DefaultPreemption's words (pkg/scheduler/framework/plugins/defaultpreemption, preemption)
NOT_ELIGIBLE = "preemption: not eligible due to preemptionPolicy=Never."
NOT_HELPFUL = "Preemption is not helpful for scheduling"
NO_VICTIMS = "No preemption victims found for incoming pod"
# DefaultPreemption's defaults: the candidate nodes it looks for before choosing one
CANDIDATES_PERCENT, MIN_CANDIDATES = 10, 100
HARD_AFFINITY_WEIGHT = 1  # kube-scheduler's hardPodAffinityWeight: required terms, as scored


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
class _Static:
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

    @property
    def has_images(self) -> bool:
        return bool(self.image_score.any())

    @property
    def passing(self) -> Bools:
        out: Bools = self.reason == 0
        return out


# PodTopologySpread's score for a template: constraints with their tracker and the nodes
# whose pods count (None: all), and the nodes that have every topology key (None: all count)
_SpreadPlan = tuple[list[tuple[Spread, "_Tracker", Bools | None]], Bools | None]


@dataclass(slots=True)
class _Hot:
    """Per-node results for the pods of one template that change only where a pod lands:
    whether its requests fit, and its resource scores. Kept in step with the bind log: `fits`
    at once, the scores of a node where a pod landed when a pod is next scored there."""

    group: str
    synced: int  # entries of the bind log already applied
    fits: Bools
    fit: Ints
    balanced: Ints
    stale: Bools = field(default_factory=lambda: np.zeros(0, dtype=np.bool_))


@dataclass(slots=True)
class _Tracker:
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


class Scheduler:
    """kube-scheduler's default profile over a fixed set of nodes, one pod at a time."""

    def __init__(
        self,
        nodes: Sequence[Node],
        strategy: str = "least-allocated",
        kube_version: str | None = None,
    ) -> None:
        self.nodes = list(nodes)
        # kube-scheduler 1.34 on (kubernetes#131345): a node whose allocatable is below the
        # request is UnschedulableAndUnresolvable, so preemption leaves it out
        self.too_small_unresolvable = kube_version is None or _at_least(kube_version, (1, 34))
        self.size = len(self.nodes)
        self.index = {n.name: i for i, n in enumerate(self.nodes)}
        self.most_allocated = strategy == "most-allocated"
        extended = sorted({r for n in self.nodes for r in n.allocatable} - set(BASE_RESOURCES))
        self.columns = {name: i for i, name in enumerate((*BASE_RESOURCES, *extended))}
        self.allocatable = np.array(
            [[n.allocatable.get(r, 0) for r in self.columns] for n in self.nodes], dtype=np.int64
        ).reshape(self.size, len(self.columns))
        self.free = self.allocatable.copy()
        self.scored = np.zeros((self.size, 2), dtype=np.int64)  # cpu, memory with defaults
        self.placed: list[list[Pod]] = [[] for _ in self.nodes]
        self.used_ports: dict[int, list[tuple[str, str, int]]] = {}
        self.trackers: dict[tuple[str, ...], _Tracker] = {}
        self.holders: dict[tuple[str, str], tuple[PodTerm, Ints]] = {}  # anti-affinity holders
        # placed pods' preferred terms (signed weights) and required affinity terms (weight 1),
        # which score the nodes near them for a pod they select
        self.weighted: dict[tuple[str, str, int], tuple[PodTerm, Ints]] = {}
        # the same, as lists that say which entries select a pod (its group, once)
        self._tracking = Selecting[_Tracker](_Tracker.selects)
        self._holding = Selecting[tuple[str, PodTerm, Ints]](
            lambda held, pod: held[1].selects(pod.namespace, pod.labels)
        )
        self._weighing = Selecting[tuple[str, int, PodTerm, Ints]](
            lambda held, pod: held[2].selects(pod.namespace, pod.labels)
        )
        # per pod group: one of its pods, and how many of them each node holds
        self._groups: dict[str, tuple[Pod, dict[int, int]]] = {}
        self.static: dict[str, _Static] = {}
        self._spread_plans: dict[str, _SpreadPlan] = {}  # per template, like `static`
        self.volumes: dict[str, VolumeNeeds] = {}  # per pod key: what its claims ask
        self.log: list[int] = []  # every node a pod was bound to or taken from, in order
        self._hot: _Hot | None = None
        self.fast = True  # the fast path for pods whose only dynamic filter is resources
        self._volume_stages: dict[str, tuple[Stage, Stage]] = {}
        self._domains: dict[str, tuple[NDArray[np.intp], int]] = {}
        self.sampler = Sampler(self.nodes)  # which feasible nodes are scored
        self.class_nodes: list[Node] = []
        self.node_class = np.zeros(self.size, dtype=np.intp)
        self._classify()
        image_counts: dict[str, int] = {}
        for node in self.nodes:
            for name in set(node.images):
                image_counts[name] = image_counts.get(name, 0) + 1
        self.image_counts = image_counts

    def _classify(self) -> None:
        """Group nodes by what the node-only filters see; forget results cached per class."""
        classes: dict[tuple[object, ...], int] = {}
        self.class_nodes = []
        for i, node in enumerate(self.nodes):
            key = node.static_key
            if key not in classes:
                classes[key] = len(self.class_nodes)
                self.class_nodes.append(node)
            self.node_class[i] = classes[key]
        self.static = {}
        self._spread_plans = {}

    # ---- state -------------------------------------------------------------------------

    def cordon(self, node: int) -> None:
        """Mark a node unschedulable, as `kubectl cordon` does."""
        self.nodes[node] = dataclasses.replace(self.nodes[node], unschedulable=True)
        self._classify()

    def column(self, resource: str) -> int:
        """The column of a resource, added (zero on every node) the first time a pod asks."""
        if resource not in self.columns:
            self.columns[resource] = len(self.columns)
            zeros = np.zeros((self.size, 1), dtype=np.int64)
            self.allocatable = np.hstack([self.allocatable, zeros])
            self.free = np.hstack([self.free, zeros])
        return self.columns[resource]

    def bind(self, pod: Pod, node: int) -> None:
        """Place a pod: take its resources, ports, and count it for selectors and terms."""
        self.placed[node].append(pod)
        if pod.ports:
            self.used_ports.setdefault(node, []).extend(pod.ports)
        self._count(pod, node, 1)

    def unbind(self, pod: Pod, node: int) -> None:
        """Take a placed pod off its node (an eviction): the reverse of `bind`."""
        self.placed[node].remove(pod)
        for port in pod.ports:
            self.used_ports[node].remove(port)
        self._count(pod, node, -1)

    def _count(self, pod: Pod, node: int, sign: int) -> None:
        self.log.append(node)
        st = self._static(pod)
        self.free[node, st.columns] -= sign * st.amounts
        self.scored[node] += sign * np.array(pod.nonzero, dtype=np.int64)
        on_nodes = self._groups.setdefault(pod.group, (pod, {}))[1]
        on_nodes[node] = on_nodes.get(node, 0) + sign
        for tracker in self._tracking.of(pod):
            tracker.counts[node] += sign
            for topology, sums in tracker.by_domain.items():
                domain = self._domains[topology][0][node]
                if domain >= 0:
                    sums[domain] += sign
        for term in pod.anti_affinity:
            key = (f"{pod.namespace}|{term.key}", term.topology_key)
            if key not in self.holders:
                self.holders[key] = (term, np.zeros(self.size, dtype=np.int64))
                self._holding.add((term.topology_key, term, self.holders[key][1]))
            self.holders[key][1][node] += sign
        terms = [*pod.preferred_affinity, *((HARD_AFFINITY_WEIGHT, t) for t in pod.affinity)]
        for weight, term in terms:
            weighted = (term.key, term.topology_key, weight)
            if weighted not in self.weighted:
                self.weighted[weighted] = (term, np.zeros(self.size, dtype=np.int64))
                self._weighing.add((term.topology_key, weight, term, self.weighted[weighted][1]))
            self.weighted[weighted][1][node] += sign

    def _tracker(self, terms: tuple[PodTerm, ...], live_only: bool = False) -> _Tracker:
        key = (*(t.key for t in terms), *(("|live",) if live_only else ()))
        tracker = self.trackers.get(key)
        if tracker is None:
            tracker = _Tracker(terms, np.zeros(self.size, dtype=np.int64), live_only)
            for pod, on_nodes in self._groups.values():
                if tracker.selects(pod):
                    for node, count in on_nodes.items():
                        tracker.counts[node] += count
            self.trackers[key] = tracker
            self._tracking.add(tracker)
        return tracker

    def domains(self, key: str) -> tuple[NDArray[np.intp], int]:
        """Each node's domain number for a topology key (-1: the node lacks the label)."""
        found = self._domains.get(key)
        if found is None:
            values: dict[str, int] = {}
            index = np.array(
                [
                    values.setdefault(n.labels[key], len(values)) if key in n.labels else -1
                    for n in self.nodes
                ],
                dtype=np.intp,
            )
            found = self._domains[key] = (index, len(values))
        return found

    def per_domain(self, key: str, counts: Ints, among: Bools | None = None) -> tuple[Ints, Bools]:
        """The sum of `counts` over each domain's nodes (`among` only), and which domains
        have such a node; one more entry, 0 and False, stands for "no label" (index -1)."""
        index, size = self.domains(key)
        take = index >= 0 if among is None else (index >= 0) & among
        present = np.bincount(index[take], minlength=size + 1) > 0
        return self.domain_sums(key, counts, among), present

    def domain_sums(self, key: str, counts: Ints, among: Bools | None = None) -> Ints:
        """The sum of `counts` over each domain's nodes (`among` only), one more entry (0)
        for "no label"; from the nodes that count any, which are few."""
        index, size = self.domains(key)
        nodes = np.flatnonzero(counts)
        if among is not None:
            nodes = nodes[among[nodes]]
        at = index[nodes]
        labelled = at >= 0
        summed = np.bincount(at[labelled], counts[nodes[labelled]], minlength=size + 1)
        return summed.astype(np.int64)

    def _tracked_sums(self, tracker: _Tracker, key: str, among: Bools | None) -> Ints:
        """`domain_sums` of a tracker's counts: kept as pods land when every node counts
        (`among` None)."""
        if among is not None:
            return self.domain_sums(key, tracker.counts, among)
        sums = tracker.by_domain.get(key)
        if sums is None:
            sums = tracker.by_domain[key] = self.domain_sums(key, tracker.counts)
        return sums

    def _domain_counts(self, key: str, counts: Ints, among: Bools | None = None) -> Ints:
        """Per node, the sum of `counts` over the nodes of its domain (`among` only); 0 for a
        node without the label."""
        index, size = self.domains(key)
        if among is None and size == self.size and index.min(initial=0) >= 0:
            return counts  # a domain per node (the hostname): the node's own count
        return self.domain_sums(key, counts, among)[index]

    # ---- node-only filters and scores, cached per template ------------------------------

    def _static(self, pod: Pod) -> _Static:
        found = self.static.get(pod.group)
        if found is not None:
            return found
        texts: list[tuple[str, str]] = [("", "")]
        codes: dict[tuple[str, str], int] = {}
        per_node = pod.uses_node_name
        targets = self.nodes if per_node else self.class_nodes
        reason = np.zeros(len(targets), dtype=np.int32)
        affinity = np.zeros(len(targets), dtype=np.bool_)
        taints_ok = np.zeros(len(targets), dtype=np.bool_)
        taint_score = np.zeros(len(targets), dtype=np.int64)
        affinity_score = np.zeros(len(targets), dtype=np.int64)
        image_score = np.zeros(len(targets), dtype=np.int64)
        soft = [t for t in pod.tolerations if t.effect in ("", "PreferNoSchedule")]
        for i, node in enumerate(targets):
            failed = filters.static_filter(pod, node)
            if failed is not None:
                reason[i] = codes.setdefault(failed, len(texts))
                if reason[i] == len(texts):
                    texts.append(failed)
            affinity[i] = filters.node_affinity(pod, node) is None
            taints_ok[i] = filters.untolerated_taint(node.taints, pod.tolerations) is None
            taint_score[i] = sum(
                1
                for t in node.taints
                if t.effect == "PreferNoSchedule" and not filters.tolerated(t, soft)
            )
            affinity_score[i] = sum(
                w for w, term in pod.preferred_terms if filters.term_matches(term, node)
            )
            image_score[i] = sum(
                int(node.images[name] * self.image_counts[name] / self.size)
                for name in map(_normalized_image, pod.images)
                if name in node.images
            )

        def spread(values: NDArray[T]) -> NDArray[T]:
            return values if per_node else values[self.node_class]

        columns = [self.column(r) for r in pod.requests]
        amounts = list(pod.requests.values())
        columns.append(self.columns["pods"])
        amounts.append(1)
        st = _Static(
            reason=spread(reason),
            texts=texts,
            affinity_match=spread(affinity),
            taints_ok=spread(taints_ok),
            taint_score=spread(taint_score),
            affinity_score=spread(affinity_score),
            image_score=spread(image_score),
            columns=np.array(columns, dtype=np.intp),
            amounts=np.array(amounts, dtype=np.int64),
        )
        self.static[pod.group] = st
        return st

    # ---- filters -----------------------------------------------------------------------

    def stages(self, pod: Pod) -> list[Stage]:
        """Every filter's verdict for this pod over all nodes, in the default profile's order."""
        st = self._static(pod)
        out: list[Stage] = []
        for plugin in FILTER_ORDER[:4]:  # the node-only ones
            if plugin not in st.plugin_fails:
                codes = [i for i, (p, _) in enumerate(st.texts) if p == plugin]
                st.plugin_fails[plugin] = (codes, np.isin(st.reason, codes))
            codes, fails = st.plugin_fails[plugin]
            if plugin == "NodeAffinity" and pod.pinned is not None:
                fails = fails | (np.arange(self.size) != self.index.get(pod.pinned, -1))
            out.append(Stage(plugin, fails, _static_reasons(st, codes, fails)))
        out.append(self._ports(pod))
        out.append(self._fit(pod, st))
        out.append(self._restrictions(pod))
        out.append(self._volume_limits(pod))
        out.extend(self._volume(pod))
        out.append(self._spread_filter(pod, st))
        out.append(self._pod_affinity(pod))
        return out

    def _ports(self, pod: Pod) -> Stage:
        fails = np.zeros(self.size, dtype=np.bool_)
        if pod.ports:
            for node, used in self.used_ports.items():
                fails[node] = filters.ports_conflict(pod.ports, used)
        return Stage("NodePorts", fails, lambda: [(filters.NODE_PORTS, fails)], lambda: fails)

    def _fit(self, pod: Pod, st: _Static) -> Stage:
        short = self.free[:, st.columns] < st.amounts
        fails: Bools = np.asarray(short.any(axis=1), dtype=np.bool_)

        def reasons() -> list[tuple[str, Bools]]:
            names = {c: r for r, c in self.columns.items()}
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
            if not self.too_small_unresolvable:
                return fails
            beyond: Bools = np.any(self.allocatable[:, st.columns] < st.amounts, axis=1)
            return fails & ~beyond

        return Stage("NodeResourcesFit", fails, reasons, resolvable)

    def _restrictions(self, pod: Pod) -> Stage:
        """VolumeRestrictions: an in-tree disk another pod of the node mounts; a
        ReadWriteOncePod claim another pod anywhere uses (then every node fails)."""
        disk = np.zeros(self.size, dtype=np.bool_)
        exclusive = np.zeros(self.size, dtype=np.bool_)
        if pod.disks:
            for node, placed in enumerate(self.placed):
                used = [d for p in placed for d in p.disks]
                disk[node] = bool(used) and filters.disk_conflict(pod.disks, used)
        needs = self.volumes.get(pod.key)
        if needs is not None and needs.exclusive:
            taken = any(
                p.namespace == pod.namespace and needs.exclusive.intersection(p.claims)
                for placed in self.placed
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

    def _volume_limits(self, pod: Pod) -> Stage:
        """NodeVolumeLimits: the pod's volumes would take a CSI driver of the node past the
        number it can attach."""
        fails = np.zeros(self.size, dtype=np.bool_)
        needs = self.volumes.get(pod.key)
        if needs is not None and needs.attach:
            for i, node in enumerate(self.nodes):
                if node.volume_limits:
                    held = [a for p in self.placed[i] for a in self._attached(p)]
                    fails[i] = attach.exceeds(node, needs.attach, held)
        return Stage(
            "NodeVolumeLimits", fails, lambda: [(attach.MAX_VOLUME_COUNT, fails)], lambda: fails
        )

    def _attached(self, pod: Pod) -> tuple[Attach, ...]:
        needs = self.volumes.get(pod.key)
        return needs.attach if needs is not None else ()

    def _volume(self, pod: Pod) -> tuple[Stage, Stage]:
        """VolumeBinding and VolumeZone: node-only, so computed once per pod."""
        needs = self.volumes.get(pod.key)
        if needs is None:
            none = np.zeros(self.size, dtype=np.bool_)
            return Stage("VolumeBinding", none, list), Stage("VolumeZone", none, list)
        found = self._volume_stages.get(pod.key)
        if found is None:
            binding = _listed("VolumeBinding", [needs.binding(node) for node in self.nodes])
            zone = _listed("VolumeZone", [_one(needs.zone(node)) for node in self.nodes])
            found = self._volume_stages[pod.key] = (binding, zone)
        return found

    def _spread_filter(self, pod: Pod, st: _Static) -> Stage:
        hard = [s for s in pod.spread if s.hard]
        no_label = np.zeros(self.size, dtype=np.bool_)
        skewed = np.zeros(self.size, dtype=np.bool_)
        if hard:
            has_all = np.ones(self.size, dtype=np.bool_)
            for c in hard:
                has_all &= self.domains(c.topology_key)[0] >= 0
            decided = np.zeros(self.size, dtype=np.bool_)
            for c in hard:
                index, _ = self.domains(c.topology_key)
                eligible = has_all & self._included(c, st)
                counts = self._tracker((c.term,), live_only=True).counts
                summed, present = self.per_domain(c.topology_key, counts, eligible)
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

    def _included(self, c: Spread, st: _Static) -> Bools:
        """The nodes whose pods count for a spread constraint (its node inclusion policies);
        read-only."""
        if c.honor_affinity and not c.honor_taints:
            return st.affinity_match
        out = np.ones(self.size, dtype=np.bool_)
        if c.honor_affinity:
            out &= st.affinity_match
        if c.honor_taints:
            out &= st.taints_ok
        return out

    def _pod_affinity(self, pod: Pod) -> Stage:
        affinity = np.zeros(self.size, dtype=np.bool_)
        anti = np.zeros(self.size, dtype=np.bool_)
        existing = np.zeros(self.size, dtype=np.bool_)
        if pod.affinity:
            tracker = self._tracker(pod.affinity)
            satisfied = np.ones(self.size, dtype=np.bool_)
            anywhere = False
            for term in pod.affinity:
                index, _ = self.domains(term.topology_key)
                in_domain = self._domain_counts(term.topology_key, tracker.counts)
                satisfied &= (index >= 0) & (in_domain > 0)
                anywhere |= bool(tracker.counts[index >= 0].sum())
            if not anywhere and all(t.selects(pod.namespace, pod.labels) for t in pod.affinity):
                # the first pod of a group with affinity to itself may go anywhere it could
                satisfied = np.ones(self.size, dtype=np.bool_)
                for term in pod.affinity:
                    satisfied &= self.domains(term.topology_key)[0] >= 0
            affinity = ~satisfied
        for term in pod.anti_affinity:
            counts = self._tracker((term,)).counts
            anti |= self._domain_counts(term.topology_key, counts) > 0
        anti &= ~affinity
        for key, _, holders in self._holding.of(pod):
            if holders.any():
                existing |= self._domain_counts(key, holders) > 0
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

    # ---- scores ------------------------------------------------------------------------

    def _resource_scores(self, pod: Pod, nodes: Ints) -> tuple[Bools, Ints, Ints]:
        """For these nodes: whether the pod's requests fit, NodeResourcesFit's score and
        BalancedAllocation's (0 for a pod that requests nothing: the plugin skips it)."""
        st = self._static(pod)
        fits = np.all(self.free[nodes][:, st.columns] >= st.amounts, axis=1)
        allocatable = self.allocatable[nodes, :2]
        requested = allocatable - self.free[nodes, :2]
        with_pod = self.scored[nodes] + np.array(pod.nonzero, dtype=np.int64)
        fit = scores.most_allocated if self.most_allocated else scores.least_allocated
        own = np.array([pod.requests.get("cpu", 0), pod.requests.get("memory", 0)], dtype=np.int64)
        balanced = (
            scores.balanced_allocation(requested + own, allocatable)
            if own.any()
            else np.zeros(nodes.size, dtype=np.int64)
        )
        return fits, fit(with_pod, allocatable), balanced

    def _hot_for(self, pod: Pod) -> _Hot:
        hot = self._hot
        behind = len(self.log) - hot.synced if hot is not None else 0
        if hot is None or hot.group != pod.group or behind > self.size // 4:
            hot = _Hot(pod.group, 0, *self._resource_scores(pod, np.arange(self.size)))
            hot.stale = np.zeros(self.size, dtype=np.bool_)
        elif behind:
            st = self._static(pod)
            nodes = np.array(self.log[hot.synced :], dtype=np.intp)
            hot.fits[nodes] = np.all(self.free[nodes][:, st.columns] >= st.amounts, axis=1)
            hot.stale[nodes] = True
        hot.synced = len(self.log)
        self._hot = hot
        return hot

    def _simple(self, pod: Pod) -> bool:
        """Whether the only filter that depends on placed pods is resources."""
        if pod.ports or pod.spread or pod.affinity or pod.anti_affinity or pod.preferred_affinity:
            return False
        if pod.pinned is not None or pod.key in self.volumes or pod.disks:
            return False
        held = [h[-1] for h in self._holding.of(pod)] + [w[-1] for w in self._weighing.of(pod)]
        return not any(counts.any() for counts in held)

    def _scores(self, pod: Pod, feasible: Ints, hot: _Hot | None = None) -> dict[str, Ints]:
        st = self._static(pod)
        if hot is None:
            _, fit, balanced = self._resource_scores(pod, feasible)
        else:
            stale = feasible[hot.stale[feasible]]
            if stale.size:
                _, hot.fit[stale], hot.balanced[stale] = self._resource_scores(pod, stale)
                hot.stale[stale] = False
            fit, balanced = hot.fit[feasible], hot.balanced[feasible]
        return {
            "TaintToleration": scores.default_normalize(st.taint_score[feasible], reverse=True),
            "NodeAffinity": scores.default_normalize(st.affinity_score[feasible]),
            "PodTopologySpread": self._spread_score(pod, st, feasible),
            "InterPodAffinity": self._affinity_score(pod, feasible),
            "NodeResourcesFit": fit,
            "NodeResourcesBalancedAllocation": balanced,
            "ImageLocality": (
                scores.image_locality(st.image_score[feasible], len(pod.images))
                if st.has_images
                else np.zeros(feasible.size, dtype=np.int64)  # what no image on any node scores
            ),
        }

    def _spread_plan(self, pod: Pod, st: _Static) -> _SpreadPlan:
        """What PodTopologySpread's score needs of a template, looked up once: its
        ScheduleAnyway constraints, or kube's default ones (hostname maxSkew 3, zone maxSkew
        5) for a pod that declares none; each with its tracker and (but the hostname) the nodes
        whose pods count, None for every node; and, for declared constraints, the nodes that
        have every topology key (the others are left out), else None."""
        found = self._spread_plans.get(pod.group)
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
            has_all = np.ones(self.size, dtype=np.bool_)
            for c in soft:
                has_all &= self.domains(c.topology_key)[0] >= 0
        constraints = []
        for c in soft:
            eligible: Bools | None = None
            if c.topology_key != HOSTNAME:
                eligible = self._included(c, st)
                if has_all is not None:
                    eligible = eligible & has_all
                if eligible.all():
                    eligible = None
            constraints.append((c, self._tracker((c.term,), live_only=True), eligible))
        found = self._spread_plans[pod.group] = (constraints, has_all)
        return found

    def _spread_score(self, pod: Pod, st: _Static, feasible: Ints) -> Ints:
        """PodTopologySpread's score (see `_spread_plan`)."""
        constraints, has_all = self._spread_plan(pod, st)
        if not constraints:
            return np.zeros(feasible.size, dtype=np.int64)
        ignored = np.zeros(feasible.size, dtype=np.bool_)
        counted = feasible
        if has_all is not None:
            ignored = ~has_all[feasible]
            counted = feasible[~ignored]
        total = np.zeros(feasible.size, dtype=np.float64)
        for c, tracker, eligible in constraints:
            index, size = self.domains(c.topology_key)
            at = index[feasible]
            if c.topology_key == HOSTNAME:
                per_node = tracker.counts[feasible]
                domains = counted.size
            else:
                per_node = self._tracked_sums(tracker, c.topology_key, eligible)[at]
                in_use = index[counted] if has_all is not None else at
                # a node without the label counts as one more domain, as in kube
                domains = int(np.count_nonzero(np.bincount(in_use + 1, minlength=size + 1)))
            weight = scores.spread_weight(domains)
            total += np.where(at >= 0, per_node * weight + (c.max_skew - 1), 0.0)
        return scores.spread_normalize(np.round(total).astype(np.int64), ignored)

    def _affinity_score(self, pod: Pod, feasible: Ints) -> Ints:
        """InterPodAffinity's score: the pod's preferred terms, weighted by the pods they
        select in each node's domain; and, the other way round, the placed pods whose
        preferred (or required, weight 1) terms select this pod."""
        total = np.zeros(self.size, dtype=np.int64)
        for weight, term in pod.preferred_affinity:
            counts = self._tracker((term,)).counts
            total += weight * self._domain_counts(term.topology_key, counts)
        for key, weight, _, holders in self._weighing.of(pod):
            if holders.any():
                total += weight * self._domain_counts(key, holders)
        return scores.min_max_normalize(total[feasible])

    # ---- one pod -----------------------------------------------------------------------

    def schedule(self, pod: Pod, explain: bool = False) -> Outcome:
        """Filter, score and bind one pod; or say, as kube-scheduler would, why it cannot."""
        needs = self.volumes.get(pod.key)
        if needs is not None and needs.immediate:  # VolumeBinding's PreFilter: no node is tried
            stages = self.stages(pod)
            message = f"{NO_NODE_AVAILABLE.format(self.size)}: {UNBOUND_IMMEDIATE}."
            return self._pending(pod, message, stages, explain)
        if self.fast and not explain and self._simple(pod):
            hot = self._hot_for(pod)
            passing = self._static(pod).passing & hot.fits
            if passing.any():  # else the full filters below say why
                feasible = self._find(pod, passing)
                return self._choose(pod, feasible, self._scores(pod, feasible, hot))
        stages = self.stages(pod)
        fails = np.zeros(self.size, dtype=np.bool_)
        for stage in stages:
            fails |= stage.fails
        feasible = self._find(pod, ~fails)
        if feasible.size == 0:
            return self._pending(pod, self.message(stages), stages, explain)
        cached = self._hot_for(pod) if self.fast else None  # resources: as on the fast path
        outcome = self._choose(pod, feasible, self._scores(pod, feasible, cached))
        if explain:
            outcome.stages = stages
        return outcome

    def _find(self, pod: Pod, passing: Bools) -> Ints:
        """The nodes passing every filter that kube-scheduler's search finds, and scores
        (kubelint.schedule.sampling): all of them below 100 nodes."""
        names = prefilter_names(pod.pinned, pod.required_terms)
        among = None
        if names is not None:
            among = np.array(sorted(self.index[n] for n in names if n in self.index), np.intp)
        return self.sampler.take(passing, among)

    def _pending(self, pod: Pod, message: str, stages: list[Stage], explain: bool) -> Outcome:
        """A pod no node takes: the FitError's message and what preemption adds to it."""
        text, preempt = self.preemption(pod, stages)
        message = f"{message} {text}" if text else message
        return Outcome(None, message, stages=stages if explain else [], preempt=preempt)

    def preemption(
        self, pod: Pod, stages: Sequence[Stage]
    ) -> tuple[str, tuple[int, list[Pod]] | None]:
        """DefaultPreemption's PostFilter: what it adds to the FailedScheduling message, and
        the node where evicting lower-priority pods makes room, with the fewest it needs (the
        message is then empty: kube nominates the node). Of the first candidates found in node
        order (as many as kube looks for), kube's choice: the lowest highest-priority victim,
        then the lowest sum of priorities, then the fewest victims, then the first."""
        if not pod.preempts:
            return NOT_ELIGIBLE, None
        remaining = np.ones(self.size, dtype=np.bool_)
        potential = np.zeros(self.size, dtype=np.bool_)
        for stage in stages:  # a node's status is that of the first filter it fails
            if stage.resolvable is not None:
                potential |= stage.resolvable() & remaining
            remaining &= ~stage.fails
        counts: Counter[str] = Counter()
        candidates: list[tuple[int, list[Pod]]] = []
        wanted = max(self.size * CANDIDATES_PERCENT // 100, MIN_CANDIDATES)
        # one victim of the lowest priority placed: no other candidate can do better
        unbeatable = _victims_cost(
            [min(self._lower_pods(pod), key=lambda p: p.priority, default=pod)]
        )
        for node in map(int, np.flatnonzero(potential)):
            lower = [p for p in self.placed[node] if p.priority < pod.priority]
            if not lower:
                counts[NO_VICTIMS] += 1
                continue
            victims, reasons = self._victims(pod, node, lower)
            if victims:
                candidates.append((node, victims))
                if len(candidates) == wanted or _victims_cost(victims) == unbeatable:
                    break
            counts.update(reasons)
        if candidates:
            return "", min(candidates, key=lambda c: _victims_cost(c[1]))
        counts[NOT_HELPFUL] += self.size - int(potential.sum())
        parts = sorted(f"{n} {reason}" for reason, n in counts.items() if n)
        return f"preemption: {NO_NODE_AVAILABLE.format(self.size)}: {', '.join(parts)}.", None

    def _lower_pods(self, pod: Pod) -> list[Pod]:
        return [p for placed in self.placed for p in placed if p.priority < pod.priority]

    def _reasons_on(self, pod: Pod, node: int) -> list[str]:
        """Why the node rejects the pod (its first failing filter's reasons); [] when it fits."""
        for stage in self.stages(pod):
            if stage.fails[node]:
                return [reason for reason, mask in stage.reasons() if mask[node]]
        return []

    def _victims(self, pod: Pod, node: int, lower: list[Pod]) -> tuple[list[Pod], list[str]]:
        """SelectVictimsOnNode: without every lower-priority pod, does the pod fit? Then put
        back, highest priority first, each it can live with: `(victims, [])`; else `([], the
        node's reasons)`. The node is left as it was."""
        before = list(self.placed[node])
        for victim in lower:
            self.unbind(victim, node)
        reasons = self._reasons_on(pod, node)
        evicted = list(lower)
        if not reasons:
            for victim in sorted(lower, key=lambda p: -p.priority):
                self.bind(victim, node)
                if self._reasons_on(pod, node):
                    self.unbind(victim, node)
                else:
                    evicted.remove(victim)
        for victim in evicted:
            self.bind(victim, node)
        self.placed[node] = before  # in their order
        return ([], reasons) if reasons else (evicted, [])

    def _choose(self, pod: Pod, feasible: Ints, breakdown: dict[str, Ints]) -> Outcome:
        """Bind the pod to the best-scoring feasible node (the first in node order of a tie)."""
        total = sum(WEIGHTS[p] * s for p, s in breakdown.items())
        assert isinstance(total, np.ndarray)
        best = int(np.argmax(total))
        tied = int((total == total[best]).sum())
        node = int(feasible[best])
        self.bind(pod, node)
        return Outcome(node, tied=tied, breakdown=breakdown, feasible=feasible)

    def message(self, stages: Sequence[Stage]) -> str:
        """FitError's text: `0/N nodes are available: <count> <reason>, …` — each node counted
        under the reasons of the first filter it fails, the entries sorted as strings."""
        histogram = self.histogram(stages)
        parts = sorted(f"{count} {reason}" for reason, count in histogram.items())
        text = NO_NODE_AVAILABLE.format(self.size) + ":"
        return f"{text} {', '.join(parts)}." if parts else f"{text}."

    def histogram(self, stages: Sequence[Stage]) -> dict[str, int]:
        remaining = np.ones(self.size, dtype=np.bool_)
        counts: dict[str, int] = {}
        for stage in stages:
            here = stage.fails & remaining
            if here.any():
                for reason, mask in stage.reasons():
                    n = int((mask & here).sum())
                    if n:
                        counts[reason] = counts.get(reason, 0) + n
            remaining &= ~stage.fails
        return counts


BASE_ORDER = {"pods": 0, "cpu": 1, "memory": 2, "ephemeral-storage": 3}


def _static_reasons(
    st: _Static, codes: list[int], fails: Bools
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


def _at_least(version: str, wanted: tuple[int, int]) -> bool:
    """Whether a Kubernetes version "X.Y" is `wanted` or later (an unreadable one is taken as
    the newest)."""
    parts = version.split(".")
    try:
        return (int(parts[0]), int(parts[1])) >= wanted
    except (ValueError, IndexError):
        return True


def _victims_cost(victims: Sequence[Pod]) -> tuple[int, int, int]:
    """pickOneNodeForPreemption's order (PodDisruptionBudgets and start times aside): the
    highest victim priority, the sum of priorities (each counted from the lowest int32), the
    number of victims."""
    return (
        max(p.priority for p in victims),
        sum(p.priority + 2**31 for p in victims),
        len(victims),
    )


def _normalized_image(name: str) -> str:
    """ImageLocality's normalisation: an image without a tag or digest is `:latest`."""
    if name.rfind(":") <= name.rfind("/"):
        return f"{name}:latest"
    return name
