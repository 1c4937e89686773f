"""The structured-parameters allocator (`k8s.io/dynamic-resource-allocation/structured`, its
stable channel): which devices of one node's resource pools a pod's unallocated claims get.

Pools: a driver's ResourceSlices of the newest generation that serve the node (by `nodeName`,
`nodeSelector` or `allNodes`); a pool missing some of its `resourceSliceCount` slices is
incomplete (skipped; an error for a request of all devices), one with two devices of the same
name invalid. Requests are allocated in order, claims in order, a device at a time, backtracking
when a later request or a `matchAttribute` constraint cannot be met; a `firstAvailable` list
takes the first subrequest that works. A device allocated to another claim (but with admin
access) is taken; admin access ignores that.

Not simulated: partitionable devices (slices with shared counters or per-device node selection,
devices that consume counters are never allocated), device taints, binding conditions (such
devices are not allocated), consumable capacity.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kubelint.schedule.cluster import Node
from kubelint.schedule.dra import selectors
from kubelint.schedule.dra.objects import (
    Allocation,
    Claim,
    Device,
    DeviceClass,
    DeviceId,
    Request,
    Slice,
    Terms,
)
from kubelint.schedule.filters import term_matches

MAX_RESULTS = 32  # resourceapi.AllocationResultsMaxSize
INVALID_POOLS = "invalid resource pools were encountered"
SliceDevice = tuple[Slice, Device]


class AllocationError(Exception):
    """Something wrong with a claim or class: kube-scheduler aborts the pod's scheduling."""


@dataclass(slots=True)
class Pool:
    driver: str
    name: str
    devices: list[tuple[Slice, Device]]
    incomplete: bool = False
    invalid: bool = False


def serves(node: Node, name: str | None, everywhere: bool, terms: Terms | None) -> bool:
    """Whether a slice (or an allocation's node selector) covers the node."""
    if name:
        return node.name == name
    if everywhere:
        return True
    return terms is not None and any(term_matches(t, node) for t in terms)


def pools_for(slices: Sequence[Slice], node: Node) -> list[Pool]:
    """The node's resource pools, in the order their slices are listed."""
    newest: dict[tuple[str, str], list[Slice]] = {}
    for item in slices:
        if item.partitionable or not serves(
            node, item.node_name, item.all_nodes, item.node_selector
        ):
            continue
        found = newest.setdefault((item.driver, item.pool), [])
        if found and item.generation < found[0].generation:
            continue
        if found and item.generation > found[0].generation:
            found.clear()
        found.append(item)
    pools = []
    for (driver, name), found in newest.items():
        generation, count = found[0].generation, found[0].slice_count
        everywhere = [
            s for s in slices if (s.driver, s.pool) == (driver, name) and not s.partitionable
        ]
        if any(s.generation > generation for s in everywhere):
            continue  # obsolete: a newer generation is being published
        published = sum(s.generation == generation for s in everywhere)
        complete = count in (len(found), published)
        devices = [(s, d) for s in found for d in s.devices]
        names = [d.name for _, d in devices]
        pools.append(Pool(driver, name, devices, not complete, len(set(names)) != len(names)))
    return pools


@dataclass(slots=True)
class _Constraint:
    requests: frozenset[str]
    attribute: str
    value: Any = None
    count: int = 0

    def applies(self, request: str) -> bool:
        base = request.split("/", maxsplit=1)[0]
        return not self.requests or request in self.requests or base in self.requests


