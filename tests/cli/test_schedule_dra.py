"""`kubelint schedule` with Dynamic Resource Allocation, through the real CLI: ResourceSlices,
DeviceClasses and ResourceClaims in the cluster file, ResourceClaim(Template)s beside the
workloads, devices allocated as pods land."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import kubelint, write

NODES = """\
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Node, metadata: {name: gpu-1}, status: {allocatable: {cpu: "8", memory: 32Gi}}}
- {apiVersion: v1, kind: Node, metadata: {name: gpu-2}, status: {allocatable: {cpu: "8", memory: 32Gi}}}
- {apiVersion: v1, kind: Node, metadata: {name: cpu-1}, status: {allocatable: {cpu: "8", memory: 32Gi}}}
"""
DRA = """\
---
apiVersion: resource.k8s.io/v1
kind: DeviceClass
metadata: {name: gpu.example.com}
spec:
  selectors:
  - cel: {expression: device.driver == "gpu.example.com"}
---
apiVersion: resource.k8s.io/v1
kind: ResourceSlice
metadata: {name: gpu-1-gpus}
spec:
  driver: gpu.example.com
  nodeName: gpu-1
  pool: {name: gpu-1, generation: 1, resourceSliceCount: 1}
  devices:
  - name: gpu-0
    attributes: {model: {string: a100}}
    capacity: {memory: {value: 80Gi}}
  - name: gpu-1
    attributes: {model: {string: t4}}
    capacity: {memory: {value: 16Gi}}
---
apiVersion: resource.k8s.io/v1
kind: ResourceSlice
metadata: {name: gpu-2-gpus}
spec:
  driver: gpu.example.com
  nodeName: gpu-2
  pool: {name: gpu-2, generation: 1, resourceSliceCount: 1}
  devices:
  - name: gpu-0
    attributes: {model: {string: a100}}
    capacity: {memory: {value: 80Gi}}
"""
TEMPLATE = """\
---
apiVersion: resource.k8s.io/v1
kind: ResourceClaimTemplate
metadata: {name: big-gpu}
spec:
  spec:
    devices:
      requests:
      - name: gpu
        exactly:
          deviceClassName: gpu.example.com
          selectors:
          - cel:
              expression: device.capacity["gpu.example.com"].memory.compareTo(quantity("40Gi")) >= 0
"""
TRAIN = """\
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: train}
spec:
  replicas: %d
  selector: {matchLabels: {app: train}}
  template:
    metadata: {labels: {app: train}}
    spec:
      resourceClaims: [{name: gpu, %s}]
      containers: [{name: c, image: trainer, resources: {requests: {cpu: "1"}}}]
"""
HELPLESS = "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."


def schedule(tmp_path: Path, cluster: str, inputs: str, *args: str) -> tuple[int, Any]:
    cluster_file = write(tmp_path, "cluster.yaml", cluster)
    manifests = write(tmp_path, "app.yaml", inputs)
    run = kubelint("schedule", str(manifests), "--cluster", str(cluster_file), *args)
    assert run.exit_code in (0, 1), run.stderr
    return run.exit_code, run.json() if "json" in args else run.stdout


def placements(data: Any) -> dict[str, tuple[str | None, str | None]]:
    return {p["pod"]: (p["node"], p["reason"]) for p in data["placements"]}


def test_each_pod_gets_its_own_device_until_none_is_left(tmp_path: Path) -> None:
    """Three replicas, each with a claim from the template for a GPU of 40Gi or more: the
    two A100s are taken by the first two, the third stays Pending."""
    inputs = TEMPLATE + TRAIN % (3, "resourceClaimTemplateName: big-gpu")
    code, data = schedule(tmp_path, NODES + DRA, inputs, "--format", "json")
    assert code == 1
    found = sorted(placements(data).values(), key=str)
    assert found[:2] == [("gpu-1", None), ("gpu-2", None)]
    assert found[2] == (None, f"0/3 nodes are available: 3 cannot allocate all claims. {HELPLESS}")


def test_version_1_35_adds_the_post_filter_words(tmp_path: Path) -> None:
    inputs = TEMPLATE + TRAIN % (3, "resourceClaimTemplateName: big-gpu")
    args = ("--format", "json", "--kubernetes-version", "1.35")
    _, data = schedule(tmp_path, NODES + DRA, inputs, *args)
    reasons = [reason for _, reason in placements(data).values() if reason]
    assert reasons == [
        f"0/3 nodes are available: 3 cannot allocate all claims. still not schedulable, {HELPLESS}"
    ]


def test_before_1_34_claims_are_not_looked_at(tmp_path: Path) -> None:
    inputs = TRAIN % (3, "resourceClaimTemplateName: no-such-template")
    code, data = schedule(
        tmp_path, NODES, inputs, "--format", "json", "--kubernetes-version", "1.33"
    )
    assert code == 0
    assert data["summary"]["unschedulable"] == 0


def test_a_shared_claim_is_allocated_once_and_pins_its_pods(tmp_path: Path) -> None:
    """Two pods share one ResourceClaim of the inputs: the first allocates a GPU, the second
    must go where that GPU is (gpu-2 has one too, and the spreading score would prefer it)."""
    shared = """\
