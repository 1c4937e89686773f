"""The cluster to place pods on: Node objects from a file, a quick `--nodes` spec, or a default.

A cluster file holds what `kubectl get nodes -o yaml` prints (Nodes, alone or in a `List`) and,
optionally, Pods already running (`spec.nodeName` set), CSINodes, and the Dynamic Resource
Allocation objects (ResourceSlices, DeviceClasses, ResourceClaims). It is checked against
`schemas/cluster.schema.json`; a mistake is an input error naming file, line and field.
What `kubectl get nodes -o json` prints is read by the json module, many times faster than YAML,
whenever YAML would read the same data from it; what `-o yaml` prints is parsed in pieces on
every core (`kubelint.yamlpieces`). Either way the data has no positions: an object with a
mistake has the file read again, whole, as YAML, for the place to name.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kubelint.bundled import compiled_validator, load_schema, offline_validator
from kubelint.errors import InputError, UsageError
from kubelint.gcpause import uncollected
from kubelint.inputs import ManifestInput
from kubelint.k8s.data import dig, entries, mapping
from kubelint.k8s.quantity import QuantityError, int_value, milli_value
from kubelint.limits import DEFAULT_LIMITS, Limits
from kubelint.objects import Resource, expand
from kubelint.parallel import worker_count
from kubelint.printable import quote
from kubelint.yamlload import Document, LoadedFile, SourceFile, format_path, load
from kubelint.yamlpieces import Pending, start_in_pieces
from kubelint.yamlproblems import decode

if TYPE_CHECKING:
    import jsonschema

# what PyYAML's reader refuses (yaml.reader.Reader.NON_PRINTABLE)
NON_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

DEFAULT_PODS = 110  # the kubelet's default maxPods, for a Node that names no pod capacity
HOSTNAME = "kubernetes.io/hostname"
ZONE = "topology.kubernetes.io/zone"
CONTROL_PLANE = "node-role.kubernetes.io/control-plane"
CSI_LIMIT = "attachable-volumes-csi-"
MIGRATED_PLUGINS = "storage.alpha.kubernetes.io/migrated-plugins"
DRA_KINDS = ("ResourceSlice", "DeviceClass", "ResourceClaim")


@dataclass(frozen=True, slots=True)
class Taint:
    key: str
    value: str
    effect: str  # NoSchedule, PreferNoSchedule or NoExecute

    def __str__(self) -> str:
        value = f"={self.value}" if self.value else ""
        return f"{self.key}{value}:{self.effect}"


@dataclass(frozen=True, slots=True)
class Node:
    name: str
    labels: Mapping[str, str]
    taints: tuple[Taint, ...] = ()
    unschedulable: bool = False
    # cpu in millicores, memory and ephemeral-storage in bytes, pods a count, others whole units
    allocatable: Mapping[str, int] = field(default_factory=dict)
    images: Mapping[str, int] = field(default_factory=dict)  # every name of an image → size
    # CSI driver → how many of its volumes the node can attach (its CSINode, or allocatable
    # `attachable-volumes-csi-<driver>`); in-tree volume plugins its CSINode says are migrated
    volume_limits: Mapping[str, int] = field(default_factory=dict)
    migrated: frozenset[str] = frozenset()

    @property
    def static_key(self) -> tuple[Any, ...]:
        """What the node-only filters (taints, affinity, cordon, images) look at, but the
        node's own name and hostname label: pods that name nodes are evaluated node by node."""
        return (
            tuple(sorted(item for item in self.labels.items() if item[0] != HOSTNAME)),
            self.taints,
            self.unschedulable,
            tuple(sorted(self.images.items())),
        )


@dataclass(slots=True)
class Cluster:
    nodes: list[Node]
    running: list[Resource]  # Pods of the cluster file, bound to a node
    description: str  # where the nodes came from, for the report
    dra: list[Resource] = field(default_factory=list)  # ResourceSlices, DeviceClasses, claims


def resource_amount(name: str, value: object) -> int:
    """A resource quantity in the unit the scheduler counts: millicores for cpu, else units."""
    return milli_value(value) if name == "cpu" else int_value(value)


@functools.lru_cache(maxsize=1024, typed=True)
def _cached_amount(name: str, value: str | float) -> int:
    return resource_amount(name, value)


def _amount(name: str, value: object) -> int:
    """`resource_amount`, remembered for the few values the nodes of a cluster share."""
    if isinstance(value, str | int | float):
        return _cached_amount(name, value)
    return resource_amount(name, value)


