"""JSON indented as `json.dump(value, out, indent=2)` writes it, at a fraction of the cost.

With an indent the standard library leaves its C encoder for one in Python that passes every
token up through a generator per level of nesting, and `json.dump` writes each token on its own:
about 100 µs a SARIF result. Here one recursive function appends the pieces to a list (a key,
its value and what comes before them in one piece when the value is a string, a number or null),
strings are escaped by the C function the encoder itself uses, and the text is written once.
The output is the same byte for byte (tests/report/test_indented.py).

Reports with thousands of findings write each from a `template`: the text of one finding of a
given shape, written once by this module with a `placeholder` for each value, which each
finding fills with its values' JSON texts, as an item of an `Array`, written as it is made.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
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


def _encode(value: Any, level: int, parts: _Pieces, keys: dict[str, str]) -> None:
    """Append the pieces of `value` to `parts`, nested `level` deep; `keys` memoises string
    keys. The common scalars are written inline, a mapping and a list each by a loop of its own:
    a call or a test a value is a good part of the cost."""
    append = parts.append
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
                _encode(item, level + 1, parts, keys)
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
                _encode(item, level + 1, parts, keys)
            separator = comma
        append(_BREAKS[level] + "]")
    elif type(value) is Array:
        _array(value.items, level, parts)
    else:
        append(_scalar(value))


def dumps(value: Any, level: int = 0) -> str:
    """`value` as `json.dumps(value, indent=2)` writes it; `level`: as it is written nested
    that deep in another value (its inner lines indented as there, not its first)."""
    parts = _Pieces(None)
    _encode(value, level, parts, {})
    return "".join(parts)


def text(value: str | None) -> str:
    """A string or None as JSON writes it (the common case of `_scalar`, kept short)."""
    return "null" if value is None else encode_basestring_ascii(value)


def placeholder(name: str) -> str:
    """What stands in a shape given to `template` for the value called `name`."""
    return f"\0{name}"


def template(shape: Any, level: int, names: Sequence[str]) -> tuple[str, ...]:
    """`shape` as `dumps(shape, level)` writes it, as the texts between its values: a tuple with
    a place (an empty string) for the JSON text of each `placeholder` of `shape` (`Array`).
    The placeholders of `shape` come in the order of `names`, any of which it may lack."""
    written = dumps(shape, level)
    at = {encode_basestring_ascii(placeholder(name)): name for name in names}
    pieces = re.split(f"({'|'.join(map(re.escape, at))})", written)
    found = [at[piece] for piece in pieces[1::2]]
    unknown = any(encode_basestring_ascii(placeholder(""))[1:-1] in part for part in pieces[::2])
    if unknown or found != [name for name in names if name in found]:
        raise ValueError(f"placeholders other than {names}, or in another order: {written}")
    pieces[1::2] = [""] * len(found)
    return tuple(pieces)


Item = tuple[tuple[str, ...], list[str]]  # a `template` and the JSON texts of its values


class Array:
    """A list whose items are each a `template` filled with the JSON texts of its values (or
    such an item's text, `filled`), put in a value given to `dump`: made from `items` as they
    are written, a few thousand pieces of text at a time, never held whole (a report of
    thousands of findings is megabytes)."""

    __slots__ = ("items",)

    def __init__(self, items: Iterable[Item | str]) -> None:
        self.items = items  # (an iterator: written once)


def filled(item: Item) -> str:
    """An item's text, as an `Array` writes it."""
    template, values = item
    text = list(template)
    text[1::2] = values
    return "".join(text)


_BATCH = 4096  # pieces of text written at a time


class _Pieces(list[str]):
    """Pieces of text on their way to `out`, written a batch at a time (kept, with no `out`)."""

    def __init__(self, out: TextIO | None) -> None:
        super().__init__()
        self.out = out

    def flush(self) -> None:
        if self.out is not None:
            self.out.write("".join(self))
            self.clear()


def _array(items: Iterable[Item | str], level: int, parts: _Pieces) -> None:
    """Append the pieces of an `Array` nested `level` deep, flushing them a batch at a time."""
    inner = _BREAKS[level + 1]
    separator, comma = "[" + inner, "," + inner
    for item in items:
        parts.append(separator)
        if isinstance(item, str):
            parts.append(item)
        else:
            template, values = item
            text = list(template)
            text[1::2] = values
            parts += text
        separator = comma
        if len(parts) > _BATCH:
            parts.flush()
    parts.append("[]" if separator is not comma else _BREAKS[level] + "]")


def dump(value: Any, out: TextIO) -> None:
    """Write `value` and a newline to `out`, as `json.dump(value, out, indent=2)` does: a few
    thousand pieces of text at a time, not one text of the whole."""
    parts = _Pieces(out)
    _encode(value, 0, parts, {})
    parts.append("\n")
    parts.flush()