@dataclass(slots=True)
class _Run:
    """One allocation attempt on one node."""

    claims: Sequence[Claim]
    pools: list[Pool]
    in_use: set[DeviceId]
    selectable: Callable[[Claim, Request, Slice, Device], bool]
    all_devices: dict[tuple[int, str], list[tuple[Slice, Device]]] = field(default_factory=dict)
    allocating: dict[DeviceId, set[int]] = field(default_factory=dict)
    results: list[list[tuple[str, DeviceId, bool, Slice]]] = field(default_factory=list)
    constraints: list[list[_Constraint]] = field(default_factory=list)

    def add(self, c: int, request: Request, slice_: Slice, device: Device, must: bool) -> bool:
        key = (slice_.driver, slice_.pool, device.name)
        if device.partitioned or not self._free(c, request, key):
            return False
        done: list[_Constraint] = []
        for constraint in self.constraints[c]:
            if not constraint.applies(request.name):
                continue
            value = selectors.attribute(device, constraint.attribute, slice_.driver)
            same = constraint.count == 0 or (
                type(value) is type(constraint.value) and value == constraint.value
            )
            if value is None or not same:
                for undo in done:
                    undo.count -= 1
                if must:
                    claim, short = self.claims[c], request.name.rsplit("/", 1)[-1]
                    raise AllocationError(
                        f"claim {claim.key}, request {short}: cannot add device "
                        f"{'/'.join(key)} because a claim constraint would not be satisfied"
                    )
                return False
            if constraint.count == 0:
                constraint.value = value
            constraint.count += 1
            done.append(constraint)
        self.allocating.setdefault(key, set()).add(c)
        self.results[c].append((request.name, key, bool(request.admin_access), slice_))
        return True

    def remove(self, c: int, request: Request) -> None:
        _, key, _, _ = self.results[c].pop()
        self.allocating[key].discard(c)
        for constraint in self.constraints[c]:
            if constraint.applies(request.name):
                constraint.count -= 1

    def _free(self, c: int, request: Request, key: DeviceId) -> bool:
        if request.admin_access:
            return c not in self.allocating.get(key, ())
        return key not in self.in_use and not self.allocating.get(key)

    def one(self, c: int, r: int, d: int, alternative: int | None) -> bool:
        if c == len(self.claims):
            return True
        claim = self.claims[c]
        if r == len(claim.requests):
            return self.one(c + 1, 0, 0, None)
        requested = claim.requests[r]
        if alternative is None:
            return any(self.one(c, r, 0, a) for a in range(len(requested.alternatives)))
        request = requested.alternatives[alternative]
        every = self.all_devices.get((c, request.name))
        wanted = len(every) if every is not None else request.count
        if every is not None and not every:
            return False
        if d >= wanted:
            return self.one(c, r + 1, 0, None)
        if len(self.results[c]) + wanted - d > MAX_RESULTS:
            return False
        if every is not None:
            slice_, device = every[d]
            if not self.add(c, request, slice_, device, must=True):
                return False
            if self.one(c, r, d + 1, alternative):
                return True
            self.remove(c, request)
            return False
        for pool in self.pools:
            if pool.incomplete or pool.invalid:
                continue
            for slice_, device in pool.devices:
                key = (slice_.driver, slice_.pool, device.name)
                if not self._free(c, request, key) or not self.selectable(
                    claim, request, slice_, device
                ):
                    continue
                if not self.add(c, request, slice_, device, must=False):
                    continue
                if self.one(c, r, d + 1, alternative):
                    return True
                self.remove(c, request)
        return False


# (selectors, driver, slice, device) → whether the device passes them, or the failing
# selector's index and error: the same for every claim and node, so kept for the whole run
SelectorCache = dict[tuple[tuple[str, ...], str, str, str], bool | tuple[int, str]]


