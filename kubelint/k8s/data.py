"""Reading fields of plain (untrusted) object data without a type check at every step."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TypeGuard


def is_mapping(value: Any) -> TypeGuard[Mapping[str, Any]]:
    """`isinstance(value, Mapping)`, fast for the dicts the loader makes and for a missing
    field (None), which would otherwise go through the slower abstract-class check."""
    return type(value) is dict or (value is not None and isinstance(value, Mapping))


def mapping(value: Any) -> Mapping[str, Any]:
    """The value if it is a mapping, else an empty one (a wrong type is reported elsewhere)."""
    return value if type(value) is dict or is_mapping(value) else {}


def dig(data: Any, *path: str) -> Any:
    """`data[path[0]][path[1]]…`, or None where a step is missing or not a mapping."""
    for part in path:
        if type(data) is not dict and (data is None or not isinstance(data, Mapping)):
            return None  # (a missing step, None, skips the slower abstract-class check)
        data = data.get(part)
    return data


def copy_data(value: Any) -> Any:
    """A deep copy of plain data (dicts, lists and immutable scalars, as the loader makes):
    about 4x cheaper than `copy.deepcopy`, which also keeps a memo of every node. A node that
    two places share (a YAML alias) becomes two copies, as kustomize reads an anchor."""
    if type(value) is dict:
        return {k: copy_data(v) for k, v in value.items()}
    if type(value) is list:
        return [copy_data(v) for v in value]
    return value


def entries(value: Any) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """`(index, item)` of the mapping items of a list (other items are skipped)."""
    if type(value) is list:
        for i, item in enumerate(value):
            if type(item) is dict or isinstance(item, Mapping):
                yield i, item


def text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def integer(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


MAX_DIGITS = 18  # digits of a number a field spells as text: an int64 has 19, Python reads 4,300


def digits(value: Any) -> int | None:
    """The number a string of ASCII digits spells (`"80"` → 80), or None: not such a string
    (`"²"`, `"8a"`, `""`), or longer than MAX_DIGITS (no field holds it; Python would raise)."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS:
        return int(value)
    return None


def percent(value: Any) -> int | None:
    """The number of an int-or-string percentage (`"25%"` → 25), or None."""
    return digits(value[:-1]) if isinstance(value, str) and value.endswith("%") else None
