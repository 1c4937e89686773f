"""kube-scheduler's InterPodAffinity score tests, translated (`interpodaffinity/
scoring_test.go`, TestPreferredAffinity): the nodes, the pods on them (with their own affinity:
the symmetry cases) and every node's score. Not translated: the namespaceSelector cases (they
need Namespace objects of the input) and those of an invalid selector, which the API server
rejects before a scheduler sees the pod.
"""

from __future__ import annotations

from typing import Any

import pytest

from kubelint.schedule.scheduler import Scheduler

from .helpers import make_pod, node

CHINA, INDIA = {"region": "China"}, {"region": "India"}
AZ1, AZ2 = {"az": "az1"}, {"az": "az2"}
CHINA_AZ1 = {"region": "China", "az": "az1"}
S1, S2 = {"security": "S1"}, {"security": "S2"}


def term(key: str, *expressions: dict[str, Any]) -> dict[str, Any]:
    return {"labelSelector": {"matchExpressions": list(expressions)}, "topologyKey": key}


def security(operator: str, *values: str) -> dict[str, Any]:
    found: dict[str, Any] = {"key": "security", "operator": operator}
    if values:
        found["values"] = list(values)
    return found


def weighted(weight: int, found: dict[str, Any]) -> dict[str, Any]:
    return {"weight": weight, "podAffinityTerm": found}


PREFERRED = "preferredDuringSchedulingIgnoredDuringExecution"
REQUIRED = "requiredDuringSchedulingIgnoredDuringExecution"
STAY_WITH_S1_IN_REGION = {
    "podAffinity": {PREFERRED: [weighted(5, term("region", security("In", "S1")))]}
}
STAY_WITH_S2_IN_REGION = {
    "podAffinity": {PREFERRED: [weighted(6, term("region", security("In", "S2")))]}
}
WRONG_KEY = {"key": "wrongkey", "operator": "DoesNotExist"}
AFFINITY3 = {
    "podAffinity": {
        PREFERRED: [
            weighted(8, term("region", security("NotIn", "S1"), security("In", "S2"))),
            weighted(2, term("region", security("Exists"), WRONG_KEY)),
        ]
    }
}
HARD_AFFINITY = {
    "podAffinity": {
        REQUIRED: [
            term("region", security("In", "S1", "value2")),
            term("region", security("Exists"), WRONG_KEY),
        ]
    }
}
AWAY_FROM_S1_IN_AZ = {
    "podAntiAffinity": {PREFERRED: [weighted(5, term("az", security("In", "S1")))]}
}
AWAY_FROM_S2_IN_AZ = {
    "podAntiAffinity": {PREFERRED: [weighted(5, term("az", security("In", "S2")))]}
}
STAY_WITH_S1_AWAY_FROM_S2 = {
    "podAffinity": {PREFERRED: [weighted(8, term("region", security("In", "S1")))]},
    "podAntiAffinity": {PREFERRED: [weighted(5, term("az", security("In", "S2")))]},
}


def placed(
    where: str, labels: dict[str, str] | None = None, affinity: Any = None
) -> tuple[str, Any, Any]:
    """A pod on node `where`, with these labels and affinity."""
    return where, labels or {}, affinity


