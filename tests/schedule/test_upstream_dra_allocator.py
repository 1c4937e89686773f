"""The structured allocator's shared test table, translated
(`k8s.io/dynamic-resource-allocation/structured/internal/allocatortesting/allocator_testing.go`,
TestAllocator): each case's claims, classes, slices, node and devices already allocated in,
the devices each claim gets (and its node selector), no allocation, or the error out.

The builders are upstream's: `class_(name, driver)` selects `device.driver == driver`, a slice
named by node serves that node, `device-1` is the one device of `slice_with_one_device`.

Not translated: partitionable devices, device taints, binding conditions and consumable
capacity (not simulated; see kubelint.schedule.dra.allocator), device configuration (not
part of where a pod lands), invalid CEL (`undeclared reference`, a compile error cel-python
does not report), admin access or the prioritized list turned off (on by default from 1.34).
"""

from __future__ import annotations

from typing import Any

import pytest

from kubelint.schedule.cluster import Node
from kubelint.schedule.dra.allocator import AllocationError, Allocator, pools_for
from kubelint.schedule.dra.objects import (
    Allocation,
    DeviceId,
    claim_from,
    class_from,
    slice_from,
)

from .helpers import node as make_node

DRIVER_A, DRIVER_B = "driver-a", "driver-b"
CLASS_A, CLASS_B = "class-a", "class-b"


def node(name: str = "node-1", region: str = "region-1") -> Node:
    return make_node(name, labels={"region": region, "planet": "earth"})


def class_(name: str, driver: str) -> dict[str, Any]:
    expression = f'device.driver == "{driver}"'
    return {
        "metadata": {"name": name},
        "spec": {"selectors": [{"cel": {"expression": expression}}]},
    }


def request(name: str, device_class: str, count: int = 1, *selectors: str, **extra: Any) -> Any:
    exactly = {"deviceClassName": device_class, "allocationMode": "ExactCount", "count": count}
    exactly["selectors"] = [{"cel": {"expression": s}} for s in selectors]
    return {"name": name, "exactly": {**exactly, **extra}}


def all_request(name: str, device_class: str, **extra: Any) -> Any:
    return {
        "name": name,
        "exactly": {"deviceClassName": device_class, "allocationMode": "All", **extra},
    }


def prioritized(name: str, *subrequests: tuple[str, str, int, tuple[str, ...]]) -> Any:
    subs = [
        {
            "name": sub,
            "deviceClassName": device_class,
            "allocationMode": "ExactCount",
            "count": count,
            "selectors": [{"cel": {"expression": s}} for s in selectors],
        }
        for sub, device_class, count, selectors in subrequests
    ]
    return {"name": name, "firstAvailable": subs}


def claim(name: str, *requests: Any, constraints: list[Any] | None = None) -> dict[str, Any]:
    devices = {"requests": list(requests), "constraints": constraints or []}
    return {"metadata": {"name": name, "namespace": ""}, "spec": {"devices": devices}}


def device(name: str, memory: str | None = None, **attributes: Any) -> dict[str, Any]:
    kinds = {int: "int", bool: "bool", str: "string"}
    out: dict[str, Any] = {
        "name": name,
        "attributes": {
            k: {"version" if k == "driverVersion" else kinds[type(v)]: v}
            for k, v in attributes.items()
        },
    }
    if memory is not None:
        out["capacity"] = {"memory": {"value": memory}}
    return out


def slice_(
    name: str,
    where: Any,
    pool: str,
    driver: str,
    *devices: Any,
    count: int = 1,
    generation: int = 1,
) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "driver": driver,
        "pool": {"name": pool, "resourceSliceCount": count, "generation": generation},
        "devices": list(devices),
    }
    if where == "all":
        spec["allNodes"] = True
    elif isinstance(where, dict):
        spec["nodeSelector"] = where
    else:
        spec["nodeName"] = where
    return {"metadata": {"name": name}, "spec": spec}


def one_device(name: str, where: Any, pool: str, driver: str) -> dict[str, Any]:
    return slice_(name, where, pool, driver, device("device-1"))


def labels(key: str, *values: str) -> dict[str, Any]:
    return {
        "nodeSelectorTerms": [
            {"matchExpressions": [{"key": key, "operator": "In", "values": list(values)}]}
        ]
    }


