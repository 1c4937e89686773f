"""kube-scheduler's DefaultPreemption tests, translated (`defaultpreemption/
default_preemption_test.go`, TestPostFilter and TestDryRunPreemption): the nodes, the pods on
them and the pod left unschedulable; the node kube nominates and the pods it evicts there, or
the `preemption: …` part of the message. Upstream injects each node's filter status
(Unschedulable or UnschedulableAndUnresolvable); here the filters give it: a node count too
small (NodeResourcesFit, resolvable) or a nodeSelector (NodeAffinity, not).

Not translated: the cases of extenders, PodGroups and test plugins, which the default profile
lacks; PodDisruptionBudgets (upstream's first criterion) are not weighed — in its
minHighestPriority case each candidate would violate one, so the next criterion decides, as
here. A node whose allocatable is below the pod's request is UnschedulableAndUnresolvable
(kube-scheduler 1.34 on), so upstream's "Insufficient cpu" dry-run cases are built with a
higher-priority pod holding the rest of the node.
"""

from __future__ import annotations

from typing import Any

import pytest

from kubelint.schedule.cluster import Node
from kubelint.schedule.pods import Pod
from kubelint.schedule.scheduler import Scheduler

from .helpers import make_pod, node

LOW, MID, HIGH, VERY_HIGH = 0, 100, 1000, 10000
NO_VICTIMS = "No preemption victims found for incoming pod"
NOT_HELPFUL = "Preemption is not helpful for scheduling"


def one_pod_node(name: str, **labels: str) -> Node:
    return node(name, cpu="0", memory="0", pods=1, labels=labels)


def with_priority(name: str, priority: int, cpu: str | None = None, **spec: Any) -> Pod:
    container: dict[str, Any] = {"name": "c", "image": "i"}
    if cpu is not None:
        container["resources"] = {"requests": {"cpu": cpu}}
    return make_pod({"priority": priority, "containers": [container], **spec}, name)


def crowded(name: str, **labels: str) -> tuple[Node, list[tuple[str, Pod]]]:
    """400m of cpu: 200m held by a high-priority pod, 100m by a low-priority one."""
    pods = [
        (name, with_priority(f"{name}-hi", HIGH, "200m")),
        (name, with_priority(f"{name}-lo", LOW, "100m")),
    ]
    return node(name, cpu="400m", labels=labels), pods


def preemption(
    nodes: list[Node], existing: list[tuple[str, Pod]], incoming: Pod, version: str | None = None
) -> tuple[str | None, list[str], str | None]:
    """(nominated node, its victims, the message's preemption part)."""
    s = Scheduler(nodes, kube_version=version)
    for name, placed in existing:
        s.bind(placed, s.index[name])
    outcome = s.schedule(incoming)
    assert outcome.node is None
    assert outcome.message is not None
    at = outcome.message.find("preemption:")
    text = outcome.message[at:] if at >= 0 else None
    if outcome.preempt is None:
        return None, [], text
    where, victims = outcome.preempt
    return s.nodes[where].name, sorted(p.name for p in victims), text


def case_mixed() -> tuple[list[Node], list[tuple[str, Pod]]]:
    node2, on_node2 = crowded("node2")
    return (
        [node("node1", pods=1), node2, node("node3", pods=1)],
        [
            ("node1", with_priority("p1", HIGH)),
            *on_node2,
            ("node3", with_priority("p3", HIGH)),
        ],
    )


def case_four() -> tuple[list[Node], list[tuple[str, Pod]]]:
    node1, on_node1 = crowded("node1", pool="a")
    node2, on_node2 = crowded("node2", pool="a")
    node3, on_node3 = crowded("node3")
    node4, on_node4 = crowded("node4")
    return [node1, node2, node3, node4], [*on_node1, *on_node2, *on_node3, *on_node4]


