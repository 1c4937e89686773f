"""The Dynamic Resource Allocation objects the scheduler reads (`resource.k8s.io` v1, v1beta2
and v1beta1), as plain records: ResourceSlices (a driver's devices, with the nodes they serve),
DeviceClasses, and ResourceClaims with what they request and, once allocated, which devices
they hold and for which pods.

v1beta1 writes a request's fields directly on it (v1 and v1beta2 under `exactly`) and a device's
attributes and capacity under `basic`; both are read into the same records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kubelint.k8s.data import dig, entries, integer, mapping, text
from kubelint.k8s.quantity import QuantityError, parse_quantity

Terms = tuple[Mapping[str, Any], ...]  # node selector terms, ORed
DeviceId = tuple[str, str, str]  # driver, pool, device


@dataclass(frozen=True, slots=True)
class Device:
    name: str
    # domain → name → value (int, bool, str; a version as its text)
    attributes: Mapping[str, Mapping[str, Any]]
    capacity: Mapping[str, Mapping[str, Decimal]]
    raw_attributes: Mapping[str, Any]  # as written, for matchAttribute constraints
    partitioned: bool = False  # consumes shared counters (partitionable devices)
    binding_conditions: bool = False


@dataclass(frozen=True, slots=True)
class Slice:
    name: str
    driver: str
    pool: str
    generation: int
    slice_count: int
    node_name: str | None
    all_nodes: bool
    node_selector: Terms | None
    devices: tuple[Device, ...]
    partitionable: bool = False  # shared counters or per-device node selection


@dataclass(frozen=True, slots=True)
class Request:
    """One request of a claim, or one subrequest of a `firstAvailable` list."""

    name: str  # `req` or, for a subrequest, `req/sub`
    device_class: str
    selectors: tuple[str, ...]  # CEL expressions
    mode: str  # allocationMode: ExactCount or All
    count: int
    admin_access: bool | None = None

    @property
    def all_devices(self) -> bool:
        return self.mode == "All"


@dataclass(frozen=True, slots=True)
class Requested:
    """A claim's request: one exact request, or its subrequests in order of preference."""

    name: str
    alternatives: tuple[Request, ...]
    prioritized: bool  # a `firstAvailable` list


@dataclass(frozen=True, slots=True)
class Allocation:
    devices: tuple[tuple[str, DeviceId, bool], ...]  # request, device, admin access
    node_selector: Terms | None  # where the devices are (None: every node)


@dataclass(slots=True)
class Claim:
    namespace: str
    name: str
    requests: tuple[Requested, ...]
    constraints: tuple[tuple[frozenset[str], str], ...]  # (requests, matchAttribute)
    deleting: bool = False
    allocation: Allocation | None = None
    reserved: list[str] = field(default_factory=list)  # the pods it is reserved for

    @property
    def key(self) -> str:
        """`namespace/name`, as kube names it in messages (the name alone without one)."""
        return f"{self.namespace}/{self.name}" if self.namespace else self.name


@dataclass(frozen=True, slots=True)
class DeviceClass:
    name: str
    selectors: tuple[str, ...]


def _value(attribute: Mapping[str, Any]) -> Any:
    for kind in ("int", "bool", "string", "version"):
        if kind in attribute:
            return attribute[kind]
    return None


def _quantity(value: Any) -> Decimal:
    raw = value.get("value") if isinstance(value, Mapping) else value
    try:
        return parse_quantity(raw)
    except QuantityError:
        return Decimal(0)


def _split(name: str, driver: str) -> tuple[str, str]:
    """A qualified name's domain and name; the driver's domain when it has none."""
    domain, _, rest = name.rpartition("/")
    return (domain, rest) if domain else (driver, name)


def _device(data: Mapping[str, Any], driver: str) -> Device:
    basic = mapping(data.get("basic")) or data  # v1beta1 nests them under `basic`
    attributes: dict[str, dict[str, Any]] = {}
    raw: dict[str, Any] = {}
    for name, attribute in mapping(basic.get("attributes")).items():
        value = _value(mapping(attribute))
        domain, short = _split(str(name), driver)
        attributes.setdefault(domain, {})[short] = value
        raw[str(name)] = value
    capacity: dict[str, dict[str, Decimal]] = {}
    for name, value in mapping(basic.get("capacity")).items():
        domain, short = _split(str(name), driver)
        capacity.setdefault(domain, {})[short] = _quantity(value)
    return Device(
        str(data.get("name") or ""),
        attributes,
        capacity,
        raw,
        partitioned=bool(basic.get("consumesCounters")),
        binding_conditions=bool(data.get("bindingConditions")),
    )


