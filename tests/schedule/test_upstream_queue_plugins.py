"""kube-scheduler's plugin tests, translated: NodeUnschedulable, NodeName
(`pkg/scheduler/framework/plugins/{nodeunschedulable,nodename}/*_test.go`: every node's verdict
and reason), SchedulingGates (`schedulinggates`: a gated pod is not tried, with the plugin's
message) and PrioritySort (`queuesort`: the order pods are tried in)."""

from __future__ import annotations

from typing import Any

import pytest

from kubelint.schedule.cluster import Cluster
from kubelint.schedule.run import simulate
from kubelint.schedule.scheduler import Scheduler
from kubelint.schedule.whatif import drain

from .helpers import make_pod, node, pods, resources, verdicts

UNSCHEDULABLE = "node(s) were unschedulable"
NODE_NAME = "node(s) didn't match the requested node name"

NODE_UNSCHEDULABLE = [
    ("Does not schedule pod to unschedulable node", [], True, UNSCHEDULABLE),
    ("Schedule pod to normal node", [], False, None),
    (
        "Schedule pod with toleration to unschedulable node",
        [{"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}],
        True,
        None,
    ),
]


@pytest.mark.parametrize(
    ("tolerations", "cordoned", "expected"),
    [pytest.param(t, c, x, id=n) for n, t, c, x in NODE_UNSCHEDULABLE],
)
def test_node_unschedulable(tolerations: Any, cordoned: bool, expected: str | None) -> None:
    incoming = make_pod({"tolerations": tolerations})
    assert verdicts([node("node", unschedulable=cordoned)], [], incoming) == {"node": expected}


NODE_NAMES = [
    ("no host specified", None, None),
    ("host matches", "foo", None),
    ("host doesn't match", "bar", NODE_NAME),
]


@pytest.mark.parametrize(
    ("wanted", "expected"), [pytest.param(w, x, id=n) for n, w, x in NODE_NAMES]
)
def test_node_name(wanted: str | None, expected: str | None) -> None:
    incoming = make_pod({"nodeName": wanted} if wanted else {})
    assert verdicts([node("foo")], [], incoming) == {"foo": expected}


def test_node_name_comes_before_taints() -> None:
    tainted = node("other", taints=[{"key": "k", "value": "v", "effect": "NoSchedule"}])
    found = verdicts([node("foo"), tainted], [], make_pod({"nodeName": "foo"}))
    assert found == {"foo": None, "other": NODE_NAME}


@pytest.mark.parametrize(
    ("gates", "reason"),
    [
        pytest.param(None, None, id="pod does not carry scheduling gates"),
        pytest.param(["foo", "bar"], "waiting for scheduling gates: [foo bar]", id="gated"),
    ],
)
def test_scheduling_gates(gates: list[str] | None, reason: str | None) -> None:
    spec = "{containers: [{name: c}]}"
    if gates:
        spec = f"{{containers: [{{name: c}}], schedulingGates: {[{'name': g} for g in gates]}}}"
    text = f"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec: {spec}\n"
    (placement,) = simulate(resources(text), Cluster([node("n")], [], "test"), "default").placements
    assert (placement.node, placement.reason) == ((None, reason) if gates else ("n", None))


def test_a_gated_pod_takes_no_room() -> None:
    text = """
apiVersion: v1
kind: Pod
metadata: {name: gated}
spec:
  schedulingGates: [{name: wait}]
  containers: [{name: c, resources: {requests: {cpu: "4"}}}]
---
apiVersion: v1
kind: Pod
metadata: {name: free}
spec: {containers: [{name: c, resources: {requests: {cpu: "4"}}}]}
"""
    result = simulate(resources(text), Cluster([node("n", cpu="4")], [], "test"), "default")
    assert [(p.pod.name, p.node) for p in result.placements] == [("gated", None), ("free", "n")]


def priority_pod(name: str, priority: int) -> str:
    return (
        f"apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\n"
        f"spec: {{priority: {priority}, containers: [{{name: c}}]}}\n---\n"
    )


@pytest.mark.parametrize(
    ("first", "second", "order"),
    [
        pytest.param(("p1", 1), ("p2", 2), ["p2", "p1"], id="p1.priority less than p2.priority"),
        pytest.param(("p1", 2), ("p2", 1), ["p1", "p2"], id="p1.priority greater than p2"),
        pytest.param(("p1", 1), ("p2", 1), ["p1", "p2"], id="equal priority, p1 queued first"),
    ],
)
def test_priority_sort(first: tuple[str, int], second: tuple[str, int], order: list[str]) -> None:
    made = pods(priority_pod(*first) + priority_pod(*second))
    assert [p.name for p in made] == order


def test_a_drained_running_pod_is_replaced_without_its_node_name() -> None:
    (running,) = pods("""
apiVersion: v1
kind: Pod
metadata:
  name: web-abc
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web, controller: true}]
spec: {nodeName: a, containers: [{name: c}]}
""")
    s = Scheduler([node("a"), node("b")])
    s.bind(running, s.index["a"])
    result = drain(s, [], [], ["a"], force=False)
    assert [(e.pod.name, e.node) for e in result.evictions] == [("web-abc", "b")]
