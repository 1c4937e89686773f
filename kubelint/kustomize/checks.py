"""Kustomize files, recognised and checked (not built): a `kustomization.yaml` against its own
schema, the paths it names, and the files it names as patches, which are no objects.

A Kustomization's paths are relative to its folder. Remote resources (URLs, `github.com/…`,
`git@…`) are accepted as they are: nothing is fetched.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from importlib.resources import files
from typing import Any

import jsonschema_rs

from kubelint.fileio import inside
from kubelint.findings import Severity
from kubelint.k8s.data import entries, text
from kubelint.kustomize import (
    BEHAVIORS,
    FILE_NAMES,
    KustomizeProblem,
    Layout,
    reading_folder,
)
from kubelint.rules.base import Problem
from kubelint.schema.messages import convert
from kubelint.schema.store import Schema
from kubelint.yamlload import Document, JsonPath, LoadedFile

_REMOTE = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://|git@|git::|(?:github|gitlab|bitbucket)\.(?:com|org)/)"
)
# Strategic-merge patch directives: keys that are no fields of the kind
_DIRECTIVES = ("$patch", "$retainKeys", "$setElementOrder/", "$deleteFromPrimitiveList/")
# JSON patch (RFC 6902) operations and the members each needs besides `op`
OPERATIONS = {
    "add": ("path", "value"),
    "remove": ("path",),
    "replace": ("path", "value"),
    "move": ("from", "path"),
    "copy": ("from", "path"),
    "test": ("path", "value"),
}


def is_remote(entry: str) -> bool:
    return bool(_REMOTE.match(entry)) or "?ref=" in entry


def analyse(kustomizations: Mapping[str, LoadedFile], common: str) -> Layout:
    """Check each Kustomization file of a run, and find what it applies and patches (`common`:
    the folder holding every file of the run, `run_folder`)."""
    layout = Layout()
    datas: dict[str, Mapping[str, Any]] = {}
    for name, loaded in kustomizations.items():
        if not loaded.documents:
            continue
        data = loaded.documents[0].data
        if not isinstance(data, Mapping):
            problem = Problem("a kustomization is a mapping of Kustomize's fields")
            layout.problems.append(KustomizeProblem("kustomization", name, 0, problem))
            continue
        datas[name] = data
        for found in convert_all(data):
            layout.problems.append(KustomizeProblem("kustomization", name, 0, found))
        top = reading_folder(posixpath.dirname(name) or ".", common)
        for found in _paths(name, data, layout, top):
            layout.problems.append(KustomizeProblem("kustomization", name, 0, found))
    components = []
    for name, data in datas.items():
        root = posixpath.dirname(name) or "."
        if data.get("kind") == "Component":  # applied only as part of a root: no unit alone
            components.append(root)
        else:
            top, held = reading_folder(root, common), set[str]()
            layout.applied[root] = frozenset(_applied(root, datas, frozenset(), top, held))
            layout.holds[root] = frozenset(held)
    named = frozenset().union(*layout.applied.values())
    for folder in components:
        top = reading_folder(folder, common)
        files = frozenset(_applied(folder, datas, frozenset(), top, set()))
        # a Component no root names (yet) goes with the nearest root above it
        above = [root for root in layout.applied if _below(folder, root)]
        if files and not files & named and above:
            nearest = max(above, key=len)
            layout.applied[nearest] |= files
    return layout


# A patch by its name: `patches/…`, `…patch.yaml`, `patch-…` (kubebuilder scaffolds
# `config/crd/patches/cainjection_in_<kind>.yaml` and `manager_webhook_patch.yaml`, and switches
# them on and off by commenting their lines in the Kustomization).
_PATCH_NAME = re.compile(r"(?:^|[-_.])patch(?:es)?(?:[-_.]|$)")


def unnamed_patch(file: str, layout: Layout, trees: frozenset[str]) -> bool:
    """Whether a file no Kustomization names is a patch by its name, in a Kustomize tree (the
    folder of a Kustomization or below it): checked as the patch it is, not as an object
    missing its required fields."""
    folder, _, base = file.rpartition("/")
    named_as_patch = _PATCH_NAME.search(base.rpartition(".")[0].lower()) or "patches" in (
        folder.split("/")
    )
    return (
        bool(named_as_patch)
        and any(_below(folder or ".", tree) or folder == tree for tree in trees)
        and file not in layout.patches
        and not any(file in applied for applied in layout.applied.values())
    )


def _below(folder: str, root: str) -> bool:
    return root == "." or folder.startswith(root + "/")


def _folder_kustomization(folder: str) -> str | None:
    for file_name in FILE_NAMES:
        path = posixpath.join(folder, file_name) if folder != "." else file_name
        if os.path.isfile(path):
            return path
    return None


def _join(root: str, entry: str) -> str:
    return posixpath.normpath(posixpath.join(root, entry))


def _may_look(path: str, root: str, top: str) -> bool:
    """Whether a path a Kustomization names may be looked up: only within the folder its build
    reads (`top`, `reading_folder`) or the Kustomization's own folder, so an input cannot ask
    whether a file exists elsewhere on the machine (`resources: [/home/runner/.ssh/id_rsa]`)."""
    real = os.path.realpath(path)
    return inside(real, os.path.realpath(top)) or inside(real, os.path.realpath(root))


def _paths(name: str, data: Mapping[str, Any], layout: Layout, top: str) -> Iterator[Problem]:
    """The paths a Kustomization names that do not exist; records the patches it names and the
    files it reads as data."""
    root = posixpath.dirname(name) or "."

    def missing(entry: str, at: JsonPath, folders: bool) -> Problem | None:
        path = _join(root, entry)
        if not _may_look(path, root, top):
            return None  # not looked up, so not known to be missing
        if os.path.isfile(path):
            return None
        if folders and os.path.isdir(path):
            if _folder_kustomization(path) is not None:
                return None
            return Problem(f'"{entry}" is a folder without a kustomization.yaml', at)
        return Problem(f'"{entry}" does not exist (relative to {root}/)', at)

    for key, folders in (("resources", True), ("bases", True), ("components", True)):
        for i, entry in enumerate(_items(data.get(key))):
            found = None
            if isinstance(entry, str) and not is_remote(entry):
                found = missing(entry, (key, i), folders)
            if found is not None:
                yield found
    for i, entry in enumerate(_items(data.get("crds"))):
        if isinstance(entry, str) and (found := missing(entry, ("crds", i), False)):
            yield found
    for i, entry in enumerate(_items(data.get("patchesStrategicMerge"))):
        if isinstance(entry, str) and "\n" not in entry and ":" not in entry:  # else inline
            found = missing(entry, ("patchesStrategicMerge", i), False)
            if found is None:
                layout.patches[_join(root, entry)] = "strategic"
            else:
                yield found
    for key, kind in (("patches", "patch"), ("patchesJson6902", "json6902")):
        for i, item in entries(data.get(key)):
            entry = text(item.get("path"))
            if entry is None:
                continue
            found = missing(entry, (key, i, "path"), False)
            if found is None:
                layout.patches[_join(root, entry)] = kind
            else:
                yield found
    for key in ("configMapGenerator", "secretGenerator"):
        for i, item in entries(data.get(key)):
            behavior = item.get("behavior")
            if isinstance(behavior, str) and behavior and behavior not in BEHAVIORS:
                yield Problem(
                    f'behavior "{behavior}" is none of {", ".join(BEHAVIORS)}: kustomize reads'
                    " it as none, which creates the object (and fails if it exists)",
                    (key, i, "behavior"),
                    severity=Severity.WARNING,
                )
            named: list[tuple[str, int | None, str]] = [
                ("files", j, e.rpartition("=")[2]) for j, e in _strings(item.get("files"))
            ]
            named += [("envs", j, e) for j, e in _strings(item.get("envs"))]
            if env := text(item.get("env")):
                named.append(("env", None, env))
            for member, j, entry in named:
                at: JsonPath = (key, i, member) if j is None else (key, i, member, j)
                if (found := missing(entry, at, False)) is not None:
                    yield found
                else:
                    layout.data.add(_join(root, entry))
    # a plugin's configuration (kubebuilder's `transformers: [namespace_transformer.yaml]`),
    # named as a file: what kubelint does not build, and no object either
    for key in ("transformers", "generators", "validators"):
        for entry in _items(data.get(key)):
            if isinstance(entry, str) and "\n" not in entry and not is_remote(entry):
                path = _join(root, entry)
                if _may_look(path, root, top) and os.path.isfile(path):
                    layout.data.add(path)


def _items(value: Any) -> list[Any]:
    """A field meant to be a list (the schema reports one that is not)."""
    return value if isinstance(value, list) else []


def _strings(value: Any) -> list[tuple[int, str]]:
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str)]


def _applied(
    root: str,
    datas: Mapping[str, Mapping[str, Any]],
    seen: frozenset[str],
    top: str,
    held: set[str],
) -> set[str]:
    """The files a Kustomize root applies: the files among its resources and components, and
    what the Kustomizations of the folders among them apply (a cycle is not followed; `top`:
    the folder its build reads). Those folders are added to `held`."""
    name = _folder_kustomization(root)
    data = datas.get(name or "") if name else None
    if data is None or root in seen:
        return set()
    out: set[str] = set()
    for key in ("resources", "bases", "components"):
        for entry in _items(data.get(key)):
            if not isinstance(entry, str) or is_remote(entry):
                continue
            path = _join(root, entry)
            if _may_look(path, root, top) and os.path.isdir(path):
                held.add(path)
                out |= _applied(path, datas, seen | {root}, top, held)
            else:
                out.add(path)
    return out


@cache
def _kustomization_schema() -> Schema:
    document = json.loads(files("kubelint.schema").joinpath("kustomization.json").read_text())
    return Schema(document, {}, jsonschema_rs.validator_for(document))


def convert_all(data: Mapping[str, Any]) -> Iterator[Problem]:
    """What Kustomize's schema finds wrong in a Kustomization."""
    schema = _kustomization_schema()
    for error in schema.validator.iter_errors(dict(data)):
        yield from convert(schema, error)


