"""text/template's own functions, with Go's semantics and error messages (`and`, `or` and
`call` need the executor: it evaluates them itself). Helm's function map comes first: a Sprig
function of the same name (`slice`) replaces the builtin, as in Go."""

from __future__ import annotations

import html as _html
import urllib.parse
from collections.abc import Callable, Mapping
from typing import Any

from kubelint.chart.gotmpl.gofmt import sprint, sprintf, sprintln
from kubelint.chart.gotmpl.gotypes import NO_VALUE, Float64, truth, type_name


class FuncError(Exception):
    """A function's error, shown as `error calling NAME: message`."""


def _kind(value: Any) -> str:
    """Go's basicKind: bool, int, float, string; anything else is not a basic kind."""
    if value is None or value is NO_VALUE:
        return "invalid"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, Float64 | float):
        return "float"
    if isinstance(value, int):
        return "int"
    if isinstance(value, str):
        return "string"
    return "other"


def _nil(value: Any) -> bool:
    return value is None or value is NO_VALUE


def eq(first: Any, *others: Any) -> bool:
    if not others:
        raise FuncError("missing argument for comparison")
    kind = _kind(first)
    for other in others:
        other_kind = _kind(other)
        if kind != other_kind:
            if not _nil(first) and not _nil(other):
                raise FuncError(
                    f"incompatible types for comparison: {type_name(first)} and {type_name(other)}"
                )
            continue
        if kind in ("invalid", "other"):
            if _nil(first) or _nil(other):
                if _nil(first) and _nil(other):
                    return True
                continue
            if isinstance(other, list | tuple | Mapping):
                raise FuncError(f"non-comparable type {sprint(other)}: {type_name(other)}")
            if first == other:
                return True
        elif first == other:
            return True
    return False


def ne(first: Any, second: Any) -> bool:
    return not eq(first, second)


def lt(first: Any, second: Any) -> bool:
    kind, other_kind = _kind(first), _kind(second)
    if kind in ("invalid", "other") or other_kind in ("invalid", "other"):
        raise FuncError("invalid type for comparison")
    if kind != other_kind:
        raise FuncError(
            f"incompatible types for comparison: {type_name(first)} and {type_name(second)}"
        )
    if kind == "bool":
        raise FuncError("invalid type for comparison")
    return bool(first < second)


def le(first: Any, second: Any) -> bool:
    return lt(first, second) or eq(first, second)


def gt(first: Any, second: Any) -> bool:
    return not le(first, second)


def ge(first: Any, second: Any) -> bool:
    return not lt(first, second)


def _position(index: Any, size: int) -> int:
    if _nil(index):
        raise FuncError("cannot index slice/array with nil")
    if isinstance(index, bool) or not isinstance(index, int) or isinstance(index, Float64):
        raise FuncError(f"cannot index slice/array with type {type_name(index)}")
    if index < 0 or index > size:
        raise FuncError(f"index out of range: {index}")
    return int(index)


def index(item: Any, *indices: Any) -> Any:
    if _nil(item):
        raise FuncError("index of untyped nil")
    for key in indices:
        if item is None:
            raise FuncError("index of nil pointer")
        if isinstance(item, list | tuple | str | bytes):
            at = _position(key, len(item))
            if at == len(item):
                raise FuncError("reflect: slice index out of range")
            item = ord(item[at]) if isinstance(item, str) else item[at]
        elif isinstance(item, Mapping):
            if _nil(key):
                raise FuncError("value is nil; should be of type string")
            if not isinstance(key, str):
                raise FuncError(f"value has type {type_name(key)}; should be string")
            item = item.get(key)
        else:
            raise FuncError(f"can't index item of type {type_name(item)}")
    return item


def length(item: Any) -> int:
    if _nil(item):
        raise FuncError("len of nil pointer")
    if isinstance(item, list | tuple | str | bytes | Mapping):
        return len(item.encode() if isinstance(item, str) else item)
    raise FuncError(f"len of type {type_name(item)}")


def _args_text(args: tuple[Any, ...]) -> str:
    if len(args) == 1 and isinstance(args[0], str):
        return args[0]
    return sprint(*args)


def html(*args: Any) -> str:
    text = _args_text(args)
    return (
        _html.escape(text, quote=False)
        .replace('"', "&#34;")
        .replace("'", "&#39;")
        .replace("\0", "\ufffd")
    )


_JS = {
    "\\": "\\\\", "'": "\\'", '"': '\\"', "<": "\\u003C", ">": "\\u003E", "&": "\\u0026",
    "=": "\\u003D",
}  # fmt: skip


def js(*args: Any) -> str:
    out = []
    for char in _args_text(args):
        if char in _JS:
            out.append(_JS[char])
        elif ord(char) < 0x20:
            out.append(f"\\u00{ord(char):02X}")
        elif ord(char) > 0x7F and not char.isprintable():
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return "".join(out)


def urlquery(*args: Any) -> str:
    return urllib.parse.quote_plus(_args_text(args), safe="")


def not_(value: Any) -> bool:
    return not truth(value)


BUILTINS: Mapping[str, Callable[..., Any]] = {
    "eq": eq, "ne": ne, "lt": lt, "le": le, "gt": gt, "ge": ge, "index": index, "len": length,
    "not": not_, "html": html, "js": js, "urlquery": urlquery, "print": sprint,
    "printf": sprintf, "println": sprintln,
}  # fmt: skip
# Evaluated by the executor itself: `and`/`or` stop at the first argument that decides.
SPECIAL = frozenset({"and", "or", "call"})
