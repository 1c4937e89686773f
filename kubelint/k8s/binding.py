"""PersistentVolumeClaims matched to PersistentVolumes the way the control plane binds them.

The persistent-volume controller (`FindMatchingVolume` in `k8s.io/component-helpers`) binds a
claim to an available volume of the same storage class whose access modes include all of the
claim's, whose capacity covers the request and whose volume mode is equal (and whose labels the
claim's `selector` matches); of those, the one with the fewest access modes and then the least
capacity wins. A claim's `volumeName` and a volume's `claimRef` pre-bind the pair. A claim that
binds no volume is provisioned dynamically by its StorageClass, when the class has a
provisioner; a claim with a selector, or with `storageClassName: ""`, never is. A claim without
`storageClassName` gets the default class (annotation
`storageclass.kubernetes.io/is-default-class: "true"`) when there is one. Each volume is bound to
one claim at most.

What the cluster has besides the input is unknown unless the caller names its StorageClasses
(and its default class). While unknown, a claim the input cannot serve but a class of the
cluster could (a class the input does not define; a claim of no class, which the cluster's
default class provisions) is not Pending for certain: its Binding is `doubtful`.

The claims of a run are its PersistentVolumeClaims and those its StatefulSets create: each
volumeClaimTemplate once per replica, named `<template>-<statefulset>-<ordinal>` (`run_claims`).
`plan()` returns one Binding per claim, in the order given: the volume, or the class that
provisions it, or why it stays Pending. The lint rule `pvc-bindable`, `--explain-storage` and
the scheduler share it.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from kubelint.k8s.data import dig, entries, mapping, text
from kubelint.k8s.quantity import QuantityError, parse_quantity
from kubelint.k8s.selectors import SelectorError, matches
from kubelint.k8s.workloads import MAX_ORDINALS, declared_replicas
from kubelint.objects import Resource

DEFAULT_CLASS_ANNOTATIONS = (
    "storageclass.kubernetes.io/is-default-class",
    "storageclass.beta.kubernetes.io/is-default-class",
)
NO_PROVISIONER = "kubernetes.io/no-provisioner"
JsonPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Claim:
    """What a PersistentVolumeClaim asks of a volume."""

    namespace: str | None
    name: str
    storage_class: str | None  # as written; None when unset
    access_modes: tuple[str, ...]
    request: str | None  # spec.resources.requests.storage, as written
    volume_mode: str
    selector: Mapping[str, Any] | None
    volume_name: str | None
    file: str = field(default="", compare=False)  # where it is written ("" when unknown)

    @property
    def key(self) -> str:
        return f"{self.namespace}/{self.name}" if self.namespace else self.name


class Volume(NamedTuple):
    """What a PersistentVolume offers a claim."""

    name: str
    storage_class: str  # "" when unset
    access_modes: tuple[str, ...]
    capacity: str | None  # spec.capacity.storage, as written
    volume_mode: str
    labels: Mapping[str, Any]
    claim_ref: tuple[str | None, str] | None  # (namespace, name) it is reserved for


class StorageClass(NamedTuple):
    """A StorageClass, as far as binding needs it."""

    name: str
    provisioner: str | None
    default: bool


class Mismatch(NamedTuple):
    """Why a volume does not fit a claim: the message, and the claim field it is about."""

    message: str
    field: JsonPath
    # Pending only if the cluster lacks what the input does not show (a StorageClass, a default
    # class): the cluster's classes are unknown.
    unless_cluster: bool = False
    # The volume went to a claim of another file: Pending only if both files are applied
    # (a folder of samples often holds alternatives: a static and a dynamic claim).
    elsewhere: bool = False


class Binding(NamedTuple):
    """What a claim gets: a volume, a class that provisions one, or why it stays Pending."""

    claim: Claim
    volume: Volume | None = None
    provisioned_by: StorageClass | None = None
    assumed: bool = False  # left to the cluster's own (unknown) storage classes
    problems: tuple[Mismatch, ...] = ()  # why it stays Pending

    @property
    def doubtful(self) -> bool:
        """Pending unless the cluster provides a StorageClass the input does not show."""
        return any(p.unless_cluster or p.elsewhere for p in self.problems)

    @property
    def pending(self) -> bool:
        """Pending for certain."""
        return bool(self.problems) and not self.doubtful

    def describe(self) -> str:
        if self.volume is not None:
            return f'binds PersistentVolume "{self.volume.name}"'
        if self.provisioned_by is not None:
            return f'is provisioned by StorageClass "{self.provisioned_by.name}"'
        if self.assumed:
            return "is left to the cluster's storage classes (none in the input)"
        reasons = "; ".join(p.message for p in self.problems)
        if self.doubtful:
            return f"stays Pending unless the cluster provides it: {reasons}"
        return f"stays Pending: {reasons}"


def _modes(value: Any) -> tuple[str, ...]:
    return tuple(m for m in value if isinstance(m, str)) if isinstance(value, list) else ()


def claim_from(data: Mapping[str, Any], namespace: str | None, file: str = "") -> Claim:
    spec = mapping(data.get("spec"))
    storage_class = spec.get("storageClassName")
    if storage_class is None:  # the beta annotation still wins when the field is unset
        storage_class = dig(
            data, "metadata", "annotations", "volume.beta.kubernetes.io/storage-class"
        )
    selector = spec.get("selector")
    request = dig(spec, "resources", "requests", "storage")
    return Claim(
        namespace=namespace,
        name=text(dig(data, "metadata", "name")) or "",
        storage_class=storage_class if isinstance(storage_class, str) else None,
        access_modes=_modes(spec.get("accessModes")),
        request=str(request) if request is not None else None,
        volume_mode=text(spec.get("volumeMode")) or "Filesystem",
        selector=selector if isinstance(selector, Mapping) else None,
        volume_name=text(spec.get("volumeName")),
        file=file,
    )


def volume_from(data: Mapping[str, Any]) -> Volume:
    spec = mapping(data.get("spec"))
    storage_class = spec.get("storageClassName")
    if storage_class is None:
        storage_class = dig(
            data, "metadata", "annotations", "volume.beta.kubernetes.io/storage-class"
        )
    ref = mapping(spec.get("claimRef"))
    capacity = dig(spec, "capacity", "storage")
    return Volume(
        name=text(dig(data, "metadata", "name")) or "",
        storage_class=storage_class if isinstance(storage_class, str) else "",
        access_modes=_modes(spec.get("accessModes")),
        capacity=str(capacity) if capacity is not None else None,
        volume_mode=text(spec.get("volumeMode")) or "Filesystem",
        labels=mapping(dig(data, "metadata", "labels")),
        claim_ref=(text(ref.get("namespace")), str(ref["name"])) if text(ref.get("name")) else None,
    )


def class_from(data: Mapping[str, Any]) -> StorageClass:
    annotations = mapping(dig(data, "metadata", "annotations"))
    return StorageClass(
        name=text(dig(data, "metadata", "name")) or "",
        provisioner=text(data.get("provisioner")),
        default=any(str(annotations.get(a)).lower() == "true" for a in DEFAULT_CLASS_ANNOTATIONS),
    )


def _amount(value: str | None) -> Decimal:
    try:
        return parse_quantity(value) if value is not None else Decimal(0)
    except QuantityError:
        return Decimal(0)


def _class_name(name: str | None) -> str:
    return f'"{name}"' if name else "none"


def mismatches(claim: Claim, volume: Volume, claim_class: str | None) -> list[Mismatch]:
    """Every reason this volume cannot serve this claim, most telling first (reservations and
    pre-binding aside)."""
    out: list[Mismatch] = []
    name = f'PV "{volume.name}"'
    if (claim_class or "") != volume.storage_class:
        out.append(
            Mismatch(
                f"{name} has storageClassName {_class_name(volume.storage_class)}, "
                f"claim asks {_class_name(claim_class)}",
                ("spec", "storageClassName"),
            )
        )
    missing = [m for m in claim.access_modes if m not in volume.access_modes]
    if missing:
        out.append(
            Mismatch(
                f"{name} offers {', '.join(volume.access_modes) or 'no access mode'}, "
                f"claim asks {', '.join(missing)}",
                ("spec", "accessModes"),
            )
        )
    if _amount(volume.capacity) < _amount(claim.request):
        out.append(
            Mismatch(
                f"{name} offers {volume.capacity or 'no capacity'}, claim asks {claim.request}",
                ("spec", "resources", "requests", "storage"),
            )
        )
    if volume.volume_mode != claim.volume_mode:
        out.append(
            Mismatch(
                f"{name} has volumeMode {volume.volume_mode}, claim asks {claim.volume_mode}",
                ("spec", "volumeMode"),
            )
        )
    if claim.selector is not None and claim.volume_name is None:
        try:
            selected = matches(claim.selector, volume.labels)
        except SelectorError:
            selected = False
        if not selected:
            out.append(
                Mismatch(f"{name} labels do not match the claim's selector", ("spec", "selector"))
            )
    return out


@dataclass(slots=True)
class _Planner:
    """Binds a unit's claims to its volumes and classes, as the volume binder would, in order."""

    volumes: Sequence[Volume]
    classes: dict[str, StorageClass]
    classes_known: bool
    default: StorageClass | None
    taken: dict[str, Claim] = field(default_factory=dict)
    # A claim binds only volumes of its own class: each looks at those alone.
    by_class: dict[str, list[Volume]] = field(init=False)
    by_name: dict[str, Volume] = field(init=False)

    def __post_init__(self) -> None:
        by_class: dict[str, list[Volume]] = defaultdict(list)
        self.by_name = {}
        for volume in self.volumes:
            by_class[volume.storage_class].append(volume)
            self.by_name.setdefault(volume.name, volume)
        self.by_class = dict(by_class)

    def effective_class(self, claim: Claim) -> str | None:
        if claim.storage_class is None and self.default is not None:
            return self.default.name
        return claim.storage_class

    def reserved(self, volume: Volume, claim: Claim) -> Mismatch | None:
        """Why this volume is not free for this claim: taken, or reserved for another."""
        owner = self.taken.get(volume.name)
        if owner is not None and owner is not claim:
            elsewhere = owner.file != claim.file and bool(owner.file and claim.file)
            where = f" of {owner.file}" if elsewhere else ""
            message = f'PV "{volume.name}" is already bound to claim {owner.key}{where}'
            return Mismatch(message, ("spec",), elsewhere=elsewhere)
        if volume.claim_ref is not None and (
            volume.claim_ref[0] or claim.namespace,
            volume.claim_ref[1],
        ) != (claim.namespace, claim.name):
            ns, name = volume.claim_ref
            owner_key = f"{ns}/{name}" if ns else name
            return Mismatch(
                f'PV "{volume.name}" is reserved for claim {owner_key} by its claimRef',
                ("spec",),
            )
        return None

    def bind(self, claim: Claim) -> Binding:
        claim_class = self.effective_class(claim)
        if claim.volume_name is not None:
            return self._prebound(claim, claim_class)
        fits: list[Volume] = []
        closest: list[Mismatch] | None = None
        for volume in self.by_class.get(claim_class or "", ()):
            blocked = self.reserved(volume, claim)
            # What the volume lacks tells more than that another claim holds it.
            problems = mismatches(claim, volume, claim_class) + ([blocked] if blocked else [])
            if not problems:
                if volume.claim_ref is not None:  # reserved for this very claim: it wins
                    return self._take(claim, volume)
                fits.append(volume)
            elif closest is None or len(problems) < len(closest):
                closest = problems  # the nearest miss of the claim's own class
        if fits:
            best = min(fits, key=lambda v: (len(v.access_modes), _amount(v.capacity)))
            return self._take(claim, best)
        return self._provision(claim, claim_class, closest[:1] if closest else [])

    def _take(self, claim: Claim, volume: Volume) -> Binding:
        self.taken[volume.name] = claim
        return Binding(claim, volume=volume)

    def _prebound(self, claim: Claim, claim_class: str | None) -> Binding:
        volume = self.by_name.get(claim.volume_name or "")
        if volume is None:
            problem = Mismatch(
                f'volumeName "{claim.volume_name}" names no PersistentVolume of the input',
                ("spec", "volumeName"),
            )
            return Binding(claim, problems=(problem,))
        blocked = self.reserved(volume, claim)
        if blocked is not None:
            return Binding(claim, problems=(Mismatch(blocked.message, ("spec", "volumeName")),))
        problems = mismatches(claim, volume, claim_class)
        if problems:
            return Binding(claim, problems=(problems[0],))
        return self._take(claim, volume)

    def _provision(self, claim: Claim, claim_class: str | None, closest: list[Mismatch]) -> Binding:
        why: Mismatch
        if claim.selector is not None:
            why = Mismatch(
                "a claim with a selector is never provisioned dynamically", ("spec", "selector")
            )
        elif claim_class == "":
            why = Mismatch(
                'storageClassName "" asks for a pre-created volume only',
                ("spec", "storageClassName"),
            )
        elif claim_class is not None and claim_class in self.classes:
            storage_class = self.classes[claim_class]
            if storage_class.provisioner and storage_class.provisioner != NO_PROVISIONER:
                return Binding(claim, provisioned_by=storage_class)
            why = Mismatch(
                f'StorageClass "{claim_class}" has no provisioner', ("spec", "storageClassName")
            )
        elif not (self.classes_known or self.classes) and (claim_class or "") not in self.by_class:
            return Binding(claim, assumed=True)  # the input shows no storage class at all
        elif claim_class is None:
            why = Mismatch(
                "no storageClassName, and no default StorageClass in the input",
                ("spec",),
                unless_cluster=not self.classes_known,
            )
        else:
            where = "the input" if not self.classes_known else "the input or the cluster"
            why = Mismatch(
                f'StorageClass "{claim_class}" is not in {where}',
                ("spec", "storageClassName"),
                # the cluster may have it, unless the input's own volumes are of that class
                unless_cluster=not self.classes_known and claim_class not in self.by_class,
            )
        return Binding(claim, problems=(*closest, why))


