"""kube-scheduler's PodTopologySpread score tests, translated (`podtopologyspread/
scoring_test.go`, TestPodTopologySpreadScore): the nodes, the pods on them (upstream's failed
nodes — "~3~" in its legend — are tainted NoSchedule here, so they are no candidates but their
pods still count, as under the default nodeTaintsPolicy) and every candidate's score. Not
translated: cases of nodes without a hostname label (every node carries one here) and of
feature-gated policies already covered by the filter tests.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from kubelint.schedule.cluster import HOSTNAME
from kubelint.schedule.pods import Pod
from kubelint.schedule.scheduler import Scheduler

from .helpers import make_pod, node, pods

FOO = {"matchExpressions": [{"key": "foo", "operator": "Exists"}]}
BAR = {"matchExpressions": [{"key": "bar", "operator": "Exists"}]}
FAILED = [{"key": "failed", "value": "", "effect": "NoSchedule"}]


def constraint(key: str, selector: Any = FOO, max_skew: int = 1) -> dict[str, Any]:
    found = {"maxSkew": max_skew, "topologyKey": key, "whenUnsatisfiable": "ScheduleAnyway"}
    if selector is not None:
        found["labelSelector"] = selector
    return found


def incoming(*constraints: dict[str, Any], labels: tuple[str, ...] = ("foo",)) -> Pod:
    spec = {"topologySpreadConstraints": list(constraints)}
    return make_pod(spec, labels=dict.fromkeys(labels, ""))


def spread_scores(
    nodes: list[tuple[str, str | None, bool]], existing: dict[str, list[Any]], pod: Pod
) -> list[int]:
    """Nodes as (name, zone, failed); existing pods per node as label tuples (or
    (labels, namespace) pairs, or a dict of metadata)."""
    made = [
        node(name, labels={"zone": zone} if zone else {}, taints=FAILED if failed else [])
        for name, zone, failed in nodes
    ]
    s = Scheduler(made)
    for node_name, placed in existing.items():
        for i, meta in enumerate(placed):
            extra = meta if isinstance(meta, dict) else {"labels": dict.fromkeys(meta, "")}
            s.bind(make_pod({}, f"{node_name}-{i}", **extra), s.index[node_name])
    return breakdown(s, pod)


def breakdown(s: Scheduler, pod: Pod) -> list[int]:
    outcome = s.schedule(pod, explain=True)
    assert outcome.feasible is not None
    return [int(v) for v in outcome.breakdown["PodTopologySpread"]]


FOUR = [
    ("node-a", None, False),
    ("node-b", None, False),
    ("node-c", None, False),
    ("node-d", None, False),
]
F = ("foo",)
ZONED_3_OF_4 = [
    ("node-a", "zone1", False),
    ("node-b", "zone1", False),
    ("node-x", "zone2", False),
    ("node-y", "zone2", True),
]
SPREAD_4213 = {"node-a": [F] * 4, "node-b": [F] * 2, "node-x": [F], "node-y": [F] * 3}
SELECTORS = [
    ("node-a", "zone1", False),
    ("node-b", "zone1", False),
    ("node-x", "zone2", False),
    ("node-y", "zone2", False),
]

SCORES = [
    (
        "one constraint on node, no existing pods",
        [("node-a", None, False), ("node-b", None, False)],
        {},
        incoming(constraint(HOSTNAME)),
        [100, 100],
    ),
    (
        "one constraint on node, only one node is candidate",
        [("node-a", None, False), ("node-b", None, True)],
        {"node-a": [F, F], "node-b": [F]},
        incoming(constraint(HOSTNAME)),
        [100],
    ),
    (
        "one constraint on node, all nodes have the same number of matching pods",
        [("node-a", None, False), ("node-b", None, False)],
        {"node-a": [F], "node-b": [F]},
        incoming(constraint(HOSTNAME)),
        [100, 100],
    ),
    (
        "one constraint on node, all 4 nodes are candidates",
        FOUR,
        {"node-a": [F] * 2, "node-b": [F], "node-d": [F] * 3},
        incoming(constraint(HOSTNAME)),
        [20, 60, 100, 0],
    ),
    (
        "one constraint on node, null selector",
        FOUR,
        {"node-a": [F] * 2, "node-b": [F], "node-d": [F] * 3},
        incoming(constraint(HOSTNAME, None)),
        [100, 100, 100, 100],
    ),
    (
        "one constraint on node, all 4 nodes are candidates, maxSkew=2",
        FOUR,
        {"node-a": [F] * 2, "node-b": [F], "node-d": [F] * 3},
        incoming(constraint(HOSTNAME, max_skew=2)),
        [33, 66, 100, 16],
    ),
    (
        "one constraint on node, all 4 nodes are candidates, maxSkew=3",
        FOUR,
        {"node-a": [F] * 4, "node-b": [F] * 3, "node-c": [F] * 2, "node-d": [F]},
        incoming(constraint(HOSTNAME, max_skew=3)),
        [44, 66, 77, 100],
    ),
    (
        "one constraint on node, 3 out of 4 nodes are candidates",
        [(n, None, failed) for n, _, failed in ZONED_3_OF_4],
        SPREAD_4213,
        incoming(constraint(HOSTNAME)),
        [33, 83, 100],
    ),
    (
        "one constraint on zone, 3 out of 4 nodes are candidates",
        ZONED_3_OF_4,
        SPREAD_4213,
        incoming(constraint("zone")),
        [75, 75, 100],
    ),
    (
        "two Constraints on zone and node, 2 out of 4 nodes are candidates",
        [
            ("node-a", "zone1", False),
            ("node-b", "zone1", True),
            ("node-x", "zone2", False),
            ("node-y", "zone2", True),
        ],
        {"node-a": [F] * 2, "node-b": [F], "node-x": [F] * 2, "node-y": [F] * 4},
        incoming(constraint("zone"), constraint(HOSTNAME)),
        [100, 63],
    ),
    (
        "two Constraints on zone, 2 out of 4 nodes are candidates",
        [
            ("node-a", "zone1", False),
            ("node-b", "zone1", True),
            ("node-x", "zone2", False),
            ("node-y", "zone2", True),
        ],
        {
            "node-a": [("foo", "bar"), F],
            "node-b": [("foo", "bar")],
            "node-y": [F, ("foo", "bar"), F],
        },
        incoming(constraint("zone"), constraint("zone", BAR), labels=("foo", "bar")),
        [85, 100],
    ),
    (
        "two Constraints on zone and node, with different labelSelectors",
        SELECTORS,
        {"node-a": [F], "node-b": [("foo", "bar")], "node-y": [F, ("bar",)]},
        incoming(constraint("zone"), constraint(HOSTNAME, BAR), labels=("foo", "bar")),
        [60, 20, 100, 60],
    ),
    (
        "two Constraints on zone and node, with different labelSelectors, some nodes have 0 pods",
        SELECTORS,
        {"node-b": [("bar",)], "node-x": [F], "node-y": [("foo", "bar")]},
        incoming(constraint("zone"), constraint(HOSTNAME, BAR), labels=("foo", "bar")),
        [100, 60, 40, 0],
    ),
    (
        "two Constraints on zone and node, with different labelSelectors, 3 out of 4 nodes are "
        "candidates",
        ZONED_3_OF_4,
        {"node-a": [F], "node-b": [("foo", "bar")], "node-y": [F, ("bar",)]},
        incoming(constraint("zone"), constraint(HOSTNAME, BAR), labels=("foo", "bar")),
        [50, 25, 100],
    ),
    (
        "existing pods in a different namespace do not count",
        [("node-a", None, False), ("node-b", None, False)],
        {
            "node-a": [{"labels": {"foo": ""}, "namespace": "ns1"}, F],
            "node-b": [F, F],
        },
        incoming(constraint(HOSTNAME)),
        [100, 33],
    ),
    (
        "terminating Pods should be excluded",
        [("node-a", None, False), ("node-b", None, False)],
        {
            "node-a": [{"labels": {"foo": ""}, "deletionTimestamp": "2024-01-01T00:00:00Z"}],
            "node-b": [F],
        },
        incoming(constraint(HOSTNAME)),
        [100, 0],
    ),
]


@pytest.mark.parametrize(
    ("nodes", "existing", "pod", "expected"),
    [pytest.param(n, e, p, x, id=name) for name, n, e, p, x in SCORES],
)
def test_pod_topology_spread_score(
    nodes: list[tuple[str, str | None, bool]],
    existing: dict[str, list[Any]],
    pod: Pod,
    expected: list[int],
) -> None:
    assert spread_scores(nodes, existing, pod) == expected


def test_system_defaulting_nodes_without_zone_pods_match_service() -> None:
    service = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "s"},
        "spec": {"selector": {"foo": ""}},
    }
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p", "labels": {"foo": ""}},
        "spec": {"containers": [{"name": "c", "image": "i"}]},
    }
    (incoming_pod,) = pods(yaml.safe_dump_all([service, pod]))
    s = Scheduler([node(n) for n, _, _ in FOUR])
    layout = {"node-a": 4, "node-b": 3, "node-c": 2, "node-d": 1}
    for name, count in layout.items():
        for i in range(count):
            s.bind(make_pod({}, f"{name}-{i}", labels={"foo": ""}), s.index[name])
    assert breakdown(s, incoming_pod) == [44, 66, 77, 100]
