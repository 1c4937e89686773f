"""JSON values as Go's decoder sees them, for the strategic merge patch."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kubelint.patch.errors import PatchError

Json = Any
DIRECTIVE = "$patch"


def describe(value: Json) -> str:
    """`an object`, `a list`, `a str`, `null`: for messages."""
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return "null" if value is None else f"a {type(value).__name__}"


def short(value: Json) -> str:
    """A value in a message: its repr, cut to 80 characters."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def category(value: Json) -> str:
    """The JSON type of a value, as Go's decoder sees it (every number is a float64)."""
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, list):
        return "list"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return "null" if value is None else "string"


def same(left: Json, right: Json) -> bool:
    """Go's `==` on two decoded JSON scalars: same type and value (`1` is not `"1"` nor `true`)."""
    return category(left) == category(right) and left == right


def element_category(*lists: list[Json]) -> str | None:
    """The one JSON type of the elements of `lists` (None when they have none)."""
    found: str | None = None
    for items in lists:
        for item in items:
            kind = category(item)
            if kind == "list":
                raise PatchError("lists of lists are not supported")
            if found is not None and kind != found:
                raise PatchError("list element types are not identical")
            found = kind
    return found


def remove_directives(value: Json) -> tuple[Json, bool]:
    """`value` without its `$patch` objects, and whether anything is left to keep."""
    if isinstance(value, dict):
        if DIRECTIVE in value:
            return None, False
        for key in list(value):
            value[key], keep = remove_directives(value[key])
            if not keep:
                del value[key]
        return value, True
    if isinstance(value, list):
        kept = [remove_directives(item) for item in value]
        return [item for item, keep in kept if keep], True
    return value, True


def discard_nulls(value: Json) -> None:
    """Remove, in place, every key whose value is null, at any depth."""
    if isinstance(value, dict):
        for key in [key for key, item in value.items() if item is None]:
            del value[key]
        for item in value.values():
            discard_nulls(item)
    elif isinstance(value, list):
        for item in value:
            discard_nulls(item)


def deletes(item: Json) -> bool:
    """A list element `{…, $patch: delete}`."""
    return isinstance(item, dict) and item.get(DIRECTIVE) == "delete"
