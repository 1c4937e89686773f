"""Day-2 what-ifs on a scheduled cluster: drain nodes, or find a workload's headroom.

`drain`: cordon the nodes, evict their pods as `kubectl drain` does (DaemonSet pods stay; pods
no controller re-creates block the drain unless forced, and are then deleted), check every
PodDisruptionBudget, and re-place the evicted pods on the rest of the cluster.
`capacity`: add replicas of one workload until the scheduler finds no node, and say why.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from kubelint.errors import UsageError
from kubelint.k8s.data import dig, mapping, percent
from kubelint.k8s.selectors import SelectorError, matches
from kubelint.k8s.workloads import pod_spec
from kubelint.objects import Resource
from kubelint.schedule.controllers import template_pod
from kubelint.schedule.pods import Pod
from kubelint.schedule.scheduler import Scheduler

CAPACITY_LIMIT = 10_000  # replicas tried at most by --capacity
CONTROLLERS = frozenset(
    {"ReplicaSet", "Deployment", "ReplicationController", "StatefulSet", "Job", "CronJob"}
)


@dataclass(slots=True)
class Eviction:
    pod: Pod
    source: str  # the drained node
    node: str | None = None  # where it lands again
    reason: str | None = None  # why it cannot land


@dataclass(slots=True)
class Budget:
    name: str  # namespace/name
    healthy: int  # before the drain
    desired: int  # pods the budget keeps
    evicted: int
    healthy_after: int

    @property
    def allowed(self) -> int:
        return max(self.healthy - self.desired, 0)

    @property
    def problem(self) -> str | None:
        """What the drain does to the budget (one it evicts no pod of is none of its business)."""
        if not self.evicted:
            return None
        if self.allowed == 0:
            return (
                f"allows 0 disruptions ({self.healthy} healthy, {self.desired} required): "
                f"the drain would wait forever to evict {self.evicted} pod(s)"
            )
        if self.healthy_after < self.desired:
            return (
                f"would be left with {self.healthy_after} healthy pod(s) of the {self.desired} "
                "it requires: the evicted pods find no node"
            )
        return None


@dataclass(slots=True)
class Drain:
    nodes: list[str]
    evictions: list[Eviction] = field(default_factory=list)
    blocking: list[Pod] = field(default_factory=list)  # unmanaged pods, without --force
    deleted: list[Pod] = field(default_factory=list)  # unmanaged pods, with --force
    budgets: list[Budget] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        stranded = any(e.node is None for e in self.evictions)
        return stranded or bool(self.blocking) or any(b.problem for b in self.budgets)


def controller_kind(pod: Pod) -> str:
    """The kind of the controller that re-creates the pod ("Pod" for none)."""
    kind = pod.owner.split("/", 1)[0]
    if kind == "Pod" and pod.source is not None:
        for ref in pod.source.metadata.get("ownerReferences") or ():
            if isinstance(ref, dict) and ref.get("controller") is True:
                return str(ref.get("kind"))
    return kind


def _budgets(resources: Sequence[Resource]) -> list[tuple[str, Resource]]:
    return [
        (f"{r.ref.namespace}/{r.ref.name}", r) for r in resources if r.kind == "PodDisruptionBudget"
    ]


def _selected(budget: Resource, pods: Sequence[Pod]) -> list[Pod]:
    selector = dig(budget.data, "spec", "selector")
    if not isinstance(selector, dict):
        return []
    try:
        return [
            p for p in pods if p.namespace == budget.ref.namespace and matches(selector, p.labels)
        ]
    except SelectorError as exc:
        raise UsageError(f"{budget.file}: PodDisruptionBudget {budget.ref.name}: {exc}") from None


def _scaled(value: object, expected: int) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if (share := percent(value)) is not None:
        return math.ceil(share * expected / 100)
    return None


def desired_healthy(budget: Resource, expected: int) -> int:
    """minAvailable, or expected - maxUnavailable; percentages of the expected pods rounded up."""
    spec = mapping(budget.data.get("spec"))
    if "minAvailable" in spec:
        return _scaled(spec["minAvailable"], expected) or 0
    unavailable = _scaled(spec.get("maxUnavailable"), expected)
    return expected - unavailable if unavailable is not None else expected


def drain(
    scheduler: Scheduler,
    pending: Sequence[Pod],
    resources: Sequence[Resource],
    node_names: Sequence[str],
    force: bool,
) -> Drain:
    """Drain the nodes; `pending` are pods the scheduler could not place (they count for PDBs)."""
    result = Drain(list(node_names))
    indexes = []
    for name in node_names:
        if name not in scheduler.index:
            raise UsageError(f"--drain {name}: no such node in the cluster")
        indexes.append(scheduler.index[name])
    on_nodes = [(pod, node) for node in indexes for pod in scheduler.placed[node]]
    movable = [(p, n) for p, n in on_nodes if controller_kind(p) != "DaemonSet"]
    unmanaged = [p for p, _ in movable if controller_kind(p) not in CONTROLLERS]
    if unmanaged and not force:
        result.blocking = unmanaged
        return result
    everyone = [p for pods in scheduler.placed for p in pods]
    before = {name: _selected(r, [*everyone, *pending]) for name, r in _budgets(resources)}
    waiting = {id(p) for p in pending}
    healthy_before = {
        name: sum(1 for p in pods if id(p) not in waiting) for name, pods in before.items()
    }
    for node in indexes:
        scheduler.cordon(node)
    for pod, node in movable:
        scheduler.unbind(pod, node)
    for pod, node in movable:
        source = scheduler.nodes[node].name
        if controller_kind(pod) not in CONTROLLERS:
            result.deleted.append(pod)
            continue
        # its controller's replacement names no node yet (a running pod's spec.nodeName)
        replacement = dataclasses.replace(pod, node_name=None, group=f"{pod.group}/replaced")
        outcome = scheduler.schedule(replacement)
        placed = scheduler.nodes[outcome.node].name if outcome.node is not None else None
        result.evictions.append(Eviction(pod, source, placed, outcome.message))
    stranded = {id(e.pod) for e in result.evictions if e.node is None} | {
        id(p) for p in result.deleted
    }
    evicted = {id(p) for p, _ in movable}
    for name, resource in _budgets(resources):
        pods = before[name]
        desired = desired_healthy(resource, len(pods))
        result.budgets.append(
            Budget(
                name,
                healthy_before[name],
                desired,
                sum(1 for p in pods if id(p) in evicted),
                healthy_before[name] - sum(1 for p in pods if id(p) in stranded),
            )
        )
    return result


@dataclass(slots=True)
class Capacity:
    workload: str
    added: int
    limit: str | None  # the message that stopped it; None when CAPACITY_LIMIT was reached
    short: list[tuple[str, int]]  # reasons of the last failure, most nodes first


def find_workload(resources: Sequence[Resource], wanted: str) -> Resource:
    """A workload by `name`, `Kind/name` or `Kind/namespace/name`."""
    found = [
        r
        for r in resources
        if pod_spec(r.data) is not None
        and wanted in (r.ref.name, f"{r.kind}/{r.ref.name}", str(r.ref))
    ]
    if not found:
        raise UsageError(f"--capacity {wanted}: no workload of that name in the inputs")
    if len(found) > 1:
        names = ", ".join(str(r.ref) for r in found)
        raise UsageError(
            f"--capacity {wanted}: several workloads match ({names}); "
            "name one as Kind/namespace/name"
        )
    if found[0].kind == "DaemonSet":
        raise UsageError(
            f"--capacity {wanted}: a DaemonSet runs one pod per node; it has no replicas to add"
        )
    return found[0]


def capacity(
    scheduler: Scheduler, resources: Sequence[Resource], wanted: str, namespace: str
) -> Capacity:
    resource = find_workload(resources, wanted)
    template = template_pod(resource, resources, namespace)
    for added in range(CAPACITY_LIMIT):
        pod = dataclasses.replace(template, name=f"{template.name}-extra-{added}")
        held = scheduler.dra.pre_enqueue(pod) if scheduler.dra and pod.resource_claims else None
        if held is not None:  # its claims are not there: not one more is tried
            return Capacity(str(resource.ref), added, held, [])
        outcome = scheduler.schedule(pod)
        if outcome.node is None:
            histogram = Counter(scheduler.histogram(scheduler.stages(pod)))
            return Capacity(str(resource.ref), added, outcome.message, histogram.most_common())
    return Capacity(str(resource.ref), CAPACITY_LIMIT, None, [])
