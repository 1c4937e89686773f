"""kube-scheduler's DynamicResources plugin (`pkg/scheduler/framework/plugins/dynamicresources`)
over a whole simulation: the ResourceClaims a pod's `spec.resourceClaims` name or its templates
create, checked before the pod is tried (PreEnqueue) and before any node is (PreFilter), then
allocated node by node (Filter), reserved on the node the pod lands on (Reserve), and released
when PostFilter finds an allocated claim it can take back.

What is allocated stays allocated for the rest of the simulation: pods placed earlier hold
their devices, and a claim several pods share is allocated once, pinning the later pods to the
nodes its devices are on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kubelint.k8s.data import dig, mapping
from kubelint.objects import Resource
from kubelint.schedule.cluster import Node
from kubelint.schedule.dra import DEALLOCATED, NO_NEW_CLAIMS, NOT_AVAILABLE, STILL_NOT_SCHEDULABLE
from kubelint.schedule.dra.allocator import (
    AllocationError,
    Allocator,
    Pool,
    SelectorCache,
    pools_for,
    serves,
)
from kubelint.schedule.dra.objects import (
    Allocation,
    Claim,
    DeviceClass,
    DeviceId,
    Slice,
    claim_from,
    claim_spec,
    class_from,
    slice_from,
)
from kubelint.schedule.pods import Pod


@dataclass(slots=True)
class Verdicts:
    """The plugin's Filter on the nodes it was asked about."""

    reasons: dict[int, str] = field(default_factory=dict)  # node → why it fails
    allocations: dict[int, list[Allocation]] = field(default_factory=dict)  # node → results
    unavailable: set[str] = field(default_factory=set)  # allocated claims some node lacks
    # a claim or class kube-scheduler rejects outright (a selector that fails to evaluate):
    # the pod's scheduling is aborted with this message
    error: str | None = None


FIRST_AVAILABLE_MAX = 8  # resourceapi.FirstAvailableDeviceRequestMaxSize


