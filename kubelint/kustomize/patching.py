"""The seam between the build and patch application: the only two calls the build makes.

    merge(base, patch, kind_key)  a strategic-merge patch onto an object → the patched object
    apply_json6902(doc, ops)      a JSON patch (RFC 6902) onto an object → the patched object

Both take plain data, never change their arguments, and raise PatchError for a patch that
cannot apply. `kind_key` is the patched object's (apiVersion, kind), by which a strategic merge
picks each field's patch strategy.

The bodies here are a minimal stand-in: a merge of mappings (null deletes a field,
`$patch: delete`/`replace` honoured) where lists of mappings that all have a `name` merge by
name and other lists are replaced, and the six JSON-patch operations. The full implementation
(each kind's patch strategies from the bundled schemas, every directive) is
`kubelint.patch.strategic.merge` and `kubelint.patch.json6902.apply`: when it lands, each body
below becomes the one call to it (its errors raised again as PatchError, whose message the
build reports at the patch's entry), and the stand-in goes. A merge that deletes the object
(`$patch: delete`) may return an empty mapping.
"""

from __future__ import annotations

import copy
from typing import Any


class PatchError(Exception):
    """A patch that cannot apply (a path that does not exist, a failed `test`)."""


def merge(base: dict[str, Any], patch: dict[str, Any], kind_key: tuple[str, str]) -> dict[str, Any]:
    del kind_key  # the stand-in merges every kind alike
    merged = _merge(copy.deepcopy(base), patch)
    return merged if isinstance(merged, dict) else {}


def _merge(base: Any, patch: Any) -> Any:
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    directive = patch.get("$patch")
    if directive == "delete":
        return None
    if directive == "replace" or not isinstance(base, dict):
        return {k: copy.deepcopy(v) for k, v in patch.items() if k != "$patch"}
    for key, value in patch.items():
        if key.startswith("$"):
            continue
        if value is None:
            base.pop(key, None)
        elif (
            isinstance(value, list)
            and isinstance(base.get(key), list)
            and _named(value + base[key])
        ):
            base[key] = _merge_named(base[key], value)
        else:
            merged = _merge(base.get(key), value)
            if merged is None:
                base.pop(key, None)
            else:
                base[key] = merged
    return base


def _named(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(i, dict) and "name" in i for i in items)


def _merge_named(base: list[Any], patch: list[Any]) -> list[Any]:
    out = list(base)
    for item in patch:
        at = next((i for i, b in enumerate(out) if b.get("name") == item["name"]), None)
        if at is None:
            if item.get("$patch") != "delete":
                out.append(_merge(None, item))
            continue
        merged = _merge(out[at], item)
        if merged is None:
            del out[at]
        else:
            out[at] = merged
    return out


def apply_json6902(doc: dict[str, Any], ops: list[Any]) -> dict[str, Any]:
    result: Any = copy.deepcopy(doc)
    for op in ops:
        if not isinstance(op, dict):
            raise PatchError("a JSON patch operation is a mapping")
        kind, path = op.get("op"), _pointer(op.get("path"))
        if kind in ("move", "copy"):
            value = _get(result, _pointer(op.get("from")))
            if kind == "move":
                result = _remove(result, _pointer(op.get("from")))
            result = _add(result, path, copy.deepcopy(value))
        elif kind == "add":
            result = _add(result, path, copy.deepcopy(op.get("value")))
        elif kind == "remove":
            result = _remove(result, path)
        elif kind == "replace":
            _get(result, path)
            result = _add(_remove(result, path), path, copy.deepcopy(op.get("value")))
        elif kind == "test":
            if _get(result, path) != op.get("value"):
                raise PatchError(f"testing value {op.get('path')} failed")
        else:
            raise PatchError(f"unexpected operation {kind!r}")
    if not isinstance(result, dict):
        raise PatchError("a JSON patch replaced the object with no mapping")
    return result


def _pointer(text: Any) -> list[str]:
    if not isinstance(text, str) or (text and not text.startswith("/")):
        raise PatchError(f"{text!r} is no JSON pointer")
    return [p.replace("~1", "/").replace("~0", "~") for p in text.split("/")[1:]]


def _index(node: list[Any], part: str, adding: bool = False) -> int:
    if adding and part == "-":
        return len(node)
    if not part.isdigit() or int(part) > len(node) - (0 if adding else 1):
        raise PatchError(f"index {part} is out of range")
    return int(part)


def _get(node: Any, path: list[str]) -> Any:
    for part in path:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list):
            node = node[_index(node, part)]
        else:
            raise PatchError(f"missing value at /{'/'.join(path)}")
    return node


def _add(root: Any, path: list[str], value: Any) -> Any:
    if not path:
        return value
    parent = _get(root, path[:-1])
    if isinstance(parent, dict):
        parent[path[-1]] = value
    elif isinstance(parent, list):
        parent.insert(_index(parent, path[-1], adding=True), value)
    else:
        raise PatchError(f"cannot add at /{'/'.join(path)}")
    return root


def _remove(root: Any, path: list[str]) -> Any:
    if not path:
        return None
    parent = _get(root, path[:-1])
    if isinstance(parent, dict) and path[-1] in parent:
        del parent[path[-1]]
    elif isinstance(parent, list):
        del parent[_index(parent, path[-1])]
    else:
        raise PatchError(f"missing value at /{'/'.join(path)}")
    return root
