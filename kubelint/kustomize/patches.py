"""`patchesStrategicMerge`, `patches` and `patchesJson6902`: which objects each patch targets,
applied by kubelint.patch as kustomize's kyaml applies them (strategic merge in its KYAML
style, JSON patch).

A patch read from a file keeps its document; an inline patch (a text in the Kustomization) is
parsed on its own and keeps where its text is, so each field a patch sets traces to its line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from kubelint.kustomize.files import Files, join, unreadable
from kubelint.kustomize.model import BuildError, Gvk, Res, ResId, metadata
from kubelint.kustomize.trace import Inline, Site
from kubelint.patch import json6902 as jsonpatch
from kubelint.patch import strategic as smp
from kubelint.patch.errors import PatchError
from kubelint.yamlload import Document, JsonPath, load


@dataclass(frozen=True, slots=True)
class Patch:
    """One patch document: its data, its document, and where an inline one's text is."""

    data: Any
    document: Document
    inline: Inline | None = None


def read(
    entry: str, at: JsonPath, kustomization: Document, folder: str, files: Files, inline: bool
) -> list[Patch]:
    """The documents of a patch: the text `entry` itself (`inline`), or the file it names."""
    name = kustomization.source.name
    if inline:
        loaded = load(name, entry.encode())
        where = _inline(kustomization, at)
    else:
        path = join(folder, entry)
        try:
            files.check(path, folder, entry)
        except BuildError as exc:
            raise BuildError(exc.message, name, at) from None
        loaded = files.yaml(path)
        where = None
    if broken := unreadable(loaded):
        raise BuildError(f"the patch cannot be read: {broken}", name, at)
    return [Patch(d.data, d, where) for d in loaded.documents if d.data is not None]


def _inline(document: Document, at: JsonPath) -> Inline:
    """Where the text of a block scalar begins in the file."""
    position = document.position(at)
    lines = document.source.text.splitlines()
    first = lines[position.line - 1][position.column - 1 :] if position.line <= len(lines) else ""
    if first[:1] in "|>":
        after = [line for line in lines[position.line :] if line.strip()]
        indent = len(after[0]) - len(after[0].lstrip()) if after else 0
        return Inline(document.source, position.line, indent)
    return Inline(document.source, position.line - 1, position.column - 1)


def is_inline(entry: str) -> bool:
    """Whether a `patchesStrategicMerge` entry is a patch itself rather than a file name: text
    that reads as a YAML mapping (a file name reads as a string)."""
    try:
        return isinstance(yaml.safe_load(entry), dict)
    except yaml.YAMLError:
        return False


def strategic(
    objects: list[Res], patch: Patch, targets: list[Res] | None, options: Mapping[str, Any]
) -> list[Res]:
    """Apply a strategic-merge patch to its targets (None: the object its own id names);
    the objects left (a `$patch: delete` removes one)."""
    data = patch.data
    if not isinstance(data, dict):
        raise BuildError("a strategic-merge patch is a mapping")
    if targets is None:
        pid = _patch_id(data)
        found = [o for o in objects if any(pid.equals(i) for i in o.all_ids())]
        if len(found) != 1:
            many = "multiple matches" if found else "no matches"
            raise BuildError(f"{many} for Id {pid}; failed to find unique target for patch {pid}")
        targets = found
    keep: list[Res] = []
    chosen = {id(t) for t in targets}
    for obj in objects:
        if id(obj) in chosen:
            body = {**data, "apiVersion": obj.data.get("apiVersion")}
            if not _apply_sm(obj, body, patch, options):
                continue
        keep.append(obj)
    return keep


def _apply_sm(obj: Res, body: dict[str, Any], patch: Patch, options: Mapping[str, Any]) -> bool:
    """Merge one patch into an object; False when the patch deletes it."""
    name, space, kind = obj.name, obj.namespace, obj.gvk.kind
    rename, rekind = bool(options.get("allowNameChange")), bool(options.get("allowKindChange"))
    if rename or rekind:
        obj.store_previous()
    if body.get("$patch") == "delete":
        return False
    try:
        key = (str(obj.data.get("apiVersion", "")), kind)
        merged = smp.merge(obj.data, body, key, style=smp.KYAML)
    except PatchError as exc:
        raise BuildError(str(exc)) from None
    if not merged:
        return False
    obj.data = merged
    if not rekind:
        obj.data["kind"] = kind
    meta = metadata(obj.data)
    if not rename:
        meta["name"] = name
    if space:
        meta["namespace"] = space
    else:
        meta.pop("namespace", None)
    obj.trace.add_document(patch.document, inline=patch.inline, patch=True)
    return True