def node_from(data: Mapping[str, Any]) -> Node:
    """A Node object (already checked against the schema) as the scheduler sees it."""
    meta, spec, status = (
        mapping(data.get("metadata")),
        mapping(data.get("spec")),
        data.get("status"),
    )
    allocatable = mapping(dig(status, "allocatable")) or mapping(dig(status, "capacity"))
    amounts = {name: _amount(name, value) for name, value in allocatable.items()}
    amounts.setdefault("pods", DEFAULT_PODS)
    images: dict[str, int] = {}
    for _, image in entries(dig(status, "images")):
        size = image.get("sizeBytes", 0)
        for name in image.get("names") or ():
            images[name] = size
    labels = {str(k): str(v) for k, v in mapping(meta.get("labels")).items()}
    labels.setdefault(HOSTNAME, meta["name"])
    taints = tuple(
        Taint(t["key"], str(t.get("value") or ""), t["effect"])
        for _, t in entries(spec.get("taints"))
    )
    limits = {
        name.removeprefix(CSI_LIMIT): amount
        for name, amount in amounts.items()
        if name.startswith(CSI_LIMIT)
    }
    unschedulable = spec.get("unschedulable") is True
    return Node(meta["name"], labels, taints, unschedulable, amounts, images, limits)


def with_csi_node(node: Node, csi_node: Mapping[str, Any]) -> Node:
    """The node with what its CSINode says: each driver's attach limit, the migrated plugins."""
    limits = dict(node.volume_limits)
    for _, driver in entries(dig(csi_node, "spec", "drivers")):
        count = dig(driver, "allocatable", "count")
        if isinstance(count, int):
            limits[str(driver["name"])] = count
    migrated = dig(csi_node, "metadata", "annotations", MIGRATED_PLUGINS)
    plugins = frozenset(p.strip() for p in str(migrated or "").split(",") if p.strip())
    return dataclasses.replace(node, volume_limits=limits, migrated=plugins)


def _check(resource: Resource, validator: jsonschema.protocols.Validator) -> None:
    errors = sorted(validator.iter_errors(resource.data), key=lambda e: list(map(str, e.path)))
    if not errors:
        return
    error = errors[0]
    path = tuple(error.path)
    if error.validator == "pattern":
        message = f"{quote(error.instance)} is not a quantity (like 500m, 4 or 16Gi)"
    elif error.validator == "enum" and path == ("kind",):
        message = (
            f"{quote(error.instance)} cannot be in a cluster file: "
            "expected kind Node, Pod, CSINode, ResourceSlice, DeviceClass or ResourceClaim"
        )
    else:
        message = error.message
    position = resource.position(path, key=error.validator == "required")
    where = format_path(resource.path + path) or "document"
    raise InputError(f"{resource.file}:{position.line}:{position.column}: {where}: {message}")


def _read_node(resource: Resource) -> Node:
    """`node_from`, with an amount beyond what Kubernetes counts an error at its field (the
    schema checks the quantities' syntax, not their size)."""
    try:
        return node_from(resource.data)
    except QuantityError as exc:
        status = mapping(resource.data.get("status"))
        for section in ("allocatable", "capacity"):
            for name, value in mapping(status.get(section)).items():
                try:
                    resource_amount(str(name), value)
                except QuantityError:
                    pos = resource.position(("status", section, name))
                    where = format_path((*resource.path, "status", section, name))
                    raise InputError(
                        f"{resource.file}:{pos.line}:{pos.column}: {where}: {exc}"
                    ) from None
        raise InputError(f"{resource.file}: {exc}") from None


class _NotAsYaml(Exception):
    """JSON that YAML would read otherwise (or refuse): the file is read as YAML."""


