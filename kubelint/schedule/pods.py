"""A pod as the scheduler sees it (`Pod`, with its tolerations, affinity terms, spread
constraints and in-tree disks), and `PodError` for a workload field it cannot read."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kubelint.errors import InputError
from kubelint.k8s.data import entries
from kubelint.k8s.selectors import matches
from kubelint.objects import Resource
from kubelint.schedule.cluster import HOSTNAME
from kubelint.yamlload import format_path

# Requests the scoring plugins assume for a container that names none (kube-scheduler's
# DefaultMilliCPURequest and DefaultMemoryRequest).
DEFAULT_CPU = 100
DEFAULT_MEMORY = 200 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Toleration:
    key: str
    operator: str  # Equal or Exists
    value: str
    effect: str  # "" for every effect

    def tolerates(self, key: str, value: str, effect: str) -> bool:
        """kube's ToleratesTaint: effect and key must match (empty means any), then the value."""
        if self.effect and self.effect != effect:
            return False
        if self.key and self.key != key:
            return False
        if self.operator == "Exists":
            return True
        return self.operator == "Equal" and self.value == value


@dataclass(frozen=True, slots=True)
class PodTerm:
    """A pod (anti-)affinity term with its namespaces resolved (None: every namespace)."""

    selector: Mapping[str, Any] | None  # None (no labelSelector) selects no pod
    namespaces: frozenset[str] | None
    topology_key: str
    key: str = field(init=False, compare=False)  # selector and namespaces, as text

    def __post_init__(self) -> None:
        ns = sorted(self.namespaces) if self.namespaces is not None else None
        object.__setattr__(self, "key", json.dumps([self.selector, ns], sort_keys=True))

    def selects(self, namespace: str, labels: Mapping[str, str]) -> bool:
        in_scope = self.namespaces is None or namespace in self.namespaces
        return in_scope and matches(self.selector, labels)


@dataclass(frozen=True, slots=True)
class Spread:
    """A topologySpreadConstraint, with kube's defaults filled in."""

    max_skew: int
    topology_key: str
    hard: bool  # whenUnsatisfiable: DoNotSchedule
    term: PodTerm  # the label selector, in the pod's namespace
    min_domains: int = 1
    honor_affinity: bool = True  # nodeAffinityPolicy: Honor (the default)
    honor_taints: bool = False  # nodeTaintsPolicy: Ignore (the default)


@dataclass(frozen=True, slots=True)
class Disk:
    """An in-tree volume that VolumeRestrictions keeps off nodes where another pod mounts it:
    a GCE PD (`gce`, its pdName), an AWS EBS volume (`aws`, its volumeID), an iSCSI target
    (`iscsi`, its IQN) or a Ceph RBD image (`rbd`, pool/image, with its monitors)."""

    kind: str
    key: str
    read_only: bool = False
    monitors: frozenset[str] = frozenset()


@dataclass(eq=False, slots=True)
class Pod:
    name: str
    namespace: str
    owner: str  # "Deployment/default/web"; "Pod/default/x" for a bare pod
    source: Resource | None
    labels: Mapping[str, str]
    spec: Mapping[str, Any]
    group: str  # pods of one template share it: the scheduler caches per group
    priority: int = 0
    preempts: bool = True  # preemptionPolicy is not Never: it may evict lower-priority pods
    node_name: str | None = None  # bound already (spec.nodeName)
    requests: Mapping[str, int] = field(default_factory=dict)  # effective, incl. overhead
    nonzero: tuple[int, int] = (DEFAULT_CPU, DEFAULT_MEMORY)  # cpu, memory as scored
    tolerations: tuple[Toleration, ...] = ()
    node_selector: Mapping[str, str] = field(default_factory=dict)
    required_terms: tuple[Mapping[str, Any], ...] | None = None  # nodeSelectorTerms, ORed
    preferred_terms: tuple[tuple[int, Mapping[str, Any]], ...] = ()
    ports: tuple[tuple[str, str, int], ...] = ()  # (hostIP, protocol, hostPort)
    affinity: tuple[PodTerm, ...] = ()
    anti_affinity: tuple[PodTerm, ...] = ()
    preferred_affinity: tuple[tuple[int, PodTerm], ...] = ()  # negative weight: anti-affinity
    spread: tuple[Spread, ...] = ()
    default_spread: PodTerm | None = None  # the selector of kube's default soft spreading
    images: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()
    # spec.resourceClaims: (name, resourceClaimName, resourceClaimTemplateName)
    resource_claims: tuple[tuple[str, str | None, str | None], ...] = ()
    disks: tuple[Disk, ...] = ()  # in-tree volumes two pods of a node may not share
    daemon: bool = False  # a DaemonSet's template: copied onto each node it should run on
    pinned: str | None = None  # a daemon pod's node (its matchFields metadata.name)
    # Being deleted (`metadata.deletionTimestamp`): it holds its node's resources and ports,
    # but topology spreading no longer counts it.
    terminating: bool = False

    @property
    def key(self) -> str:
        return f"{self.namespace}/{self.name}"

    @property
    def uses_node_name(self) -> bool:
        """Whether its node selection names nodes: by `spec.nodeName`, by `metadata.name`
        (matchFields) or by the hostname label, which no two nodes share."""
        terms = [*(self.required_terms or ()), *(term for _, term in self.preferred_terms)]
        return (
            self.node_name is not None
            or HOSTNAME in self.node_selector
            or any(term.get("matchFields") for term in terms)
            or any(
                r.get("key") == HOSTNAME
                for term in terms
                for _, r in entries(term.get("matchExpressions"))
            )
        )


class PodError(InputError):
    """A workload field the scheduler cannot read: names file, line and field."""

    def __init__(self, resource: Resource, path: tuple[str | int, ...], reason: str) -> None:
        pos = resource.position(path)
        where = format_path(resource.path + path) or str(resource.ref)
        super().__init__(f"{resource.file}:{pos.line}:{pos.column}: {where}: {reason}")
        self.resource, self.path, self.reason = resource, path, reason
