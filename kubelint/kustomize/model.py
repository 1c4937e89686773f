"""The objects of a Kustomize build: plain data, and what kustomize keeps beside each.

Kustomize keeps its bookkeeping in build annotations on the objects themselves (previous names,
prefixes, the generator's behaviour) and strips them at the end; here it lives on the side, in
`Res`, so the data stays exactly what is output.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from kubelint.k8s.data import copy_data
from kubelint.k8s.kinds import CLUSTER_SCOPED_KINDS
from kubelint.kustomize.trace import Trace

DEFAULT_NAMESPACE = "default"
_CLUSTER = "~cluster"  # the effective namespace of a cluster-scoped object


class BuildError(Exception):
    """A Kustomization that `kustomize build` refuses: the message, and where it points (the
    file and the JSON path of the entry at fault in it, when known)."""

    def __init__(self, message: str, file: str | None = None, at: tuple[Any, ...] = ()) -> None:
        super().__init__(message)
        self.message, self.file, self.at = message, file, at


class Gvk(NamedTuple):
    """Group, version and kind (a named tuple, as ResId: a build makes one per object and
    reference it compares, and a frozen dataclass costs 3x as much to make)."""

    group: str
    version: str
    kind: str

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Gvk:
        api_version = _text(data.get("apiVersion"))
        group, _, version = api_version.rpartition("/")
        return cls(group, version, _text(data.get("kind")))

    def selected_by(self, selector: Gvk) -> bool:
        """Whether each part the selector names (non-empty) is this one's."""
        return (
            (not selector.group or selector.group == self.group)
            and (not selector.version or selector.version == self.version)
            and (not selector.kind or selector.kind == self.kind)
        )

    @property
    def cluster_scoped(self) -> bool:
        """A built-in cluster-scoped kind (a custom `Namespace` kind of another group is not)."""
        builtin = not self.group or self.group.endswith("k8s.io") or self.group == "policy"
        return builtin and self.kind in CLUSTER_SCOPED_KINDS

    def __str__(self) -> str:
        return ".".join(
            (self.kind or "[noKind]", self.version or "[noVer]", self.group or "[noGrp]")
        )


class ResId(NamedTuple):
    """An object's id in a build."""

    gvk: Gvk
    name: str
    namespace: str

    @property
    def effective_namespace(self) -> str:
        if self.gvk.cluster_scoped:
            return _CLUSTER
        return self.namespace or DEFAULT_NAMESPACE

    def key(self) -> tuple[Gvk, str, str]:
        """What `equals` compares."""
        return self.gvk, self.name, self.effective_namespace

    def equals(self, other: ResId) -> bool:
        """kustomize's ResId.Equals: the same group, version, kind, name and effective
        namespace (no namespace is `default`)."""
        return self.key() == other.key()

    def __str__(self) -> str:
        return f"{self.gvk}/{self.name or '[noName]'}.{self.namespace or '[noNs]'}"


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def metadata(data: dict[str, Any]) -> dict[str, Any]:
    """The object's metadata mapping, made when missing."""
    meta = data.get("metadata")
    if not isinstance(meta, dict):
        meta = data["metadata"] = {}
    return meta


@dataclass(slots=True)
class Res:
    """One object of a build, with kustomize's bookkeeping: its previous ids (oldest first, as
    (kind, name, namespace)), the prefixes and suffixes its name took, whether a generator
    wants a hash suffix and how it combines with an object of the same id (`behavior`)."""

    data: dict[str, Any]
    trace: Trace
    previous: list[tuple[str, str, str]] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    suffixes: list[str] = field(default_factory=list)
    hash_suffix: bool = False
    behavior: str = ""

    @property
    def gvk(self) -> Gvk:
        return Gvk.of(self.data)

    @property
    def name(self) -> str:
        meta = self.data.get("metadata")
        return _text(meta.get("name")) if isinstance(meta, dict) else ""

    @property
    def namespace(self) -> str:
        meta = self.data.get("metadata")
        return _text(meta.get("namespace")) if isinstance(meta, dict) else ""

    @property
    def labels(self) -> dict[str, Any]:
        found = metadata(self.data).get("labels")
        return found if isinstance(found, dict) else {}

    @property
    def annotations(self) -> dict[str, Any]:
        found = metadata(self.data).get("annotations")
        return found if isinstance(found, dict) else {}

    def copy(self) -> Res:
        """An object to build on apart from this one (builds change objects in place)."""
        return Res(
            copy_data(self.data),
            self.trace.copy(),
            list(self.previous),
            list(self.prefixes),
            list(self.suffixes),
            self.hash_suffix,
            self.behavior,
        )

    def cur_id(self) -> ResId:
        return ResId(self.gvk, self.name, self.namespace)

    def prev_ids(self) -> list[ResId]:
        gvk = self.gvk
        return [ResId(Gvk(gvk.group, gvk.version, k), n, ns) for k, n, ns in self.previous]

    def org_id(self) -> ResId:
        """The id the object had when it was read (or generated)."""
        ids = self.prev_ids()
        return ids[0] if ids else self.cur_id()

    def all_ids(self) -> list[ResId]:
        return [*self.prev_ids(), self.cur_id()]

    def store_previous(self) -> None:
        cur = self.cur_id()
        namespace = cur.effective_namespace if not cur.gvk.cluster_scoped else ""
        self.previous.append((cur.gvk.kind, cur.name, namespace))

    def set_name(self, name: str) -> None:
        metadata(self.data)["name"] = name
