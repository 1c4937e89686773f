"""kube-scheduler's scoring plugin tests, translated: ImageLocality
(`imagelocality/image_locality_test.go`), NodeResourcesBalancedAllocation
(`noderesources/balanced_allocation_test.go`) and NodeResourcesFit's LeastAllocated and
MostAllocated strategies (`noderesources/{least,most}_allocated_test.go`), with the default
profile's arguments (cpu and memory, weight 1 each). Each case's nodes, the pods on them and the
pod to place; every node's score must be upstream's.

Upstream's "nothing requested" pods have no container at all (the API rejects that); here they
have one that requests `cpu: 0, memory: 0`, which the plugins count the same (an explicit zero
is not replaced by the scheduler's default request).
"""

from __future__ import annotations

from typing import Any

import pytest

from kubelint.schedule.cluster import Node, node_from
from kubelint.schedule.pods import Pod
from kubelint.schedule.scheduler import Scheduler

from .helpers import make_pod, node

MB = 1024 * 1024


def scored(
    plugin: str,
    nodes: list[Node],
    existing: list[tuple[str, Pod]],
    incoming: Pod,
    strategy: str = "least-allocated",
) -> list[int]:
    """Each node's score from `plugin` (every node must pass the filters)."""
    s = Scheduler(nodes, strategy)
    for name, placed in existing:
        s.bind(placed, s.index[name])
    outcome = s.schedule(incoming, explain=True)
    assert outcome.feasible is not None
    assert outcome.feasible.tolist() == list(range(len(nodes))), outcome.message
    return [int(v) for v in outcome.breakdown[plugin]]


# ---- ImageLocality -------------------------------------------------------------------------


def image_node(name: str, *images: tuple[list[str], int]) -> Node:
    status = {
        "allocatable": {"cpu": "4", "memory": "8Gi", "pods": 110},
        "images": [{"names": names, "sizeBytes": size * MB} for names, size in images],
    }
    return node_from({"metadata": {"name": name}, "status": status})


def with_images(*images: str, init: tuple[str, ...] = ()) -> Pod:
    spec: dict[str, Any] = {
        "containers": [{"name": f"c{i}", "image": image} for i, image in enumerate(images)]
    }
    if init:
        spec["initContainers"] = [{"name": f"i{i}", "image": image} for i, image in enumerate(init)]
    return make_pod(spec)


def node_403002000(name: str) -> Node:
    return image_node(
        name,
        (["gcr.io/40:latest", "gcr.io/40:v1", "gcr.io/40:v1"], 40),
        (["gcr.io/300:latest", "gcr.io/300:v1"], 300),
        (["gcr.io/2000:latest"], 2000),
    )


def node_25010(name: str) -> Node:
    return image_node(
        name, (["gcr.io/250:latest"], 250), (["gcr.io/10:latest", "gcr.io/10:v1"], 10)
    )


def node_400030(name: str) -> Node:
    return image_node(name, (["gcr.io/4000:latest"], 4000), (["gcr.io/30:latest"], 30))


def node_203040(name: str) -> Node:
    return image_node(
        name, (["gcr.io/20:latest"], 20), (["gcr.io/30:latest"], 30), (["gcr.io/40:latest"], 40)
    )


IMAGE_LOCALITY = [
    (
        "two images spread on two nodes, prefer the larger image one",
        with_images("gcr.io/40", "gcr.io/250"),
        [node_403002000("node1"), node_25010("node2")],
        [0, 5],
    ),
    (
        "two images on one node, prefer this node",
        with_images("gcr.io/40", "gcr.io/300"),
        [node_403002000("node1"), node_25010("node2")],
        [7, 0],
    ),
    (
        "if exceed limit, use limit",
        with_images("gcr.io/10", "gcr.io/4000"),
        [node_400030("node1"), node_25010("node2")],
        [100, 0],
    ),
    (
        "if exceed limit, use limit (with node which has no images present)",
        with_images("gcr.io/10", "gcr.io/4000"),
        [node_400030("node1"), node_25010("node2"), image_node("node3")],
        [66, 0, 0],
    ),
    (
        "pod with multiple large images, node2 is preferred",
        with_images("gcr.io/300", "gcr.io/600", "gcr.io/900"),
        [
            image_node(
                "node1",
                (["gcr.io/600:latest"], 600),
                (["gcr.io/40:latest"], 40),
                (["gcr.io/900:latest"], 900),
            ),
            image_node(
                "node2",
                (["gcr.io/300:latest"], 300),
                (["gcr.io/600:latest"], 600),
                (["gcr.io/900:latest"], 900),
            ),
            image_node("node3"),
        ],
        [32, 36, 0],
    ),
    (
        "pod with multiple small images",
        with_images("gcr.io/30", "gcr.io/40"),
        [node_203040("node1"), node_400030("node2")],
        [1, 0],
    ),
    (
        "include InitContainers: two images spread on two nodes, prefer the larger image one",
        with_images("gcr.io/30", init=("gcr.io/300",)),
        [node_403002000("node1"), node_203040("node2")],
        [6, 0],
    ),
]


