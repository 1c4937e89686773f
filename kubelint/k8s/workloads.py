"""Pod templates of every workload kind, reached through one helper.

Rules (probes, security context, references) and the scheduler (pods to place) all need "the pod
spec of this object, wherever its kind keeps it"; this is the one place that knows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from kubelint.k8s.data import dig, entries, is_mapping, mapping, text

# kind → JSON path of its pod template (metadata + spec); a Pod is its own template.
POD_TEMPLATE_PATHS: dict[str, tuple[str, ...]] = {
    "Pod": (),
    "Deployment": ("spec", "template"),
    "ReplicaSet": ("spec", "template"),
    "ReplicationController": ("spec", "template"),
    "StatefulSet": ("spec", "template"),
    "DaemonSet": ("spec", "template"),
    "Job": ("spec", "template"),
    "CronJob": ("spec", "jobTemplate", "spec", "template"),
}
WORKLOAD_KINDS = frozenset(POD_TEMPLATE_PATHS)


def pod_template(obj: Mapping[str, Any]) -> tuple[tuple[str, ...], Mapping[str, Any]] | None:
    """`(path, template)` of an object's pod template (`metadata` and `spec`), or None."""
    kind = obj.get("kind")
    path = POD_TEMPLATE_PATHS.get(kind) if isinstance(kind, str) else None
    if path is None:
        return None
    template = dig(obj, *path)
    return (path, template) if is_mapping(template) else None


def pod_spec(obj: Mapping[str, Any]) -> tuple[tuple[str, ...], Mapping[str, Any]] | None:
    """`(path, spec)` of the pod spec of a workload or Pod, or None when it has none."""
    found = pod_template(obj)
    if found is None:
        return None
    path, template = found
    spec = template.get("spec")
    return ((*path, "spec"), spec) if is_mapping(spec) else None


