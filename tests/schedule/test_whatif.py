"""PodDisruptionBudget arithmetic and what-if helpers."""

from __future__ import annotations

import pytest

from kubelint.errors import UsageError
from kubelint.schedule import whatif
from kubelint.schedule.hints import amount
from kubelint.schedule.scheduler import Scheduler
from kubelint.schedule.whatif import (
    capacity,
    controller_kind,
    desired_healthy,
    drain,
    find_workload,
)

from .helpers import deployment, node, pods, resources


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


def test_a_budget_with_an_invalid_selector_is_a_usage_error() -> None:
    budget = """
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: b}
spec:
  maxUnavailable: 1
  selector: {matchExpressions: [{key: app, operator: Near}]}
---
apiVersion: v1
kind: Pod
metadata: {name: p, labels: {app: web}}
spec: {containers: [{name: c}]}
"""
    made = resources(budget)
    s = Scheduler([node("a"), node("b")])
    (pod,) = pods(budget)
    s.bind(pod, 0)
    with pytest.raises(UsageError, match="PodDisruptionBudget b: "):
        drain(s, [], made, ["a"], force=True)


def test_a_budget_without_selector_selects_nothing() -> None:
    made = resources("""
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: b}
spec: {minAvailable: 1}
""")
    result = drain(Scheduler([node("a")]), [], made, ["a"], force=False)
    (budget,) = result.budgets
    # it selects no pod: the drain evicts none of its pods, so it has nothing to say
    assert (budget.healthy, budget.evicted, budget.problem) == (0, 0, None)


def test_pods_that_find_no_node_leave_a_budget_short() -> None:
    text = """
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: b}
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: web}}
---
""" + deployment(requests="{cpu: '3'}")
    s = Scheduler([node("a"), node("b")])
    made = pods(text)
    for i, pod in enumerate(made):
        s.bind(pod, i)
    result = drain(s, [], resources(text), ["a", "b"], force=False)
    (budget,) = result.budgets
    assert budget.problem == (
        "would be left with 0 healthy pod(s) of the 1 it requires: the evicted pods find no node"
    )
    assert result.failed


def test_capacity_stops_at_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whatif, "CAPACITY_LIMIT", 3)
    text = deployment(replicas=1, requests="{cpu: 10m}")
    found = capacity(Scheduler([node("a")]), resources(text), "web", "default")
    assert (found.added, found.limit, found.short) == (3, None, [])
