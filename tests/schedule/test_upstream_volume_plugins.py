"""kube-scheduler's plugin tests, translated: VolumeZone (`volumezone/volume_zone_test.go`:
TestSingleZone, TestMultiZone, TestWithBinding) and VolumeBinding
(`volumebinding/volume_binding_test.go`: TestVolumeBinding's filter verdicts). Each case's
claims, volumes and classes are objects of the input; every node's verdict must be upstream's.

Not translated: the cases of a claim or volume missing from the API (`persistentvolumeclaim
"pvc-a" not found`, a claim bound to a non-existent volume, a class not found): a claim or
volume the input does not hold may exist in the cluster, so kubelint asks nothing of it. The
VolumeBinding scores are the VolumeCapacityPriority feature's, off by default.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from kubelint.schedule.cluster import Node
from kubelint.schedule.pods import Pod
from kubelint.schedule.scheduler import Scheduler
from kubelint.schedule.volumes import plan_volumes

from .helpers import make_pod, node, resources, verdicts

ZONE_CONFLICT = "node(s) had no available volume zone"
BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind"
NODE_CONFLICT = "node(s) had volume node affinity conflict"
UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims"
BETA_ZONE = "failure-domain.beta.kubernetes.io/zone"
BETA_REGION = "failure-domain.beta.kubernetes.io/region"
ZONE = "topology.kubernetes.io/zone"
REGION = "topology.kubernetes.io/region"


def pv(
    name: str,
    storage_class: str = "",
    capacity: str = "1Gi",
    labels: dict[str, str] | None = None,
    affinity: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    spec: dict[str, Any] = {"capacity": {"storage": capacity}}
    if storage_class:
        spec["storageClassName"] = storage_class
    if affinity:
        expressions = [{"key": k, "operator": "In", "values": v} for k, v in affinity.items()]
        spec["nodeAffinity"] = {
            "required": {"nodeSelectorTerms": [{"matchExpressions": expressions}]}
        }
    metadata = {"name": name, "labels": labels or {}}
    return {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": metadata, "spec": spec}


def pvc(
    name: str, storage_class: str | None = None, request: str = "1Gi", volume: str | None = None
) -> dict[str, Any]:
    spec: dict[str, Any] = {"resources": {"requests": {"storage": request}}}
    if storage_class is not None:
        spec["storageClassName"] = storage_class
    if volume is not None:
        spec["volumeName"] = volume
    return {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": {"name": name},
        "spec": spec,
    }


def storage_class(name: str, mode: str | None = None, provisioner: str | None = None) -> Any:
    data: dict[str, Any] = {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass"}
    data["metadata"] = {"name": name}
    if mode:
        data["volumeBindingMode"] = mode
    if provisioner:
        data["provisioner"] = provisioner
    return data


def using(*claims: str) -> Pod:
    volumes = [
        {"name": f"v{i}", "persistentVolumeClaim": {"claimName": c}} for i, c in enumerate(claims)
    ]
    return make_pod({"volumes": volumes} if volumes else {}, "pod-a")


def all_reasons(objects: list[Any], nodes: list[Node], incoming: Pod) -> dict[str, set[str]]:
    """Every node's reasons from the first filter it fails (empty: it passes them all)."""
    made = resources(yaml.safe_dump_all(objects)) if objects else []
    s = Scheduler(nodes)
    s.volumes = plan_volumes(made, [incoming])
    out: dict[str, set[str]] = {n.name: set() for n in nodes}
    decided = [False] * len(nodes)
    for stage in s.stages(incoming):
        for reason, mask in stage.reasons():
            for i, failed in enumerate(mask):
                if failed and not decided[i]:
                    out[nodes[i].name].add(reason)
        decided = [d or bool(f) for d, f in zip(decided, stage.fails, strict=True)]
    return out