def plan(
    claims: Sequence[Claim],
    volumes: Sequence[Volume],
    classes: Iterable[StorageClass],
    classes_known: bool = False,
) -> list[Binding]:
    """The binding of every claim, in the order given. Pre-bound pairs (a claim's volumeName, a
    volume's claimRef) are settled first, as the controller does, then the other claims in order.

    `classes_known`: whether `classes` are all the cluster has (default: not). When not, a claim
    of a class no volume uses and not in `classes` is left to the cluster when `classes` is
    empty, and doubtful otherwise; so is a claim of no class when no class is the default.
    """
    classes = list(classes)
    planner = _Planner(
        volumes,
        {c.name: c for c in classes},
        bool(classes_known),
        next((c for c in classes if c.default), None),
    )
    reserved = {(v.claim_ref[0], v.claim_ref[1]) for v in volumes if v.claim_ref}
    first = [
        c
        for c in claims
        if c.volume_name is not None
        or (c.namespace, c.name) in reserved
        or (None, c.name) in reserved
    ]
    done = {id(c): planner.bind(c) for c in first}
    for claim in claims:
        if id(claim) not in done:
            done[id(claim)] = planner.bind(claim)
    return [done[id(c)] for c in claims]


class ClaimSource(NamedTuple):
    """A claim of the run and where it is written: a PersistentVolumeClaim object (`path` is
    `()`), or one replica's claim of a StatefulSet's volumeClaimTemplate (`path` is the
    template's, `ordinal` the replica's)."""

    claim: Claim
    resource: Resource
    path: JsonPath = ()
    ordinal: int | None = None

    def describe(self) -> str:
        owner = "" if self.ordinal is None else f" of StatefulSet {self.resource.ref.name}"
        return f"PersistentVolumeClaim {self.claim.key}{owner}"