@pytest.mark.parametrize(
    ("incoming", "nodes", "expected"),
    [pytest.param(p, n, x, id=name) for name, p, n, x in IMAGE_LOCALITY],
)
def test_image_locality(incoming: Pod, nodes: list[Node], expected: list[int]) -> None:
    assert scored("ImageLocality", nodes, [], incoming) == expected


# ---- NodeResourcesBalancedAllocation ---------------------------------------------------------


def requesting(*containers: dict[str, str], name: str = "p") -> Pod:
    """A pod whose containers request these amounts."""
    spec = {
        "containers": [
            {"name": f"c{i}", "image": "i", "resources": {"requests": requests}}
            for i, requests in enumerate(containers)
        ]
    }
    return make_pod(spec, name)


def cpu_only(name: str = "p") -> Pod:
    return requesting({"cpu": "1000m", "memory": "0"}, {"cpu": "2000m", "memory": "0"}, name=name)


def cpu_and_memory(name: str = "p") -> Pod:
    return requesting(
        {"cpu": "1000m", "memory": "2000"}, {"cpu": "2000m", "memory": "3000"}, name=name
    )


NOTHING = {"cpu": "0", "memory": "0"}

BALANCED = [
    (
        "nothing scheduled, nothing requested, skip in PreScore",
        requesting(NOTHING),
        [node("node1", "4", "10000"), node("node2", "4", "10000")],
        [],
        [0, 0],
    ),
    (
        "nothing scheduled, resources requested, differently sized nodes",
        cpu_and_memory(),
        [node("node1", "4", "10000"), node("node2", "6", "10000")],
        [],
        [87, 100],
    ),
    (
        "resources requested, pods scheduled with resources",
        cpu_and_memory(),
        [node("node1", "10", "20000"), node("node2", "10", "20000")],
        [("node1", cpu_only("a")), ("node2", cpu_and_memory("b"))],
        [82, 95],
    ),
    (
        "resources requested, pods scheduled with resources, differently sized nodes",
        cpu_and_memory(),
        [node("node1", "10", "20000"), node("node2", "10", "50000")],
        [("node1", cpu_only("a")), ("node2", cpu_and_memory("b"))],
        [82, 80],
    ),
    (
        "requested resources at node capacity",
        cpu_only(),
        [node("node1", "6", "10000"), node("node2", "6", "10000")],
        [("node1", cpu_only("a")), ("node2", cpu_and_memory("b"))],
        [50, 75],
    ),
]


@pytest.mark.parametrize(
    ("incoming", "nodes", "existing", "expected"),
    [pytest.param(p, n, e, x, id=name) for name, p, n, e, x in BALANCED],
)
def test_balanced_allocation(
    incoming: Pod, nodes: list[Node], existing: list[tuple[str, Pod]], expected: list[int]
) -> None:
    assert scored("NodeResourcesBalancedAllocation", nodes, existing, incoming) == expected


# ---- NodeResourcesFit scoring ----------------------------------------------------------------


def two_containers(name: str = "p") -> Pod:
    return requesting(
        {"cpu": "1000", "memory": "2000"}, {"cpu": "2000", "memory": "3000"}, name=name
    )


def asks(cpu: str, memory: str, name: str) -> Pod:
    return requesting({"cpu": cpu, "memory": memory}, name=name)


