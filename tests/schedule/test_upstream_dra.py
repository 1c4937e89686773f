"""kube-scheduler's DynamicResources plugin tests, translated
(`pkg/scheduler/framework/plugins/dynamicresources/dynamicresources_test.go`, TestPlugin):
each case's node, claims, classes and ResourceSlices become a cluster, its pod a workload,
and kubelint's placement or FailedScheduling message must be what the plugin's PreEnqueue,
PreFilter, Filter and PostFilter statuses make of them in the default profile.

The fixtures are upstream's: node `worker`, driver `some-driver`, a slice of the worker with
device `instance-1` (its pool named after the node), class `my-resource-class`, pod `my-pod`
whose claim `my-resource` names the ResourceClaim `my-pod-my-resource` (request `req-1`).

Messages: the PostFilter words (`still not schedulable`, `no new claims to deallocate`) are
those of 1.34-1.36; 1.37 no longer writes them (kubernetes#140222).

Not translated: extended resources backed by DRA, binding conditions, filter timeouts, and
the Reserve/PreBind/Unreserve API writes (a dry run writes nothing).
"""

from __future__ import annotations

from typing import Any

import yaml

from kubelint.schedule.cluster import Cluster, Node
from kubelint.schedule.run import simulate

from .helpers import node as make_node
from .helpers import resources

DRIVER, CLASS, CLAIM = "some-driver", "my-resource-class", "my-pod-my-resource"
WORKER = make_node("worker", labels={"kubernetes.io/hostname": "worker"})
WORKER_2 = make_node("worker-2", labels={"kubernetes.io/hostname": "worker-2"})
PREEMPTION = "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
V1 = "resource.k8s.io/v1"


def device_class(name: str = CLASS, *selectors: str) -> dict[str, Any]:
    spec = {"selectors": [{"cel": {"expression": s}} for s in selectors]}
    return {"apiVersion": V1, "kind": "DeviceClass", "metadata": {"name": name}, "spec": spec}


def worker_slice(node: str = "worker", **attributes: Any) -> dict[str, Any]:
    """st.MakeResourceSlice(node, driver).Device("instance-1", attributes)."""
    device = {"name": "instance-1", "attributes": {k: {"bool": v} for k, v in attributes.items()}}
    spec = {
        "driver": DRIVER,
        "nodeName": node,
        "pool": {"name": node, "generation": 1, "resourceSliceCount": 1},
        "devices": [device],
    }
    return {"apiVersion": V1, "kind": "ResourceSlice", "metadata": {"name": node}, "spec": spec}


