"""One helper reaches the pod template of every workload kind."""

from __future__ import annotations

from typing import Any

import pytest

from kubelint.k8s.workloads import POD_TEMPLATE_PATHS, pod_labels, pod_spec, pod_template

TEMPLATE = {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "c"}]}}


def _wrap(kind: str) -> dict[str, Any]:
    obj: dict[str, Any] = {"kind": kind}
    if kind == "Pod":
        obj.update(TEMPLATE)
        return obj
    path = POD_TEMPLATE_PATHS[kind]
    node = obj
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = TEMPLATE
    return obj


@pytest.mark.parametrize("kind", sorted(POD_TEMPLATE_PATHS))
def test_every_workload_kind(kind: str) -> None:
    obj = _wrap(kind)
    found = pod_spec(obj)
    assert found is not None
    path, spec = found
    assert spec == TEMPLATE["spec"]
    assert path == (*POD_TEMPLATE_PATHS[kind], "spec")
    assert pod_labels(obj) == {"app": "web"}


def test_cronjob_path() -> None:
    assert pod_template(_wrap("CronJob"))[0] == ("spec", "jobTemplate", "spec", "template")  # type: ignore[index]


@pytest.mark.parametrize(
    "obj",
    [
        {"kind": "ConfigMap"},
        {"kind": "Deployment"},
        {"kind": "Deployment", "spec": {"template": "x"}},
        {"kind": "Deployment", "spec": {"template": {"spec": None}}},
        {"kind": ["Pod"]},
    ],
)
def test_objects_without_a_pod_template(obj: dict[str, Any]) -> None:
    assert pod_spec(obj) is None
    assert pod_labels(obj) == {}