class Allocator:
    """Allocation for one pod's claims, node after node."""

    def __init__(
        self,
        classes: Mapping[str, DeviceClass],
        in_use: set[DeviceId],
        cache: SelectorCache | None = None,
    ) -> None:
        self.classes = classes
        self.in_use = in_use
        self.cache: SelectorCache = {} if cache is None else cache

    def selectable(self, claim: Claim, request: Request, slice_: Slice, device: Device) -> bool:
        """Whether the device passes its class's selectors and the request's."""
        if device.binding_conditions:
            return False
        device_class = self.classes[request.device_class]
        return self._passes(
            f"class {device_class.name}", device_class.selectors, slice_, device
        ) and (self._passes(f"claim {claim.key}", request.selectors, slice_, device))

    def _passes(
        self, owner: str, expressions: tuple[str, ...], slice_: Slice, device: Device
    ) -> bool:
        if not expressions:
            return True
        key = (expressions, slice_.driver, slice_.name, device.name)
        found = self.cache.get(key)
        if found is None:
            try:
                found = selectors.matches(expressions, slice_.driver, device) is None
            except selectors.SelectorError as exc:
                found = selectors.failed(exc)
            self.cache[key] = found
        if isinstance(found, tuple):
            index, message = found
            where = (
                f"{owner}: selector #{index} on device {slice_.driver}/{slice_.pool}/{device.name}"
            )
            raise AllocationError(f"{where}: CEL runtime error: {message}")
        return found

    def allocate(self, claims: Sequence[Claim], pools: list[Pool]) -> list[Allocation] | str:
        """Each claim's allocation on the node, or why none (kube's reason). Raises
        AllocationError for a claim or class kube-scheduler rejects outright."""
        run = _Run(claims, pools, self.in_use, self.selectable)
        for c, claim in enumerate(claims):
            least = 0
            for requested in claim.requests:
                counts = []
                for request in requested.alternatives:
                    _check(claim, request)
                    if request.all_devices:
                        run.all_devices[(c, request.name)] = self._every(claim, request, pools)
                        counts.append(len(run.all_devices[(c, request.name)]))
                    else:
                        counts.append(request.count)
                least += min(counts, default=0)
            if least > MAX_RESULTS:
                raise AllocationError(
                    f"claim {claim.key}: number of requested devices {least} exceeds the "
                    f"claim limit of {MAX_RESULTS}"
                )
            run.results.append([])
            for i, (_, attribute) in enumerate(claim.constraints):
                if not attribute:
                    raise AllocationError(
                        f"claim {claim.key}, constraint #{i}: empty constraint "
                        "(unsupported constraint type?)"
                    )
            run.constraints.append([_Constraint(r, a) for r, a in claim.constraints])
        if run.one(0, 0, 0, None):
            return [_allocation(found) for found in run.results]
        if any(pool.invalid for pool in pools):
            return INVALID_POOLS
        return "cannot allocate all claims"

    def _every(self, claim: Claim, request: Request, pools: list[Pool]) -> list[SliceDevice]:
        found: list[SliceDevice] = []
        for pool in pools:
            if pool.incomplete or pool.invalid:
                state = "being updated" if pool.incomplete else "invalid"
                raise AllocationError(
                    f"claim {claim.key}, request {request.name.rsplit('/', 1)[-1]}: asks for all "
                    f"devices, but resource pool {pool.driver}/{pool.name} is currently {state}"
                )
            found.extend((s, d) for s, d in pool.devices if self.selectable(claim, request, s, d))
        return found


def _check(claim: Claim, request: Request) -> None:
    """The request's own mistakes the allocator rejects before looking at devices."""
    where = f"claim {claim.key}, request {request.name.rsplit('/', 1)[-1]}"
    for i, expression in enumerate(request.selectors):
        if not expression:
            raise AllocationError(
                f"{where}, selector #{i}: CEL expression empty (unsupported selector type?)"
            )
    if request.mode not in ("ExactCount", "All"):
        raise AllocationError(f"{where}: unsupported count mode {request.mode}")


def _allocation(found: list[tuple[str, DeviceId, bool, Slice]]) -> Allocation:
    """The result's devices and its node selector: the node a device's slice names, else the
    requirements of their slices' selectors together (none for devices on every node)."""
    devices = tuple((request, key, admin) for request, key, admin, _ in found)
    fields: list[Any] = []
    expressions: list[Any] = []
    for _, _, _, slice_ in found:
        if slice_.node_name:
            name = {"key": "metadata.name", "operator": "In", "values": [slice_.node_name]}
            return Allocation(devices, ({"matchFields": [name]},))
        if slice_.node_selector and len(slice_.node_selector) == 1:
            (only,) = slice_.node_selector
            term = only
            fields += [f for f in term.get("matchFields") or () if f not in fields]
            expressions += [e for e in term.get("matchExpressions") or () if e not in expressions]
    if not fields and not expressions:
        return Allocation(devices, None)
    merged = {"matchFields": fields, "matchExpressions": expressions}
    return Allocation(devices, ({k: v for k, v in merged.items() if v},))