LEAST_ALLOCATED = [
    (
        "nothing scheduled, nothing requested",
        requesting(NOTHING),
        [node("node1", "4000", "10000"), node("node2", "4000", "10000")],
        [],
        [100, 100],
    ),
    (
        "nothing scheduled, resources requested, differently sized nodes",
        two_containers(),
        [node("node1", "4000", "10000"), node("node2", "6000", "10000")],
        [],
        [37, 50],
    ),
    (
        "no resources requested, pods scheduled",
        requesting(NOTHING),
        [node("node1", "4000", "10000"), node("node2", "4000", "10000")],
        [
            (n, requesting(NOTHING, name=f"e{i}"))
            for i, n in enumerate(["node1"] * 2 + ["node2"] * 2)
        ],
        [100, 100],
    ),
    (
        "no resources requested, pods scheduled with resources",
        requesting(NOTHING),
        [node("node1", "10000", "20000"), node("node2", "10000", "20000")],
        [
            ("node1", asks("3000", "0", "a")),
            ("node1", asks("3000", "0", "b")),
            ("node2", asks("3000", "0", "c")),
            ("node2", asks("3000", "5000", "d")),
        ],
        [70, 57],
    ),
    (
        "resources requested, pods scheduled with resources",
        two_containers(),
        [node("node1", "10000", "20000"), node("node2", "10000", "20000")],
        [("node1", asks("3000", "0", "a")), ("node2", asks("3000", "5000", "b"))],
        [57, 45],
    ),
    (
        "resources requested, pods scheduled with resources, differently sized nodes",
        two_containers(),
        [node("node1", "10000", "20000"), node("node2", "10000", "50000")],
        [("node1", asks("3000", "0", "a")), ("node2", asks("3000", "5000", "b"))],
        [57, 60],
    ),
    (
        "zero node resources, pods scheduled with resources",
        requesting(NOTHING),
        [node("node1", "0", "0"), node("node2", "0", "0")],
        [("node1", asks("3000", "0", "a")), ("node2", asks("3000", "5000", "b"))],
        [0, 0],
    ),
]

MOST_ALLOCATED = [
    (
        "nothing scheduled, nothing requested",
        requesting(NOTHING),
        [node("node1", "4000", "10000"), node("node2", "4000", "10000")],
        [],
        [0, 0],
    ),
    (
        "nothing scheduled, resources requested, differently sized nodes",
        two_containers(),
        [node("node1", "4000", "10000"), node("node2", "6000", "10000")],
        [],
        [62, 50],
    ),
    (
        "no resources requested, pods scheduled with resources",
        requesting(NOTHING),
        [node("node1", "10000", "20000"), node("node2", "10000", "20000")],
        [
            ("node1", asks("3000", "0", "a")),
            ("node1", asks("3000", "0", "b")),
            ("node2", asks("3000", "0", "c")),
            ("node2", asks("3000", "5000", "d")),
        ],
        [30, 42],
    ),
    (
        "resources requested, pods scheduled with resources",
        two_containers(),
        [node("node1", "10000", "20000"), node("node2", "10000", "20000")],
        [("node1", asks("3000", "0", "a")), ("node2", asks("3000", "5000", "b"))],
        [42, 55],
    ),
    (
        "resources requested equal node capacity",
        requesting({"cpu": "2000", "memory": "4000"}, {"cpu": "3000", "memory": "5000"}),
        [node("node1", "5000", "10000"), node("node2", "10000", "9000")],
        [],
        [95, 75],
    ),
    (
        "no resources requested, pods scheduled, nonzero request for resource",
        make_pod({}),
        [node("node1", "250m", "1000Mi"), node("node2", "250m", "1000Mi")],
        [("node1", make_pod({}, "a")), ("node1", make_pod({}, "b"))],
        [80, 30],
    ),
]


@pytest.mark.parametrize(
    ("strategy", "incoming", "nodes", "existing", "expected"),
    [
        *(pytest.param("least-allocated", *case[1:], id=case[0]) for case in LEAST_ALLOCATED),
        *(pytest.param("most-allocated", *case[1:], id=case[0]) for case in MOST_ALLOCATED),
    ],
)
def test_node_resources_fit_score(
    strategy: str,
    incoming: Pod,
    nodes: list[Node],
    existing: list[tuple[str, Pod]],
    expected: list[int],
) -> None:
    assert scored("NodeResourcesFit", nodes, existing, incoming, strategy) == expected


# ---- TaintToleration and NodeAffinity ---------------------------------------------------------


def prefer(key: str, value: str, effect: str = "PreferNoSchedule") -> dict[str, str]:
    return {"key": key, "value": value, "effect": effect}


