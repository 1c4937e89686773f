"""The DRA objects as the scheduler reads them, whatever their API version."""

from __future__ import annotations

from decimal import Decimal

import yaml

from kubelint.schedule.dra.objects import claim_from, slice_from

V1_SLICE = """
apiVersion: resource.k8s.io/v1
kind: ResourceSlice
metadata: {name: s}
spec:
  driver: gpu.example.com
  nodeName: n1
  pool: {name: n1, generation: 3, resourceSliceCount: 2}
  devices:
  - name: gpu-0
    attributes:
      model: {string: a100}
      numa.example.com/node: {int: 1}
      healthy: {bool: true}
      driverVersion: {version: 1.2.3}
    capacity: {memory: {value: 80Gi}}
"""


def test_v1_and_v1beta2_slices_read_alike_and_v1beta1_nests_under_basic() -> None:
    v1 = slice_from(yaml.safe_load(V1_SLICE))
    v1beta2 = slice_from(yaml.safe_load(V1_SLICE.replace("/v1\n", "/v1beta2\n")))
    beta1 = yaml.safe_load(V1_SLICE)
    device = beta1["spec"]["devices"][0]
    device["basic"] = {"attributes": device.pop("attributes"), "capacity": device.pop("capacity")}
    v1beta1 = slice_from(beta1)
    assert v1 == v1beta2 == v1beta1
    (gpu,) = v1.devices
    assert (v1.driver, v1.pool, v1.generation, v1.slice_count, v1.node_name) == (
        "gpu.example.com", "n1", 3, 2, "n1",
    )  # fmt: skip
    assert gpu.attributes == {
        "gpu.example.com": {"model": "a100", "healthy": True, "driverVersion": "1.2.3"},
        "numa.example.com": {"node": 1},
    }
    assert gpu.capacity == {"gpu.example.com": {"memory": Decimal(80 * 2**30)}}


def test_a_claim_request_in_v1_and_in_v1beta1() -> None:
    v1 = {
        "metadata": {"name": "c"},
        "spec": {
            "devices": {
                "requests": [
                    {
                        "name": "gpu",
                        "exactly": {
                            "deviceClassName": "gpu",
                            "allocationMode": "All",
                            "selectors": [{"cel": {"expression": "true"}}],
                        },
                    }
                ]
            }
        },
    }
    beta1 = {
        "metadata": {"name": "c"},
        "spec": {
            "devices": {
                "requests": [
                    {
                        "name": "gpu",
                        "deviceClassName": "gpu",
                        "allocationMode": "All",
                        "selectors": [{"cel": {"expression": "true"}}],
                    }
                ]
            }
        },
    }
    first, second = claim_from(v1, "team"), claim_from(beta1, "team")
    assert first.requests == second.requests
    (requested,) = first.requests
    (request,) = requested.alternatives
    assert (first.key, request.name, request.device_class, request.all_devices) == (
        "team/c", "gpu", "gpu", True,
    )  # fmt: skip
    assert request.selectors == ("true",)
