"""`vars`: `$(NAME)` in the fields the `varReference` field specs name (a container's args,
command and env values, annotations…) replaced by a field of an object (its name by default).

A var names its object (`objref`) where it is declared, among what that Kustomization has
accumulated; its value is read once the build is done (after prefixes, suffixes and hashes),
and a name is declared once in a build. `$$` is a literal `$`; a `$(NAME)` that is the whole
value takes the value's type. Each field changed traces to the var's declaration.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from kubelint.kustomize.fieldspecs import Config, JsonPath, visit
from kubelint.kustomize.model import BuildError, Gvk, Res, ResId
from kubelint.kustomize.trace import Site
from kubelint.yamlload import Document


@dataclass(frozen=True, slots=True)
class Var:
    name: str
    target: Res | None  # the object it names (None: none found)
    fieldpath: str
    site: Site


def declare(objects: list[Res], document: Document) -> list[Var]:
    """The vars a Kustomization declares, each with the object it names."""
    out = []
    for i, entry in enumerate(document.data.get("vars") or ()):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
            raise BuildError("a var is a mapping with a name", document.source.name, ("vars", i))
        ref = _mapping(entry.get("objref"))
        api = str(ref.get("apiVersion") or "")
        if api:
            group, _, version = api.rpartition("/")
        else:
            group, version = str(ref.get("group") or ""), str(ref.get("version") or "")
        kind, named = str(ref.get("kind") or ""), str(ref.get("name") or "")
        wanted = ResId(Gvk(group, version, kind), named, str(ref.get("namespace") or ""))
        found = [o for o in objects if any(_same(i, wanted) for i in o.all_ids())]
        if len(found) > 1:
            raise BuildError(
                f"found {len(found)} resId matches for var {entry['name']}"
                " (unable to disambiguate)",
                document.source.name,
                ("vars", i),
            )
        field = _mapping(entry.get("fieldref"))
        path = str(field.get("fieldpath") or field.get("fieldPath") or "metadata.name")
        target = found[0] if found else None
        out.append(Var(entry["name"], target, path, Site(document, ("vars", i))))
    return out


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _same(id_: ResId, wanted: ResId) -> bool:
    if id_.gvk != wanted.gvk or id_.name != wanted.name:
        return False
    if wanted.namespace or wanted.gvk.cluster_scoped:
        return id_.effective_namespace == wanted.effective_namespace
    return True


def merge(mine: list[Var], more: list[Var]) -> list[Var]:
    names = {v.name for v in mine}
    for var in more:
        if var.name in names:
            raise BuildError(f"var '{var.name}' already encountered")
        names.add(var.name)
    return [*mine, *more]


def resolve(objects: list[Res], declared: list[Var], config: Config) -> None:
    """Replace `$(NAME)` in every object's var-reference fields."""
    if not declared:
        return
    values: dict[str, tuple[Any, Site]] = {}
    for var in declared:
        if var.target is None:
            raise BuildError(
                f"var '{var.name}' cannot be mapped to a field in the set of known resources"
            )
        value = _field(var.target.data, var.fieldpath)
        if value is None:
            raise BuildError(
                f"field specified in var '{var.name}' not found in corresponding resource"
            )
        values[var.name] = (value, var.site)
    for obj in objects:
        for spec in config.of("varReference"):
            visit(obj.data, spec, partial(_expand_at, obj, values))


def _field(data: Any, path: str) -> Any:
    node = data
    for part in path.split("."):
        found = re.fullmatch(r"([^\[]*)((?:\[\d+\])*)", part)
        name, indexes = (found.group(1), found.group(2)) if found else (part, "")
        if name:
            node = node.get(name) if isinstance(node, Mapping) else None
        for index in re.findall(r"\d+", indexes):
            node = node[int(index)] if isinstance(node, list) and int(index) < len(node) else None
    return node if isinstance(node, str | int | float | bool) else None


def _expand_at(
    obj: Res, values: Mapping[str, tuple[Any, Site]], node: Any, key: Any, path: JsonPath
) -> None:
    value = node[key]
    if isinstance(value, str):
        _expand_one(obj, values, node, key, path)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                _expand_one(obj, values, value, i, (*path, i))
    elif isinstance(value, dict):
        for name, item in value.items():
            if isinstance(item, str):
                _expand_one(obj, values, value, name, (*path, name))


def _expand_one(
    obj: Res, values: Mapping[str, tuple[Any, Site]], node: Any, key: Any, path: JsonPath
) -> None:
    text: str = node[key]
    used: list[Site] = []
    new = expand(text, values, used)
    if used:
        node[key] = new
        obj.trace.set(path, used[-1])


def expand(text: str, values: Mapping[str, tuple[Any, Site]], used: list[Site]) -> Any:
    """`text` with each `$(NAME)` of a known var replaced (kustomize's expansion rules)."""
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] != "$" or i + 1 >= len(text):
            out.append(text[i])
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "$":
            out.append("$")
            i += 2
        elif nxt == "(" and ")" in text[i + 2 :]:
            end = text.index(")", i + 2)
            name = text[i + 2 : end]
            if name in values:
                value, site = values[name]
                used.append(site)
                if text == f"$({name})":
                    return value
                out.append(str(value).lower() if isinstance(value, bool) else str(value))
            else:
                out.append(f"$({name})")
            i = end + 1
        else:
            out.append("$" + nxt if nxt != "(" else "$(")
            i += 2
    return "".join(out)
