"""JSON patch (RFC 6902), with the `jsonpatch` library: `add`, `remove`, `replace`, `move`,
`copy` and `test` operations on a document, in order.

Errors are one line naming the operation (its index, from 0, its op and path), in the words of
the Go library Kustomize uses where they apply (`replace operation does not apply: doc is
missing path: /spec/x`). The work is bounded: `copy` duplicates a value, so a patch of a few
`copy` operations, each copying the document into itself, would double it each time; the values
copied by one patch may hold at most `MAX_COPIED` nodes in all.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jsonpatch
import jsonpointer

from kubelint.k8s.data import copy_data
from kubelint.patch.errors import PatchError

MAX_COPIED = 1_000_000
_OPERATIONS = ("add", "remove", "replace", "move", "copy", "test")
_MISSING = object()


def apply(doc: Mapping[str, Any], ops: list[dict[str, Any]]) -> dict[str, Any]:
    """`ops` applied to a copy of `doc`; `doc` itself is not modified."""
    try:
        return _apply(doc, ops)
    except RecursionError:  # a value nested thousands deep, or one that contains itself
        raise PatchError("the object or the patch is nested too deeply") from None


def _apply(doc: Mapping[str, Any], ops: list[dict[str, Any]]) -> dict[str, Any]:
    if not isinstance(ops, list):
        raise PatchError(f"a JSON patch is a list of operations, not {type(ops).__name__}")
    result: Any = copy_data(dict(doc))
    copied = 0
    for index, operation in enumerate(ops):
        where = _where(index, operation)
        op = operation["op"]
        if op in ("move", "copy"):
            source = _resolve(result, operation.get("from"), where)
            if op == "copy":
                copied += _size(source, MAX_COPIED - copied + 1)
                if copied > MAX_COPIED:
                    raise PatchError(f"{where}: copies more than {MAX_COPIED} values in all")
        try:
            result = jsonpatch.JsonPatch([operation]).apply(result, in_place=True)
        except jsonpatch.JsonPatchTestFailed:
            raise PatchError(f"{where}: testing value {operation['path']} failed") from None
        except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException) as exc:
            # a member missing on the way is a JsonPointerException "member 'x' not found in …"
            missing = isinstance(exc, jsonpatch.JsonPatchPathNotFound) or (
                str(exc).startswith("member ") and " not found in " in str(exc)
            )
            reason = (
                f"{op} operation does not apply: doc is missing path: {operation['path']}"
                if missing
                else _one_line(str(exc))
            )
            raise PatchError(f"{where}: {reason}") from None
    if not isinstance(result, dict):
        raise PatchError("the JSON patch replaces the whole object with a non-object")
    return result


def _where(index: int, operation: Any) -> str:
    """`json patch operation 2 (replace /spec/replicas)`, once the operation's shape is checked."""
    if not isinstance(operation, Mapping):
        raise PatchError(f"json patch operation {index}: an operation is an object")
    op, path = operation.get("op"), operation.get("path")
    if op not in _OPERATIONS:
        raise PatchError(
            f"json patch operation {index}: unknown op {_one_line(repr(op))} "
            f"(expected one of {', '.join(_OPERATIONS)})"
        )
    if not isinstance(path, str):
        raise PatchError(f"json patch operation {index} ({op}): path must be a string")
    if op in ("add", "replace", "test") and "value" not in operation:
        raise PatchError(f"json patch operation {index} ({op} {path}): missing value")
    return f"json patch operation {index} ({op} {path})"


def _resolve(doc: Any, pointer: Any, where: str) -> Any:
    if not isinstance(pointer, str):
        raise PatchError(f"{where}: from must be a string")
    try:
        found = jsonpointer.resolve_pointer(doc, pointer, _MISSING)
    except jsonpointer.JsonPointerException as exc:
        raise PatchError(f"{where}: {_one_line(str(exc))}") from None
    if found is _MISSING:
        raise PatchError(f"{where}: doc is missing from path: {pointer}")
    return found


def _size(value: Any, limit: int) -> int:
    """The number of nodes of a JSON value, counted up to `limit`."""
    count, stack = 0, [value]
    while stack and count < limit:
        item = stack.pop()
        count += 1
        if isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= 160 else line[:157] + "..."
