"""Build nodes, pods and schedulers from short YAML for the scheduler's tests."""

from __future__ import annotations

from typing import Any

import yaml

from kubelint.objects import Resource, expand
from kubelint.schedule.cluster import Node, node_from
from kubelint.schedule.controllers import workload_pods
from kubelint.schedule.pods import Pod
from kubelint.schedule.scheduler import Scheduler
from kubelint.schedule.volumes import VolumeNeeds
from kubelint.yamlload import load


def resources(text: str) -> list[Resource]:
    loaded = load("test.yaml", text.encode())
    assert not loaded.problems, loaded.problems
    return [r for d in loaded.documents for r in expand(d, "default")[0]]


def pods(text: str, at_max: bool = False) -> list[Pod]:
    return workload_pods(resources(text), "default", at_max)


def pod(spec: str = "", labels: str = "{}", name: str = "p") -> Pod:
    """A bare Pod; `spec` is YAML for its spec besides one container (requests via `cpu`)."""
    extra = yaml.safe_load(spec) or {}
    data: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "labels": yaml.safe_load(labels)},
        "spec": {"containers": [{"name": "c", "image": "busybox"}], **extra},
    }
    (found,) = pods(yaml.safe_dump(data))
    return found


def deployment(name: str = "web", replicas: int = 2, requests: str = "{cpu: 100m}") -> str:
    """A Deployment's YAML: `replicas` pods labelled `app: <name>`, one container requesting."""
    return f"""
apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec: {{containers: [{{name: c, resources: {{requests: {requests}}}}}]}}
"""


def node(
    name: str,
    cpu: str = "4",
    memory: str = "8Gi",
    labels: dict[str, str] | None = None,
    taints: list[dict[str, str]] | None = None,
    unschedulable: bool = False,
    pods: int = 110,
    **extra: str,
) -> Node:
    return node_from(
        {
            "metadata": {"name": name, "labels": labels or {}},
            "spec": {"taints": taints or [], "unschedulable": unschedulable},
            "status": {"allocatable": {"cpu": cpu, "memory": memory, "pods": pods, **extra}},
        }
    )


def make_pod(spec: dict[str, Any], name: str = "p", **meta: Any) -> Pod:
    """A bare Pod from a spec dict (one container `c` unless the spec names containers) and
    metadata keywords (labels, namespace, …)."""
    spec = {"containers": [{"name": "c", "image": "i"}], **spec}
    data = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, **meta}, "spec": spec}
    (found,) = pods(yaml.safe_dump(data))
    return found


def verdicts(
    nodes: list[Node],
    existing: list[tuple[str, Pod]],
    incoming: Pod,
    volumes: dict[str, VolumeNeeds] | None = None,
) -> dict[str, Any]:
    """Every node's verdict on `incoming` once `existing` (node name, pod) are bound: None when
    it passes every filter, else the reason of the first filter it fails. `volumes`: what each
    pod's claims ask (`plan_volumes`)."""
    s = Scheduler(nodes)
    s.volumes = volumes or {}
    for node_name, placed in existing:
        s.bind(placed, s.index[node_name])
    out: dict[str, Any] = {n.name: None for n in nodes}
    for stage in s.stages(incoming):
        for reason, mask in stage.reasons():
            for i, failed in enumerate(mask):
                if failed and out[nodes[i].name] is None:
                    out[nodes[i].name] = reason
    return out
