"""VolumeBinding and VolumeZone: what a pod's PersistentVolumeClaims ask of its node.

Claims are bound with the plan the lint rules use (`kubelint.k8s.binding`): the claims of the
input and those a StatefulSet's volumeClaimTemplates create. A claim bound to a PersistentVolume
pins the pod to the nodes the volume's nodeAffinity selects and to its zone labels; a claim a
StorageClass provisions, or one not in the input (it may exist in the cluster), asks nothing.
A claim that stays unbound keeps the pod Pending: on every node ("didn't find available
persistent volumes to bind") for a WaitForFirstConsumer class, before any node is looked at
("pod has unbound immediate PersistentVolumeClaims") otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kubelint.k8s.binding import Binding, class_from, plan_for, run_claims
from kubelint.k8s.data import dig, entries, mapping
from kubelint.objects import Resource
from kubelint.schedule import filters
from kubelint.schedule.cluster import Node
from kubelint.schedule.pods import Pod

BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind"
NODE_CONFLICT = "node(s) had volume node affinity conflict"
ZONE_CONFLICT = "node(s) had no available volume zone"
UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims"
ZONE_LABELS = (
    "topology.kubernetes.io/zone",
    "topology.kubernetes.io/region",
    "failure-domain.beta.kubernetes.io/zone",
    "failure-domain.beta.kubernetes.io/region",
)


@dataclass(frozen=True, slots=True)
class VolumeNeeds:
    """What one pod's claims ask of a node."""

    terms: tuple[tuple[Mapping[str, Any], ...], ...] = ()  # per volume: nodeSelectorTerms
    zones: tuple[tuple[str, frozenset[str]], ...] = ()  # (label, allowed values) per volume
    unbound: bool = False  # a WaitForFirstConsumer claim with nothing to bind
    immediate: bool = False  # an Immediate claim that stays unbound

    def binding(self, node: Node) -> str | None:
        if self.immediate:  # PreFilter rejects the pod: every node shares its reason
            return UNBOUND_IMMEDIATE
        if self.unbound:
            return BIND_CONFLICT
        for terms in self.terms:
            if not any(filters.term_matches(t, node) for t in terms):
                return NODE_CONFLICT
        return None

    def zone(self, node: Node) -> str | None:
        if not any(label in node.labels for label in ZONE_LABELS):
            return None
        for label, allowed in self.zones:
            if node.labels.get(label) not in allowed:
                return ZONE_CONFLICT
        return None


def plan_volumes(resources: Sequence[Resource], pods: Sequence[Pod]) -> dict[str, VolumeNeeds]:
    """Per pod (namespace/name) with claims of the input: what they ask of its node."""
    claims = run_claims(
        (r for r in resources if r.kind == "PersistentVolumeClaim"),
        (r for r in resources if r.kind == "StatefulSet"),
    )
    if not claims:
        return {}
    volumes = [r for r in resources if r.kind == "PersistentVolume"]
    classes = [r for r in resources if r.kind == "StorageClass"]
    bindings = {(b.claim.namespace, b.claim.name): b for b in plan_for(claims, volumes, classes)}
    pv_data = {str(v.ref.name): v.data for v in volumes}
    modes = {str(c.ref.name): c.data.get("volumeBindingMode") for c in classes}
    default = next((k.name for k in map(class_from, (c.data for c in classes)) if k.default), None)
    out: dict[str, VolumeNeeds] = {}
    for pod in pods:
        found = [bindings[(pod.namespace, c)] for c in pod.claims if (pod.namespace, c) in bindings]
        if found:
            out[pod.key] = _needs(found, pv_data, modes, default)
    return out


def _needs(
    bindings: Sequence[Binding],
    pv_data: Mapping[str, Mapping[str, Any]],
    modes: Mapping[str, Any],
    default: str | None,
) -> VolumeNeeds:
    terms: list[tuple[Mapping[str, Any], ...]] = []
    zones: list[tuple[str, frozenset[str]]] = []
    unbound = immediate = False
    for binding in bindings:
        if binding.pending:
            claim_class = binding.claim.storage_class or default or ""
            if modes.get(claim_class) == "WaitForFirstConsumer":
                unbound = True
            else:
                immediate = True
            continue
        if binding.volume is None:
            continue
        data = pv_data.get(binding.volume.name, {})
        required = dig(data, "spec", "nodeAffinity", "required", "nodeSelectorTerms")
        if isinstance(required, list):
            terms.append(tuple(t for _, t in entries(required)))
        labels = mapping(dig(data, "metadata", "labels"))
        for label in ZONE_LABELS:
            if isinstance(labels.get(label), str):
                zones.append((label, frozenset(labels[label].split("__"))))
    return VolumeNeeds(tuple(terms), tuple(zones), unbound, immediate)