def claim(
    name: str = CLAIM,
    device_class_name: str = CLASS,
    *selectors: str,
    allocated: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    exactly: dict[str, Any] = {"deviceClassName": device_class_name, **extra}
    if selectors:
        exactly["selectors"] = [{"cel": {"expression": s}} for s in selectors]
    data: dict[str, Any] = {
        "apiVersion": V1,
        "kind": "ResourceClaim",
        "metadata": {"name": name, "namespace": "default"},
        "spec": {"devices": {"requests": [{"name": "req-1", "exactly": exactly}]}},
    }
    if allocated is not None:
        data["status"] = allocated
    return data


def on_worker(device: str = "instance-1", admin: bool = False, **selector: Any) -> dict[str, Any]:
    """An allocation result: the device of the worker's pool, and where it is."""
    result = {"request": "req-1", "driver": DRIVER, "pool": "worker", "device": device}
    if admin:
        result["adminAccess"] = True
    fields = [{"key": "metadata.name", "operator": "In", "values": ["worker"]}]
    terms = [selector] if selector else [{"matchFields": fields}]
    allocation = {"devices": {"results": [result]}, "nodeSelector": {"nodeSelectorTerms": terms}}
    return {"allocation": allocation}


def pod(*claims: dict[str, str], name: str = "my-pod") -> dict[str, Any]:
    spec = {"containers": [{"name": "c", "image": "i"}], "resourceClaims": list(claims)}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": spec}


BY_NAME = {"name": "my-resource", "resourceClaimName": CLAIM}
BY_TEMPLATE = {"name": "my-resource", "resourceClaimTemplateName": CLAIM}


def template(name: str = CLAIM) -> dict[str, Any]:
    spec = {"devices": {"requests": [{"name": "req-1", "exactly": {"deviceClassName": CLASS}}]}}
    return {
        "apiVersion": V1,
        "kind": "ResourceClaimTemplate",
        "metadata": {"name": name},
        "spec": {"spec": spec},
    }


def place(
    cluster: list[Any],
    inputs: list[Any],
    nodes: list[Node] | None = None,
    version: str | None = "1.35",
) -> dict[str, tuple[str | None, str | None]]:
    """Each pod's node and reason, once the inputs are placed on the cluster."""
    objects = resources(yaml.safe_dump_all(cluster)) if cluster else []
    found = Cluster(list(nodes or [WORKER]), [], "test", objects)
    result = simulate(resources(yaml.safe_dump_all(inputs)), found, "default", kube_version=version)
    return {p.pod.name: (p.node, p.reason) for p in result.placements}


def test_claim_reference() -> None:
    objects = [claim(allocated=on_worker()), claim("not-my-claim")]
    assert place(objects, [pod(BY_NAME)]) == {"my-pod": ("worker", None)}


def test_claim_template() -> None:
    objects = [device_class(), worker_slice()]
    assert place(objects, [template(), pod(BY_TEMPLATE)]) == {"my-pod": ("worker", None)}


def test_missing_claim() -> None:
    """The template is not there: the claim is never created, the pod never tried."""
    assert place([device_class()], [pod(BY_TEMPLATE)]) == {
        "my-pod": (None, 'pod "default/my-pod": ResourceClaim not created yet')
    }


def test_deleted_claim() -> None:
    deleted = claim(allocated=on_worker())
    deleted["metadata"]["deletionTimestamp"] = "2026-01-01T00:00:00Z"
    assert place([deleted], [template(), pod(BY_TEMPLATE)]) == {
        "my-pod": (None, f'resourceclaim "{CLAIM}" is being deleted')
    }


def test_claim_not_found() -> None:
    """The assume cache's words for a claim that is not there (PreEnqueue)."""
    assert place([], [pod(BY_NAME)]) == {
        "my-pod": (None, f'could not find ResourceClaim "default/{CLAIM}"')
    }


def test_no_resources() -> None:
    assert place([claim(), device_class()], [pod(BY_NAME)]) == {
        "my-pod": (
            None,
            "0/1 nodes are available: 1 cannot allocate all claims. still not schedulable, "
            + PREEMPTION,
        )
    }


def test_no_resources_from_1_37() -> None:
    """kubernetes#140222: the PostFilter's no-op words are gone."""
    assert place([claim(), device_class()], [pod(BY_NAME)], version="1.37") == {
        "my-pod": (None, f"0/1 nodes are available: 1 cannot allocate all claims. {PREEMPTION}")
    }


def test_with_resources() -> None:
    objects = [claim(), device_class(), worker_slice()]
    assert place(objects, [pod(BY_NAME)]) == {"my-pod": ("worker", None)}


def test_exhausted_resources() -> None:
    objects = [
        claim(),
        claim("not-my-claim", allocated=on_worker()),
        device_class(),
        worker_slice(),
    ]
    assert place(objects, [pod(BY_NAME)])["my-pod"][1] == (
        "0/1 nodes are available: 1 cannot allocate all claims. still not schedulable, "
        + PREEMPTION
    )


def test_tainted_device_disabled() -> None:
    """Device taints are an alpha feature, off by default: a tainted device is allocated."""
    tainted = worker_slice()
    taint = {"key": "taint-key", "value": "taint-value", "effect": "NoSchedule"}
    tainted["spec"]["devices"][0]["taints"] = [taint]
    assert place([claim(), device_class(), tainted], [pod(BY_NAME)]) == {"my-pod": ("worker", None)}


def test_request_admin_access() -> None:
    """Admin access (on by default from 1.34): the device another claim holds is allocated."""
    objects = [
        claim(adminAccess=True),
        claim("not-my-claim", allocated=on_worker()),
        device_class(),
        worker_slice(),
    ]
    assert place(objects, [pod(BY_NAME)]) == {"my-pod": ("worker", None)}


def test_structured_ignore_allocated_admin_access() -> None:
    """The other claim holds the device with admin access: it stays free for others."""
    objects = [
        claim(),
        claim("not-my-claim", allocated=on_worker(admin=True)),
        device_class(),
        worker_slice(),
    ]
    assert place(objects, [pod(BY_NAME)]) == {"my-pod": ("worker", None)}


BROKEN = f'device.attributes["{DRIVER}"].healthy'
CEL_ERROR = (
    'running "DynamicResources" filter plugin: {owner}: selector #0 on device '
    "some-driver/worker/instance-1: CEL runtime error: no such key: healthy"
)


def test_claim_parameters_cel_runtime_error() -> None:
    objects = [claim(CLAIM, CLASS, BROKEN), device_class(), worker_slice()]
    assert place(objects, [pod(BY_NAME)]) == {
        "my-pod": (None, CEL_ERROR.format(owner=f"claim default/{CLAIM}"))
    }


def test_class_parameters_cel_runtime_error() -> None:
    objects = [claim(), device_class(CLASS, BROKEN), worker_slice()]
    assert place(objects, [pod(BY_NAME)]) == {
        "my-pod": (None, CEL_ERROR.format(owner=f"class {CLASS}"))
    }


def test_cel_runtime_error_for_one_of_two_nodes() -> None:
    """The attribute is there on worker-2 only: the error on the worker still keeps the pod
    Pending (something is wrong with it)."""
    objects = [
        claim(CLAIM, CLASS, BROKEN),
        device_class(),
        worker_slice(),
        worker_slice("worker-2", healthy=True),
    ]
    node, reason = place(objects, [pod(BY_NAME)], [WORKER, WORKER_2])["my-pod"]
    assert node is None
    assert reason == CEL_ERROR.format(owner=f"claim default/{CLAIM}")


def test_missing_class() -> None:
    assert place([claim()], [pod(BY_NAME)]) == {
        "my-pod": (
            None,
            f"0/1 nodes are available: request req-1: device class {CLASS} does not exist. "
            "no new claims to deallocate, " + PREEMPTION,
        )
    }


def test_claim_with_request_with_unknown_device_class() -> None:
    objects = [claim(CLAIM, "does-not-exist"), device_class()]
    reason = place(objects, [pod(BY_NAME)])["my-pod"][1]
    assert reason is not None
    assert reason.startswith(
        "0/1 nodes are available: request req-1: device class does-not-exist does not exist."
    )


def prioritized(device_class_name: str = CLASS, *selectors: str) -> dict[str, Any]:
    """claimWithPrioritizedList: request req-1 of one subrequest, subreq-1."""
    sub: dict[str, Any] = {"name": "subreq-1", "deviceClassName": device_class_name, "count": 1}
    if selectors:
        sub["selectors"] = [{"cel": {"expression": s}} for s in selectors]
    data = claim()
    data["spec"]["devices"]["requests"] = [{"name": "req-1", "firstAvailable": [sub]}]
    return data


def test_claim_with_prioritized_list_unknown_device_class() -> None:
    reason = place([prioritized("does-not-exist"), device_class()], [pod(BY_NAME)])["my-pod"][1]
    assert reason is not None
    assert reason.startswith(
        "0/1 nodes are available: request req-1/subreq-1: device class does-not-exist "
        "does not exist."
    )


def test_claim_with_prioritized_list() -> None:
    objects = [prioritized(), device_class(), worker_slice()]
    assert place(objects, [pod(BY_NAME)]) == {"my-pod": ("worker", None)}


def test_wrong_topology_claim_is_deallocated_and_retried() -> None:
    """The allocated claim's node selector matches no node; no pod holds it: PostFilter
    deallocates it and the next attempt allocates it anew (here: on the worker)."""
    wrong = on_worker(
        matchExpressions=[{"key": "no-such-label", "operator": "In", "values": ["x"]}]
    )
    objects = [claim(allocated=wrong), device_class(), worker_slice()]
    assert place(objects, [pod(BY_NAME)]) == {"my-pod": ("worker", None)}


def test_wrong_topology_claim_reserved_for_another_pod() -> None:
    """Reserved for a pod that is not this one: PostFilter cannot take it back."""
    wrong = on_worker(
        matchExpressions=[{"key": "no-such-label", "operator": "In", "values": ["x"]}]
    )
    wrong["reservedFor"] = [{"resource": "pods", "name": "other", "uid": "1"}]
    assert place([claim(allocated=wrong), device_class()], [pod(BY_NAME)]) == {
        "my-pod": (
            None,
            "0/1 nodes are available: 1 resourceclaim not available on the node. "
            "still not schedulable, " + PREEMPTION,
        )
    }


def test_good_topology() -> None:
    good = on_worker(
        matchExpressions=[{"key": "kubernetes.io/hostname", "operator": "In", "values": ["worker"]}]
    )
    assert place([claim(allocated=good)], [pod(BY_NAME)]) == {"my-pod": ("worker", None)}


def test_reserved_okay() -> None:
    in_use = on_worker()
    in_use["reservedFor"] = [{"resource": "pods", "name": "my-pod", "uid": "1234"}]
    assert place([claim(allocated=in_use)], [pod(BY_NAME)]) == {"my-pod": ("worker", None)}


def test_dra_disabled_before_1_34() -> None:
    """Before 1.34 the default profile has no DynamicResources: claims are not looked at."""
    assert place([claim(), device_class()], [pod(BY_NAME)], version="1.33") == {
        "my-pod": ("worker", None)
    }
    assert place([], [pod(BY_TEMPLATE)], version="1.33") == {"my-pod": ("worker", None)}


def test_pod_without_claims_gets_the_no_op_words_1_34_to_1_36() -> None:
    """ "empty": PreFilter skips the pod, PostFilter says `no new claims to deallocate`."""
    big = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "big"}}
    big["spec"] = {"containers": [{"name": "c", "resources": {"requests": {"cpu": "64"}}}]}
    reason = "0/1 nodes are available: 1 Insufficient cpu. {}preemption: 0/1 nodes are available: "
    # from 1.34 a node too small for the pod is no candidate for preemption (kubernetes#131345)
    helpless = reason + "1 Preemption is not helpful for scheduling."
    assert place([], [big], version="1.34")["big"] == (
        None,
        helpless.format("no new claims to deallocate, "),
    )
    assert place([], [big], version="1.37")["big"] == (None, helpless.format(""))
    victims = reason + "1 No preemption victims found for incoming pod."
    assert place([], [big], version="1.33")["big"] == (None, victims.format(""))


