"""The placement loop: filters, then scores, over every node at once (numpy arrays).

Node-only filters and scores are computed once per pod template and node class (nodes with the
same labels, taints, cordon and images) and cached; what depends on placed pods — free
resources, host ports, pods matching a selector per node — is kept in arrays updated as each
pod lands, so a pod costs a few vector operations however many nodes there are.

The Scheduler keeps that state; the filters read from it are in `stages`, the scores in
`scoring`, what a pod no node takes gets from preemption in `preemption`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

import numpy as np
from numpy.typing import NDArray

from kubelint.schedule import filters, preemption, scoring
from kubelint.schedule.cluster import Node
from kubelint.schedule.dra import NO_NEW_CLAIMS
from kubelint.schedule.pods import Pod, PodTerm
from kubelint.schedule.records import (
    NO_NODE_AVAILABLE,
    Bools,
    Hot,
    Ints,
    Outcome,
    SpreadPlan,
    Stage,
    Static,
    Tracker,
)
from kubelint.schedule.sampling import Sampler, prefilter_names
from kubelint.schedule.scores import WEIGHTS
from kubelint.schedule.selecting import Selecting
from kubelint.schedule.stages import filter_stages
from kubelint.schedule.volumes import UNBOUND_IMMEDIATE, VolumeNeeds

if TYPE_CHECKING:
    from kubelint.schedule.dra.plugin import Dra

T = TypeVar("T", bound=np.generic)
CPU, MEMORY, PODS = 0, 1, 2
BASE_RESOURCES = ("cpu", "memory", "pods", "ephemeral-storage")
HARD_AFFINITY_WEIGHT = 1  # kube-scheduler's hardPodAffinityWeight: required terms, as scored


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
        # DynamicResources, in the default profile from 1.34 (DRA GA): set by the caller when
        # there are DRA objects or claims (else the plugin has nothing to do but its
        # PostFilter). Until 1.37 (kubernetes#140222) that PostFilter added its no-op words
        # ("no new claims to deallocate") to every Pending pod's message.
        self.dra: Dra | None = None
        self.dra_enabled = self.too_small_unresolvable
        self.dra_noisy = kube_version is not None and not _at_least(kube_version, (1, 37))
        # its Score (kubernetes#134711): the nodes that give the preferred subrequests
        self.dra_scores = kube_version is None or _at_least(kube_version, (1, 35))
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
        self.trackers: dict[tuple[str, ...], Tracker] = {}
        self.holders: dict[tuple[str, str], tuple[PodTerm, Ints]] = {}  # anti-affinity holders
        # placed pods' preferred terms (signed weights) and required affinity terms (weight 1),
        # which score the nodes near them for a pod they select
        self.weighted: dict[tuple[str, str, int], tuple[PodTerm, Ints]] = {}
        # the same, as lists that say which entries select a pod (its group, once)
        self._tracking = Selecting[Tracker](Tracker.selects)
        self.holding = Selecting[tuple[str, PodTerm, Ints]](
            lambda held, pod: held[1].selects(pod.namespace, pod.labels)
        )
        self.weighing = Selecting[tuple[str, int, PodTerm, Ints]](
            lambda held, pod: held[2].selects(pod.namespace, pod.labels)
        )
        # per pod group: one of its pods, and how many of them each node holds
        self._groups: dict[str, tuple[Pod, dict[int, int]]] = {}
        self.static: dict[str, Static] = {}
        self.spread_plans: dict[str, SpreadPlan] = {}  # per template, like `static`
        self.volumes: dict[str, VolumeNeeds] = {}  # per pod key: what its claims ask
        self.log: list[int] = []  # every node a pod was bound to or taken from, in order
        self.hot: Hot | None = None
        self.fast = True  # the fast path for pods whose only dynamic filter is resources
        self.volume_stages: dict[str, tuple[Stage, Stage]] = {}
        self._domains: dict[str, tuple[NDArray[np.intp], int]] = {}
        self._labelled: dict[str, bool] = {}  # per topology key: whether every node has it
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
        self.spread_plans = {}

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
        st = self.node_only(pod)
        self.free[node, st.columns] -= sign * st.amounts
        self.scored[node, 0] += sign * pod.nonzero[0]
        self.scored[node, 1] += sign * pod.nonzero[1]
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
                self.holding.add((term.topology_key, term, self.holders[key][1]))
            self.holders[key][1][node] += sign
        terms = [*pod.preferred_affinity, *((HARD_AFFINITY_WEIGHT, t) for t in pod.affinity)]
        for weight, term in terms:
            weighted = (term.key, term.topology_key, weight)
            if weighted not in self.weighted:
                self.weighted[weighted] = (term, np.zeros(self.size, dtype=np.int64))
                self.weighing.add((term.topology_key, weight, term, self.weighted[weighted][1]))
            self.weighted[weighted][1][node] += sign

    def tracker(self, terms: tuple[PodTerm, ...], live_only: bool = False) -> Tracker:
        key = (*(t.key for t in terms), *(("|live",) if live_only else ()))
        tracker = self.trackers.get(key)
        if tracker is None:
            tracker = Tracker(terms, np.zeros(self.size, dtype=np.int64), live_only)
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

    def labelled(self, key: str) -> bool:
        """Whether every node has this topology key's label."""
        found = self._labelled.get(key)
        if found is None:
            found = self._labelled[key] = bool((self.domains(key)[0] >= 0).all())
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

    def tracked_sums(self, tracker: Tracker, key: str, among: Bools | None) -> Ints:
        """`domain_sums` of a tracker's counts: kept as pods land when every node counts
        (`among` None)."""
        if among is not None:
            return self.domain_sums(key, tracker.counts, among)
        sums = tracker.by_domain.get(key)
        if sums is None:
            sums = tracker.by_domain[key] = self.domain_sums(key, tracker.counts)
        return sums

    def domain_counts(self, key: str, counts: Ints, among: Bools | None = None) -> Ints:
        """Per node, the sum of `counts` over the nodes of its domain (`among` only); 0 for a
        node without the label."""
        index, size = self.domains(key)
        if among is None and size == self.size and index.min(initial=0) >= 0:
            return counts  # a domain per node (the hostname): the node's own count
        return self.domain_sums(key, counts, among)[index]

    # ---- node-only filters and scores, cached per template ------------------------------

    def node_only(self, pod: Pod) -> Static:
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
        st = Static(
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

    def stages(self, pod: Pod) -> list[Stage]:
        """Every filter's verdict for this pod over all nodes, in the default profile's order."""
        return filter_stages(self, pod)

    # ---- one pod -----------------------------------------------------------------------

    def schedule(self, pod: Pod, explain: bool = False) -> Outcome:
        """Filter, score and bind one pod; or say, as kube-scheduler would, why it cannot."""
        needs = self.volumes.get(pod.key) if self.volumes else None
        if needs is not None and needs.immediate:  # VolumeBinding's PreFilter: no node is tried
            stages = self.stages(pod)
            message = f"{NO_NODE_AVAILABLE.format(self.size)}: {UNBOUND_IMMEDIATE}."
            if self.dra_enabled:  # DynamicResources' PostFilter, without the state its PreFilter
                # would have written, errs: its "not found" ends the message
                return Outcome(None, f"{message} not found", stages=stages if explain else [])
            return self._pending(pod, message, stages, explain)
        if self.dra is not None and pod.resource_claims:
            rejected = self.dra.pre_filter(pod)
            if rejected is not None:  # DynamicResources' PreFilter
                stages = self.stages(pod)
                message = f"{NO_NODE_AVAILABLE.format(self.size)}: {rejected}."
                return self._pending(pod, message, stages, explain)
        if self.fast and not explain and scoring.simple(self, pod):
            hot = scoring.hot_for(self, pod)
            passing = self.node_only(pod).passing & hot.fits
            if passing.any():  # else the full filters below say why
                feasible = self._find(pod, passing)
                return self._choose(pod, feasible, scoring.score(self, pod, feasible, hot))
        stages = self.stages(pod)
        fails = np.zeros(self.size, dtype=np.bool_)
        for stage in stages:
            fails |= stage.fails
        aborted = self.dra.aborted(pod) if self.dra is not None else None
        if aborted is not None:  # a Filter error: no FitError, no PostFilter
            return Outcome(None, aborted, stages=stages if explain else [])
        feasible = self._find(pod, ~fails)
        if feasible.size == 0:
            return self._pending(pod, self.message(stages), stages, explain)
        cached = scoring.hot_for(self, pod) if self.fast else None  # resources: as on the fast path
        outcome = self._choose(pod, feasible, scoring.score(self, pod, feasible, cached))
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
        """A pod no node takes: the FitError's message and what the PostFilter plugins add
        to it (DynamicResources', then DefaultPreemption's; nothing when preemption finds a
        node). DynamicResources may release an allocated claim: the pod is then tried again."""
        words = NO_NEW_CLAIMS if self.dra_enabled and self.dra_noisy else None
        if self.dra is not None:
            released, words = self.dra.post_filter(pod, self.dra_noisy)
            if released:  # the next attempt, with the claim free to be allocated anew
                return self.schedule(pod, explain)
        text, preempt = preemption.preempt(self, pod, stages)
        parts = [part for part in (words, text) if part] if text else []
        message = f"{message} {', '.join(parts)}" if parts else message
        return Outcome(None, message, stages=stages if explain else [], preempt=preempt)

    def _choose(self, pod: Pod, feasible: Ints, breakdown: dict[str, Ints]) -> Outcome:
        """Bind the pod to the best-scoring feasible node (the first in node order of a tie)."""
        total = np.zeros(feasible.size, dtype=np.int64)
        for plugin, scores in breakdown.items():
            weight = WEIGHTS[plugin]
            total += scores if weight == 1 else weight * scores
        best = int(np.argmax(total))
        tied = int(np.count_nonzero(total == total[best]))
        node = int(feasible[best])
        self.bind(pod, node)
        if self.dra is not None and pod.resource_claims:
            self.dra.reserve(pod, node)
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


def _at_least(version: str, wanted: tuple[int, int]) -> bool:
    """Whether a Kubernetes version "X.Y" is `wanted` or later (an unreadable one is taken as
    the newest)."""
    parts = version.split(".")
    try:
        return (int(parts[0]), int(parts[1])) >= wanted
    except (ValueError, IndexError):
        return True


def _normalized_image(name: str) -> str:
    """ImageLocality's normalisation: an image without a tag or digest is `:latest`."""
    if name.rfind(":") <= name.rfind("/"):
        return f"{name}:latest"
    return name
