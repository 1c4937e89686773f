"""The schemas of one run: read from kubernetes-validate's data on demand, compiled once.

kubernetes-validate ships, per Kubernetes version, a folder of draft 2020-12 schemas
(`v1.31.0-local`, and `v1.31.0-local-strict` where every object forbids unknown fields): one
file per kind (`deployment-apps-v1.json`, `service-v1.json`) that refers to the shared
`_definitions.json` as `/api/_definitions.json#/$defs/…` relative to its `$id`
(`https://kubernetes.io/api/deployment/apps/v1`). Only the files the input uses are read; the
definitions are registered under their URI so nothing is ever fetched.

Two definitions are rewritten on load, to validate the way the API server parses: a quantity is
a string matching the quantity grammar or a number (`10GB` is invalid), and int-or-string is one
type list instead of a `oneOf` whose branches both accept null.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from kubelint.k8s.kinds import api_group
from kubelint.k8s.quantity import QUANTITY_PATTERN
from kubelint.k8s.versions import schema_root

if TYPE_CHECKING:  # imported with the first definitions read (`_version`): a parallel lint
    import jsonschema_rs  # does it while the workers parse (`prepare`), not before they start

DEFINITIONS_URI = "https://kubernetes.io/api/_definitions.json"
QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity"
INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString"
OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
# Groups whose schema files are not named after the group's first label.
_FILE_GROUPS = {"internal.apiserver.k8s.io": "apiserverinternal"}
_API_VERSION = re.compile(r"(?:[a-z0-9][a-z0-9.-]*/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?")
_KIND = re.compile(r"[A-Za-z][A-Za-z0-9]*")


class Schema(NamedTuple):
    """A compiled schema and the JSON it was compiled from (messages look up allowed fields)."""

    document: Mapping[str, Any]  # the kind's root schema
    definitions: Mapping[str, Any]  # the `_definitions.json` document it refers to
    validator: jsonschema_rs.Validator

    def node(self, location: str | None, schema_path: list[str | int]) -> Any:
        """The schema node that holds the keyword of an error, or None."""
        node: Any = self.definitions if (location or "").startswith(DEFINITIONS_URI) else None
        node = self.document if node is None else node
        for part in schema_path[:-1]:
            if isinstance(node, Mapping):
                node = node.get(str(part))
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                return None
        return node


class InvalidSchema(ValueError):
    """A custom resource's schema (from its CRD) that cannot be compiled; the message says why."""


class _Version(NamedTuple):
    """One Kubernetes version's schema definitions, and the registry that resolves their
    references."""

    definitions: dict[str, Any]
    registry: jsonschema_rs.Registry


def schema_file(api_version: str, kind: str) -> str | None:
    """`apps/v1`, `Deployment` → `deployment-apps-v1.json`; `v1`, `Service` → `service-v1.json`.

    None for an apiVersion or kind that cannot name a schema file.
    """
    if not _API_VERSION.fullmatch(api_version) or not _KIND.fullmatch(kind):
        return None
    group = api_group(api_version)
    version = api_version.rpartition("/")[2]
    label = _FILE_GROUPS.get(group, group.split(".")[0])
    return f"{kind.lower()}{'-' + label if label else ''}-{version}.json"


def folder(version: str, strict: bool) -> Path:
    return schema_root() / f"v{version}.0-local{'-strict' if strict else ''}"


# The API server decodes these into Go's int32 and int64: a larger number is rejected there, but
# JSON schema's `format` does not bound it (and jsonschema-rs does not check formats at all).
_INTEGER_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


def _bound_integers(node: dict[str, Any]) -> dict[str, Any]:
    """Give an integer field with an int32/int64 format the range of that format: the hook of
    `json.loads` for every object it reads (3 ms less than walking the definitions after)."""
    bounds = _INTEGER_RANGES.get(node["format"]) if isinstance(node.get("format"), str) else None
    if bounds is not None:
        types = node.get("type")
        if types == "integer" or (isinstance(types, list) and "integer" in types):
            node.setdefault("minimum", bounds[0])
            node.setdefault("maximum", bounds[1])
    return node


def _rewrite(definitions: dict[str, Any]) -> dict[str, Any]:
    defs = dict(definitions["$defs"])
    defs[QUANTITY] = {
        "type": ["string", "number", "null"],
        "pattern": QUANTITY_PATTERN,
        "description": "A quantity: a number with an optional suffix (500m, 1Gi, 2).",
    }
    defs[INT_OR_STRING] = {
        "type": ["integer", "string", "null"],
        "description": "An integer or a string (a port number or name, a count or a percentage).",
    }
    return {**definitions, "$defs": defs}