---
apiVersion: resource.k8s.io/v1
kind: ResourceClaim
metadata: {name: shared-gpu}
spec:
  devices:
    requests: [{name: gpu, exactly: {deviceClassName: gpu.example.com}}]
"""
    inputs = shared + TRAIN % (2, "resourceClaimName: shared-gpu")
    code, data = schedule(tmp_path, NODES + DRA, inputs, "--format", "json")
    assert code == 0
    nodes = {node for node, _ in placements(data).values()}
    assert nodes == {"gpu-1"}


def test_a_claim_allocated_in_the_cluster_holds_its_device(tmp_path: Path) -> None:
    """The cluster file's allocated claim holds gpu-1's A100: one replica fits, on gpu-2."""
    allocated = """\
---
apiVersion: resource.k8s.io/v1
kind: ResourceClaim
metadata: {name: someone-elses, namespace: team-b}
spec:
  devices:
    requests: [{name: gpu, exactly: {deviceClassName: gpu.example.com}}]
status:
  allocation:
    devices:
      results: [{request: gpu, driver: gpu.example.com, pool: gpu-1, device: gpu-0}]
    nodeSelector:
      nodeSelectorTerms:
      - matchFields: [{key: metadata.name, operator: In, values: [gpu-1]}]
  reservedFor: [{resource: pods, name: other, uid: "1"}]
"""
    inputs = TEMPLATE + TRAIN % (2, "resourceClaimTemplateName: big-gpu")
    code, data = schedule(tmp_path, NODES + DRA + allocated, inputs, "--format", "json")
    assert code == 1
    assert sorted(placements(data).values(), key=str)[0] == ("gpu-2", None)


def test_a_missing_template_or_claim_keeps_the_pod_back_with_a_hint(tmp_path: Path) -> None:
    inputs = TRAIN % (1, "resourceClaimTemplateName: no-such-template")
    inputs += """\
---
apiVersion: v1
kind: Pod
metadata: {name: lost}
spec:
  resourceClaims: [{name: gpu, resourceClaimName: no-such-claim}]
  containers: [{name: c, image: x}]
"""
    code, text = schedule(tmp_path, NODES + DRA, inputs)
    assert code == 1
    assert 'Pending: pod "default/train-' in text
    assert "ResourceClaim not created yet" in text
    assert "its resourceClaimTemplateName names no ResourceClaimTemplate" in text
    assert 'lost  Pending: could not find ResourceClaim "default/no-such-claim"' in text


def test_v1beta1_objects_are_read(tmp_path: Path) -> None:
    """v1beta1: a device's attributes and capacity under `basic`, a request's fields on it."""
    beta = """\
---
apiVersion: resource.k8s.io/v1beta1
kind: ResourceSlice
metadata: {name: gpu-2-gpus}
spec:
  driver: gpu.example.com
  nodeName: gpu-2
  pool: {name: gpu-2, generation: 1, resourceSliceCount: 1}
  devices:
  - name: gpu-0
    basic:
      attributes: {model: {string: a100}}
      capacity: {memory: {value: 80Gi}}
---
apiVersion: resource.k8s.io/v1beta1
kind: DeviceClass
metadata: {name: gpu.example.com}
"""
    claim = """\
---
apiVersion: resource.k8s.io/v1beta1
kind: ResourceClaimTemplate
metadata: {name: a100}
spec:
  spec:
    devices:
      requests:
      - name: gpu
        deviceClassName: gpu.example.com
        selectors:
        - cel:
            expression: device.attributes["gpu.example.com"].model == "a100"
"""
    inputs = claim + TRAIN % (1, "resourceClaimTemplateName: a100")
    code, data = schedule(tmp_path, NODES + beta, inputs, "--format", "json")
    assert code == 0
    assert [node for node, _ in placements(data).values()] == ["gpu-2"]


def test_a_resource_slice_without_a_driver_is_an_input_error(tmp_path: Path) -> None:
    broken = """\
