"""One helper reaches the pod template of every workload kind."""

from __future__ import annotations

from typing import Any

import pytest

from kubelint.k8s.workloads import (
    MAX_ORDINALS,
    POD_INDEX_LABEL,
    POD_NAME_LABEL,
    POD_TEMPLATE_PATHS,
    claim_volumes,
    containers,
    operator_labels,
    pod_labels,
    pod_spec,
    pod_template,
    statefulset_pod_labels,
    unless_set,
)

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


def test_claim_volumes_name_each_claim_with_its_path() -> None:
    volumes = [
        {"name": "data", "persistentVolumeClaim": {"claimName": "data"}},
        {"name": "tmp", "emptyDir": {}},
        {"name": "bad", "persistentVolumeClaim": {"claimName": ""}},
    ]
    obj = {"kind": "Pod", "spec": {"containers": [], "volumes": volumes}}
    assert claim_volumes(obj) == (
        ("data", ("spec", "volumes", 0, "persistentVolumeClaim", "claimName")),
    )


@pytest.mark.parametrize(
    ("context", "path"),
    [
        ({"readOnlyRootFilesystem": True}, None),
        (
            {"readOnlyRootFilesystem": False},
            ("spec", "containers", 0, "securityContext", "readOnlyRootFilesystem"),
        ),
        ({}, ("spec", "containers", 0, "name")),
    ],
)
def test_unless_set_points_at_the_setting_or_the_container(
    context: dict[str, Any], path: tuple[str | int, ...] | None
) -> None:
    obj = {"kind": "Pod", "spec": {"containers": [{"name": "c", "securityContext": context}]}}
    (container,) = containers(obj)
    assert unless_set(container, "readOnlyRootFilesystem", True) == path


def test_operator_labels_are_its_own_and_those_in_its_spec() -> None:
    prometheus = {
        "metadata": {"labels": {"app": "prometheus"}},
        "spec": {
            "labels": {"a": "0"},
            "podMetadata": {"labels": {"b": "1"}},
            "template": {"metadata": {"labels": {"c": "2"}}},
            "one": {"two": {"three": {"labels": {"d": "3"}, "four": {"labels": {"e": "4"}}}}},
            "list": [{"labels": {"f": "5"}}],
            "scalar": {"labels": "not a map"},
        },
    }
    assert operator_labels(prometheus) == (
        {"app": "prometheus"},
        {"a": "0"},
        {"b": "1"},
        {"c": "2"},
        {"d": "3"},
    )
    assert operator_labels({"spec": None}) == ()


def test_statefulset_pods_carry_their_names_and_ordinals() -> None:
    statefulset = {"kind": "StatefulSet", "metadata": {"name": "db"}, **_wrap("StatefulSet")}
    statefulset["spec"] |= {"replicas": 2, "ordinals": {"start": 3}}
    assert statefulset_pod_labels(statefulset) == (
        {"app": "web", POD_NAME_LABEL: "db-3", POD_INDEX_LABEL: "3"},
        {"app": "web", POD_NAME_LABEL: "db-4", POD_INDEX_LABEL: "4"},
    )
    statefulset["spec"]["replicas"] = "{{ replicas }}"  # not a number: as many as may be
    assert len(statefulset_pod_labels(statefulset)) == MAX_ORDINALS
    assert statefulset_pod_labels({"kind": "StatefulSet"}) == ()  # no name, no pod names
