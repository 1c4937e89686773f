"""PodDisruptionBudget arithmetic and what-if helpers."""

from __future__ import annotations

import pytest

from kubelint.errors import UsageError
from kubelint.schedule.hints import amount
from kubelint.schedule.whatif import controller_kind, desired_healthy, find_workload

from .helpers import pods, resources


@pytest.mark.parametrize(
    ("spec", "expected", "desired"),
    [
        ("minAvailable: 2", 5, 2),
        ("minAvailable: 50%", 5, 3),  # rounded up
        ("maxUnavailable: 1", 5, 4),
        ("maxUnavailable: 30%", 5, 3),  # 1.5 rounds up to 2 unavailable
        ("maxUnavailable: 0", 4, 4),
        ("", 3, 3),
    ],
)
def test_desired_healthy(spec: str, expected: int, desired: int) -> None:
    (pdb,) = resources(f"kind: PodDisruptionBudget\nmetadata: {{name: p}}\nspec: {{{spec}}}\n")
    assert desired_healthy(pdb, expected) == desired


def test_controller_kind_reads_owner_references_of_running_pods() -> None:
    (pod,) = pods("""
apiVersion: v1
kind: Pod
metadata:
  name: web-abc
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web, controller: true}]
spec: {containers: [{name: c}]}
""")
    assert controller_kind(pod) == "ReplicaSet"
    (bare,) = pods("{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: []}}")
    assert controller_kind(bare) == "Pod"


def test_find_workload_by_name_kind_or_full_reference() -> None:
    found = resources("""
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: a}
spec: {template: {spec: {containers: []}}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web, namespace: b}
spec: {template: {spec: {containers: []}}}
""")
    assert find_workload(found, "Deployment/web").kind == "Deployment"
    assert find_workload(found, "StatefulSet/b/web").kind == "StatefulSet"
    with pytest.raises(UsageError, match="several workloads match"):
        find_workload(found, "web")


@pytest.mark.parametrize(
    ("resource", "value", "text"),
    [
        ("cpu", 500, "500m"),
        ("cpu", 2000, "2"),
        ("cpu", 1500, "1.5"),
        ("cpu", 0, "0"),
        ("memory", 512 * 2**20, "512Mi"),
        ("memory", 3 * 2**29, "1.5Gi"),
        ("memory", 100, "100"),
        ("nvidia.com/gpu", 2, "2"),
    ],
)
def test_amounts_as_people_write_them(resource: str, value: int, text: str) -> None:
    assert amount(resource, value) == text