def statefulset_claims(statefulset: Resource) -> Iterator[ClaimSource]:
    """The claims a StatefulSet's volumeClaimTemplates create, replica by replica: template
    `data` of StatefulSet `web` with 2 replicas gives `data-web-0` and `data-web-1`."""
    replicas = declared_replicas(statefulset.data)
    replicas = 1 if replicas is None else min(replicas, MAX_ORDINALS)
    owner = statefulset.ref.name or ""
    templates = [
        (i, claim_from(template, statefulset.ref.namespace))
        for i, template in entries(dig(statefulset.data, "spec", "volumeClaimTemplates"))
        if text(dig(template, "metadata", "name"))
    ]
    for ordinal in range(replicas):
        for i, claim in templates:
            yield ClaimSource(
                dataclasses.replace(claim, name=f"{claim.name}-{owner}-{ordinal}"),
                statefulset,
                ("spec", "volumeClaimTemplates", i),
                ordinal,
            )


def run_claims(claims: Iterable[Resource], statefulsets: Iterable[Resource]) -> list[ClaimSource]:
    """Every claim of a run, in the order they are planned: the PersistentVolumeClaims, then
    the claims of each StatefulSet's templates that the input does not already hold (the
    StatefulSet controller adopts an existing claim of the name it would give)."""
    out = [ClaimSource(claim_from(c.data, c.ref.namespace, c.file), c) for c in claims]
    existing = {(c.claim.namespace, c.claim.name) for c in out}
    for statefulset in statefulsets:
        out.extend(
            c
            for c in statefulset_claims(statefulset)
            if (c.claim.namespace, c.claim.name) not in existing
        )
    return out


