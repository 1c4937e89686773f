"""`replacements`: a value copied from one object's field (or given) into fields of others.

A source names one object (by any id it had) and a field (`metadata.name` when none); each
target selects objects (group, version, kind, name and namespace as anchored regular
expressions, label and annotation selectors, `reject` ones) and the fields to set. A path is
`.`-separated; `[name=web]` picks the list item whose `name` is `web`, `*` every item, a
number an index. `options.delimiter`/`index` take or set one part of a delimited value;
`options.create` makes missing fields. Each field set traces to the target's `fieldPaths`
entry in the Kustomization. (Values inside structured strings, a JSON in a ConfigMap, are not
reached: kubelint reports the path as missing.)
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

import yaml

from kubelint.kustomize.files import Files, join
from kubelint.kustomize.model import BuildError, Gvk, Res, ResId
from kubelint.kustomize.patches import select_labels
from kubelint.kustomize.trace import Site
from kubelint.yamlload import Document, JsonPath


def replace(objects: list[Res], document: Document, folder: str, files: Files) -> None:
    for i, entry in enumerate(document.data.get("replacements") or ()):
        for at, replacement, where in _entries(entry, i, document, folder, files):
            try:
                _one(objects, replacement, where, at)
            except BuildError as exc:
                raise BuildError(exc.message, where.source.name, exc.at or at) from None


def _entries(
    entry: Any, i: int, document: Document, folder: str, files: Files
) -> list[tuple[JsonPath, Mapping[str, Any], Document]]:
    """(where, replacement, its document) of an entry: itself, or those of the file it names."""
    if not isinstance(entry, Mapping):
        raise BuildError("a replacement is a mapping", document.source.name, ("replacements", i))
    if "path" not in entry:
        return [(("replacements", i), entry, document)]
    path = join(folder, str(entry["path"]))
    files.check(path, folder, str(entry["path"]))
    out: list[tuple[JsonPath, Mapping[str, Any], Document]] = []
    for found in files.yaml(path).documents:
        items = found.data if isinstance(found.data, list) else [found.data]
        for j, item in enumerate(items):
            if isinstance(item, Mapping):
                out.append(((j,) if isinstance(found.data, list) else (), item, found))
    return out


def _one(
    objects: list[Res], replacement: Mapping[str, Any], document: Document, at: JsonPath
) -> None:
    source, given = replacement.get("source"), replacement.get("sourceValue")
    targets = replacement.get("targets")
    if (source is None and given is None) or not targets:
        raise BuildError("replacements must specify a source and at least one target")
    if source is not None and given is not None:
        raise BuildError("value and resource selectors are mutually exclusive")
    value = given if given is not None else _source_value(objects, source)
    for j, target in enumerate(targets):
        if not isinstance(target, Mapping) or not isinstance(target.get("select"), Mapping):
            raise BuildError("target must specify resources to select", at=(*at, "targets", j))
        paths = target.get("fieldPaths") or ["metadata.name"]
        options = _options(target)
        for obj in objects:
            if not _targeted(obj, target):
                continue
            for k, path in enumerate(paths):
                site = Site(document, (*at, "targets", j, "fieldPaths", k))
                _set(obj, split(str(path)), value, options, site, str(path))


def _source_value(objects: list[Res], source: Any) -> Any:
    if not isinstance(source, Mapping):
        raise BuildError("a replacement's source is a mapping")
    wanted = ResId(
        Gvk(
            str(source.get("group") or ""),
            str(source.get("version") or ""),
            str(source.get("kind") or ""),
        ),
        str(source.get("name") or ""),
        str(source.get("namespace") or ""),
    )
    found = [o for o in objects if any(_selected_by(i, wanted) for i in o.all_ids())]
    if len(found) != 1:
        what = "multiple matches for selector" if found else "nothing selected by"
        raise BuildError(f"{what} {wanted}")
    path = str(source.get("fieldPath") or "metadata.name")
    nodes = _find(found[0].data, split(path), create=False)
    # kyaml's IsNilOrEmpty: null, an empty map or list (an empty string is a value)
    if not nodes or nodes[0][0] is None or nodes[0][0] == {} or nodes[0][0] == []:
        raise BuildError(f"fieldPath `{path}` is missing for replacement source {wanted}")
    value = copy.deepcopy(nodes[0][0])
    options = _options(source)
    delimiter = options.get("delimiter")
    if delimiter:
        parts = _text(value).split(str(delimiter))
        index = int(options.get("index") or 0)
        if not 0 <= index < len(parts):
            raise BuildError(f"options.index {index} is out of bounds for value {_text(value)}")
        value = parts[index]
    return value


def _options(entry: Mapping[str, Any]) -> Mapping[str, Any]:
    options = entry.get("options")
    return options if isinstance(options, Mapping) else {}


def _selected_by(id_: ResId, wanted: ResId) -> bool:
    return (
        (not wanted.name or wanted.name == id_.name)
        and (not wanted.namespace or wanted.effective_namespace == id_.effective_namespace)
        and id_.gvk.selected_by(wanted.gvk)
    )


def _targeted(obj: Res, target: Mapping[str, Any]) -> bool:
    chosen = target["select"]
    if not select_labels(obj, chosen):
        return False
    rejects = [r for r in target.get("reject") or () if isinstance(r, Mapping)]
    for reject in rejects:
        if (reject.get("labelSelector") or reject.get("annotationSelector")) and select_labels(
            obj, reject
        ):
            return False
    ids = obj.all_ids()
    if any(_id_matches(i, r) for r in rejects if _names_id(r) for i in ids):
        return False
    return any(_id_matches(i, chosen) for i in ids)


def _names_id(selector: Mapping[str, Any]) -> bool:
    return any(selector.get(k) for k in ("group", "version", "kind", "name", "namespace"))


def _id_matches(id_: ResId, selector: Mapping[str, Any]) -> bool:
    fields = {
        "group": id_.gvk.group,
        "version": id_.gvk.version,
        "kind": id_.gvk.kind,
        "name": id_.name,
        "namespace": id_.namespace,
    }
    for key, actual in fields.items():
        pattern = selector.get(key)
        if not pattern:
            continue
        try:
            found = re.fullmatch(f"(?:{pattern})", actual)
            if key == "namespace" and not found:
                found = re.fullmatch(f"(?:{pattern})", id_.effective_namespace)
        except re.error as exc:
            raise BuildError(f"target {key} {pattern!r} is no regular expression: {exc}") from None
        if not found:
            return False
    return True


def split(path: str) -> list[str]:
    """`spec.containers.[name=web].image` → ["spec", "containers", "[name=web]", "image"]."""
    parts: list[str] = []
    for found in re.findall(r"\[[^\]]*\]|[^.\[\]]+", path.replace("\\.", "\x00")):
        piece = found.replace("\x00", ".")
        parts.append(piece if "=" in piece or not piece.startswith("[") else piece.strip("[]"))
    return parts


def _find(
    node: Any, path: list[str], create: bool, at: JsonPath = ()
) -> list[tuple[Any, Any, Any, JsonPath]]:
    """The fields at `path`: (value, parent, key, JSON path); missing mappings are made with
    `create` (the last field then holds None)."""
    if not path:
        return []
    part, rest = path[0], path[1:]
    found: list[tuple[Any, Any, Any, JsonPath]] = []
    if isinstance(node, list):
        if part == "*":
            keys: list[Any] = list(range(len(node)))
        elif part.startswith("[") and "=" in part:
            name, _, wanted = part[1:-1].partition("=")
            keys = [
                i
                for i, x in enumerate(node)
                if isinstance(x, Mapping) and _text(x.get(name)) == wanted
            ]
            if not keys and create and not rest:
                return []
        elif part.isdigit() and int(part) < len(node):
            keys = [int(part)]
        else:
            keys = []
    elif isinstance(node, dict):
        if part not in node and create:
            node[part] = None if not rest else {}
        keys = [part] if part in node else []
    else:
        keys = []
    for key in keys:
        child = node[key]
        if not rest:
            found.append((child, node, key, (*at, key)))
        else:
            if child is None and create and isinstance(node, dict):
                child = node[key] = {}
            found.extend(_find(child, rest, create, (*at, key)))
    return found


def _set(
    obj: Res, path: list[str], value: Any, options: Mapping[str, Any], site: Site, text: str
) -> None:
    create = bool(options.get("create"))
    fields = _find(obj.data, path, create)
    if not fields:
        what = "find or create" if create else "find"
        raise BuildError(f'unable to {what} field "{text}" in replacement target')
    for current, parent, key, at in fields:
        new = copy.deepcopy(value)
        delimiter = options.get("delimiter")
        if delimiter:
            if isinstance(current, Mapping | list):
                raise BuildError("delimiter option can only be used with scalar nodes")
            parts = _text(current).split(str(delimiter))
            index = int(options.get("index") or 0)
            if index < 0:
                parts.insert(0, _text(value))
            elif index >= len(parts):
                parts.append(_text(value))
            else:
                parts[index] = _text(value)
            new = str(delimiter).join(parts)
        parent[key] = _as_type_of(current, new)
        obj.trace.set(at, site)


def _as_type_of(current: Any, new: Any) -> Any:
    """A scalar set into a scalar keeps the target's type, as kustomize sets only its text."""
    if current is None or isinstance(current, Mapping | list) or isinstance(new, Mapping | list):
        return new
    text = _text(new)
    if isinstance(current, str):
        return text
    try:
        parsed = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return parsed if isinstance(parsed, int | float | bool) else text


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return "" if value is None else str(value)
