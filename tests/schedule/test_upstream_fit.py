"""kube-scheduler's NodeResourcesFit filter tests, translated (`noderesources/fit_test.go`,
TestEnoughRequests and TestNotEnoughRequests): the node (10m cpu, 20 bytes of memory, 32 pods,
5 `example.com/aaa`, 20 bytes of ephemeral storage, 5 `hugepages-2Mi`), the pod on it and the
pod to place; every reason the node gives must be upstream's (a node short of several resources
counts under each). Not translated: the cases of plugin arguments (ignored resources) and of
DRA-backed extended resources, which the default profile does not have.
"""

from __future__ import annotations

from typing import Any

import pytest

from kubelint.schedule.pods import Pod
from kubelint.schedule.scheduler import Scheduler

from .helpers import make_pod, node

AAA, BBB = "example.com/aaa", "example.com/bbb"
K8S_A, K8S_B = "kubernetes.io/something", "subdomain.kubernetes.io/something"
HUGE = "hugepages-2Mi"
EXTRA = {AAA: "5", "ephemeral-storage": "20", HUGE: "5"}


def requests(**amounts: Any) -> dict[str, str]:
    """Requests from keywords: cpu in millicores, the rest as they are."""
    out = {}
    for name, amount in amounts.items():
        key = {"aaa": AAA, "bbb": BBB, "k8s_a": K8S_A, "k8s_b": K8S_B, "huge": HUGE}.get(name, name)
        out[key.replace("_", "-")] = f"{amount}m" if name == "cpu" else str(amount)
    return out


def pod(
    *containers: dict[str, str],
    init: tuple[dict[str, str], ...] = (),
    overhead: dict[str, str] | None = None,
    pod_level: dict[str, str] | None = None,
    name: str = "p",
) -> Pod:
    def listed(prefix: str, items: tuple[dict[str, str], ...]) -> list[dict[str, Any]]:
        return [
            {"name": f"{prefix}{i}", "image": "i", "resources": {"requests": r}}
            for i, r in enumerate(items)
        ]

    spec: dict[str, Any] = {"containers": listed("c", containers) or [{"name": "c", "image": "i"}]}
    if init:
        spec["initContainers"] = listed("i", init)
    if overhead:
        spec["overhead"] = overhead
    if pod_level:
        spec["resources"] = {"requests": pod_level}
    return make_pod(spec, name)


def reasons(incoming: Pod, existing: Pod | None, pods: int = 32) -> set[str]:
    """The node's reasons from the first filter it fails (empty: it fits)."""
    s = Scheduler([node("node", cpu="10m", memory="20", pods=pods, **EXTRA)])
    if existing is not None:
        s.bind(existing, 0)
    for stage in s.stages(incoming):
        if stage.fails[0]:
            return {reason for reason, mask in stage.reasons() if mask[0]}
    return set()


def short(*names: str) -> set[str]:
    return {"Too many pods" if n == "pods" else f"Insufficient {n}" for n in names}


def on_node(**amounts: Any) -> Pod:
    return pod(requests(**amounts), name="existing")