---
apiVersion: resource.k8s.io/v1
kind: ResourceSlice
metadata: {name: broken}
spec:
  pool: {name: p}
"""
    cluster = write(tmp_path, "cluster.yaml", NODES + broken)
    manifests = write(tmp_path, "app.yaml", TRAIN % (1, "resourceClaimName: x"))
    run = kubelint("schedule", str(manifests), "--cluster", str(cluster))
    assert run.exit_code == 2
    assert run.stderr.strip() == (
        f"kubelint: error: {cluster}:11:1: spec: 'driver' is a required property"
    )


def test_explain_and_lint_name_the_plugin_and_the_claims(tmp_path: Path) -> None:
    inputs = TEMPLATE + TRAIN % (3, "resourceClaimTemplateName: big-gpu")
    cluster = write(tmp_path, "cluster.yaml", NODES + DRA)
    manifests = write(tmp_path, "app.yaml", inputs)
    run = kubelint("schedule", str(manifests), "--cluster", str(cluster), "--format", "json")
    (name,) = [p["pod"] for p in run.json()["placements"] if p["node"] is None]
    run = kubelint("schedule", str(manifests), "--cluster", str(cluster), "--explain", name)
    pending = [line for line in run.stdout.splitlines() if "filtered out" in line]
    assert pending == [
        f"  {node}: filtered out by DynamicResources: cannot allocate all claims"
        for node in ("gpu-1", "gpu-2", "cpu-1")
    ]
    assert "hint: 3 node(s) have no free devices its resourceClaims select" in run.stdout
    run = kubelint("lint", str(manifests), "--cluster", str(cluster), "--format", "json")
    (finding,) = [f for f in run.json()["findings"] if f["rule"] == "unschedulable"]
    # at the pod template's spec.resourceClaims
    assert (finding["line"], finding["column"]) == (25, 7)
    assert "1 of 3 pods" in finding["message"]


SHARED_POOL = """\
---
apiVersion: resource.k8s.io/v1
kind: DeviceClass
metadata: {name: gpu.example.com}
---
apiVersion: resource.k8s.io/v1
kind: ResourceSlice
metadata: {name: pooled}
spec:
  driver: gpu.example.com
  allNodes: true
  pool: {name: pooled, generation: 1, resourceSliceCount: 1}
  devices: [{name: d0}, {name: d1}, {name: d2}]
"""
ONE_GPU = """\
---
apiVersion: resource.k8s.io/v1
kind: ResourceClaimTemplate
metadata: {name: one}
spec:
  spec:
    devices:
      requests: [{name: gpu, exactly: {deviceClassName: gpu.example.com}}]
"""


def test_capacity_counts_the_devices_left(tmp_path: Path) -> None:
    """Devices of a pool every node reaches (allNodes): three in all, one replica holds one."""
    inputs = ONE_GPU + TRAIN % (1, "resourceClaimTemplateName: one")
    args = ("--format", "json", "--capacity", "train")
    code, data = schedule(tmp_path, NODES + SHARED_POOL, inputs, *args)
    assert code == 0
    assert data["capacity"]["additional"] == 2
    assert data["capacity"]["reasons"] == [{"reason": "cannot allocate all claims", "nodes": 3}]


def test_drain_moves_a_pod_with_its_devices_elsewhere(tmp_path: Path) -> None:
    inputs = ONE_GPU + TRAIN % (2, "resourceClaimTemplateName: one")
    code, data = schedule(
        tmp_path, NODES + SHARED_POOL, inputs, "--format", "json", "--drain", "gpu-1"
    )
    assert code == 0
    (evicted,) = data["drain"]["evicted"]
    assert evicted["from"] == "gpu-1"
    assert evicted["node"] in ("gpu-2", "cpu-1")
    assert evicted["reason"] is None


def test_a_missing_device_class_is_said_before_any_node_with_a_hint(tmp_path: Path) -> None:
    template = TEMPLATE.replace("deviceClassName: gpu.example.com", "deviceClassName: gpus")
    inputs = template + TRAIN % (1, "resourceClaimTemplateName: big-gpu")
    code, text = schedule(tmp_path, NODES + DRA, inputs)
    assert code == 1
    assert (
        "Pending: 0/3 nodes are available: request gpu: device class gpus does not exist. "
        + HELPLESS
    ) in text
    assert "hint: create the DeviceClass its claim requests, or fix its name" in text
