"""JSON indented as `json.dump(value, out, indent=2)` writes it, at a fraction of the cost.

With an indent the standard library leaves its C encoder for one in Python that passes every
token up through a generator per level of nesting, and `json.dump` writes each token on its own:
about 100 µs a SARIF result. Here one recursive function appends the pieces to a list (a key,
its value and what comes before them in one piece when the value is a string, a number or null),
strings are escaped by the C function the encoder itself uses, and the text is written once.
The output is the same byte for byte (tests/report/test_indented.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring_ascii
from typing import Any, TextIO

INDENT = 2


class _Breaks(dict[int, str]):
    """A new line and the indent of a level: `_BREAKS[level]`, made once a level."""

    def __missing__(self, level: int) -> str:
        self[level] = text = "\n" + " " * (INDENT * level)
        return text


_BREAKS = _Breaks()


def _key(key: object) -> str:
    """A mapping key as JSON writes it, with the colon: a string, or a scalar turned into one."""
    if isinstance(key, str):
        return f"{encode_basestring_ascii(key)}: "
    if isinstance(key, bool | int | float) or key is None:
        return f"{encode_basestring_ascii(json.dumps(key))}: "
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _scalar(value: Any) -> str:
    """A string, number, boolean or null as JSON writes it."""
    if isinstance(value, str):
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
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _encode(value: Any, level: int, append: Callable[[str], None], keys: dict[str, str]) -> None:
    """Append the pieces of `value`, nested `level` deep; `keys` memoises string keys.
    The common scalars are written inline, a mapping and a list each by a loop of its own:
    a call or a test a value is a good part of the cost."""
    if isinstance(value, dict):
        if not value:
            append("{}")
            return
        inner = _BREAKS[level + 1]
        separator, comma = "{" + inner, "," + inner
        for key, item in value.items():
            name = keys.get(key) if type(key) is str else None  # (0 and False are equal keys)
            if name is None:
                name = _key(key)
                if type(key) is str:
                    keys[key] = name
            kind = type(item)
            if kind is str:
                append(separator + name + encode_basestring_ascii(item))
            elif kind is int:
                append(separator + name + int.__repr__(item))
            elif item is None:
                append(separator + name + "null")
            else:
                append(separator + name)
                _encode(item, level + 1, append, keys)
            separator = comma
        append(_BREAKS[level] + "}")
    elif isinstance(value, list | tuple):
        if not value:
            append("[]")
            return
        inner = _BREAKS[level + 1]
        separator, comma = "[" + inner, "," + inner
        for item in value:
            kind = type(item)
            if kind is str:
                append(separator + encode_basestring_ascii(item))
            elif kind is int:
                append(separator + int.__repr__(item))
            else:
                append(separator)
                _encode(item, level + 1, append, keys)
            separator = comma
        append(_BREAKS[level] + "]")
    else:
        append(_scalar(value))


def dumps(value: Any) -> str:
    """`value` as `json.dumps(value, indent=2)` writes it."""
    parts: list[str] = []
    _encode(value, 0, parts.append, {})
    return "".join(parts)


def dump(value: Any, out: TextIO) -> None:
    """Write `value` and a newline to `out`, as `json.dump(value, out, indent=2)` does."""
    out.write(dumps(value) + "\n")