ENOUGH = [
    ("no resources requested always fits", pod(), on_node(cpu=10, memory=20), set()),
    (
        "too many resources fails",
        pod(requests(cpu=1, memory=1)),
        on_node(cpu=10, memory=20),
        short("cpu", "memory"),
    ),
    (
        "too many resources fails due to init container cpu",
        pod(requests(cpu=1, memory=1), init=(requests(cpu=3, memory=1),)),
        on_node(cpu=8, memory=19),
        short("cpu"),
    ),
    (
        "too many resources fails due to highest init container cpu",
        pod(requests(cpu=1, memory=1), init=(requests(cpu=3, memory=1), requests(cpu=2, memory=1))),
        on_node(cpu=8, memory=19),
        short("cpu"),
    ),
    (
        "too many resources fails due to init container memory",
        pod(requests(cpu=1, memory=1), init=(requests(cpu=1, memory=3),)),
        on_node(cpu=9, memory=19),
        short("memory"),
    ),
    (
        "too many resources fails due to highest init container memory",
        pod(requests(cpu=1, memory=1), init=(requests(cpu=1, memory=3), requests(cpu=1, memory=2))),
        on_node(cpu=9, memory=19),
        short("memory"),
    ),
    (
        "init container fits because it's the max, not sum, of containers and init containers",
        pod(requests(cpu=1, memory=1), init=(requests(cpu=1, memory=1),)),
        on_node(cpu=9, memory=19),
        set(),
    ),
    (
        "multiple init containers fit because it's the max, not sum, of containers and init "
        "containers",
        pod(requests(cpu=1, memory=1), init=(requests(cpu=1, memory=1), requests(cpu=1, memory=1))),
        on_node(cpu=9, memory=19),
        set(),
    ),
    ("both resources fit", pod(requests(cpu=1, memory=1)), on_node(cpu=5, memory=5), set()),
    (
        "one resource memory fits",
        pod(requests(cpu=2, memory=1)),
        on_node(cpu=9, memory=5),
        short("cpu"),
    ),
    (
        "one resource cpu fits",
        pod(requests(cpu=1, memory=2)),
        on_node(cpu=5, memory=19),
        short("memory"),
    ),
    ("equal edge case", pod(requests(cpu=5, memory=1)), on_node(cpu=5, memory=19), set()),
    (
        "equal edge case for init container",
        pod(requests(cpu=4, memory=1), init=(requests(cpu=5, memory=1),)),
        on_node(cpu=5, memory=19),
        set(),
    ),
    ("extended resource fits", pod(requests(aaa=1)), None, set()),
    ("extended resource fits for init container", pod(init=(requests(aaa=1),)), None, set()),
    (
        "extended resource capacity enforced",
        pod(requests(cpu=1, memory=1, aaa=10)),
        on_node(aaa=0),
        short(AAA),
    ),
    (
        "extended resource capacity enforced for init container",
        pod(init=(requests(cpu=1, memory=1, aaa=10),)),
        on_node(aaa=0),
        short(AAA),
    ),
    (
        "extended resource allocatable enforced",
        pod(requests(cpu=1, memory=1, aaa=1)),
        on_node(aaa=5),
        short(AAA),
    ),
    (
        "extended resource allocatable enforced for init container",
        pod(init=(requests(cpu=1, memory=1, aaa=1),)),
        on_node(aaa=5),
        short(AAA),
    ),
    (
        "extended resource allocatable enforced for multiple containers",
        pod(requests(cpu=1, memory=1, aaa=3), requests(cpu=1, memory=1, aaa=3)),
        on_node(aaa=2),
        short(AAA),
    ),
    (
        "extended resource allocatable admits multiple init containers",
        pod(init=(requests(cpu=1, memory=1, aaa=3), requests(cpu=1, memory=1, aaa=3))),
        on_node(aaa=2),
        set(),
    ),
    (
        "extended resource allocatable enforced for multiple init containers",
        pod(init=(requests(cpu=1, memory=1, aaa=6), requests(cpu=1, memory=1, aaa=3))),
        on_node(aaa=2),
        short(AAA),
    ),
    (
        "extended resource allocatable enforced for unknown resource",
        pod(requests(cpu=1, memory=1, bbb=1)),
        None,
        short(BBB),
    ),
    (
        "extended resource allocatable enforced for unknown resource for init container",
        pod(init=(requests(cpu=1, memory=1, bbb=1),)),
        None,
        short(BBB),
    ),
    (
        "kubernetes.io resource capacity enforced",
        pod(requests(cpu=1, memory=1, k8s_a=10)),
        None,
        short(K8S_A),
    ),
    (
        "kubernetes.io resource capacity enforced for init container",
        pod(init=(requests(cpu=1, memory=1, k8s_b=10),)),
        None,
        short(K8S_B),
    ),
    (
        "hugepages resource capacity enforced",
        pod(requests(cpu=1, memory=1, huge=10)),
        on_node(huge=0),
        short(HUGE),
    ),
    (
        "hugepages resource capacity enforced for init container",
        pod(init=(requests(cpu=1, memory=1, huge=10),)),
        on_node(huge=0),
        short(HUGE),
    ),
    (
        "hugepages resource allocatable enforced for multiple containers",
        pod(requests(cpu=1, memory=1, huge=3), requests(cpu=1, memory=1, huge=3)),
        on_node(huge=2),
        short(HUGE),
    ),
    (
        "resources + pod overhead fits",
        pod(requests(cpu=1, memory=1), overhead={"cpu": "3m", "memory": "13"}),
        on_node(cpu=5, memory=5),
        set(),
    ),
    (
        "requests + overhead does not fit for memory",
        pod(requests(cpu=1, memory=1), overhead={"cpu": "1m", "memory": "15"}),
        on_node(cpu=5, memory=5),
        short("memory"),
    ),
    (
        "skip checking extended resource request with quantity zero",
        pod(requests(cpu=1, memory=1, aaa=0)),
        on_node(aaa=6),
        set(),
    ),
    (
        "both pod-level and container-level resources fit",
        pod(requests(cpu=1, memory=1), pod_level={"cpu": "1m", "memory": "2"}),
        on_node(cpu=5, memory=5),
        set(),
    ),
    (
        "pod-level cpu resource not fit",
        pod(requests(cpu=1, memory=1), pod_level={"cpu": "7m", "memory": "2"}),
        on_node(cpu=5, memory=5),
        short("cpu"),
    ),
    (
        "pod-level memory resource not fit",
        pod(requests(cpu=1, memory=1), pod_level={"cpu": "3m", "memory": "2"}),
        on_node(cpu=5, memory=19),
        short("memory"),
    ),
    (
        "pod-level hugepages resource fit",
        pod(pod_level={"cpu": "3m", "memory": "2", HUGE: "5"}),
        None,
        set(),
    ),
    (
        "both pod-level and container-level hugepages resource fit",
        pod(requests(cpu=1, memory=1, huge=3), pod_level={"cpu": "3m", "memory": "2", HUGE: "5"}),
        None,
        set(),
    ),
    (
        "pod-level hugepages resource not fit",
        pod(pod_level={"cpu": "3m", "memory": "2", HUGE: "10"}),
        None,
        short(HUGE),
    ),
    (
        "one pod-level cpu resource fits and all init and non-init containers resources fit",
        pod(
            requests(cpu=1, memory=1),
            init=(requests(cpu=1, memory=1),),
            pod_level={"cpu": "3m", "memory": "2"},
        ),
        on_node(cpu=5, memory=19),
        short("memory"),
    ),
]