def patch_problems(
    loaded: LoadedFile, kind: str, schema_of: Callable[[str, str], Schema | None]
) -> Iterator[tuple[str, Document, Problem]]:
    """(rule, document, problem) of a file a Kustomization names as a patch (`kind`: how it
    names it): a JSON patch as a list of operations (rule `kustomization`), a strategic-merge
    patch against the schema of the kind it patches (`schema_of`; rule `schema`)."""
    for document in loaded.documents:
        data = document.data
        if kind == "json6902" or (kind == "patch" and isinstance(data, list)):
            for problem in json_patch_problems(data):
                yield "kustomization", document, problem
            continue
        api_version = data.get("apiVersion") if isinstance(data, Mapping) else None
        patched = data.get("kind") if isinstance(data, Mapping) else None
        if isinstance(api_version, str) and isinstance(patched, str):
            schema = schema_of(api_version, patched)
            for problem in strategic_problems(schema, data) if schema else ():
                yield "schema", document, problem


def json_patch_problems(data: Any) -> Iterator[Problem]:
    """What is wrong with a JSON patch (RFC 6902): a list of operations."""
    if not isinstance(data, list):
        yield Problem("a JSON patch is a list of operations (op, path, value)")
        return
    for i, operation in enumerate(data):
        if not isinstance(operation, Mapping):
            yield Problem(f"[{i}]: an operation is a mapping of op, path and value", (i,))
            continue
        op = operation.get("op")
        if op not in OPERATIONS:
            supported = ", ".join(f'"{name}"' for name in OPERATIONS)
            yield Problem(
                f"[{i}].op: unsupported value {json.dumps(op)} (supported values: {supported})",
                (i, "op") if "op" in operation else (i,),
            )
            continue
        for member in OPERATIONS[op]:
            if member not in operation:
                yield Problem(f'[{i}]: missing required field "{member}"', (i,))
            elif member != "value" and not _is_pointer(operation[member]):
                yield Problem(
                    f"[{i}].{member}: expected a JSON pointer (/spec/replicas), "
                    f"got {json.dumps(operation[member])}",
                    (i, member),
                )


def _is_pointer(value: Any) -> bool:
    return isinstance(value, str) and (value == "" or value.startswith("/"))


def strategic_problems(schema: Schema, data: Any) -> Iterator[Problem]:
    """What a kind's schema finds wrong in a strategic-merge patch of it: field names and types,
    with no field required, the patch directives allowed and null (delete the field) anywhere."""
    cleaned = _without_directives(data)
    for error in schema.validator.iter_errors(cleaned):
        if error.kind.name != "required":
            for found in convert(schema, error):
                if found.path:  # top-level apiVersion/kind/metadata: the patch's own business
                    yield found


def _without_directives(data: Any) -> Any:
    if isinstance(data, Mapping):
        return {
            key: _without_directives(value)
            for key, value in data.items()
            if value is not None and not (isinstance(key, str) and key.startswith(_DIRECTIVES))
        }
    if isinstance(data, list):
        return [_without_directives(item) for item in data]
    return data
