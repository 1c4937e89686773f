"""Pod templates of every workload kind, reached through one helper.

Rules (probes, security context, references) and the scheduler (pods to place) all need "the pod
spec of this object, wherever its kind keeps it"; this is the one place that knows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# kind → JSON path of its pod template (metadata + spec); a Pod is its own template.
POD_TEMPLATE_PATHS: dict[str, tuple[str, ...]] = {
    "Pod": (),
    "Deployment": ("spec", "template"),
    "ReplicaSet": ("spec", "template"),
    "ReplicationController": ("spec", "template"),
    "StatefulSet": ("spec", "template"),
    "DaemonSet": ("spec", "template"),
    "Job": ("spec", "template"),
    "CronJob": ("spec", "jobTemplate", "spec", "template"),
}
WORKLOAD_KINDS = frozenset(POD_TEMPLATE_PATHS)


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(data, Mapping):
            return None
        data = data.get(part)
    return data


def pod_template(obj: Mapping[str, Any]) -> tuple[tuple[str, ...], Mapping[str, Any]] | None:
    """`(path, template)` of an object's pod template (`metadata` and `spec`), or None."""
    kind = obj.get("kind")
    path = POD_TEMPLATE_PATHS.get(kind) if isinstance(kind, str) else None
    if path is None:
        return None
    template = _get(obj, path)
    return (path, template) if isinstance(template, Mapping) else None


def pod_spec(obj: Mapping[str, Any]) -> tuple[tuple[str, ...], Mapping[str, Any]] | None:
    """`(path, spec)` of the pod spec of a workload or Pod, or None when it has none."""
    found = pod_template(obj)
    if found is None:
        return None
    path, template = found
    spec = template.get("spec")
    return ((*path, "spec"), spec) if isinstance(spec, Mapping) else None


def pod_labels(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    """The labels its pods will carry (the template's, or a Pod's own)."""
    found = pod_template(obj)
    labels = _get(found[1], ("metadata", "labels")) if found else None
    return labels if isinstance(labels, Mapping) else {}