LOCAL = {"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["node-1"]}]}


def run(
    claims: list[Any],
    classes: list[Any],
    slices: list[Any],
    at: Node | None = None,
    allocated: tuple[DeviceId, ...] = (),
) -> list[Allocation] | str:
    allocator = Allocator({c.name: c for c in map(class_from, classes)}, set(allocated))
    parsed = [claim_from(c, "") for c in claims]
    return allocator.allocate(parsed, pools_for([slice_from(s) for s in slices], at or node()))


def devices(found: list[Allocation] | str) -> list[set[tuple[str, str, str, str, bool]]] | str:
    """Each claim's devices as (request, driver, pool, device, admin access), order aside."""
    if isinstance(found, str):
        return found
    return [{(r, *d, admin) for r, d, admin in a.devices} for a in found]


NONE = "cannot allocate all claims"
MEMORY = 'device.capacity["driver-a"].memory.compareTo(quantity("{}")) >= 0'


def test_simple() -> None:
    found = run(
        [claim("claim-0", request("req-0", CLASS_A))],
        [class_(CLASS_A, DRIVER_A)],
        [one_device("slice-1", "node-1", "pool-1", DRIVER_A)],
    )
    assert devices(found) == [{("req-0", DRIVER_A, "pool-1", "device-1", False)}]
    assert not isinstance(found, str)
    assert found[0].node_selector == (LOCAL,)


def test_other_node() -> None:
    found = run(
        [claim("claim-0", request("req-0", CLASS_A))],
        [class_(CLASS_A, DRIVER_A)],
        [
            one_device("slice-1", "node-1", "pool-1", DRIVER_B),
            one_device("slice-2", "node-2", "pool-2", DRIVER_A),
        ],
        node("node-2", "region-2"),
    )
    assert devices(found) == [{("req-0", DRIVER_A, "pool-2", "device-1", False)}]


@pytest.mark.parametrize("order", [("device-1", "device-2"), ("device-2", "device-1")])
def test_small_and_large_backtrack_requests(order: tuple[str, str]) -> None:
    """small-and-large, and small-and-large-backtrack-requests (the large device listed
    first is taken for the small request, then given back)."""
    memory = {"device-1": "1Gi", "device-2": "2Gi"}
    found = run(
        [
            claim(
                "claim-0",
                request("req-0", CLASS_A, 1, MEMORY.format("1Gi")),
                request("req-1", CLASS_A, 1, MEMORY.format("2Gi")),
            )
        ],
        [class_(CLASS_A, DRIVER_A)],
        [slice_("slice-1", "node-1", "pool-1", DRIVER_A, *(device(d, memory[d]) for d in order))],
    )
    assert devices(found) == [
        {
            ("req-0", DRIVER_A, "pool-1", "device-1", False),
            ("req-1", DRIVER_A, "pool-1", "device-2", False),
        }
    ]


def test_small_and_large_backtrack_claims() -> None:
    found = run(
        [
            claim("claim-0", request("req-0", CLASS_A, 1, MEMORY.format("1Gi"))),
            claim("claim-1", request("req-1", CLASS_A, 1, MEMORY.format("2Gi"))),
        ],
        [class_(CLASS_A, DRIVER_A)],
        [
            slice_(
                "slice-1",
                "node-1",
                "pool-1",
                DRIVER_A,
                device("device-2", "2Gi"),
                device("device-1", "1Gi"),
            )
        ],
    )
    assert devices(found) == [
        {("req-0", DRIVER_A, "pool-1", "device-1", False)},
        {("req-1", DRIVER_A, "pool-1", "device-2", False)},
    ]


def test_devices_split_across_different_slices() -> None:
    found = run(
        [claim("claim-0", request("req-0", CLASS_A, 2))],
        [class_(CLASS_A, DRIVER_A)],
        [
            one_device("slice-1", "node-1", "pool-1", DRIVER_A),
            one_device("slice-2", "node-1", "pool-2", DRIVER_A),
        ],
    )
    assert devices(found) == [
        {
            ("req-0", DRIVER_A, "pool-1", "device-1", False),
            ("req-0", DRIVER_A, "pool-2", "device-1", False),
        }
    ]


def test_obsolete_slice() -> None:
    """Generation 2 of a pool of two slices has one: incomplete, and generation 1 obsolete."""
    found = run(
        [claim("claim-0", request("req-0", CLASS_A))],
        [class_(CLASS_A, DRIVER_A)],
        [
            slice_("slice-1-obsolete", "node-1", "pool-1", DRIVER_A, device("device-1"), count=2),
            slice_(
                "slice-1-obsolete",
                "node-1",
                "pool-1",
                DRIVER_A,
                device("device-2"),
                count=2,
                generation=2,
            ),
        ],
    )
    assert found == NONE


def test_duplicate_slice() -> None:
    duplicate = slice_("slice-1", "node-1", "pool-1", DRIVER_A, device("device-1"), count=2)
    again = {**duplicate, "metadata": {"name": "slice-1-2"}}
    found = run(
        [claim("claim-0", request("req-0", CLASS_A))],
        [class_(CLASS_A, DRIVER_A)],
        [duplicate, again],
    )
    assert found == "invalid resource pools were encountered"


@pytest.mark.parametrize(
    ("claims", "slices"),
    [
        ([claim("claim-0", request("req-0", CLASS_A))], []),  # no-slices
        (  # not-enough-suitable-devices
            [
                claim("claim-0", request("req-0", CLASS_A)),
                claim("claim-0", request("req-1", CLASS_A)),
            ],
            [one_device("slice-1", "node-1", "pool-1", DRIVER_A)],
        ),
        (  # all-devices-slice-without-devices
            [claim("claim-0", all_request("req-0", CLASS_A))],
            [slice_("slice-1", "node-1", "pool-1", DRIVER_A)],
        ),
        ([claim("claim-0", all_request("req-0", CLASS_A))], []),  # all-devices-no-slices
        (  # all-devices-no-solution
            [
                claim("claim-1", request("req-0", CLASS_A)),
                claim("claim-0", all_request("req-0", CLASS_A)),
            ],
            [one_device("slice-1", "node-1", "pool-1", DRIVER_A)],
        ),
        (  # all-devices-no-solution-reversed
            [
                claim("claim-0", all_request("req-0", CLASS_A)),
                claim("claim-1", request("req-0", CLASS_A)),
            ],
            [one_device("slice-1", "node-1", "pool-1", DRIVER_A)],
        ),
    ],
)
def test_no_allocation(claims: list[Any], slices: list[Any]) -> None:
    assert run(claims, [class_(CLASS_A, DRIVER_A)], slices) == NONE


def test_no_claims_to_allocate() -> None:
    found = run(
        [], [class_(CLASS_A, DRIVER_A)], [one_device("slice-1", "node-1", "pool-1", DRIVER_A)]
    )
    assert found == []


def test_all_devices_single_and_many() -> None:
    found = run(
        [claim("claim-0", all_request("req-0", CLASS_A))],
        [class_(CLASS_A, DRIVER_A)],
        [
            one_device("slice-1", "node-1", "pool-1", DRIVER_A),
            one_device("slice-1", "node-1", "pool-2", DRIVER_A),
        ],
    )
    assert devices(found) == [
        {
            ("req-0", DRIVER_A, "pool-1", "device-1", False),
            ("req-0", DRIVER_A, "pool-2", "device-1", False),
        }
    ]


def test_all_devices_of_the_incomplete_pool() -> None:
    with pytest.raises(AllocationError) as error:
        run(
            [claim("claim-0", all_request("req-0", CLASS_A, count=1))],
            [class_(CLASS_A, DRIVER_A)],
            [slice_("slice-1", "node-1", "pool-1", DRIVER_A, device("device-1"), count=2)],
        )
    assert str(error.value) == (
        "claim claim-0, request req-0: asks for all devices, but resource pool "
        "driver-a/pool-1 is currently being updated"
    )


def test_all_devices_plus_another() -> None:
    """all-devices-plus-another(-reversed): a claim for all devices of driver A and one for a
    device of driver B both get theirs, in either order."""
    for order in (1, -1):
        claims = [
            claim("claim-0", all_request("req-0", CLASS_A)),
            claim("claim-1", request("req-0", CLASS_B)),
        ][::order]
        found = run(
            claims,
            [class_(CLASS_A, DRIVER_A), class_(CLASS_B, DRIVER_B)],
            [
                one_device("slice-1", "node-1", "pool-1", DRIVER_A),
                one_device("slice-2", "node-1", "pool-2", DRIVER_B),
            ],
        )
        expected = [
            {("req-0", DRIVER_A, "pool-1", "device-1", False)},
            {("req-0", DRIVER_B, "pool-2", "device-1", False)},
        ][::order]
        assert devices(found) == expected


def test_all_devices_some_allocated() -> None:
    found = run(
        [claim("claim-0", all_request("req-0", CLASS_A))],
        [class_(CLASS_A, DRIVER_A)],
        [slice_("slice-1", "node-1", "pool-1", DRIVER_A, device("device-1"), device("device-2"))],
        allocated=((DRIVER_A, "pool-1", "device-1"),),
    )
    assert found == NONE


TWO_DEVICES = [
    slice_("slice-1", "node-1", "pool-1", DRIVER_A, device("device-1"), device("device-2"))
]


def test_all_devices_some_allocated_admin_access() -> None:
    found = run(
        [claim("claim-0", all_request("req-0", CLASS_A, adminAccess=True))],
        [class_(CLASS_A, DRIVER_A)],
        TWO_DEVICES,
        allocated=((DRIVER_A, "pool-1", "device-1"),),
    )
    assert devices(found) == [
        {
            ("req-0", DRIVER_A, "pool-1", "device-1", True),
            ("req-0", DRIVER_A, "pool-1", "device-2", True),
        }
    ]


def test_all_devices_some_allocating_admin_access() -> None:
    """The first request (admin access) takes a device the second (all, admin access) needs."""
    found = run(
        [
            claim(
                "claim-0",
                request("req-0", CLASS_A, 1, adminAccess=True),
                all_request("req-1", CLASS_A, adminAccess=True),
            )
        ],
        [class_(CLASS_A, DRIVER_A)],
        TWO_DEVICES,
    )
    assert found == NONE


def test_count_devices_some_allocated_admin_access() -> None:
    found = run(
        [claim("claim-0", request("req-0", CLASS_A, 2, adminAccess=True))],
        [class_(CLASS_A, DRIVER_A)],
        TWO_DEVICES,
        allocated=((DRIVER_A, "pool-1", "device-1"),),
    )
    assert devices(found) == [
        {
            ("req-0", DRIVER_A, "pool-1", "device-1", True),
            ("req-0", DRIVER_A, "pool-1", "device-2", True),
        }
    ]


def test_separate_claims_share_device_admin_access() -> None:
    found = run(
        [
            claim("claim-0", request("req-0", CLASS_A, 1, adminAccess=True)),
            claim("claim-1", request("req-0", CLASS_A, 1, adminAccess=True)),
        ],
        [class_(CLASS_A, DRIVER_A)],
        TWO_DEVICES,
    )
    admin = {("req-0", DRIVER_A, "pool-1", "device-1", True)}
    assert devices(found) == [admin, admin]


def test_admin_access_claims_device_allocating_for_non_admin_access() -> None:
    found = run(
        [
            claim("claim-0", request("req-0", CLASS_A)),
            claim("claim-1", request("req-0", CLASS_A, 1, adminAccess=True)),
        ],
        [class_(CLASS_A, DRIVER_A)],
        TWO_DEVICES,
    )
    assert devices(found) == [
        {("req-0", DRIVER_A, "pool-1", "device-1", False)},
        {("req-0", DRIVER_A, "pool-1", "device-1", True)},
    ]


def test_network_attached_device() -> None:
    slices = [one_device("slice-1", labels("region", "region-1"), "pool-1", DRIVER_A)]
    found = run([claim("claim-0", request("req-0", CLASS_A))], [class_(CLASS_A, DRIVER_A)], slices)
    assert devices(found) == [{("req-0", DRIVER_A, "pool-1", "device-1", False)}]
    assert not isinstance(found, str)
    assert found[0].node_selector == tuple(labels("region", "region-1")["nodeSelectorTerms"])
    # unsuccessful-allocation-network-attached-device
    elsewhere = node("node-2", "region-2")
    assert (
        run(
            [claim("claim-0", request("req-0", CLASS_A))],
            [class_(CLASS_A, DRIVER_A)],
            slices,
            elsewhere,
        )
        == NONE
    )


def test_many_network_attached_devices() -> None:
    local = {"nodeSelectorTerms": [LOCAL]}
    found = run(
        [claim("claim-0", request("req-0", CLASS_A, 4))],
        [class_(CLASS_A, DRIVER_A)],
        [
            one_device("slice-1", labels("region", "region-1"), "pool-1", DRIVER_A),
            one_device("slice-1", "all", "pool-2", DRIVER_A),
            one_device("slice-1", labels("planet", "earth"), "pool-3", DRIVER_A),
            one_device("slice-1", local, "pool-4", DRIVER_A),
        ],
    )
    assert devices(found) == [
        {("req-0", DRIVER_A, f"pool-{i}", "device-1", False) for i in (1, 2, 3, 4)}
    ]
    assert not isinstance(found, str)
    (term,) = found[0].node_selector or ()
    assert term["matchExpressions"] == [
        {"key": "region", "operator": "In", "values": ["region-1"]},
        {"key": "planet", "operator": "In", "values": ["earth"]},
    ]
    assert term["matchFields"] == LOCAL["matchFields"]


def test_local_and_network_attached_devices() -> None:
    found = run(
        [claim("claim-0", request("req-0", CLASS_A, 2))],
        [class_(CLASS_A, DRIVER_A)],
        [
            one_device("slice-1", labels("region", "region-1"), "pool-1", DRIVER_A),
            one_device("slice-1", "node-1", "pool-2", DRIVER_A),
        ],
    )
    assert not isinstance(found, str)
    assert found[0].node_selector == (LOCAL,)
    assert len(found[0].devices) == 2


def test_several_different_drivers() -> None:
    found = run(
        [claim("claim-0", request("req-0", CLASS_A)), claim("claim-0", request("req-0", CLASS_B))],
        [class_(CLASS_A, DRIVER_A), class_(CLASS_B, DRIVER_B)],
        [
            slice_("slice-1", "node-1", "pool-1", DRIVER_A, device("device-1"), device("device-2")),
            one_device("slice-1", "node-1", "pool-1", DRIVER_B),
        ],
    )
    assert devices(found) == [
        {("req-0", DRIVER_A, "pool-1", "device-1", False)},
        {("req-0", DRIVER_B, "pool-1", "device-1", False)},
    ]


def test_already_allocated_devices_and_admin_access() -> None:
    taken = ((DRIVER_A, "pool-1", "device-1"), (DRIVER_A, "pool-1", "device-2"))
    slices = [one_device("slice-1", "node-1", "pool-1", DRIVER_A)]
    plain = claim("claim-0", request("req-0", CLASS_A))
    assert run([plain], [class_(CLASS_A, DRIVER_A)], slices, allocated=taken) == NONE
    admin = claim("claim-0", request("req-0", CLASS_A, 1, adminAccess=True))
    found = run([admin], [class_(CLASS_A, DRIVER_A)], slices, allocated=taken)
    assert devices(found) == [{("req-0", DRIVER_A, "pool-1", "device-1", True)}]


ATTRIBUTES = {
    "driverVersion": "1.0.0",
    "numa": 1,
    "stringAttribute": "stringAttributeValue",
    "boolAttribute": True,
}


def test_with_constraint() -> None:
    constraints = [
        {"matchAttribute": f"driver-a/{name}"}
        for name in ("numa", "driverVersion", "stringAttribute", "boolAttribute")
    ]
    found = run(
        [claim("claim-0", request("req-0", CLASS_A), request("req-1", CLASS_A), constraints=constraints)],
        [class_(CLASS_A, DRIVER_A)],
        [
            slice_(
                "slice-1", "node-1", "pool-1", DRIVER_A,
                device("device-1", **ATTRIBUTES), device("device-2", **ATTRIBUTES),
            )
        ],
    )  # fmt: skip
    assert devices(found) == [
        {
            ("req-0", DRIVER_A, "pool-1", "device-1", False),
            ("req-1", DRIVER_A, "pool-1", "device-2", False),
        }
    ]


def test_with_constraint_non_existent_attribute() -> None:
    found = run(
        [
            claim(
                "claim-0",
                request("req-0", CLASS_A),
                constraints=[{"matchAttribute": "driver-a/NonExistentAttribute"}],
            )
        ],
        [class_(CLASS_A, DRIVER_A)],
        [one_device("slice-1", "node-1", "pool-1", DRIVER_A)],
    )
    assert found == NONE


@pytest.mark.parametrize(
    ("name", "first", "second"),
    [
        ("numa", 1, 2),
        ("stringAttribute", "stringAttributeValue", "stringAttributeValue2"),
        ("boolAttribute", True, False),
        ("driverVersion", "1.0.0", "2.0.0"),
    ],
)
def test_with_constraint_not_matching(name: str, first: Any, second: Any) -> None:
    found = run(
        [claim("claim-0", request("req-0", CLASS_A, 2), constraints=[{"matchAttribute": f"driver-a/{name}"}])],
        [class_(CLASS_A, DRIVER_A)],
        [
            slice_(
                "slice-1", "node-1", "pool-1", DRIVER_A,
                device("device-1", **{name: first}), device("device-2", **{name: second}),
            )
        ],
    )  # fmt: skip
    assert found == NONE


def test_with_constraint_not_matching_int_attribute_all_devices() -> None:
    with pytest.raises(AllocationError) as error:
        run(
            [
                claim(
                    "claim-0",
                    all_request("req-0", CLASS_A),
                    constraints=[{"matchAttribute": "driver-a/numa"}],
                )
            ],
            [class_(CLASS_A, DRIVER_A)],
            [
                slice_(
                    "slice-1",
                    "node-1",
                    "pool-1",
                    DRIVER_A,
                    device("device-1", numa=1),
                    device("device-2", numa=2),
                )
            ],
        )
    assert str(error.value) == (
        "claim claim-0, request req-0: cannot add device driver-a/pool-1/device-2 because a "
        "claim constraint would not be satisfied"
    )


def test_with_constraint_for_request_retry() -> None:
    """with-constraint-for-request(-retry): a constraint on req-0 alone, one on both."""
    constraints = [
        {"requests": ["req-0"], "matchAttribute": "driver-a/driverVersion"},
        {"matchAttribute": "driver-a/stringAttribute"},
    ]
    found = run(
        [claim("claim-0", request("req-0", CLASS_A), request("req-1", CLASS_A), constraints=constraints)],
        [class_(CLASS_A, DRIVER_A)],
        [
            slice_(
                "slice-1", "node-1", "pool-1", DRIVER_A,
                device("device-1", driverVersion="1.0.0", stringAttribute="a"),
                device("device-2", driverVersion="2.0.0", stringAttribute="b"),
                device("device-3", driverVersion="3.0.0", stringAttribute="b"),
            )
        ],
    )  # fmt: skip
    assert devices(found) == [
        {
            ("req-0", DRIVER_A, "pool-1", "device-2", False),
            ("req-1", DRIVER_A, "pool-1", "device-3", False),
        }
    ]


@pytest.mark.parametrize(
    ("claim_data", "message"),
    [
        (  # unknown-selector
            claim(
                "claim-0",
                {"name": "req-0", "exactly": {"deviceClassName": CLASS_A, "selectors": [{}]}},
            ),
            "claim claim-0, request req-0, selector #0: CEL expression empty (unsupported selector type?)",
        ),
        (  # unknown-allocation-mode
            claim("claim-0", request("req-0", CLASS_A, 1, allocationMode="future-mode")),
            "claim claim-0, request req-0: unsupported count mode future-mode",
        ),
        (  # unknown-constraint
            claim("claim-0", request("req-0", CLASS_A), constraints=[{}]),
            "claim claim-0, constraint #0: empty constraint (unsupported constraint type?)",
        ),
        (  # too-many-devices-single-request
            claim("claim-0", request("req-0", CLASS_A, 500)),
            "claim claim-0: number of requested devices 500 exceeds the claim limit of 32",
        ),
        (  # too-many-devices-total
            claim("claim-0", request("req-0", CLASS_A, 32), request("req-1", CLASS_A, 1)),
            "claim claim-0: number of requested devices 33 exceeds the claim limit of 32",
        ),
    ],
)
def test_claim_errors(claim_data: Any, message: str) -> None:
    many = [device(f"device-{i}") for i in range(33)]
    with pytest.raises(AllocationError) as error:
        run(
            [claim_data],
            [class_(CLASS_A, DRIVER_A)],
            [slice_("slice-1", "node-1", "pool-1", DRIVER_A, *many)],
        )
    assert str(error.value) == message


def test_max_number_devices() -> None:
    found = run(
        [claim("claim-0", request("req-0", CLASS_A, 32))],
        [class_(CLASS_A, DRIVER_A)],
        [
            slice_(
                "slice-1", "node-1", "pool-1", DRIVER_A, *(device(f"device-{i}") for i in range(32))
            )
        ],
    )
    assert not isinstance(found, str)
    assert len(found[0].devices) == 32
    # many-devices-okay: as many as allowed, but no devices: no allocation, no error
    assert (
        run([claim("claim-0", request("req-0", CLASS_A, 32))], [class_(CLASS_A, DRIVER_A)], [])
        == NONE
    )


def test_prioritized_list_first_unavailable() -> None:
    found = run(
        [
            claim(
                "claim-0",
                prioritized("req-0", ("subReq-0", CLASS_B, 1, ()), ("subReq-1", CLASS_A, 1, ())),
            )
        ],
        [class_(CLASS_A, DRIVER_A), class_(CLASS_B, DRIVER_B)],
        [one_device("slice-1", "node-1", "pool-1", DRIVER_A)],
    )
    assert devices(found) == [{("req-0/subReq-1", DRIVER_A, "pool-1", "device-1", False)}]


def test_prioritized_list_non_available() -> None:
    found = run(
        [
            claim(
                "claim-0",
                prioritized("req-0", ("subReq-0", CLASS_B, 2, ()), ("subReq-1", CLASS_A, 2, ())),
            )
        ],
        [class_(CLASS_A, DRIVER_A), class_(CLASS_B, DRIVER_B)],
        [
            one_device("slice-1", "node-1", "pool-1", DRIVER_A),
            one_device("slice-2", "node-1", "pool-2", DRIVER_B),
        ],
    )
    assert found == NONE


EIGHT, FOUR = MEMORY.format("8Gi"), MEMORY.format("4Gi")
TWO_SIZES = [
    slice_("slice-1", "node-1", "pool-1", DRIVER_A, device("device-1", "8Gi")),
    slice_("slice-2", "node-1", "pool-2", DRIVER_A, device("device-2", "4Gi")),
]


def test_prioritized_list_multi_request() -> None:
    found = run(
        [
            claim(
                "claim-0",
                request("req-1", CLASS_A, 1, EIGHT),
                prioritized(
                    "req-0", ("subReq-0", CLASS_A, 1, (EIGHT,)), ("subReq-1", CLASS_A, 1, (FOUR,))
                ),
            )
        ],
        [class_(CLASS_A, DRIVER_A)],
        TWO_SIZES,
    )
    assert devices(found) == [
        {
            ("req-1", DRIVER_A, "pool-1", "device-1", False),
            ("req-0/subReq-1", DRIVER_A, "pool-2", "device-2", False),
        }
    ]


def test_prioritized_list_with_backtracking() -> None:
    found = run(
        [
            claim(
                "claim-0",
                prioritized(
                    "req-0", ("subReq-0", CLASS_A, 1, (EIGHT,)), ("subReq-1", CLASS_A, 1, (FOUR,))
                ),
                request("req-1", CLASS_A, 1, EIGHT),
            )
        ],
        [class_(CLASS_A, DRIVER_A)],
        TWO_SIZES,
    )
    assert devices(found) == [
        {
            ("req-0/subReq-1", DRIVER_A, "pool-2", "device-2", False),
            ("req-1", DRIVER_A, "pool-1", "device-1", False),
        }
    ]


def test_prioritized_list_too_many_in_first_subrequest() -> None:
    found = run(
        [
            claim(
                "claim-0",
                prioritized("req-0", ("subReq-0", CLASS_B, 500, ()), ("subReq-1", CLASS_A, 1, ())),
            )
        ],
        [class_(CLASS_A, DRIVER_A), class_(CLASS_B, DRIVER_B)],
        [one_device("slice-1", "node-1", "pool-1", DRIVER_A)],
    )
    assert devices(found) == [{("req-0/subReq-1", DRIVER_A, "pool-1", "device-1", False)}]


def test_binding_conditions_without_feature_gate() -> None:
    conditioned = {**device("device-1"), "bindingConditions": ["IsPrepare"]}
    found = run(
        [claim("claim-0", request("req-0", CLASS_A))],
        [class_(CLASS_A, DRIVER_A)],
        [slice_("slice-1", "node-1", "pool-1", DRIVER_A, conditioned)],
    )
    assert found == NONE