def plan_for(
    claims: Sequence[ClaimSource],
    volumes: Sequence[Resource],
    classes: Sequence[Resource],
    cluster_classes: Sequence[str] = (),
    cluster_default: str = "",
) -> list[Binding]:
    """The plan for the claims of a run. `cluster_classes` names StorageClasses (with a
    provisioner) that the cluster has besides those of the input, `cluster_default` its default
    class; naming either says the cluster has no other. The input's classes win over the
    cluster's of the same name, and its default class over the cluster's."""
    known = [class_from(c.data) for c in classes]
    names = {c.name for c in known}
    cluster = dict.fromkeys(n for n in (*cluster_classes, cluster_default) if n and n not in names)
    known += [StorageClass(name, "(cluster)", False) for name in cluster]
    if cluster_default and not any(c.default for c in known):
        known = [c._replace(default=c.name == cluster_default) for c in known]
    return plan(
        [c.claim for c in claims],
        [volume_from(v.data) for v in volumes],
        known,
        bool(cluster_classes or cluster_default),
    )


NO_CLAIM = "storage: no PersistentVolumeClaim in the input"


def storage_report(
    objects: Sequence[Resource], cluster_classes: Sequence[str] = (), cluster_default: str = ""
) -> list[str]:
    """The plan as lines of text, one a claim: `PersistentVolumeClaim ns/name binds …`."""
    claims = run_claims(
        (o for o in objects if o.kind == "PersistentVolumeClaim"),
        (o for o in objects if o.kind == "StatefulSet"),
    )
    volumes = [o for o in objects if o.kind == "PersistentVolume"]
    classes = [o for o in objects if o.kind == "StorageClass"]
    if not claims:
        return [NO_CLAIM]
    bindings = plan_for(claims, volumes, classes, cluster_classes, cluster_default)
    lines = [f"storage: {len(claims)} claim(s), {len(volumes)} volume(s), {len(classes)} class(es)"]
    for source, binding in zip(claims, bindings, strict=True):
        at = source.path or ("metadata", "name")
        where = source.resource.where(at)
        lines.append(f"  {source.describe()} ({where}) {binding.describe()}")
    return lines