def zone_verdict(objects: list[Any], claim: str | None, labels: dict[str, str]) -> str | None:
    incoming = using(claim) if claim else using()
    made = resources(yaml.safe_dump_all(objects))
    host = node("host1", labels=labels)
    return verdicts([host], [], incoming, plan_volumes(made, [incoming]))["host1"]


SINGLE_ZONE_OBJECTS = [
    pv("vol-1", labels={BETA_ZONE: "us-west1-a"}),
    pv("vol-2", labels={BETA_REGION: "us-west1", "uselessLabel": "none"}),
    pv("vol-3", labels={BETA_REGION: "us-west1"}),
    pv("vol-stable-1", labels={ZONE: "us-west1-a"}),
    pv("vol-stable-2", labels={REGION: "us-west1", "uselessLabel": "none"}),
    pv("vol-stable-3", labels={ZONE: "us-west1-a", REGION: "us-west1-a"}),
    *(pvc(f"pvc-{n}", volume=f"vol-{n}") for n in ("1", "2", "3")),
    *(pvc(f"pvc-stable-{n}", volume=f"vol-stable-{n}") for n in ("1", "2", "3")),
]
USELESS = {"uselessLabel": "none"}

SINGLE_ZONE = [
    ("pod without volume", None, {BETA_ZONE: "us-west1-a"}, None),
    ("node without labels", "pvc-1", {}, None),
    ("beta zone label matched", "pvc-1", {BETA_ZONE: "us-west1-a", **USELESS}, None),
    ("beta region label matched", "pvc-2", {BETA_REGION: "us-west1", **USELESS}, None),
    (
        "beta region label doesn't match",
        "pvc-2",
        {BETA_REGION: "no_us-west1", **USELESS},
        ZONE_CONFLICT,
    ),
    (
        "beta zone label doesn't match",
        "pvc-1",
        {BETA_ZONE: "no_us-west1-a", **USELESS},
        ZONE_CONFLICT,
    ),
    ("zone label matched", "pvc-stable-1", {ZONE: "us-west1-a", **USELESS}, None),
    ("region label matched", "pvc-stable-2", {REGION: "us-west1", **USELESS}, None),
    (
        "region label doesn't match",
        "pvc-stable-2",
        {REGION: "no_us-west1", **USELESS},
        ZONE_CONFLICT,
    ),
    ("zone label doesn't match", "pvc-stable-1", {ZONE: "no_us-west1-a", **USELESS}, ZONE_CONFLICT),
    (
        "pv with zone and region, node with only zone",
        "pvc-stable-3",
        {ZONE: "us-west1-a"},
        ZONE_CONFLICT,
    ),
    ("pv with zone,node with beta zone", "pvc-stable-1", {BETA_ZONE: "us-west1-a"}, ZONE_CONFLICT),
    ("pv with beta label,node with ga label, matched", "pvc-1", {ZONE: "us-west1-a"}, None),
    (
        "pv with beta label,node with ga label, don't match",
        "pvc-1",
        {ZONE: "us-west1-b"},
        ZONE_CONFLICT,
    ),
]


@pytest.mark.parametrize(
    ("claim", "labels", "expected"),
    [pytest.param(c, lab, x, id=n) for n, c, lab, x in SINGLE_ZONE],
)
def test_volume_zone_single_zone(claim: str | None, labels: dict[str, str], expected: Any) -> None:
    assert zone_verdict(SINGLE_ZONE_OBJECTS, claim, labels) == expected


MULTI_ZONE_OBJECTS = [
    pv("vol-1", labels={BETA_ZONE: "us-west1-a"}),
    pv("vol-2", labels={BETA_ZONE: "us-west1-b", "uselessLabel": "none"}),
    pv("vol-3", labels={BETA_ZONE: "us-west1-c__us-west1-a"}),
    pv("vol-stable-1", labels={ZONE: "us-west1-a"}),
    pv("vol-stable-2", labels={ZONE: "us-west1-c__us-west1-a"}),
    *(pvc(f"pvc-{n}", volume=f"vol-{n}") for n in ("1", "2", "3")),
    *(pvc(f"pvc-stable-{n}", volume=f"vol-stable-{n}") for n in ("1", "2")),
]