class Dra:
    """The DRA objects of the cluster and the inputs, and what is allocated so far."""

    def __init__(self, resources: Iterable[Resource], namespace: str) -> None:
        self.slices: list[Slice] = []
        self.classes: dict[str, DeviceClass] = {}
        self.claims: dict[str, Claim] = {}
        self.templates: dict[str, Mapping[str, Any]] = {}
        for resource in resources:
            data, own = resource.data, resource.ref.namespace or namespace
            if resource.kind == "ResourceSlice":
                self.slices.append(slice_from(data))
            elif resource.kind == "DeviceClass":
                found = class_from(data)
                self.classes[found.name] = found
            elif resource.kind == "ResourceClaim":
                claim = claim_from(data, own)
                self.claims[claim.key] = claim
            elif resource.kind == "ResourceClaimTemplate":
                self.templates[f"{own}/{dig(data, 'metadata', 'name')}"] = mapping(
                    dig(data, "spec", "spec")
                )
        self.in_use: set[DeviceId] = set()
        for claim in self.claims.values():
            self._hold(claim.allocation)
        self._pools: dict[str, list[Pool]] = {}
        self._selected: SelectorCache = {}
        self._resolved: dict[str, list[Claim]] = {}
        self._pending: dict[str, Verdicts] = {}  # the pod being scheduled: its Filter results

    def _hold(self, allocation: Allocation | None, hold: bool = True) -> None:
        for _, device, admin in allocation.devices if allocation is not None else ():
            if not admin:
                (self.in_use.add if hold else self.in_use.discard)(device)

    # ---- PreEnqueue and PreFilter ------------------------------------------------------

    def pre_enqueue(self, pod: Pod) -> str | None:
        """Why the pod is not tried at all (a claim not created, missing, being deleted), or
        None; the claims its templates make are created here, as the claim controller would."""
        claims: list[Claim] = []
        for name, named, template in pod.resource_claims:
            claim_name = named
            if claim_name is None:
                if template is None:
                    return (
                        f'pod "{pod.key}", spec.resourceClaim "{name}": '
                        "none of the supported fields are set"
                    )
                spec = self.templates.get(f"{pod.namespace}/{template}")
                if spec is None:
                    return f'pod "{pod.key}": ResourceClaim not created yet'
                claim_name = f"{pod.name}-{name}"
                key = f"{pod.namespace}/{claim_name}"
                if key not in self.claims:
                    self.claims[key] = claim_spec(pod.namespace, claim_name, spec)
            claim = self.claims.get(f"{pod.namespace}/{claim_name}")
            if claim is None:
                return f'could not find ResourceClaim "{pod.namespace}/{claim_name}"'
            if claim.deleting:
                return f'resourceclaim "{claim.name}" is being deleted'
            claims.append(claim)
        self._resolved[pod.key] = claims
        return None

    def pre_filter(self, pod: Pod) -> str | None:
        """Why no node is tried: a request's device class does not exist."""
        for claim in self._resolved.get(pod.key, ()):
            if claim.allocation is not None:
                continue
            for requested in claim.requests:
                for request in requested.alternatives:
                    if not request.device_class:  # a kind of request kube does not know
                        return f"request {request.name}: unsupported request type"
                    if request.device_class not in self.classes:
                        return (
                            f"request {request.name}: device class "
                            f"{request.device_class} does not exist"
                        )
        return None

    # ---- Filter ------------------------------------------------------------------------

    def pools(self, node: Node) -> list[Pool]:
        found = self._pools.get(node.name)
        if found is None:
            found = self._pools[node.name] = pools_for(self.slices, node)
        return found

    def filter(self, pod: Pod, nodes: Sequence[Node], candidates: Iterable[int]) -> Verdicts:
        """Filter on the candidate nodes (none when PreFilter rejects the pod); the first
        node where a claim or class proves wrong aborts it (`Verdicts.error`)."""
        claims = self._resolved.get(pod.key, [])
        if self.pre_filter(pod) is not None:
            claims = []
        pending = [c for c in claims if c.allocation is None]
        allocator = Allocator(self.classes, self.in_use, self._selected) if pending else None
        verdicts = Verdicts()
        unserved: list[Allocation] | str | None = None  # on nodes no pool serves: all alike
        for i in candidates:
            node = nodes[i]
            missing = [
                c
                for c in claims
                if c.allocation is not None
                and c.allocation.node_selector is not None
                and not serves(node, None, False, c.allocation.node_selector)
            ]
            if allocator is not None:
                pools = self.pools(node)
                try:
                    found = unserved if unserved is not None and not pools else None
                    if found is None:
                        found = allocator.allocate(pending, pools)
                except AllocationError as exc:
                    verdicts.error = f'running "DynamicResources" filter plugin: {exc}'
                    verdicts.reasons[i] = str(exc)
                    break
                if not pools:
                    unserved = found
                if isinstance(found, str):
                    verdicts.reasons[i] = found
                    continue
                verdicts.allocations[i] = found
            if missing:
                verdicts.unavailable.update(c.key for c in missing)
                verdicts.reasons[i] = NOT_AVAILABLE
        self._pending[pod.key] = verdicts
        return verdicts

    # ---- Score (from 1.35) ---------------------------------------------------------------

    def scores(self, pod: Pod, nodes: Iterable[int]) -> list[int]:
        """Per node, what its allocation makes of the pod's `firstAvailable` requests: each
        counts 8 (their most) less the index of the subrequest the node gets."""
        verdicts = self._pending.get(pod.key)
        pending = [c for c in self._resolved.get(pod.key, []) if c.allocation is None]
        out = []
        for node in nodes:
            found = verdicts.allocations.get(node, []) if verdicts is not None else []
            score = 0
            for claim, allocation in zip(pending, found, strict=False):
                chosen = {request for request, _, _ in allocation.devices}
                for requested in claim.requests:
                    if requested.prioritized:
                        score += next(
                            (
                                FIRST_AVAILABLE_MAX - i
                                for i, r in enumerate(requested.alternatives)
                                if r.name in chosen
                            ),
                            0,
                        )
            out.append(score)
        return out

    # ---- PostFilter and Reserve -------------------------------------------------------

    def aborted(self, pod: Pod) -> str | None:
        """The error that aborted the pod's last Filter, if one did."""
        verdicts = self._pending.get(pod.key)
        return verdicts.error if verdicts is not None else None

    def post_filter(self, pod: Pod, noisy: bool) -> tuple[bool, str | None]:
        """PostFilter for a pod no node takes: whether it released an allocated claim (the
        pod is then tried again), and its words for the message (None: none)."""
        claims = self._resolved.get(pod.key, [])
        if self.pre_filter(pod) is not None:  # rejected before it kept the pod's claims
            claims = []
        verdicts = self._pending.pop(pod.key, None)
        for claim in claims:
            if verdicts is None or claim.key not in verdicts.unavailable:
                continue
            if not claim.reserved or claim.reserved == [pod.key]:
                self._hold(claim.allocation, hold=False)
                claim.allocation, claim.reserved = None, []
                return True, DEALLOCATED
        if not noisy:
            return False, None
        return False, STILL_NOT_SCHEDULABLE if claims else NO_NEW_CLAIMS

    def reserve(self, pod: Pod, node: int) -> None:
        """The pod landed on `node`: its claims take the devices found there."""
        claims = self._resolved.get(pod.key, [])
        verdicts = self._pending.pop(pod.key, None)
        found = iter(verdicts.allocations.get(node, []) if verdicts is not None else [])
        for claim in claims:
            if claim.allocation is None:
                claim.allocation = next(found, None)
                self._hold(claim.allocation)
            if pod.key not in claim.reserved:
                claim.reserved.append(pod.key)