def _mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, unless a key comes twice."""
    found = dict(pairs)
    if len(found) != len(pairs):  # a duplicate key: YAML reports it
        raise _NotAsYaml
    return found


def _constant(name: str) -> Any:
    raise _NotAsYaml  # NaN, Infinity: not JSON; strings to YAML


def _shape(data: Any, limit: int) -> int | None:
    """How many keys the mappings hold together, if mappings and lists nest at most `limit`
    levels (the YAML loader's bound); else None."""
    keys = 0
    level: list[Any] = [data]
    for _ in range(limit):
        inner: list[Any] = []
        for item in level:
            children = item
            if type(item) is dict:
                keys += len(item)
                children = item.values()
            for child in children:
                if type(child) is dict or type(child) is list:
                    inner.append(child)
        if not inner:
            return keys
        level = inner
    return None


ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")  # half a pair: YAML refuses it


def _printable(text: str) -> bool:
    """Whether YAML takes every character as JSON does: it refuses control characters, and
    folds a next-line character (U+0085) in a quoted string as a line break."""
    if text.isascii():
        return "\x7f" not in text  # JSON refuses the others below a space
    return "\x85" not in text and NON_PRINTABLE.search(text) is None


def _read_json(path: str, raw: bytes, limits: Limits) -> LoadedFile | None:
    """A cluster file that is one JSON object, read with the json module when YAML would read
    the same data from it (else None: it is read as YAML, which says what is wrong)."""
    if not re.match(rb"\s*\{", raw) or len(raw) > limits.max_file_size:
        return None
    text, _ = decode(raw)
    if text is None or ESCAPED_SURROGATE.search(text) or not _printable(text):
        return None
    try:
        # numbers: JSON's are Go-YAML's, which kubelint reads (kubelint.yamlgo)
        data = json.loads(text, parse_constant=_constant)
        keys = _shape(data, limits.max_depth)
        if keys is not None and keys != text.count('":'):  # a key twice, or spaced from its
            json.loads(text, object_pairs_hook=_mapping, parse_constant=_constant)  # colon
    except (ValueError, RecursionError, _NotAsYaml):
        return None
    if not isinstance(data, dict) or keys is None:
        return None
    source = SourceFile(path, text)
    return LoadedFile(source, [Document(source, 0, data, 1)], [])


def load_cluster(
    path: str,
    raw: bytes,
    namespace: str,
    limits: Limits = DEFAULT_LIMITS,
    pieces: Pending | None = None,
) -> Cluster:
    """The nodes and running pods of a cluster file; InputError at the first mistake.
    `pieces`: its parse as YAML, begun (`begin_cluster`)."""
    # the objects a cluster file is read into all live on: a third of reading 5,000 Nodes
    with uncollected():
        fast = _read_json(path, raw, limits) if pieces is None else None
        if fast is None:  # YAML: a large file is parsed in pieces on every core
            if pieces is None:
                pieces = start_in_pieces(path, raw, limits, worker_count(None, None, limits), True)
            fast = pieces.result()
        if fast is not None:
            try:
                return _load_cluster(path, fast, namespace, limits)
            except InputError:  # a mistake: read again whole, as YAML, which knows where it is
                pass
        return _load_cluster(path, load(path, raw, limits), namespace, limits)


def _load_cluster(path: str, loaded: LoadedFile, namespace: str, limits: Limits) -> Cluster:
    if loaded.problems:
        raise InputError(loaded.problems[0].where(path))
    # the compiled validator checks every object; the interpreted one, whose messages are
    # printed, explains the first that fails (5,000 nodes: 2.7 s with it alone)
    compiled = compiled_validator("cluster.schema.json")
    nodes: list[Node] = []
    running: list[Resource] = []
    csi_nodes: list[Resource] = []
    dra: list[Resource] = []
    names: set[str] = set()
    for document in loaded.documents:
        objects, not_objects = expand(document, namespace, skip_foreign=False)  # all are Nodes
        for position, message in not_objects:
            raise InputError(f"{path}:{position.line}:{position.column}: {message}")
        for resource in objects:
            if not compiled.is_valid(resource.data):
                _check(resource, offline_validator(load_schema("cluster.schema.json")))
            if resource.kind in ("Pod", "CSINode"):
                (running if resource.kind == "Pod" else csi_nodes).append(resource)
                continue
            if resource.kind in DRA_KINDS:
                dra.append(resource)
                continue
            node = _read_node(resource)
            if node.name in names:
                pos = resource.position(("metadata", "name"))
                raise InputError(
                    f"{path}:{pos.line}:{pos.column}: node {quote(node.name)} is listed twice"
                )
            names.add(node.name)
            nodes.append(node)
    if not nodes:
        raise InputError(f"{path}: the cluster file holds no Node")
    for pod in running:
        node_name = pod.data["spec"]["nodeName"]
        if node_name not in names:
            pos = pod.position(("spec", "nodeName"))
            raise InputError(
                f"{path}:{pos.line}:{pos.column}: spec.nodeName: "
                f"no node {quote(node_name)} in the file"
            )
    index = {node.name: i for i, node in enumerate(nodes)}
    for csi_node in csi_nodes:
        name = csi_node.data["metadata"]["name"]
        if name not in index:
            pos = csi_node.position(("metadata", "name"))
            raise InputError(f"{path}:{pos.line}:{pos.column}: CSINode of no node in the file")
        nodes[index[name]] = with_csi_node(nodes[index[name]], csi_node.data)
    count = len(nodes)
    return Cluster(nodes, running, f"{path} ({count} node{'s' if count != 1 else ''})", dra)


def _node(
    name: str, zone: str, cpu: str, memory: str, taints: Sequence[Taint] = (), **labels: str
) -> Node:
    data = {
        "metadata": {
            "name": name,
            "labels": {
                "kubernetes.io/os": "linux",
                "kubernetes.io/arch": "amd64",
                "topology.kubernetes.io/region": "region-1",
                ZONE: zone,
                **labels,
            },
        },
        "spec": {"taints": [{"key": t.key, "value": t.value, "effect": t.effect} for t in taints]},
        "status": {
            "allocatable": {
                "cpu": cpu,
                "memory": memory,
                "pods": DEFAULT_PODS,
                "ephemeral-storage": "100Gi",
            }
        },
    }
    return node_from(data)


DEFAULT_DESCRIPTION = (
    "built-in default: control-plane (4 cpu, 8Gi, tainted NoSchedule, zone-a), "
    "worker-1 (zone-a) and worker-2 (zone-b) with 4 cpu, 16Gi, 110 pods each; "
    "--cluster FILE describes yours"
)


def default_cluster() -> Cluster:
    """A small cluster like a fresh kubeadm one: a tainted control plane and two workers."""
    control = Taint(CONTROL_PLANE, "", "NoSchedule")
    nodes = [
        _node("control-plane", "zone-a", "4", "8Gi", (control,), **{CONTROL_PLANE: ""}),
        _node("worker-1", "zone-a", "4", "16Gi"),
        _node("worker-2", "zone-b", "4", "16Gi"),
    ]
    return Cluster(nodes, [], DEFAULT_DESCRIPTION)


_SPEC = re.compile(r"(?:(\d+)x)?([^,]+?)(?:cpu)?,([^,]+?)(?:,(\d+)(?:pods)?)?")


def nodes_from_spec(specs: Sequence[str]) -> Cluster:
    """Nodes from `--nodes COUNTxCPU,MEMORY[,PODS]` (e.g. `5x4cpu,16Gi`), spread over 3 zones."""
    nodes: list[Node] = []
    for spec in specs:
        match = _SPEC.fullmatch(spec.replace(" ", ""))
        if match is None:
            raise InputError(
                f"--nodes {spec!r}: expected COUNTxCPU,MEMORY[,PODS], e.g. 5x4cpu,16Gi"
            )
        count, cpu, memory, pods = match.groups()
        try:
            for _ in range(int(count or 1)):
                i = len(nodes)
                node = _node(f"node-{i + 1}", f"zone-{'abc'[i % 3]}", cpu, memory)
                if pods:
                    node = Node(
                        node.name, node.labels, allocatable={**node.allocatable, "pods": int(pods)}
                    )
                nodes.append(node)
        except QuantityError as exc:
            raise InputError(f"--nodes {spec!r}: {exc}") from None
    return Cluster(nodes, [], f"--nodes {' '.join(specs)} ({len(nodes)} nodes)")


def load_cluster_choice(
    cluster_file: str | None,
    node_specs: Sequence[str],
    namespace: str,
    limits: Limits = DEFAULT_LIMITS,
) -> Cluster:
    """`--cluster FILE`, else `--nodes SPEC…`, else the built-in default cluster."""
    if cluster_file is not None and node_specs:
        raise UsageError("--cluster and --nodes cannot be used together")
    if cluster_file is not None:
        return load_cluster(cluster_file, ManifestInput(cluster_file).read(), namespace, limits)
    if node_specs:
        return nodes_from_spec(node_specs)
    return default_cluster()


def begin_cluster(
    cluster_file: str | None,
    node_specs: Sequence[str],
    namespace: str,
    limits: Limits = DEFAULT_LIMITS,
) -> Callable[[], Cluster]:
    """`load_cluster_choice` begun: a YAML cluster file large enough is parsed by forked
    workers while this process goes on; calling what this returns gives the cluster (or raises
    its InputError). What cannot go wrong later (no file, `--nodes` with it) raises now."""
    if cluster_file is None or node_specs:
        cluster = load_cluster_choice(cluster_file, node_specs, namespace, limits)
        return lambda: cluster
    raw = ManifestInput(cluster_file).read()
    if re.match(rb"\s*\{", raw):  # maybe JSON: read when asked (faster than any YAML)
        return functools.partial(load_cluster, cluster_file, raw, namespace, limits)
    jobs = worker_count(None, None, limits)
    pieces = start_in_pieces(cluster_file, raw, limits, jobs, False)
    return functools.partial(load_cluster, cluster_file, raw, namespace, limits, pieces)