MULTI_ZONE = [
    ("node without labels", "pvc-3", {}, None),
    ("beta zone label matched", "pvc-3", {BETA_ZONE: "us-west1-a", **USELESS}, None),
    ("beta zone label doesn't match", "pvc-1", {BETA_ZONE: "us-west1-b", **USELESS}, ZONE_CONFLICT),
    ("zone label matched", "pvc-stable-2", {ZONE: "us-west1-a", **USELESS}, None),
    ("zone label doesn't match", "pvc-stable-1", {ZONE: "us-west1-b", **USELESS}, ZONE_CONFLICT),
]


@pytest.mark.parametrize(
    ("claim", "labels", "expected"),
    [pytest.param(c, lab, x, id=n) for n, c, lab, x in MULTI_ZONE],
)
def test_volume_zone_multi_zone(claim: str, labels: dict[str, str], expected: Any) -> None:
    assert zone_verdict(MULTI_ZONE_OBJECTS, claim, labels) == expected


WITH_BINDING_OBJECTS = [
    storage_class("class-immediate"),
    storage_class("class-wait", "WaitForFirstConsumer", "example.com/csi"),
    pv("vol-1", labels={BETA_ZONE: "us-west1-a"}),
    pvc("pvc-1", volume="vol-1"),
    pvc("pvc-waitsc", "class-wait"),
    pvc("pvc-immediatesc", "class-immediate"),
]

WITH_BINDING = [
    ("label zone failure domain matched", "pvc-1", None),
    # the class provisions it where the pod lands: VolumeZone skips a claim not yet bound
    ("unbound volume wait binding mode", "pvc-waitsc", None),
    # upstream's VolumeZone alone says the class names no binding mode; the whole profile
    # stops at VolumeBinding's PreFilter first, with this
    ("unbound volume immediate binding mode", "pvc-immediatesc", UNBOUND_IMMEDIATE),
]


@pytest.mark.parametrize(
    ("claim", "expected"), [pytest.param(c, x, id=n) for n, c, x in WITH_BINDING]
)
def test_volume_zone_with_binding(claim: str, expected: str | None) -> None:
    labels = {BETA_ZONE: "us-west1-a", **USELESS}
    assert zone_verdict(WITH_BINDING_OBJECTS, claim, labels) == expected


WAIT = "WaitForFirstConsumer"
CLASSES = [
    storage_class("immediate-sc", "Immediate"),
    storage_class("wait-sc", WAIT),
    storage_class("wait-hdd-sc", WAIT),
]
HOST = "kubernetes.io/hostname"
THREE = [node("node-a"), node("node-b"), node("node-c")]


def zonal(name: str, zone: str) -> Node:
    return node(name, labels={REGION: f"region-{zone}", ZONE: f"zone-{zone}"})


def at(where: dict[str, list[str]], *names_capacity: tuple[str, str, str]) -> list[Any]:
    return [pv(n, c, capacity, affinity=where) for n, c, capacity in names_capacity]


