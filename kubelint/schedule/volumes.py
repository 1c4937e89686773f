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

from kubelint.k8s.binding import (
    NO_PROVISIONER,
    Binding,
    Claim,
    Volume,
    class_from,
    mismatches,
    plan_for,
    run_claims,
    volume_from,
)
from kubelint.k8s.data import dig, entries, mapping, text
from kubelint.objects import Resource
from kubelint.schedule import filters
from kubelint.schedule.attach import Attach, Volumes
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
# A volume's beta label is matched by a node's GA label when the node lacks the beta one.
GA_LABELS = {
    "failure-domain.beta.kubernetes.io/zone": "topology.kubernetes.io/zone",
    "failure-domain.beta.kubernetes.io/region": "topology.kubernetes.io/region",
}


Terms = tuple[Mapping[str, Any], ...]  # a volume's nodeSelectorTerms, ORed


def _affine(terms: Terms | None, node: Node) -> bool:
    """Whether a volume's node affinity admits the node (None: it has none)."""
    return terms is None or any(filters.term_matches(t, node) for t in terms)


@dataclass(frozen=True, slots=True)
class VolumeNeeds:
    """What one pod's claims ask of a node."""

    terms: tuple[Terms, ...] = ()  # per bound volume with a node affinity
    zones: tuple[tuple[str, frozenset[str]], ...] = ()  # (label, allowed values) per volume
    # Per WaitForFirstConsumer claim bound only once the pod has a node: the node affinity of
    # each volume it may bind there (kube picks per node among the volumes that fit it).
    choices: tuple[tuple[Terms | None, ...], ...] = ()
    unbound: bool = False  # a WaitForFirstConsumer claim with nothing to bind
    immediate: bool = False  # an Immediate claim that stays unbound
    exclusive: frozenset[str] = frozenset()  # its claims of access mode ReadWriteOncePod
    attach: tuple[Attach, ...] = ()  # the volumes it attaches, for NodeVolumeLimits

    def binding(self, node: Node) -> list[str]:
        """VolumeBinding's reasons on this node, every one that applies (kube lists both a
        bound volume's affinity conflict and an unbound claim's missing volume)."""
        if self.immediate:  # PreFilter rejects the pod: every node shares its reason
            return [UNBOUND_IMMEDIATE]
        reasons = []
        if not all(_affine(terms, node) for terms in self.terms):
            reasons.append(NODE_CONFLICT)
        if self.unbound or not all(
            any(_affine(terms, node) for terms in options) for options in self.choices
        ):
            reasons.append(BIND_CONFLICT)
        return reasons

    def zone(self, node: Node) -> str | None:
        if not any(label in node.labels for label in ZONE_LABELS):
            return None
        for label, allowed in self.zones:
            value = node.labels.get(label)
            if value is None:
                value = node.labels.get(GA_LABELS.get(label, label))
            if value not in allowed:
                return ZONE_CONFLICT
        return None


def plan_volumes(resources: Sequence[Resource], pods: Sequence[Pod]) -> dict[str, VolumeNeeds]:
    """Per pod (namespace/name) with claims of the input or volumes a node counts: what they
    ask of its node."""
    claims = run_claims(
        (r for r in resources if r.kind == "PersistentVolumeClaim"),
        (r for r in resources if r.kind == "StatefulSet"),
    )
    volumes = [r for r in resources if r.kind == "PersistentVolume"]
    classes = [r for r in resources if r.kind == "StorageClass"]
    plan = plan_for(claims, volumes, classes) if claims else []
    bindings = {(b.claim.namespace, b.claim.name): b for b in plan}
    default = next((k.name for k in map(class_from, (c.data for c in classes)) if k.default), None)
    context = _Context(
        [(volume_from(v.data), v.data) for v in volumes],
        {str(c.ref.name): c.data.get("volumeBindingMode") for c in classes},
        default,
        {b.volume.name for b in plan if b.volume is not None},
        {
            str(c.ref.name): _topology(c.data)
            for c in classes
            if text(c.data.get("provisioner")) not in (None, NO_PROVISIONER)
        },
    )
    attached = Volumes(
        bindings,
        {str(v.ref.name): v.data for v in volumes},
        {str(c.ref.name): text(c.data.get("provisioner")) for c in classes},
        default,
    )
    out: dict[str, VolumeNeeds] = {}
    for pod in pods:
        found = [bindings[(pod.namespace, c)] for c in pod.claims if (pod.namespace, c) in bindings]
        attach = attached.of(pod)
        if found or attach:
            out[pod.key] = context.needs(found, attach)
    return out


