"""What a pod's containers ask of a node: requests after API defaulting, as kube's
PodRequests adds them up (init containers, sidecars, pod-level resources, overhead), also as
scored (defaults for a missing cpu or memory request), images and host ports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kubelint.k8s.data import entries, integer, mapping, text
from kubelint.k8s.quantity import QuantityError
from kubelint.k8s.workloads import containers, pod_spec
from kubelint.objects import Resource
from kubelint.schedule.cluster import resource_amount
from kubelint.schedule.pods import DEFAULT_CPU, DEFAULT_MEMORY, PodError


def _resource_list(resource: Resource, path: tuple[str | int, ...], value: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for name, amount in mapping(value).items():
        try:
            out[str(name)] = resource_amount(str(name), amount)
        except QuantityError as exc:
            raise PodError(resource, (*path, name), str(exc)) from None
    return out


def _container_requests(
    resource: Resource, path: tuple[str | int, ...], container: Mapping[str, Any]
) -> dict[str, int]:
    """A container's (or the pod's) requests after API defaulting: a resource with a limit but
    no request requests it."""
    res = mapping(container.get("resources"))
    limits = _resource_list(resource, (*path, "resources", "limits"), res.get("limits"))
    requests = _resource_list(resource, (*path, "resources", "requests"), res.get("requests"))
    return {**limits, **requests}


def _add(total: dict[str, int], more: Mapping[str, int]) -> None:
    for name, amount in more.items():
        total[name] = total.get(name, 0) + amount


def _maximum(total: dict[str, int], other: Mapping[str, int]) -> None:
    for name, amount in other.items():
        total[name] = max(total.get(name, 0), amount)


def effective_requests(
    containers: Sequence[Mapping[str, int]],
    init_containers: Sequence[tuple[Mapping[str, int], bool]],
    overhead: Mapping[str, int],
    pod_level: Mapping[str, int] | None = None,
) -> dict[str, int]:
    """kube's PodRequests: app containers and sidecars add up; each run-to-completion init
    container needs its own request plus the sidecars started before it; the pod needs the
    larger of the two — or, for the resources it names, the pod-level `spec.resources` — plus
    the overhead. `init_containers` pairs requests with "is a sidecar"."""
    total: dict[str, int] = {}
    for requests in containers:
        _add(total, requests)
    sidecars: dict[str, int] = {}
    init_peak: dict[str, int] = {}
    for requests, sidecar in init_containers:
        if sidecar:
            _add(total, requests)
            _add(sidecars, requests)
            _maximum(init_peak, sidecars)
        else:
            need = dict(requests)
            _add(need, sidecars)
            _maximum(init_peak, need)
    _maximum(total, init_peak)
    total.update(pod_level or {})
    _add(total, overhead)
    return {name: amount for name, amount in total.items() if amount}


def _nonzero(requests: Mapping[str, int]) -> dict[str, int]:
    """The cpu and memory scores count: the defaults stand in for a missing request (an
    explicit 0 stays 0), as kube's getNonMissingContainerRequests."""
    return {"cpu": DEFAULT_CPU, "memory": DEFAULT_MEMORY, **requests}


@dataclass(slots=True)
class Containers:
    """What a pod's containers ask of a node: requests (also as scored), images, host ports."""

    requests: dict[str, int]
    nonzero: dict[str, int]
    images: list[str]
    ports: list[tuple[str, str, int]]


def container_asks(resource: Resource) -> Containers:
    """What the pod template of a workload asks of a node."""
    found = pod_spec(resource.data)
    assert found is not None
    spec_path, spec = found
    app: list[Mapping[str, int]] = []
    images: list[str] = []
    ports: list[tuple[str, str, int]] = []
    init: list[tuple[Mapping[str, int], bool]] = []
    nonzero_init: list[tuple[Mapping[str, int], bool]] = []
    for c in containers(resource.data):  # init containers first, as the kubelet starts them
        if c.field == "ephemeralContainers":
            continue  # they request nothing the scheduler counts
        requests = _container_requests(resource, c.path, c.data)
        if text(c.data.get("image")):
            images.append(c.data["image"])
        if c.field == "initContainers":
            sidecar = c.data.get("restartPolicy") == "Always"
            init.append((requests, sidecar))
            nonzero_init.append((_nonzero(requests), sidecar))
            if not sidecar:
                continue  # it has exited before the app containers start
        else:
            app.append(requests)
        for _, port in entries(c.data.get("ports")):  # a sidecar's host ports are held too
            host_port = integer(port.get("hostPort"))
            if host_port:
                protocol = str(port.get("protocol") or "TCP")
                ports.append((str(port.get("hostIP") or "0.0.0.0"), protocol, host_port))
    overhead = _resource_list(resource, (*spec_path, "overhead"), spec.get("overhead"))
    pod_level = {
        name: amount
        for name, amount in _container_requests(resource, spec_path, spec).items()
        if name in ("cpu", "memory") or name.startswith("hugepages-")
    }
    return Containers(
        effective_requests(app, init, overhead, pod_level),
        effective_requests([_nonzero(c) for c in app], nonzero_init, overhead, pod_level),
        images,
        ports,
    )
