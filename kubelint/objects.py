"""Kubernetes objects as rules see them: plain data, a reference, and positions on demand."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kubelint.findings import ObjectRef, Position
from kubelint.k8s.kinds import CLUSTER_SCOPED_KINDS, is_list_kind
from kubelint.yamlload import Document, JsonPath


@dataclass(frozen=True, slots=True)
class Resource:
    """One Kubernetes object: a document, or an item of a `kind: List` document."""

    data: Mapping[str, Any]
    document: Document
    path: JsonPath  # where the object sits in its document: () or ("items", i)
    ref: ObjectRef

    @property
    def file(self) -> str:
        return self.document.source.name

    @property
    def kind(self) -> str | None:
        return self.ref.kind

    @property
    def metadata(self) -> Mapping[str, Any]:
        meta = self.data.get("metadata")
        return meta if isinstance(meta, Mapping) else {}

    def position(self, path: JsonPath = (), key: bool = False) -> Position:
        return self.document.position(self.path + path, key)


def describe(value: object) -> str:
    """How a message names a value's YAML type: "a list", "the string 'x'", "null"."""
    if value is None:
        return "null"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"the {type(value).__name__} {value!r}".replace("the str ", "the string ")


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def make_ref(data: Mapping[str, Any], default_namespace: str) -> ObjectRef:
    meta = data.get("metadata")
    meta = meta if isinstance(meta, Mapping) else {}
    kind = _text(data.get("kind"))
    namespace = _text(meta.get("namespace"))
    if namespace is None and kind not in CLUSTER_SCOPED_KINDS:
        namespace = default_namespace
    name = _text(meta.get("name")) or _text(meta.get("generateName"))
    return ObjectRef(_text(data.get("apiVersion")), kind, namespace, name)


def expand(
    document: Document, default_namespace: str
) -> tuple[list[Resource], list[tuple[Position, str]]]:
    """The objects of a document (a `List` gives its items), and documents that are no object."""
    resources: list[Resource] = []
    not_objects: list[tuple[Position, str]] = []

    def add(data: Any, path: JsonPath) -> None:
        if isinstance(data, Mapping):
            resources.append(Resource(data, document, path, make_ref(data, default_namespace)))
        else:
            message = f"expected a Kubernetes object (a mapping), found {describe(data)}"
            not_objects.append((document.position(path), message))

    data = document.data
    items = data.get("items") if isinstance(data, Mapping) else None
    if isinstance(data, Mapping) and is_list_kind(data.get("kind")) and isinstance(items, list):
        for i, item in enumerate(items):
            add(item, ("items", i))
    else:
        add(data, ())
    return resources, not_objects


class ObjectIndex:
    """Every object of the run, indexed for rules that look across objects."""

    def __init__(self, resources: Iterable[Resource]) -> None:
        self.resources = list(resources)
        self._by_kind: dict[str | None, list[Resource]] = defaultdict(list)
        for resource in self.resources:
            self._by_kind[resource.kind].append(resource)

    def of_kind(self, *kinds: str) -> list[Resource]:
        return [r for kind in kinds for r in self._by_kind.get(kind, ())]