CASES = [
    (
        "all nodes are same priority as Affinity is nil",
        (S1, None),
        [CHINA, INDIA, AZ1],
        [],
        [0, 0, 0],
    ),
    (
        "Affinity: pod that matches topology key & pods in nodes will get high score comparing to "
        "others which doesn't match either pods in nodes or in topology key",
        (S1, STAY_WITH_S1_IN_REGION),
        [CHINA, INDIA, AZ1],
        [placed("node1", S1), placed("node2", S2), placed("node3", S1)],
        [100, 0, 0],
    ),
    (
        "All the nodes that have the same topology key & label value with one of them has an "
        "existing pod that match the affinity rules, have the same score",
        ({}, STAY_WITH_S1_IN_REGION),
        [CHINA, CHINA_AZ1, INDIA],
        [placed("node1", S1)],
        [100, 100, 0],
    ),
    (
        "Affinity: nodes in one region has more matching pods comparing to other region, so the "
        "region which has more matches will get high score",
        (S1, STAY_WITH_S2_IN_REGION),
        [CHINA, INDIA, CHINA, CHINA, INDIA],
        [
            placed("node1", S2),
            placed("node1", S2),
            placed("node2", S2),
            placed("node3", S2),
            placed("node4", S2),
            placed("node5", S2),
        ],
        [100, 0, 100, 100, 0],
    ),
    (
        "Affinity: different Label operators and values for pod affinity scheduling preference, "
        "including some match failures",
        (S1, AFFINITY3),
        [CHINA, INDIA, AZ1],
        [placed("node1", S1), placed("node2", S2), placed("node3", S1)],
        [20, 100, 0],
    ),
    (
        "Affinity symmetry: considered only the preferredDuringSchedulingIgnoredDuringExecution in "
        "pod affinity symmetry",
        (S2, None),
        [CHINA, INDIA, AZ1],
        [placed("node1", S1, STAY_WITH_S1_IN_REGION), placed("node2", S2, STAY_WITH_S2_IN_REGION)],
        [0, 100, 0],
    ),
    (
        "Affinity symmetry: considered RequiredDuringSchedulingIgnoredDuringExecution in pod "
        "affinity symmetry",
        (S1, None),
        [CHINA, INDIA, AZ1],
        [placed("node1", S1, HARD_AFFINITY), placed("node2", S2, HARD_AFFINITY)],
        [100, 100, 0],
    ),
    (
        "Anti Affinity: pod that does not match existing pods in node will get high score",
        (S1, AWAY_FROM_S1_IN_AZ),
        [AZ1, CHINA],
        [placed("node1", S1), placed("node2", S2)],
        [0, 100],
    ),
    (
        "Anti Affinity: pod that does not match topology key & match the pods in nodes will get "
        "higher score comparing to others",
        (S1, AWAY_FROM_S1_IN_AZ),
        [AZ1, CHINA],
        [placed("node1", S1), placed("node2", S1)],
        [0, 100],
    ),
    (
        "Anti Affinity: one node has more matching pods comparing to other node, so the node "
        "which has more unmatches will get high score",
        (S1, AWAY_FROM_S1_IN_AZ),
        [AZ1, INDIA],
        [placed("node1", S1), placed("node1", S1), placed("node2", S2)],
        [0, 100],
    ),
    (
        "Anti Affinity symmetry: the existing pods in node which has anti affinity match will get "
        "high score",
        (S2, None),
        [AZ1, AZ2],
        [placed("node1", S1, AWAY_FROM_S2_IN_AZ), placed("node2", S2, AWAY_FROM_S1_IN_AZ)],
        [0, 100],
    ),
    (
        "Affinity and Anti Affinity: considered only preferredDuringSchedulingIgnoredDuringExecution "
        "in both pod affinity & anti affinity",
        (S1, STAY_WITH_S1_AWAY_FROM_S2),
        [CHINA, AZ1],
        [placed("node1", S1), placed("node2", S1)],
        [100, 0],
    ),
    (
        "Affinity and Anti Affinity: considering both affinity and anti-affinity, the pod to "
        "schedule and existing pods have the same labels",
        (S1, STAY_WITH_S1_AWAY_FROM_S2),
        [CHINA_AZ1, INDIA, CHINA, CHINA, INDIA],
        [
            placed("node1", S1),
            placed("node1", S1),
            placed("node2", S1),
            placed("node3", S1),
            placed("node3", S1),
            placed("node4", S1),
            placed("node5", S1),
        ],
        [100, 0, 100, 100, 0],
    ),
    (
        "Affinity and Anti Affinity and symmetry: considered only preferredDuringScheduling"
        "IgnoredDuringExecution in both pod affinity & anti affinity & symmetry",
        (S1, STAY_WITH_S1_AWAY_FROM_S2),
        [CHINA, AZ1, INDIA, AZ2],
        [
            placed("node1", S1),
            placed("node2", S2),
            placed("node3", None, STAY_WITH_S1_AWAY_FROM_S2),
            placed("node4", None, AWAY_FROM_S1_IN_AZ),
        ],
        [100, 0, 100, 0],
    ),
    (
        "Avoid panic when partial nodes in a topology don't have pods with affinity",
        (S1, None),
        [CHINA, CHINA],
        [placed("node1", S1), placed("node2", None, STAY_WITH_S1_AWAY_FROM_S2)],
        [0, 0],
    ),
]


@pytest.mark.parametrize(
    ("pod", "labels", "existing", "expected"),
    [pytest.param(p, lab, e, x, id=name) for name, p, lab, e, x in CASES],
)
def test_preferred_affinity(
    pod: Any, labels: list[dict[str, str]], existing: list[Any], expected: list[int]
) -> None:
    nodes = [node(f"node{i + 1}", labels=lab) for i, lab in enumerate(labels)]
    s = Scheduler(nodes)
    for n, (where, pod_labels, affinity) in enumerate(existing):
        spec = {"affinity": affinity} if affinity else {}
        s.bind(make_pod(spec, f"e{n}", labels=pod_labels), s.index[where])
    own_labels, own_affinity = pod
    incoming = make_pod({"affinity": own_affinity} if own_affinity else {}, labels=own_labels)
    outcome = s.schedule(incoming, explain=True)
    assert [int(v) for v in outcome.breakdown["InterPodAffinity"]] == expected