def pod_labels(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    """The labels its pods will carry (the template's, or a Pod's own; a Job's pods also the
    job-name labels the API server adds to its template unless `manualSelector` is set)."""
    found = pod_template(obj)
    labels = dig(found[1], "metadata", "labels") if found else None
    labels = labels if is_mapping(labels) else {}
    name = dig(obj, "metadata", "name")
    if (
        obj.get("kind") == "Job"
        and isinstance(name, str)
        and dig(obj, "spec", "manualSelector") is not True
    ):
        return {"job-name": name, "batch.kubernetes.io/job-name": name, **labels}
    return labels


# Replicas of one StatefulSet whose pods are named one by one (their claims, their labels): a
# bound on hostile input, far above real StatefulSets.
MAX_ORDINALS = 1000
# Labels the StatefulSet controller gives each pod besides its template's: the pod's name and
# (since Kubernetes 1.28) its ordinal. A Service may select one pod by them.
POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name"
POD_INDEX_LABEL = "apps.kubernetes.io/pod-index"
ORDINAL_LABELS = frozenset({POD_NAME_LABEL, POD_INDEX_LABEL})


def statefulset_pod_labels(obj: Mapping[str, Any]) -> tuple[Mapping[str, Any], ...]:
    """The labels of a StatefulSet's pods one by one: its template's, and each pod's name and
    ordinal, from `spec.ordinals.start` (default 0), one per replica (MAX_ORDINALS at most, and
    that many when the count is not a number)."""
    name = dig(obj, "metadata", "name")
    if not isinstance(name, str):
        return ()
    start = dig(obj, "spec", "ordinals", "start")
    start = start if type(start) is int and start >= 0 else 0
    replicas = declared_replicas(obj)
    count = MAX_ORDINALS if replicas is None else min(replicas, MAX_ORDINALS)
    labels = pod_labels(obj)
    return tuple(
        {**labels, POD_NAME_LABEL: f"{name}-{i}", POD_INDEX_LABEL: str(i)}
        for i in range(start, start + count)
    )


def operator_labels(obj: Mapping[str, Any]) -> tuple[Mapping[str, Any], ...]:
    """The label maps of a custom resource that pods an operator makes from it may carry: its
    own labels, and each `labels` map in its spec up to three levels down (a pod template's
    `spec.template.metadata.labels`, prometheus-operator's `spec.podMetadata.labels`)."""
    found = [dig(obj, "metadata", "labels")]
    level: list[Any] = [obj.get("spec")]
    for _ in range(4):
        nodes = [node for node in level if is_mapping(node)]
        found += [node.get("labels") for node in nodes]
        level = [child for node in nodes for child in node.values()]
    return tuple(labels for labels in found if is_mapping(labels))


# The container lists of a pod spec, in the order the kubelet starts them.
CONTAINER_FIELDS = ("initContainers", "containers", "ephemeralContainers")
# Kinds whose pods run until replaced (a Job's pods finish; a bare Pod is not replaced).
LONG_RUNNING_KINDS = frozenset(
    {"Deployment", "ReplicaSet", "ReplicationController", "StatefulSet", "DaemonSet"}
)


class Container(NamedTuple):
    """One container of a pod spec, with its JSON path from the object's root (a named tuple:
    many are made, and a frozen dataclass takes twice as long to make)."""

    path: tuple[str | int, ...]
    data: Mapping[str, Any]
    field: str  # "containers", "initContainers" or "ephemeralContainers"

    @property
    def name(self) -> str:
        name = self.data.get("name")
        return name if isinstance(name, str) else f"{self.field}[{self.path[-1]}]"

    @property
    def runs(self) -> bool:
        """Whether it serves while the pod runs: an app container or a sidecar (an init
        container with `restartPolicy: Always`), not a run-to-completion init container and not
        an ephemeral debugging container."""
        if self.field == "initContainers":
            return self.data.get("restartPolicy") == "Always"
        return self.field == "containers"


def containers(obj: Mapping[str, Any]) -> tuple[Container, ...]:
    """Every container of a workload's pod spec: init, app and ephemeral ones."""
    found = pod_spec(obj)
    if found is None:
        return ()
    path, spec = found
    out: list[Container] = []
    for name in CONTAINER_FIELDS:
        items = spec.get(name)
        if isinstance(items, list):
            for i, item in enumerate(items):
                if is_mapping(item):
                    out.append(Container((*path, name, i), item, name))
    return tuple(out)


def security_setting(
    container: Container, spec: Mapping[str, Any], name: str
) -> tuple[Any, tuple[str | int, ...] | None]:
    """A securityContext field as it applies to a container (its own, else the pod's), and the
    path where it was set (None when neither sets it)."""
    own = container.data.get("securityContext")
    if isinstance(own, Mapping) and own.get(name) is not None:
        return own[name], (*container.path, "securityContext", name)
    pod = spec.get("securityContext")
    if isinstance(pod, Mapping) and pod.get(name) is not None:
        return pod[name], (*container.path[:-2], "securityContext", name)
    return None, None


def unless_set(container: Container, name: str, wanted: bool) -> tuple[str | int, ...] | None:
    """Where a container's own `securityContext.<name>` falls short of `wanted`: the field when
    it says otherwise, the container's name when it is unset; None when it is `wanted`."""
    value = mapping(container.data.get("securityContext")).get(name)
    if value is wanted:
        return None
    if value is None:
        return (*container.path, "name")
    return (*container.path, "securityContext", name)


def declared_replicas(obj: Mapping[str, Any]) -> int | None:
    """How many pods a workload asks for (`spec.replicas`, default 1; a Pod is one; a Job its
    parallelism); None when it depends on the cluster (DaemonSet) or is not a number."""
    kind = obj.get("kind")
    spec = obj.get("spec")
    spec = spec if is_mapping(spec) else {}
    if kind == "Pod":
        return 1
    if kind in ("Deployment", "ReplicaSet", "ReplicationController", "StatefulSet"):
        value = spec.get("replicas", 1)
    elif kind == "Job":
        value = spec.get("parallelism", 1)
    else:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class ContainerPort(NamedTuple):
    """One entry of a container's `ports`."""

    container: Container
    entry: int  # its index in the container's `ports` (a NamedTuple has its own `index`)
    name: str | None
    number: int | None
    protocol: str  # default TCP

    @property
    def path(self) -> tuple[str | int, ...]:
        return (*self.container.path, "ports", self.entry)


def container_ports(obj: Mapping[str, Any]) -> tuple[ContainerPort, ...]:
    """The ports declared by the containers that serve while the pod runs (app containers and
    sidecars)."""
    out: list[ContainerPort] = []
    for container in containers(obj):
        if not container.runs:
            continue
        ports = container.data.get("ports")
        for i, port in enumerate(ports if isinstance(ports, list) else []):
            if is_mapping(port):
                name, number = port.get("name"), port.get("containerPort")
                protocol = port.get("protocol", "TCP")
                out.append(
                    ContainerPort(
                        container,
                        i,
                        name if isinstance(name, str) else None,
                        number
                        if isinstance(number, int) and not isinstance(number, bool)
                        else None,
                        protocol if isinstance(protocol, str) else "TCP",
                    )
                )
    return tuple(out)


def claim_volumes(obj: Mapping[str, Any]) -> tuple[tuple[str, tuple[str | int, ...]], ...]:
    """`(claim name, path of its claimName)` for each persistentVolumeClaim volume of a pod."""
    found = pod_spec(obj)
    if found is None:
        return ()
    path, spec = found
    return tuple(
        (name, (*path, "volumes", i, "persistentVolumeClaim", "claimName"))
        for i, volume in entries(spec.get("volumes"))
        if (name := text(dig(volume, "persistentVolumeClaim", "claimName")))
    )


def image_tag(image: str) -> tuple[str | None, bool]:
    """`(tag, pinned by digest)` of an image reference: `nginx:1.27` → ("1.27", False),
    `nginx` → (None, False), `nginx@sha256:…` → (None, True). A registry port is no tag."""
    name, _, digest = image.partition("@")
    last = name.rsplit("/", 1)[-1]
    tag = last.rpartition(":")[2] if ":" in last else None
    return tag or None, bool(digest)


def hardenable_containers(
    obj: Mapping[str, Any],
) -> tuple[tuple[Container, Mapping[str, Any]], ...]:
    """`(container, pod spec)` for the containers whose Linux security context a manifest sets:
    app, init and sidecar containers (not ephemeral ones) of pods that do not run Windows."""
    found = pod_spec(obj)
    if found is None:
        return ()
    spec = found[1]
    os_name = spec.get("os")
    if isinstance(os_name, Mapping) and os_name.get("name") == "windows":
        return ()
    return tuple((c, spec) for c in containers(obj) if c.field != "ephemeralContainers")


PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
PROBE_HANDLERS = ("httpGet", "tcpSocket", "grpc")


def probe_ports(container: Mapping[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """(probe, handler, port) of each probe of a container that probes a port."""
    for probe in PROBES:
        actions = mapping(container.get(probe))
        for handler in PROBE_HANDLERS:
            if handler in actions:
                yield probe, handler, mapping(actions[handler]).get("port")
