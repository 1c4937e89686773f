"""JSON indented as `json.dump(value, out, indent=2)` writes it, at a fraction of the cost.

With an indent the standard library leaves its C encoder for one in Python that passes every
token up through a generator per level of nesting, and `json.dump` writes each token on its own:
about 100 µs a SARIF result. Here one recursive function appends the pieces to a list, strings
are escaped by the C function the encoder itself uses, and the text is written once. The output
is the same byte for byte (tests/report/test_indented.py compares them on every report).
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring_ascii
from typing import Any, TextIO

INDENT = 2


def _key(key: object) -> str:
    """A mapping key as JSON writes it, with the colon: a string, or a scalar turned into one."""
    if isinstance(key, str):
        return f"{encode_basestring_ascii(key)}: "
    if isinstance(key, bool | int | float) or key is None:
        return f"{encode_basestring_ascii(json.dumps(key))}: "
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _scalar(value: Any) -> str | None:
    """A string, number, boolean or null as JSON writes it; None for anything else."""
    kind = type(value)
    if kind is str:
        return encode_basestring_ascii(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return json.dumps(value)
    if isinstance(value, str):
        return encode_basestring_ascii(value)
    return None


def _encode(value: Any, level: int, parts: list[str], keys: dict[object, str]) -> None:
    """Append the pieces of `value`, nested `level` deep, to `parts`; `keys` memoises keys."""
    if isinstance(value, dict):
        items: Any = value.items()
        opening, closing = "{", "}"
    elif isinstance(value, list | tuple):
        items, opening, closing = value, "[", "]"
    else:
        text = _scalar(value)
        if text is None:
            raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
        parts.append(text)
        return
    if not value:
        parts.append(opening + closing)
        return
    inner = "\n" + " " * (INDENT * (level + 1))
    separator = opening + inner
    for entry in items:
        if opening == "{":
            key, item = entry
            name = keys.get(key) if type(key) is str else None  # (0 and False are equal)
            if name is None:
                name = keys[key] = _key(key)
            start = separator + name
        else:
            item, start = entry, separator
        kind = type(item)  # the common scalars inline: a call a value is half the cost
        if kind is str:
            parts.append(start + encode_basestring_ascii(item))
        elif kind is int:
            parts.append(start + int.__repr__(item))
        elif item is None:
            parts.append(start + "null")
        else:
            parts.append(start)
            _encode(item, level + 1, parts, keys)
        separator = "," + inner
    parts.append("\n" + " " * (INDENT * level) + closing)


def dumps(value: Any) -> str:
    """`value` as `json.dumps(value, indent=2)` writes it."""
    parts: list[str] = []
    _encode(value, 0, parts, {})
    return "".join(parts)


def dump(value: Any, out: TextIO) -> None:
    """Write `value` and a newline to `out`, as `json.dump(value, out, indent=2)` does."""
    out.write(dumps(value) + "\n")
