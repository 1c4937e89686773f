"""Containers, their ports and security settings, reached through the workload helper."""

from __future__ import annotations

from typing import Any

import pytest

from kubelint.k8s.workloads import (
    container_ports,
    containers,
    declared_replicas,
    hardenable_containers,
    image_tag,
    security_setting,
)

POD: dict[str, Any] = {
    "kind": "Pod",
    "spec": {
        "securityContext": {"runAsNonRoot": True},
        "initContainers": [
            {"name": "migrate", "ports": [{"containerPort": 1}]},
            {"name": "proxy", "restartPolicy": "Always", "ports": [{"containerPort": 15001}]},
        ],
        "containers": [
            {
                "name": "web",
                "securityContext": {"runAsNonRoot": False},
                "ports": [
                    {"name": "http", "containerPort": 8080},
                    {"containerPort": 53, "protocol": "UDP"},
                ],
            }
        ],
        "ephemeralContainers": [{"name": "debug"}],
    },
}


def test_every_container_with_its_path() -> None:
    found = containers(POD)
    assert [(c.name, c.field, c.path) for c in found] == [
        ("migrate", "initContainers", ("spec", "initContainers", 0)),
        ("proxy", "initContainers", ("spec", "initContainers", 1)),
        ("web", "containers", ("spec", "containers", 0)),
        ("debug", "ephemeralContainers", ("spec", "ephemeralContainers", 0)),
    ]
    assert [c.runs for c in found] == [False, True, True, False]


def test_ports_of_serving_containers_only() -> None:
    ports = container_ports(POD)
    assert [(p.container.name, p.name, p.number, p.protocol) for p in ports] == [
        ("proxy", None, 15001, "TCP"),
        ("web", "http", 8080, "TCP"),
        ("web", None, 53, "UDP"),
    ]
    assert ports[2].path == ("spec", "containers", 0, "ports", 1)


def test_container_setting_wins_over_the_pods() -> None:
    web, spec = hardenable_containers(POD)[2]
    assert security_setting(web, spec, "runAsNonRoot") == (
        False,
        ("spec", "containers", 0, "securityContext", "runAsNonRoot"),
    )
    migrate, _ = hardenable_containers(POD)[0]
    assert security_setting(migrate, spec, "runAsNonRoot") == (
        True,
        ("spec", "securityContext", "runAsNonRoot"),
    )
    assert security_setting(migrate, spec, "runAsUser") == (None, None)


def test_windows_pods_and_ephemeral_containers_are_not_hardened() -> None:
    assert [c.name for c, _ in hardenable_containers(POD)] == ["migrate", "proxy", "web"]
    windows = {"kind": "Pod", "spec": {"os": {"name": "windows"}, "containers": [{"name": "a"}]}}
    assert hardenable_containers(windows) == ()


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("nginx", (None, False)),
        ("nginx:1.27", ("1.27", False)),
        ("registry:5000/team/web", (None, False)),
        ("registry:5000/team/web:2", ("2", False)),
        ("web@sha256:abc", (None, True)),
        ("web:1.0@sha256:abc", ("1.0", True)),
    ],
)
def test_image_tag(image: str, expected: tuple[str | None, bool]) -> None:
    assert image_tag(image) == expected


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        ({"kind": "Deployment", "spec": {}}, 1),
        ({"kind": "StatefulSet", "spec": {"replicas": 3}}, 3),
        ({"kind": "Job", "spec": {"parallelism": 4}}, 4),
        ({"kind": "Pod"}, 1),
        ({"kind": "DaemonSet", "spec": {}}, None),
        ({"kind": "Deployment", "spec": {"replicas": "3"}}, None),
    ],
)
def test_declared_replicas(obj: dict[str, Any], expected: int | None) -> None:
    assert declared_replicas(obj) == expected
