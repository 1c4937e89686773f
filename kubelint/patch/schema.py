"""Patch metadata of a kind's fields, read from the bundled OpenAPI schemas.

Kubernetes declares how a strategic merge patch treats a field with two extensions of the
field's schema: `x-kubernetes-patch-strategy` (`merge`, `replace`, `retainKeys`, or
`merge,retainKeys`) and `x-kubernetes-patch-merge-key` (the key identifying an element of a
merged list: a container's `name`, a port's `containerPort`). kubernetes-validate ships them in
its schemas, as the API server's OpenAPI carries them (`containers` is merged by `name`,
`volumes` by `name` with `retainKeys`, a Deployment's `strategy` is `retainKeys`).

A `FieldSchema` walks such a schema: `$ref` (`#/$defs/X`, `/api/_definitions.json#/$defs/X` or
OpenAPI's `#/components/schemas/X`, resolved by the name after the last slash) and `allOf` of
one reference are followed; a field the schema does not declare has no metadata, so it is
patched as a JSON merge patch would.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kubelint.k8s.versions import supported_versions
from kubelint.schema.store import SchemaStore, folder

STRATEGY = "x-kubernetes-patch-strategy"
MERGE_KEY = "x-kubernetes-patch-merge-key"
MAP_KEYS = "x-kubernetes-list-map-keys"
# A chain of references longer than this is a loop in the schema, not a type.
_MAX_REFERENCES = 32


@dataclass(frozen=True, slots=True)
class FieldMeta:
    """How a field is patched: its strategies (`merge`, `replace`, `retainKeys`), its merge key
    (for a list of objects), the keys that together identify an element of the list
    (`x-kubernetes-list-map-keys`, server-side apply's), and the schema of its value (of an
    element, for a list)."""

    strategies: tuple[str, ...]
    merge_key: str
    schema: FieldSchema | None
    map_keys: tuple[str, ...] = ()


NO_META = FieldMeta((), "", None)


@dataclass(frozen=True, slots=True)
class FieldSchema:
    """A node of an OpenAPI schema and the named definitions its references point into."""

    node: Mapping[str, Any]
    definitions: Mapping[str, Any]

    def _resolved(self) -> Mapping[str, Any]:
        node = self.node
        for _ in range(_MAX_REFERENCES):
            all_of = node.get("allOf")
            if "$ref" not in node and isinstance(all_of, list) and len(all_of) == 1:
                node = all_of[0] if isinstance(all_of[0], Mapping) else {}
                continue
            reference = node.get("$ref")
            if not isinstance(reference, str):
                return node
            target = self.definitions.get(reference.rpartition("/")[2])
            node = target if isinstance(target, Mapping) else {}
        return {}

    def field(self, key: str, *, list_items: bool = False) -> FieldMeta:
        """The metadata of field `key` of this (object) schema; with `list_items`, the schema
        returned is that of the list's elements."""
        node = self._resolved()
        properties = node.get("properties")
        declared = properties.get(key) if isinstance(properties, Mapping) else None
        if declared is None and isinstance(node.get("additionalProperties"), Mapping):
            declared = node["additionalProperties"]
        if not isinstance(declared, Mapping):
            return NO_META
        strategy = declared.get(STRATEGY)
        strategies = tuple(strategy.split(",")) if isinstance(strategy, str) else ()
        merge_key = declared.get(MERGE_KEY)
        map_keys = declared.get(MAP_KEYS)
        value: Mapping[str, Any] | None = declared
        if list_items:
            # apimachinery: a list field without `items` has elements of the field's own type
            items = FieldSchema(declared, self.definitions)._resolved().get("items", declared)
            value = items if isinstance(items, Mapping) else None
        return FieldMeta(
            strategies,
            merge_key if isinstance(merge_key, str) else "",
            None if value is None else FieldSchema(value, self.definitions),
            tuple(k for k in map_keys if isinstance(k, str)) if isinstance(map_keys, list) else (),
        )


_STORE = SchemaStore()


@functools.cache
def _definitions(version: str) -> Mapping[str, Any]:
    path = folder(version, False) / "_definitions.json"
    defs: Mapping[str, Any] = json.loads(path.read_bytes())["$defs"]
    return defs


def kind_schema(api_version: str, kind: str, version: str | None = None) -> FieldSchema | None:
    """The schema of a built-in kind in a Kubernetes version (default: the newest bundled), or
    None for a kind the version does not have (a custom resource)."""
    version = version or supported_versions()[-1]
    document = _STORE.document(version, api_version, kind)
    return None if document is None else FieldSchema(document, _definitions(version))