def tolerate(key: str, value: str, effect: str = "PreferNoSchedule") -> dict[str, str]:
    return {"key": key, "operator": "Equal", "value": value, "effect": effect}


TAINT_TOLERATION = [
    (
        "node with taints tolerated by the pod, gets a higher score than those node with "
        "intolerable taints",
        [tolerate("foo", "bar")],
        [[prefer("foo", "bar")], [prefer("foo", "blah")]],
        [100, 0],
    ),
    (
        "the nodes that all of their taints are tolerated by the pod, get the same score, no "
        "matter how many tolerable taints a node has",
        [tolerate("cpu-type", "arm64"), tolerate("disk-type", "ssd")],
        [
            [],
            [prefer("cpu-type", "arm64")],
            [prefer("cpu-type", "arm64"), prefer("disk-type", "ssd")],
        ],
        [100, 100, 100],
    ),
    (
        "the more intolerable taints a node has, the lower score it gets.",
        [tolerate("foo", "bar")],
        [
            [],
            [prefer("cpu-type", "arm64")],
            [prefer("cpu-type", "arm64"), prefer("disk-type", "ssd")],
        ],
        [100, 50, 0],
    ),
    (
        "only taints and tolerations that have effect PreferNoSchedule are checked by "
        "taints-tolerations priority function",
        [tolerate("cpu-type", "arm64", "NoSchedule"), tolerate("disk-type", "ssd", "NoSchedule")],
        [
            [],
            [prefer("cpu-type", "arm64", "NoSchedule")],
            [prefer("cpu-type", "arm64"), prefer("disk-type", "ssd")],
        ],
        [100, 100, 0],
    ),
    (
        "Default behaviour No taints and tolerations, lands on node with no taints",
        [],
        [[], [prefer("cpu-type", "arm64")]],
        [100, 0],
    ),
]


@pytest.mark.parametrize(
    ("tolerations", "taints", "expected"),
    [pytest.param(t, n, x, id=name) for name, t, n, x in TAINT_TOLERATION],
)
def test_taint_toleration_score(
    tolerations: list[dict[str, str]], taints: list[list[dict[str, str]]], expected: list[int]
) -> None:
    nodes = [node(f"node{i}", taints=t) for i, t in enumerate(taints)]
    assert scored("TaintToleration", nodes, [], make_pod({"tolerations": tolerations})) == expected


def preferred(*terms: tuple[int, dict[str, str]]) -> dict[str, Any]:
    entries = [
        {
            "weight": weight,
            "preference": {
                "matchExpressions": [
                    {"key": k, "operator": "In", "values": [v]} for k, v in labels.items()
                ]
            },
        }
        for weight, labels in terms
    ]
    return {
        "affinity": {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": entries}}
    }


LABEL1, LABEL2, LABEL3 = {"foo": "bar"}, {"key": "value"}, {"az": "az1"}
LABEL4, LABEL5 = {"abc": "az11", "def": "az22"}, {"foo": "bar", "key": "value", "az": "az1"}
AFFINITY1 = preferred((2, LABEL1))
AFFINITY2 = preferred((2, LABEL1), (4, LABEL2), (5, LABEL5))

NODE_AFFINITY = [
    ("all nodes are same priority as NodeAffinity is nil", {}, [LABEL1, LABEL2, LABEL3], [0, 0, 0]),
    (
        "no node matches preferred scheduling requirements in NodeAffinity of pod so all nodes' "
        "priority is zero",
        AFFINITY1,
        [LABEL4, LABEL2, LABEL3],
        [0, 0, 0],
    ),
    (
        "only node1 matches the preferred scheduling requirements of pod",
        AFFINITY1,
        [LABEL1, LABEL2, LABEL3],
        [100, 0, 0],
    ),
    (
        "all nodes matches the preferred scheduling requirements of pod but with different "
        "priorities",
        AFFINITY2,
        [LABEL1, LABEL5, LABEL2],
        [18, 100, 36],
    ),
]


@pytest.mark.parametrize(
    ("spec", "labels", "expected"),
    [pytest.param(s, lab, x, id=name) for name, s, lab, x in NODE_AFFINITY],
)
def test_node_affinity_score(
    spec: dict[str, Any], labels: list[dict[str, str]], expected: list[int]
) -> None:
    nodes = [node(f"node{i}", labels=lab) for i, lab in enumerate(labels)]
    assert scored("NodeAffinity", nodes, [], make_pod(spec)) == expected