@dataclass(frozen=True, slots=True)
class _Context:
    volumes: Sequence[tuple[Volume, Mapping[str, Any]]]  # each with its object's data
    modes: Mapping[str, Any]  # volumeBindingMode per StorageClass
    default: str | None  # the default StorageClass
    planned: set[str]  # volumes the plan gives to some claim
    # per StorageClass that provisions volumes: where (its allowedTopologies; None: anywhere)
    topologies: Mapping[str, Terms | None]

    def waits(self, claim: Claim) -> bool:
        """Whether its class binds it only once a pod using it has a node."""
        name = self.default if claim.storage_class is None else claim.storage_class
        return self.modes.get(name or "") == "WaitForFirstConsumer"

    def provisions(self, claim: Claim) -> tuple[Terms | None, ...]:
        """Where its class can provision it for the node the pod lands on (none: it cannot)."""
        name = self.default if claim.storage_class is None else claim.storage_class
        if claim.selector is not None or not name or name not in self.topologies:
            return ()
        return (self.topologies[name],)

    def choices(self, binding: Binding) -> tuple[Terms | None, ...]:
        """The volumes a claim bound at scheduling time may take: those that fit it and that
        no other claim is planned to take, its own planned one included, or one its class
        provisions."""
        claim, own = binding.claim, binding.volume
        name = self.default if claim.storage_class is None else claim.storage_class
        volumes = tuple(
            _terms(data)
            for volume, data in self.volumes
            if (own is not None and volume.name == own.name)
            or (
                volume.name not in self.planned
                and volume.claim_ref is None
                and not mismatches(claim, volume, name)
            )
        )
        return volumes + self.provisions(claim)

    def needs(self, bindings: Sequence[Binding], attach: tuple[Attach, ...]) -> VolumeNeeds:
        terms: list[Terms] = []
        zones: list[tuple[str, frozenset[str]]] = []
        choices: list[tuple[Terms | None, ...]] = []
        unbound = immediate = False
        exclusive = frozenset(
            b.claim.name for b in bindings if "ReadWriteOncePod" in b.claim.access_modes
        )
        for binding in bindings:
            claim, volume = binding.claim, binding.volume
            if binding.pending:
                unbound |= self.waits(claim)
                immediate |= not self.waits(claim)
                continue
            if volume is None:
                if binding.provisioned_by is not None and self.waits(claim):
                    choices.append(self.provisions(claim))  # allowedTopologies
                continue
            if self.waits(claim) and claim.volume_name is None and volume.claim_ref is None:
                choices.append(self.choices(binding))
                continue
            data = next(d for v, d in self.volumes if v.name == volume.name)
            found = _terms(data)
            if found is not None:
                terms.append(found)
            labels = mapping(dig(data, "metadata", "labels"))
            for label in ZONE_LABELS:
                if isinstance(labels.get(label), str):
                    zones.append((label, frozenset(labels[label].split("__"))))
        return VolumeNeeds(
            tuple(terms), tuple(zones), tuple(choices), unbound, immediate, exclusive, attach
        )


def _topology(data: Mapping[str, Any]) -> Terms | None:
    """A StorageClass's allowedTopologies as node selector terms (None: no restriction)."""
    terms = tuple(
        {
            "matchExpressions": [
                {"key": e.get("key"), "operator": "In", "values": e.get("values") or []}
                for _, e in entries(term.get("matchLabelExpressions"))
            ]
        }
        for _, term in entries(data.get("allowedTopologies"))
    )
    return terms or None


def _terms(data: Mapping[str, Any]) -> Terms | None:
    """A PersistentVolume's required node affinity (None: it has none)."""
    required = dig(data, "spec", "nodeAffinity", "required", "nodeSelectorTerms")
    return tuple(t for _, t in entries(required)) if isinstance(required, list) else None
