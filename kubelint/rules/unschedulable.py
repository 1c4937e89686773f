"""## What it does
Places the pods the workloads would create on a cluster, as `kubelint schedule` does (the
default profile of kube-scheduler), and reports each workload whose pods would stay Pending,
with kube-scheduler's own message (`0/3 nodes are available: 2 Insufficient cpu, …`) and a
hint. The finding points at the field most in the way: the container request that does not
fit, the `nodeSelector`, the `tolerations`, …, else the workload's name.

Off unless asked for, since it runs a simulation: `kubelint lint --schedule` (the built-in
default cluster: a tainted control plane and two workers of 4 cpu and 16Gi), `--cluster
NODES.yaml` (what `kubectl get nodes -o yaml` prints) or `--nodes 5x4cpu,16Gi`; or, in the
configuration, this rule's option `schedule: true` or `cluster: NODES.yaml`.

## Why is this bad?
A pod that fits no node stays Pending after `kubectl apply`: the rollout hangs, and the reason
is found only by watching the pod's events. Found in the pull request, it is a request to
lower, a toleration to add, or a node pool to grow.

## Example
```yaml
kind: Deployment
spec:
  replicas: 3
  template:
    spec:
      containers:
      - name: api
        resources:
          requests: {cpu: "6"}   # no worker has 6 cpu
```

## Use instead
```yaml
kind: Deployment
spec:
  replicas: 3
  template:
    spec:
      containers:
      - name: api
        resources:
          requests: {cpu: "2"}
```

## Options
- `schedule`: run the simulation in every `kubelint lint`, on the cluster of `cluster` or
  else the built-in default (`--schedule` does this for one run).
- `cluster`: a cluster file (Node objects, and Pods already running), relative to the
  configuration file; `--cluster` and `--nodes` on the command line take precedence.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from kubelint.findings import Severity
from kubelint.k8s.data import mapping
from kubelint.k8s.workloads import container_ports, containers, pod_spec
from kubelint.objects import ObjectIndex, Resource
from kubelint.rules.base import Context, Option, Problem, Rule
from kubelint.yamlload import JsonPath

if TYPE_CHECKING:
    from kubelint.schedule.run import Placement, Result

NAMES_SHOWN = 3  # pod names a message lists before "…"
# Per filter plugin, the pod spec fields that decide it, the first present one blamed.
SPEC_FIELDS: dict[str, tuple[JsonPath, ...]] = {
    "SchedulingGates": (("schedulingGates",),),
    "NodeName": (("nodeName",),),
    "NodeAffinity": (("nodeSelector",), ("affinity", "nodeAffinity")),
    "TaintToleration": (("tolerations",),),
    "NodeUnschedulable": (("tolerations",),),
    "VolumeRestrictions": (("volumes",),),
    "NodeVolumeLimits": (("volumes",),),
    "VolumeBinding": (("volumes",),),
    "VolumeZone": (("volumes",),),
    "PodTopologySpread": (("topologySpreadConstraints",),),
    "InterPodAffinity": (("affinity", "podAntiAffinity"), ("affinity", "podAffinity")),
    "DynamicResources": (("resourceClaims",),),
}


def _lookup(data: object, path: JsonPath) -> tuple[bool, object]:
    """Whether the path exists, and its value."""
    for key in path:
        in_list = isinstance(data, list) and isinstance(key, int) and key < len(data)
        if not (in_list or (isinstance(data, Mapping) and key in data)):
            return False, None
        data = data[key]  # type: ignore[index]
    return True, data


def _largest_request(resource: Resource, name: str) -> JsonPath | None:
    """The request (or the limit it defaults to) of the container asking most of `name`."""
    from kubelint.schedule.cluster import resource_amount

    best: tuple[int, JsonPath] | None = None
    for container in containers(resource.data):
        if container.field == "ephemeralContainers":
            continue  # the scheduler counts no request of theirs
        res = mapping(container.data.get("resources"))
        for kind in ("requests", "limits"):
            value = mapping(res.get(kind)).get(name)
            if value is not None:
                amount = resource_amount(name, value)
                if best is None or amount > best[0]:
                    best = (amount, (*container.path, "resources", kind, name))
                break
    return best[1] if best else None


def blamed_field(placement: Placement) -> tuple[JsonPath, bool]:
    """The field of the workload most in the way of a pod left Pending, and whether to point
    at its key (a mapping or a list) rather than its value."""
    resource, diagnosis = placement.pod.source, placement.diagnosis
    found = pod_spec(resource.data) if resource is not None else None
    assert resource is not None
    assert found is not None
    assert diagnosis is not None
    spec_path, plugin, name = found[0], diagnosis.plugin, diagnosis.resource
    candidates: list[JsonPath] = []
    if plugin == "NodeResourcesFit" and name == "pods":
        candidates.append(("spec", "replicas"))
    elif plugin == "NodeResourcesFit" and name is not None:
        # pod-level resources decide where they are set, else the containers' requests
        candidates += [(*spec_path, "resources", kind, name) for kind in ("requests", "limits")]
        if (request := _largest_request(resource, name)) is not None:
            candidates.append(request)
    elif plugin == "NodePorts":
        ports = container_ports(resource.data)
        candidates.extend((*p.path, "hostPort") for p in ports if p.container.field == "containers")
    candidates.extend((*spec_path, *f) for f in SPEC_FIELDS.get(plugin or "", ()))
    for path in candidates:
        present, value = _lookup(resource.data, path)
        if present:
            return path, isinstance(value, Mapping | list)
    return ("metadata", "name"), False


def _who(placements: Sequence[Placement], total: int) -> str:
    if total == 1:
        return f"pod {placements[0].pod.key}"
    names = [p.pod.name for p in placements]
    shown = ", ".join(names[:NAMES_SHOWN]) + (", …" if len(names) > NAMES_SHOWN else "")
    return f"{len(names)} of {total} pods ({shown})"


def pending_problems(result: Result) -> list[tuple[Resource, Problem]]:
    """Each workload's pods left Pending, one problem per workload and reason: the finding
    `lint --schedule` reports and `schedule --format sarif|junit|github` writes."""
    totals = Counter(id(p.pod.source) for p in result.placements)
    groups: dict[tuple[int, str | None, str | None], list[Placement]] = defaultdict(list)
    for placement in result.placements:
        if placement.node is None:
            groups[(id(placement.pod.source), placement.reason, placement.hint)].append(placement)
    out: list[tuple[Resource, Problem]] = []
    for (source, reason, hint), placements in groups.items():
        resource = placements[0].pod.source
        assert resource is not None
        message = f"{_who(placements, totals[source])} would stay Pending: {reason}"
        if hint:
            message += f" Hint: {hint}."
        out.append((resource, Problem(message, *blamed_field(placements[0]))))
    return out


def _check(index: ObjectIndex, ctx: Context) -> Iterator[tuple[Resource, Problem]]:
    cluster = ctx.settings.cluster
    if cluster is None:
        return
    from kubelint.schedule.pods import PodError
    from kubelint.schedule.run import simulate  # numpy: only when scheduling is asked for

    try:
        settings = ctx.settings
        result = simulate(
            index.resources,
            cluster,
            settings.namespace,
            limits=settings.limits,
            kube_version=settings.kubernetes_version,
        )
    except PodError as exc:
        message = f"cannot place its pods: {exc.reason}"
        yield exc.resource, Problem(message, exc.path)
        return
    yield from pending_problems(result)


RULE = Rule(
    id="unschedulable",
    severity=Severity.ERROR,
    summary="A workload's pods would stay Pending on the cluster (with --schedule)",
    doc=__doc__ or "",
    options={
        "schedule": Option({"type": "boolean"}, False, "run the dry-run scheduler in every lint"),
        "cluster": Option(
            {"type": ["string", "null"]},
            None,
            "cluster file (Nodes, running Pods), relative to the configuration",
        ),
    },
    check_all=_check,
    whole_run=True,
)