def test_single_claim_prioritized_list_scoring() -> None:
    """From 1.35 (kubernetes#134711) the plugin scores: the worker gives subreq-1 (8), the
    worker-2 subreq-2 (7); normalised 100 and 87. With worker-2 listed first, the score is what
    takes the pod to the worker; 1.34 has no such score and the first node wins the tie."""
    healthy = f'device.attributes["{DRIVER}"].healthy'
    data = claim()
    data["spec"]["devices"]["requests"] = [
        {
            "name": "req-1",
            "firstAvailable": [
                {
                    "name": "subreq-1",
                    "deviceClassName": CLASS,
                    "selectors": [{"cel": {"expression": healthy}}],
                },
                {"name": "subreq-2", "deviceClassName": CLASS, "count": 1},
            ],
        }
    ]
    objects = [
        data,
        device_class(),
        worker_slice(healthy=True),
        worker_slice("worker-2", healthy=False),
    ]
    made = resources(yaml.safe_dump_all(objects))
    inputs = resources(yaml.safe_dump_all([pod(BY_NAME)]))
    found = Cluster([WORKER_2, WORKER], [], "test", made)
    result = simulate(inputs, found, "default", explain="my-pod", kube_version="1.35")
    assert result.explained is not None
    _, outcome = result.explained
    assert outcome.feasible is not None
    names = [result.scheduler.nodes[int(i)].name for i in outcome.feasible]
    scores = dict(zip(names, map(int, outcome.breakdown["DynamicResources"]), strict=True))
    assert scores == {"worker": 100, "worker-2": 87}
    assert [p.node for p in result.placements] == ["worker"]
    older = Cluster([WORKER_2, WORKER], [], "test", resources(yaml.safe_dump_all(objects)))
    result = simulate(
        resources(yaml.safe_dump_all([pod(BY_NAME)])), older, "default", kube_version="1.34"
    )
    assert [p.node for p in result.placements] == ["worker-2"]
