"""CustomResourceDefinitions as schemas: each served version's `openAPIV3Schema`.

A CRD's schema is OpenAPI v3 (a structural schema). It becomes a draft 2020-12 schema the way
the API server reads it: `nullable` admits null, `x-kubernetes-int-or-string` is one type list,
`x-kubernetes-preserve-unknown-fields` keeps unknown fields, `x-kubernetes-embedded-resource`
admits apiVersion, kind and metadata, boolean `exclusiveMinimum`/`exclusiveMaximum` become
numbers, and a keyword left null (`properties:` whose fields are commented out) is absent, as
the server decodes it. In strict mode every other object forbids fields it does not declare
(the API server prunes them; `kubectl apply --validate=strict` rejects them). The object's own
apiVersion, kind and metadata are validated as for every Kubernetes object.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from kubelint.errors import InputError
from kubelint.inputs import ChartInput, discover
from kubelint.schema.store import DEFINITIONS_URI, OBJECT_META
from kubelint.yamlload import load

CRD_API_VERSION = "apiextensions.k8s.io/v1"
CRD_KIND = "CustomResourceDefinition"
_JUNCTORS = ("allOf", "anyOf", "oneOf")
_EMBEDDED = {
    "apiVersion": {"type": "string"},
    "kind": {"type": "string"},
    "metadata": {"type": "object"},
}


def served(crd: Mapping[str, Any]) -> Iterator[tuple[str, str, Mapping[str, Any] | None]]:
    """`(apiVersion, kind, openAPIV3Schema or None)` for each version a CRD serves."""
    spec = crd.get("spec")
    if crd.get("kind") != CRD_KIND or not isinstance(spec, Mapping):
        return
    group, names = spec.get("group"), spec.get("names")
    kind = names.get("kind") if isinstance(names, Mapping) else None
    versions = spec.get("versions")
    if not isinstance(group, str) or not isinstance(kind, str) or not isinstance(versions, list):
        return
    for version in versions:
        if not isinstance(version, Mapping) or version.get("served") is False:
            continue
        name = version.get("name")
        schema = version.get("schema")
        openapi = schema.get("openAPIV3Schema") if isinstance(schema, Mapping) else None
        if isinstance(name, str):
            yield f"{group}/{name}", kind, openapi if isinstance(openapi, Mapping) else None


def custom_kinds(
    crds: Iterable[Mapping[str, Any]],
) -> dict[tuple[str, str], Mapping[str, Any] | None]:
    """`(apiVersion, kind)` → the served version's schema (None: served without a schema).

    The first CRD that serves an apiVersion and kind wins.
    """
    table: dict[tuple[str, str], Mapping[str, Any] | None] = {}
    for crd in crds:
        for api_version, kind, openapi in served(crd):
            table.setdefault((api_version, kind), openapi)
    return table


def to_json_schema(openapi: Mapping[str, Any], strict: bool) -> dict[str, Any]:
    """A CRD version's openAPIV3Schema as the draft 2020-12 schema of its custom resource."""
    root = _convert(openapi, strict, structural=True)
    properties = dict(root.get("properties", {}))
    properties.update(
        apiVersion={"type": "string"},
        kind={"type": "string"},
        metadata={"$ref": f"{DEFINITIONS_URI}#/$defs/{OBJECT_META}"},
    )
    root.update(type="object", properties=properties)
    root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return root


def _convert(node: Mapping[str, Any], strict: bool, structural: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in node.items():
        if value is None:  # (`properties:` with its fields commented out: none, as decoded)
            continue
        if key == "properties" and isinstance(value, Mapping):
            out[key] = {
                name: _convert(sub, strict, structural)
                for name, sub in value.items()
                if isinstance(sub, Mapping)
            }
        elif key in ("items", "additionalProperties", "not") and isinstance(value, Mapping):
            out[key] = _convert(value, strict, structural and key != "not")
        elif key in _JUNCTORS and isinstance(value, list):
            out[key] = [_convert(sub, strict, False) for sub in value if isinstance(sub, Mapping)]
        elif key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
            bound = "minimum" if key == "exclusiveMinimum" else "maximum"
            if value and bound in node:
                out[key] = node[bound]
        elif key != "nullable" and not (key in ("minimum", "maximum") and _exclusive(node, key)):
            out[key] = value
    if node.get("x-kubernetes-int-or-string") is True:
        out["type"] = ["integer", "string"]
        for junctor in _JUNCTORS:  # `anyOf: [{type: integer}, {type: string}]` says it again
            if all(set(branch) <= {"type"} for branch in out.get(junctor, ())):
                out.pop(junctor, None)
    if node.get("x-kubernetes-embedded-resource") is True:
        out["properties"] = {**_EMBEDDED, **out.get("properties", {})}
    if node.get("nullable") is True and isinstance(out.get("type"), str | list):
        types = [out["type"]] if isinstance(out["type"], str) else list(out["type"])
        out["type"] = [*types, "null"]
    preserve = node.get("x-kubernetes-preserve-unknown-fields") is True
    is_object = node.get("type") == "object" or "properties" in node
    if strict and structural and is_object and not preserve and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


def _exclusive(node: Mapping[str, Any], bound: str) -> bool:
    """Whether `minimum`/`maximum` moved into a boolean `exclusiveMinimum`/`exclusiveMaximum`."""
    return node.get("exclusiveMinimum" if bound == "minimum" else "exclusiveMaximum") is True


def read_crds(paths: Sequence[str]) -> tuple[Mapping[str, Any], ...]:
    """The CustomResourceDefinitions in the files and folders given with `--crd`."""
    found: list[Mapping[str, Any]] = []
    for item in discover(paths, lambda _: False):
        if isinstance(item, ChartInput):
            raise InputError(f"{item.name}: --crd takes CRD manifests, not a chart")
        loaded = load(item.name, item.read())
        syntax = [p for p in loaded.problems if p.rule == "yaml-syntax"]
        if syntax:
            where = f":{syntax[0].position.line}" if syntax[0].position else ""
            raise InputError(
                f"{item.name}{where}: --crd file is not valid YAML: {syntax[0].message}"
            )
        for document in loaded.documents:
            data = document.data
            items = data.get("items") if isinstance(data, Mapping) else None
            for candidate in items if isinstance(items, list) else [data]:
                if isinstance(candidate, Mapping) and candidate.get("kind") == CRD_KIND:
                    found.append(candidate)
    return tuple(found)