@pytest.mark.parametrize(
    ("incoming", "existing", "expected"),
    [pytest.param(i, e, x, id=n) for n, i, e, x in ENOUGH],
)
def test_enough_requests(incoming: Pod, existing: Pod | None, expected: set[str]) -> None:
    assert reasons(incoming, existing) == expected


NOT_ENOUGH_PODS = [
    (
        "even without specified resources, predicate fails when there's no space for additional "
        "pod",
        pod(),
        on_node(cpu=10, memory=20),
        short("pods"),
    ),
    (
        "even if both resources fit, predicate fails when there's no space for additional pod",
        pod(requests(cpu=1, memory=1)),
        on_node(cpu=5, memory=5),
        short("pods"),
    ),
    (
        "even for equal edge case, predicate fails when there's no space for additional pod",
        pod(requests(cpu=5, memory=1)),
        on_node(cpu=5, memory=19),
        short("pods"),
    ),
    (
        "even for equal edge case, predicate fails when there's no space for additional pod due "
        "to init container",
        pod(requests(cpu=5, memory=1), init=(requests(cpu=5, memory=1),)),
        on_node(cpu=5, memory=19),
        short("pods"),
    ),
]


@pytest.mark.parametrize(
    ("incoming", "existing", "expected"),
    [pytest.param(i, e, x, id=n) for n, i, e, x in NOT_ENOUGH_PODS],
)
def test_not_enough_requests(incoming: Pod, existing: Pod, expected: set[str]) -> None:
    assert reasons(incoming, existing, pods=1) == expected