VOLUME_BINDING = [
    ("pod has not pvcs", [], [], [node("node-a")], {"node-a": set()}),
    (
        "all bound",
        ["pvc-a"],
        [pvc("pvc-a", "wait-sc", volume="pv-a"), pv("pv-a", "wait-sc")],
        [node("node-a")],
        {"node-a": set()},
    ),
    (
        "immediate claims not bound",
        ["pvc-a"],
        [pvc("pvc-a", "immediate-sc")],
        [node("node-a")],
        {"node-a": {UNBOUND_IMMEDIATE}},
    ),
    (
        "unbound claims no matches",
        ["pvc-a"],
        [pvc("pvc-a", "wait-sc")],
        [node("node-a")],
        {"node-a": {BIND_CONFLICT}},
    ),
    (
        "bound and unbound unsatisfied",
        ["pvc-a", "pvc-b"],
        [
            pvc("pvc-a", "wait-sc", volume="pv-a"),
            pvc("pvc-b", "wait-sc"),
            pv("pv-a", "wait-sc", affinity={"foo": ["bar"]}),
        ],
        [node("node-a", labels={"foo": "barbar"})],
        {"node-a": {NODE_CONFLICT, BIND_CONFLICT}},
    ),
    (
        "local volumes with close capacity are preferred",
        ["pvc-a"],
        [
            pvc("pvc-a", "wait-sc", "50Gi"),
            *at({HOST: ["node-a"]}, ("pv-a-0", "wait-sc", "200Gi"), ("pv-a-1", "wait-sc", "200Gi")),
            *at({HOST: ["node-b"]}, ("pv-b-0", "wait-sc", "100Gi"), ("pv-b-1", "wait-sc", "100Gi")),
        ],
        THREE,
        {"node-a": set(), "node-b": set(), "node-c": {BIND_CONFLICT}},
    ),
    (
        "local volumes with close capacity are preferred (multiple pvcs)",
        ["pvc-0", "pvc-1"],
        [
            pvc("pvc-0", "wait-sc", "50Gi"),
            pvc("pvc-1", "wait-hdd-sc", "100Gi"),
            *at(
                {HOST: ["node-a"]},
                ("pv-a-0", "wait-sc", "200Gi"),
                ("pv-a-1", "wait-sc", "200Gi"),
                ("pv-a-2", "wait-hdd-sc", "200Gi"),
                ("pv-a-3", "wait-hdd-sc", "200Gi"),
            ),
            *at(
                {HOST: ["node-b"]},
                ("pv-b-0", "wait-sc", "100Gi"),
                ("pv-b-1", "wait-sc", "100Gi"),
                ("pv-b-2", "wait-hdd-sc", "100Gi"),
                ("pv-b-3", "wait-hdd-sc", "100Gi"),
            ),
        ],
        THREE,
        {"node-a": set(), "node-b": set(), "node-c": {BIND_CONFLICT}},
    ),
    (
        "zonal volumes with close capacity are preferred",
        ["pvc-a"],
        [
            pvc("pvc-a", "wait-sc", "50Gi"),
            *at(
                {REGION: ["region-a"], ZONE: ["zone-a"]},
                ("pv-a-0", "wait-sc", "200Gi"),
                ("pv-a-1", "wait-sc", "200Gi"),
            ),
            *at(
                {REGION: ["region-b"], ZONE: ["zone-b"]},
                ("pv-b-0", "wait-sc", "100Gi"),
                ("pv-b-1", "wait-sc", "100Gi"),
            ),
        ],
        [zonal(f"zone-{z}-node-{n}", z) for z in "abc" for n in "ab"],
        {
            **{f"zone-{z}-node-{n}": set() for z in "ab" for n in "ab"},
            **{f"zone-c-node-{n}": {BIND_CONFLICT} for n in "ab"},
        },
    ),
]


@pytest.mark.parametrize(
    ("claims", "objects", "nodes", "expected"),
    [pytest.param(c, o, n, x, id=name) for name, c, o, n, x in VOLUME_BINDING],
)
def test_volume_binding(
    claims: list[str], objects: list[Any], nodes: list[Node], expected: dict[str, set[str]]
) -> None:
    assert all_reasons([*CLASSES, *objects], nodes, using(*claims)) == expected


def test_both_volume_binding_reasons_count_in_the_message() -> None:
    objects = [*CLASSES, *VOLUME_BINDING[4][2]]
    incoming = using("pvc-a", "pvc-b")
    s = Scheduler([node("node-a", labels={"foo": "barbar"})])
    s.volumes = plan_volumes(resources(yaml.safe_dump_all(objects)), [incoming])
    assert s.message(s.stages(incoming)) == (
        f"0/1 nodes are available: 1 {BIND_CONFLICT}, 1 {NODE_CONFLICT}."
    )