def _patch_id(data: Mapping[str, Any]) -> ResId:
    meta = data.get("metadata")
    meta = meta if isinstance(meta, Mapping) else {}
    return ResId(Gvk.of(data), str(meta.get("name") or ""), str(meta.get("namespace") or ""))


def json6902(objects: list[Res], patch: Patch, targets: list[Res]) -> None:
    ops = patch.data
    if not isinstance(ops, list):
        raise BuildError("a JSON patch is a list of operations")
    for obj in targets:
        obj.store_previous()
        try:
            obj.data = jsonpatch.apply(obj.data, ops)
        except PatchError as exc:
            raise BuildError(str(exc)) from None
        for i, op in enumerate(ops):
            if isinstance(op, dict) and op.get("op") in ("add", "replace", "copy", "move"):
                at = _result_path(obj.data, op.get("path"))
                if op.get("op") in ("add", "replace"):
                    obj.trace.add_document(patch.document, (i, "value"), at, patch.inline)
                else:
                    obj.trace.set(at, Site(patch.document, (i,), patch.inline))


def _result_path(data: Any, pointer: Any) -> JsonPath:
    """A JSON pointer as a JSON path of the patched object (list indices as integers)."""
    out: list[str | int] = []
    node = data
    for raw in str(pointer).split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            index = len(node) - 1 if part == "-" else int(part) if part.isdigit() else 0
            out.append(index)
            node = node[index] if 0 <= index < len(node) else None
        else:
            out.append(part)
            node = node.get(part) if isinstance(node, dict) else None
    return tuple(out)


def select(objects: list[Res], target: Mapping[str, Any]) -> list[Res]:
    """The objects a `target:` selects: group, version, kind, name and namespace as anchored
    regular expressions (against the current or the original id), label and annotation
    selectors."""

    def pattern(key: str) -> re.Pattern[str] | None:
        value = target.get(key)
        if value in (None, ""):
            return None
        try:
            return re.compile(f"^(?:{value})$")
        except re.error as exc:
            raise BuildError(f"target {key} {value!r} is no regular expression: {exc}") from None

    group, version, kind = pattern("group"), pattern("version"), pattern("kind")
    name, space = pattern("name"), pattern("namespace")
    labels = _selector(target.get("labelSelector"))
    notes = _selector(target.get("annotationSelector"))
    out = []
    for obj in objects:
        cur, org = obj.cur_id(), obj.org_id()
        if space and not (
            space.match(org.effective_namespace) or space.match(cur.effective_namespace)
        ):
            continue
        if name and not (name.match(org.name) or name.match(cur.name)):
            continue
        gvk = obj.gvk
        if (group and not group.match(gvk.group)) or (version and not version.match(gvk.version)):
            continue
        if kind and not kind.match(gvk.kind):
            continue
        if not (_matches(labels, obj.labels) and _matches(notes, obj.annotations)):
            continue
        out.append(obj)
    return out


def select_labels(obj: Res, selector: Mapping[str, Any]) -> bool:
    """Whether an object's labels and annotations match a selector's label and annotation
    selectors."""
    labels = _selector(selector.get("labelSelector"))
    notes = _selector(selector.get("annotationSelector"))
    return _matches(labels, obj.labels) and _matches(notes, obj.annotations)


Requirement = tuple[str, str, frozenset[str]]


def _selector(text: Any) -> list[Requirement]:
    """A label selector's text (`app=web,tier in (a,b),!debug`) as requirements."""
    if not isinstance(text, str) or not text.strip():
        return []
    out: list[Requirement] = []
    for part in re.split(r",(?![^()]*\))", text):
        item = part.strip()
        found = re.fullmatch(r"([^\s!=]+)\s+(in|notin)\s+\((.*)\)", item)
        if found:
            values = frozenset(v.strip() for v in found.group(3).split(","))
            out.append((found.group(1), found.group(2), values))
        elif item.startswith("!"):
            out.append((item[1:].strip(), "absent", frozenset()))
        elif "!=" in item:
            key, _, value = item.partition("!=")
            out.append((key.strip(), "notin", frozenset({value.strip()})))
        elif "=" in item:
            key, _, value = item.replace("==", "=").partition("=")
            out.append((key.strip(), "in", frozenset({value.strip()})))
        elif item:
            out.append((item, "exists", frozenset()))
    return out


def _matches(requirements: list[Requirement], labels: Mapping[str, Any]) -> bool:
    for key, op, values in requirements:
        present = key in labels
        value = str(labels.get(key))
        if (op == "in" and not (present and value in values)) or (
            op == "notin" and present and value in values
        ):
            return False
        if (op == "exists" and not present) or (op == "absent" and present):
            return False
    return True