class SchemaStore:
    """Compiled schemas of one run, by (version, strictness, apiVersion, kind)."""

    # (a plain class: a dataclass of five fields with factories is 1 ms of every start-up)
    __slots__ = ("_builtin", "_custom", "_documents", "_names", "_versions")

    def __init__(self) -> None:
        self._versions: dict[tuple[str, bool], _Version] = {}
        self._builtin: dict[tuple[str, bool, str, str], Schema | None] = {}
        self._custom: dict[tuple[str, bool, str, str], Schema | InvalidSchema] = {}
        self._names: dict[str, list[str]] = {}
        self._documents: dict[tuple[str, str, str], Mapping[str, Any] | None] = {}

    def _version(self, version: str, strict: bool) -> _Version:
        key = (version, strict)
        if key not in self._versions:
            path = folder(version, strict) / "_definitions.json"
            definitions = _rewrite(json.loads(path.read_bytes(), object_hook=_bound_integers))
            import jsonschema_rs

            registry = jsonschema_rs.Registry([(DEFINITIONS_URI, definitions)])
            self._versions[key] = _Version(definitions, registry)
        return self._versions[key]

    def prepare(self, version: str, strict: bool) -> None:
        """Load a version's definitions and build its registry now, the larger part of
        compiling the first schema: work to do while waiting for something else (the parse)."""
        self._version(version, strict)

    def definitions(self, version: str) -> Mapping[str, Any]:
        """`$defs` of a version's definitions (with the quantity and int-or-string rewrites)."""
        defs: Mapping[str, Any] = self._version(version, True).definitions["$defs"]
        return defs

    def document(self, version: str, api_version: str, kind: str) -> Mapping[str, Any] | None:
        """The raw root schema of a built-in kind, or None when the version has no such kind."""
        key = (version, api_version, kind)
        if key not in self._documents:
            self._documents[key] = _read_kind(folder(version, True), api_version, kind)
        return self._documents[key]

    def similar(self, version: str, kind: str) -> list[tuple[str, str]]:
        """`(apiVersion, kind)` of the built-in kinds spelt like `kind` (in any case, or with a
        typo), for "did you mean" hints. Reads only the few files whose names match."""
        where = folder(version, True)
        if version not in self._names:
            self._names[version] = sorted(
                {name.partition("-")[0] for name in os.listdir(where) if not name.startswith("_")}
            )
        names = self._names[version]
        wanted = kind.lower()
        close = (
            [wanted]
            if wanted in names
            else difflib.get_close_matches(wanted, names, n=1, cutoff=0.8)
        )
        found: list[tuple[str, str]] = []
        for path in sorted(where.glob(f"{close[0]}-*.json")) if close else ():
            declared = json.loads(path.read_bytes()).get("x-kubernetes-group-version-kind")
            if declared:
                group, kind_version = declared[0]["group"], declared[0]["version"]
                api_version = f"{group}/{kind_version}" if group else kind_version
                found.append((api_version, declared[0]["kind"]))
        return found

    def builtin(self, version: str, strict: bool, api_version: str, kind: str) -> Schema | None:
        """The compiled schema of a built-in kind in a version, or None when it has none."""
        key = (version, strict, api_version, kind)
        if key not in self._builtin:
            document = _read_kind(folder(version, strict), api_version, kind)
            self._builtin[key] = None if document is None else self._compile(key, document)
        return self._builtin[key]

    def custom(
        self,
        version: str,
        strict: bool,
        api_version: str,
        kind: str,
        build: Callable[[], Mapping[str, Any]],
    ) -> Schema:
        """A custom resource's schema (`build` makes it from its CRD), compiled once per run."""
        key = (version, strict, api_version, kind)
        if key not in self._custom:
            try:
                self._custom[key] = self._compile(key, build())
            except ValueError as exc:  # jsonschema_rs: the schema itself is invalid
                self._custom[key] = InvalidSchema(str(exc).splitlines()[0])
        found = self._custom[key]
        if isinstance(found, InvalidSchema):
            raise found
        return found

    def _compile(self, key: tuple[str, bool, str, str], document: Mapping[str, Any]) -> Schema:
        import jsonschema_rs

        loaded = self._version(key[0], key[1])
        validator = jsonschema_rs.validator_for(
            dict(document), registry=loaded.registry, offline=True
        )
        return Schema(document, loaded.definitions, validator)


def _read_kind(where: Path, api_version: str, kind: str) -> Mapping[str, Any] | None:
    """A kind's schema file, if it exists and declares exactly this apiVersion and kind."""
    name = schema_file(api_version, kind)
    if name is None:
        return None
    try:
        document: dict[str, Any] = json.loads((where / name).read_bytes())
    except FileNotFoundError:
        return None
    group, version = api_group(api_version), api_version.rpartition("/")[2]
    declared = document.get("x-kubernetes-group-version-kind") or []
    wanted = {"group": group, "version": version, "kind": kind}
    return document if wanted in declared else None
