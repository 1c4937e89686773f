"""The schedule pipeline: inputs and a cluster in, one placement per pod out."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from kubelint.chart.options import ChartOptions
from kubelint.errors import ChartError, InputError, UsageError
from kubelint.inputs import ChartInput, Input
from kubelint.limits import DEFAULT_LIMITS, Limits
from kubelint.objects import Resource, expand
from kubelint.schedule import filters
from kubelint.schedule.cluster import DRA_KINDS as CLUSTER_DRA_KINDS
from kubelint.schedule.cluster import Cluster
from kubelint.schedule.controllers import daemon_pod, workload_pods
from kubelint.schedule.hints import Diagnosis, diagnose
from kubelint.schedule.pods import Pod
from kubelint.schedule.records import Outcome
from kubelint.schedule.scheduler import Scheduler
from kubelint.schedule.volumes import plan_volumes
from kubelint.schedule.whatif import Capacity, Drain, capacity, drain
from kubelint.yamlload import LoadedFile, load


@dataclass(slots=True)
class Placement:
    pod: Pod
    node: str | None
    reason: str | None = None  # kube-scheduler's message for a pod left Pending
    diagnosis: Diagnosis | None = None  # for a pod left Pending: a hint, and what blocks it
    tied: int = 0  # how many nodes shared the best score (1: a clear winner)

    @property
    def hint(self) -> str | None:
        return self.diagnosis.hint if self.diagnosis is not None else None


@dataclass(slots=True)
class Result:
    cluster: Cluster
    scheduler: Scheduler
    placements: list[Placement]
    notes: list[str] = field(default_factory=list)
    explained: tuple[Pod, Outcome] | None = None
    drain: Drain | None = None
    capacity: Capacity | None = None
    usage: NDArray[np.int64] | None = None  # free resources per node once all were placed

    @property
    def pending(self) -> int:
        return sum(1 for p in self.placements if p.node is None)

    @property
    def failed(self) -> bool:
        return bool(self.pending) or (self.drain is not None and self.drain.failed)


def read_resources(
    inputs: Sequence[Input], namespace: str, charts: ChartOptions | None = None
) -> tuple[list[Resource], list[str]]:
    """The objects of the inputs, charts rendered, and what was skipped, as `lint` goes on past
    it: a file that is not valid YAML (from its first problem on), a document that is no object,
    a chart that does not render — one line each, `file:line:column: why`."""
    resources: list[Resource] = []
    skipped: list[str] = []
    charts = charts or ChartOptions(namespace=namespace)
    for item in inputs:
        if isinstance(item, ChartInput):
            try:
                files = _render(item.name, charts)
            except ChartError as exc:
                skipped.append(str(exc))
                continue
        else:
            files = [load(item.name, item.read(), charts.limits)]
        for loaded in files:
            skipped.extend(problem.where(loaded.source.name) for problem in loaded.problems[:1])
            for document in loaded.documents:
                objects, not_objects = expand(document, namespace)
                for position, message in not_objects:  # what `lint` reports as required-fields
                    where = f"{loaded.source.name}:{position.line}:{position.column}"
                    skipped.append(f"{where}: {message}")
                resources.extend(objects)
    return resources, skipped


def _render(chart: str, options: ChartOptions) -> list[LoadedFile]:
    from kubelint.chart.lint import render_for_lint  # Jinja2 and friends: only for charts

    sources, problems = render_for_lint(chart, options)
    failures = [p for p in problems if p.rule == "chart-render"]  # the rest are lint findings
    if failures:
        problem = failures[0]
        line = f":{problem.position.line}" if problem.position else ""
        raise ChartError(f"{problem.file}{line}: {problem.message}")
    files = []
    for source in sources:
        loaded = load(source.name, source.text.encode(), options.limits)
        loaded.source.origin = source.origin  # findings point at the template's lines
        files.append(loaded)
    return files


def _daemon_nodes(scheduler: Scheduler, template: Pod) -> list[str]:
    """The nodes a DaemonSet should run on: its tolerations and node affinity allow them."""
    return [
        node.name
        for node in scheduler.nodes
        if filters.taint_toleration(template, node) is None
        and filters.node_affinity(template, node) is None
    ]


def _matches(pod: Pod, wanted: str) -> bool:
    return wanted in (pod.name, pod.key)


DRA_KINDS = (*CLUSTER_DRA_KINDS, "ResourceClaimTemplate")  # the inputs may hold templates too


def _allocating(
    scheduler: Scheduler,
    cluster: Cluster,
    resources: Sequence[Resource],
    pods: Sequence[Pod],
    namespace: str,
) -> None:
    """DynamicResources (from 1.34) with the DRA objects of the cluster file and the inputs,
    when there are any or a pod has claims (else it only adds its PostFilter words)."""
    objects = [*cluster.dra, *(r for r in resources if r.kind in DRA_KINDS)]
    if scheduler.dra_enabled and (objects or any(p.resource_claims for p in pods)):
        from kubelint.schedule.dra.plugin import Dra

        scheduler.dra = Dra(objects, namespace)


def _not_tried(scheduler: Scheduler, pod: Pod) -> Placement | None:
    """A pod the PreEnqueue plugins hold back: its schedulingGates, or (DynamicResources) a
    claim it uses that is not there or is being deleted."""
    gated = filters.scheduling_gates(pod)
    if gated is not None:
        diagnosis = Diagnosis("its schedulingGates hold it back until removed", "SchedulingGates")
        return Placement(pod, None, gated, diagnosis)
    held = scheduler.dra.pre_enqueue(pod) if scheduler.dra and pod.resource_claims else None
    if held is not None:
        return Placement(pod, None, held, Diagnosis(_claim_hint(held), "DynamicResources"))
    return None


def _claim_hint(held: str) -> str:
    if held.endswith("ResourceClaim not created yet"):
        return "its resourceClaimTemplateName names no ResourceClaimTemplate of its namespace"
    if held.startswith("could not find"):
        return "its resourceClaimName names no ResourceClaim of the cluster file or the inputs"
    if held.endswith("is being deleted"):
        return "a ResourceClaim it uses is being deleted"
    return "each of its resourceClaims needs resourceClaimName or resourceClaimTemplateName"


def simulate(
    resources: Sequence[Resource],
    cluster: Cluster,
    namespace: str,
    at_max: bool = False,
    strategy: str = "least-allocated",
    explain: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    kube_version: str | None = None,
) -> Result:
    scheduler = Scheduler(cluster.nodes, strategy, kube_version)
    running = workload_pods(cluster.running, namespace, limits=limits)
    for pod in running:
        assert pod.node_name is not None  # the cluster schema requires it
        scheduler.bind(pod, scheduler.index[pod.node_name])
    result = Result(cluster, scheduler, [])
    pods: list[Pod] = []
    for pod in workload_pods(resources, namespace, at_max, limits):
        if not pod.daemon:
            pods.append(pod)
            continue
        nodes = _daemon_nodes(scheduler, pod)
        if not nodes:
            result.notes.append(f"{pod.owner}: no node it should run on (taints or node affinity)")
        if len(pods) + len(nodes) > limits.max_schedule_pods:
            what = f"{pod.owner}: the workloads make too many pods together, one per node"
            raise InputError(limits.exceeded("max_schedule_pods", what))
        pods.extend(daemon_pod(pod, node) for node in nodes)
    scheduler.volumes = plan_volumes(resources, [*running, *pods])  # the volumes they attach
    _allocating(scheduler, cluster, resources, pods, namespace)
    for pod in pods:
        held = _not_tried(scheduler, pod)
        if held is not None:
            result.placements.append(held)
            continue
        if pod.node_name is not None:
            node = scheduler.index.get(pod.node_name)
            if node is None:
                reason = f'spec.nodeName names node "{pod.node_name}", which is not in the cluster'
                result.placements.append(Placement(pod, None, reason, Diagnosis("", "NodeName")))
            else:
                scheduler.bind(pod, node)
                result.placements.append(Placement(pod, pod.node_name, tied=1))
            continue
        wanted = explain is not None and result.explained is None and _matches(pod, explain)
        outcome = scheduler.schedule(pod, explain=wanted)
        if wanted:
            result.explained = (pod, outcome)
        if outcome.node is None:
            stages = outcome.stages or scheduler.stages(pod)
            diagnosis = diagnose(scheduler, pod, stages)
            if outcome.preempt is not None:
                node, victims = outcome.preempt
                names = ", ".join(v.key for v in victims)
                where = scheduler.nodes[node].name
                text = f"kube-scheduler would make room on {where} by preempting {names}"
                diagnosis = dataclasses.replace(diagnosis, hint=text)
            result.placements.append(Placement(pod, None, outcome.message, diagnosis))
        else:
            name = scheduler.nodes[outcome.node].name
            result.placements.append(Placement(pod, name, tied=outcome.tied))
    if explain is not None and result.explained is None:
        raise UsageError(f"--explain {explain}: no pod of that name is scheduled in this run")
    return result


def what_if(
    result: Result,
    resources: Sequence[Resource],
    namespace: str,
    drain_nodes: Sequence[str],
    force: bool,
    capacity_of: str | None,
) -> None:
    """`--drain` then `--capacity`, on the cluster as the placements left it."""
    result.usage = result.scheduler.free.copy()
    if drain_nodes:
        pending = [p.pod for p in result.placements if p.node is None]
        result.drain = drain(result.scheduler, pending, resources, drain_nodes, force)
    if capacity_of is not None:
        result.capacity = capacity(result.scheduler, resources, capacity_of, namespace)