def _terms(selector: Any) -> Terms | None:
    terms = dig(selector, "nodeSelectorTerms")
    return tuple(t for _, t in entries(terms)) if isinstance(terms, list) else None


def slice_from(data: Mapping[str, Any]) -> Slice:
    spec = mapping(data.get("spec"))
    driver = str(spec.get("driver") or "")
    pool = mapping(spec.get("pool"))
    return Slice(
        name=str(dig(data, "metadata", "name") or ""),
        driver=driver,
        pool=str(pool.get("name") or ""),
        generation=integer(pool.get("generation")) or 0,
        slice_count=integer(pool.get("resourceSliceCount")) or 1,
        node_name=text(spec.get("nodeName")),
        all_nodes=spec.get("allNodes") is True,
        node_selector=_terms(spec.get("nodeSelector")),
        devices=tuple(_device(d, driver) for _, d in entries(spec.get("devices"))),
        partitionable=bool(spec.get("sharedCounters"))
        or spec.get("perDeviceNodeSelection") is True,
    )


def class_from(data: Mapping[str, Any]) -> DeviceClass:
    selectors = tuple(
        str(dig(s, "cel", "expression") or "") for _, s in entries(dig(data, "spec", "selectors"))
    )
    return DeviceClass(str(dig(data, "metadata", "name") or ""), selectors)


def _request(name: str, data: Mapping[str, Any]) -> Request:
    mode = data.get("allocationMode") or "ExactCount"
    count = integer(data.get("count"))
    admin = data.get("adminAccess")
    return Request(
        name=name,
        device_class=str(data.get("deviceClassName") or ""),
        selectors=tuple(
            str(dig(s, "cel", "expression") or "") for _, s in entries(data.get("selectors"))
        ),
        mode=str(mode),
        count=1 if count is None else count,
        admin_access=admin if isinstance(admin, bool) else None,
    )


def _requested(data: Mapping[str, Any]) -> Requested:
    name = str(data.get("name") or "")
    subrequests = [s for _, s in entries(data.get("firstAvailable"))]
    if subrequests:
        alternatives = tuple(_request(f"{name}/{s.get('name')}", s) for s in subrequests)
        return Requested(name, alternatives, True)
    exactly = data.get("exactly")
    return Requested(name, (_request(name, mapping(exactly) if exactly else data),), False)


def _allocation(status: Mapping[str, Any]) -> Allocation | None:
    allocation = status.get("allocation")
    if not isinstance(allocation, Mapping):
        return None
    devices = tuple(
        (
            str(r.get("request") or ""),
            (str(r.get("driver") or ""), str(r.get("pool") or ""), str(r.get("device") or "")),
            r.get("adminAccess") is True,
        )
        for _, r in entries(dig(allocation, "devices", "results"))
    )
    return Allocation(devices, _terms(allocation.get("nodeSelector")))


def claim_spec(namespace: str, name: str, spec: Mapping[str, Any]) -> Claim:
    devices = mapping(spec.get("devices"))
    constraints = tuple(
        (frozenset(str(r) for r in c.get("requests") or ()), str(c.get("matchAttribute") or ""))
        for _, c in entries(devices.get("constraints"))
    )
    requests = tuple(_requested(r) for _, r in entries(devices.get("requests")))
    return Claim(namespace, name, requests, constraints)


def claim_from(data: Mapping[str, Any], namespace: str) -> Claim:
    meta = mapping(data.get("metadata"))
    claim = claim_spec(
        str(meta.get("namespace") or namespace),
        str(meta.get("name") or ""),
        mapping(data.get("spec")),
    )
    status = mapping(data.get("status"))
    claim.deleting = meta.get("deletionTimestamp") is not None
    claim.allocation = _allocation(status)
    claim.reserved = [
        f"{claim.namespace}/{r.get('name')}" for _, r in entries(status.get("reservedFor"))
    ]
    return claim