POST_FILTER = [
    (
        "pod with higher priority can be made schedulable",
        [one_pod_node("node1")],
        [("node1", with_priority("p1", LOW))],
        with_priority("p", HIGH),
        ("node1", ["p1"], None),
    ),
    (
        "pod with tied priority is still unschedulable",
        [one_pod_node("node1")],
        [("node1", with_priority("p1", LOW))],
        with_priority("p", LOW),
        (None, [], f"preemption: 0/1 nodes are available: 1 {NO_VICTIMS}."),
    ),
    (
        "preemption should respect filteredNodesStatuses",
        [one_pod_node("node1")],
        [("node1", with_priority("p1", LOW))],
        with_priority("p", HIGH, nodeSelector={"pool": "a"}),
        (None, [], f"preemption: 0/1 nodes are available: 1 {NOT_HELPFUL}."),
    ),
    (
        "pod can be made schedulable on one node",
        [one_pod_node("node1"), one_pod_node("node2")],
        [("node1", with_priority("p1", HIGH)), ("node2", with_priority("p2", LOW))],
        with_priority("p", MID),
        ("node2", ["p2"], None),
    ),
    (
        "pod can be made schedulable on minHighestPriority node",
        [one_pod_node("node1"), one_pod_node("node2")],
        [
            ("node1", with_priority("p1", HIGH)),
            ("node1", with_priority("p2", LOW)),
            ("node2", with_priority("p3", MID)),
        ],
        with_priority("p", VERY_HIGH),
        ("node2", ["p3"], None),
    ),
    (
        "no candidate nodes found, no enough resource after removing low priority pods",
        [crowded("node1")[0], crowded("node2")[0]],
        [*crowded("node1")[1], *crowded("node2")[1]],
        with_priority("p", MID, "300m"),
        (None, [], "preemption: 0/2 nodes are available: 2 Insufficient cpu."),
    ),
    (
        "no candidate nodes found with mixed reasons, no lower priority pod and no enough CPU",
        *case_mixed(),
        with_priority("p", HIGH, "300m"),
        (None, [], f"preemption: 0/3 nodes are available: 1 Insufficient cpu, 2 {NO_VICTIMS}."),
    ),
    (
        "no candidate nodes found with mixed reason, 2 UnschedulableAndUnresolvable nodes and 2 "
        "nodes don't have enough CPU resource",
        *case_four(),
        with_priority("p", MID, "300m", nodeSelector={"pool": "a"}),
        (
            None,
            [],
            f"preemption: 0/4 nodes are available: 2 Insufficient cpu, 2 {NOT_HELPFUL}.",
        ),
    ),
    (
        "a pod that fits on both nodes when lower priority pods are preempted: the first wins",
        [one_pod_node("node1"), one_pod_node("node2")],
        [("node1", with_priority("p1", MID)), ("node2", with_priority("p2", MID))],
        with_priority("p", HIGH),
        ("node1", ["p1"], None),
    ),
    (
        "preemptionPolicy Never: not eligible",
        [one_pod_node("node1")],
        [("node1", with_priority("p1", LOW))],
        with_priority("p", HIGH, preemptionPolicy="Never"),
        (None, [], "preemption: not eligible due to preemptionPolicy=Never."),
    ),
    (
        "a node smaller than the pod's request is not a candidate (kube-scheduler 1.34 on)",
        [node("node1", cpu="200m")],
        [("node1", with_priority("p1", LOW))],
        with_priority("p", HIGH, "300m"),
        (None, [], f"preemption: 0/1 nodes are available: 1 {NOT_HELPFUL}."),
    ),
]


@pytest.mark.parametrize(
    ("nodes", "existing", "incoming", "expected"),
    [pytest.param(n, e, i, x, id=name) for name, n, e, i, x in POST_FILTER],
)
def test_post_filter(
    nodes: list[Node], existing: list[tuple[str, Pod]], incoming: Pod, expected: Any
) -> None:
    assert preemption(nodes, existing, incoming) == expected


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("1.33", "preemption: 0/1 nodes are available: 1 Insufficient cpu."),
        ("1.34", f"preemption: 0/1 nodes are available: 1 {NOT_HELPFUL}."),
    ],
)
def test_a_node_smaller_than_the_pod_before_and_after_1_34(version: str, expected: str) -> None:
    # upstream's "no candidate nodes found, no enough resource after removing low priority
    # pods", as kube-scheduler up to 1.33 sees it: the too-small node is a candidate
    nodes = [node("node1", cpu="200m")]
    existing = [("node1", with_priority("p1", LOW))]
    found = preemption(nodes, existing, with_priority("p", HIGH, "300m"), version)
    assert found == (None, [], expected)
