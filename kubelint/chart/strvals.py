"""The `--set` grammar of Helm (`name=value,list={a,b},x[0].y=1`), with its type inference and
its error messages, for `--set`, `--set-string`, `--set-json`, `--set-file` and `--set-literal`.

`parse_into` writes into an existing mapping, as Helm does: `--set a.b=1` keeps the other keys
of `a` given by a values file, `--set a=1` replaces `a` whatever it was.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from kubelint.dataload import DataError, json_decode
from kubelint.printable import cut

MAX_INDEX = 65536
MAX_NESTED_NAME_LEVEL = 30
_INT = re.compile(r"[+-]?[0-9]+")
_INT64 = 2**63

ValueReader = Callable[[str], Any]


class StrvalsError(ValueError):
    """A `--set` expression that cannot be parsed; the message is Helm's."""


class _EOF(Exception):
    """The end of the expression, where more was expected (Go's io.EOF)."""


class _NotList(Exception):
    """The value does not start with `{` (Go's ErrNotList)."""


def typed_value(text: str) -> Any:
    """`true`/`false` → bool, `null` → None, an integer without leading zero → int; else str."""
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered == "null":
        return None
    if text == "0":
        return 0
    if text and text[0] != "0" and len(text) <= 20 and _INT.fullmatch(text):
        number = int(text)
        if -_INT64 <= number < _INT64:
            return number
    return text


def go_type(value: Any) -> str:
    """How Go names the type of a decoded value, for Helm's "interface conversion" messages."""
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "[]interface {}"
    return "map[string]interface {}"


def _conversion(value: Any, wanted: type) -> StrvalsError:
    target = "map[string]interface {}" if wanted is dict else "[]interface {}"
    return StrvalsError(
        f"unable to parse key: interface conversion: interface {{}} is {go_type(value)},"
        f" not {target}"
    )


class _Parser:
    def __init__(
        self,
        text: str,
        reader: ValueReader | None,
        *,
        json_values: bool = False,
        literal: bool = False,
    ) -> None:
        self.text = text
        self.pos = 0
        self.reader = reader
        self.json_values = json_values
        self.literal = literal

    # -- reading ---------------------------------------------------------------------------
    def _until(self, stop: str) -> tuple[str, str]:
        """Characters up to one of `stop` (consumed, returned second); backslash escapes the next
        character (not in literal mode). Raises _EOF with what was read at the end."""
        out: list[str] = []
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            self.pos += 1
            if char in stop:
                return "".join(out), char
            if char == "\\" and not self.literal:
                if self.pos >= len(text):
                    raise _EOFWith("".join(out))
                out.append(text[self.pos])
                self.pos += 1
            else:
                out.append(char)
        raise _EOFWith("".join(out))

    def parse(self, data: dict[str, Any]) -> None:
        while True:
            try:
                self._key(data, 0)
            except _EOF:
                return

    def _key(self, data: dict[str, Any], level: int) -> None:
        stop = "=[." if self.literal else "=[,."
        try:
            key, last = self._until(stop)
        except _EOFWith as exc:
            if not exc.read:
                raise _EOF from None
            raise StrvalsError(f"key {json.dumps(exc.read)} has no value") from None
        if last == "[":
            index = self._index()
            current = data.get(key, [])
            if not isinstance(current, list):
                raise _conversion(current, list)
            try:
                items = self._list_item(current, index, level)
            except _EOF:
                _set(data, key, current)
                raise
            _set(data, key, items)
        elif last == "=":
            at_end = self.pos >= len(self.text)
            _set(data, key, self._value())
            if at_end and not self.json_values and not self.literal:
                raise _EOF  # Helm's parser ends here (io.EOF), whatever the nesting
        elif last == ",":
            _set(data, key, "")
            raise StrvalsError(f"key {json.dumps(key)} has no value (cannot end with ,)")
        else:  # "."
            level += 1
            if level > MAX_NESTED_NAME_LEVEL:
                raise StrvalsError(
                    "value name nested level is greater than maximum supported nested level"
                    f" of {MAX_NESTED_NAME_LEVEL}"
                )
            inner = data.get(key, {})
            if not isinstance(inner, dict):
                raise _conversion(inner, dict)
            try:
                self._key(inner, level)
            except _EOF:
                if inner:
                    _set(data, key, inner)
                raise
            if not inner:
                raise StrvalsError(f"key map {json.dumps(key)} has no value")
            _set(data, key, inner)

    def _index(self) -> int:
        try:
            text, _ = self._until("]")
        except _EOFWith:
            raise _EOF from None  # Helm wraps io.EOF here, and its parser stops silently
        if not _INT.fullmatch(text) or len(text) > 19:  # beyond an int64, Go's Atoi refuses it
            why = "value out of range" if _INT.fullmatch(text) else "invalid syntax"
            raise StrvalsError(
                f"error parsing index: strconv.Atoi: parsing {json.dumps(cut(text))}: {why}"
            )
        return int(text)

    def _list_item(self, items: list[Any], index: int, level: int) -> list[Any]:
        if index < 0:
            raise StrvalsError(f"negative {index} index not allowed")
        try:
            rest, last = self._until("[.=")
        except _EOFWith as exc:
            if exc.read:
                raise StrvalsError(
                    f"unexpected data at end of array index: {_runes(exc.read)}"
                ) from None
            raise _EOF from None
        if rest:
            raise StrvalsError(f"unexpected data at end of array index: {_runes(rest)}")
        if last == "=":
            return _set_index(items, index, self._value())
        if last == "[":
            inner_index = self._index()
            existing = items[index] if index < len(items) else None
            if existing is not None and not isinstance(existing, list):
                raise _conversion(existing, list)
            inner_list = self._list_item(existing or [], inner_index, level)
            return _set_index(items, index, inner_list)
        inner = items[index] if index < len(items) else {}
        if not isinstance(inner, dict):  # Helm replaces the item in place before recursing
            inner = items[index] = {}
        self._key(inner, level)
        return _set_index(items, index, inner)

    def _value(self) -> Any:
        """The value after `=`: JSON, literal rest, a `{a,b}` list, or a scalar."""
        if self.json_values:
            return self._json_value()
        if self.literal:
            value = self.text[self.pos :]
            self.pos = len(self.text)
            return value
        assert self.reader is not None
        if self.pos >= len(self.text):
            return ""
        if self.text[self.pos] == "{":
            self.pos += 1
            return self._list_value()
        try:
            raw, _ = self._until(",")
        except _EOFWith as exc:
            raw = exc.read
        return self.reader(raw)

    def _list_value(self) -> list[Any]:
        assert self.reader is not None
        values: list[Any] = []
        while True:
            try:
                raw, last = self._until(",}")
            except _EOFWith:
                raise StrvalsError("list must terminate with '}'") from None
            values.append(self.reader(raw))
            if last == "}":
                if self.pos < len(self.text) and self.text[self.pos] == ",":
                    self.pos += 1
                return values

    def _json_value(self) -> Any:
        if self._empty_value():
            return None
        try:
            value, end = json_decode(self.text, self.pos)
        except DataError as exc:
            raise StrvalsError(f"invalid JSON: {exc}") from None
        self.pos = end
        self._empty_value()
        return value

    def _empty_value(self) -> bool:
        """Skip blanks; True at the end or at a comma (consumed)."""
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == ",":
                self.pos += 1
                return True
            if not char.isspace():
                return False
            self.pos += 1
        return True


class _EOFWith(_EOF):
    def __init__(self, read: str) -> None:
        super().__init__(read)
        self.read = read


def _runes(text: str) -> str:
    """Go's `%q` of a []rune: `['a' 'b']`."""
    return "[" + " ".join(repr(char) if char != "'" else "'\\''" for char in text) + "]"


def _set(data: dict[str, Any], key: str, value: Any) -> None:
    if key:
        data[key] = value


def _set_index(items: list[Any], index: int, value: Any) -> list[Any]:
    if index < 0:
        raise StrvalsError(f"negative {index} index not allowed")
    if index > MAX_INDEX:
        raise StrvalsError(
            f"index of {index} is greater than maximum supported index of {MAX_INDEX}"
        )
    if len(items) <= index:
        items.extend([None] * (index + 1 - len(items)))
    items[index] = value
    return items


def parse_into(text: str, dest: dict[str, Any], *, as_string: bool = False) -> None:
    """`--set` (typed values) or `--set-string` (`as_string`) into `dest`."""
    reader: ValueReader = str if as_string else typed_value
    _Parser(text, reader).parse(dest)


def parse_json_into(text: str, dest: dict[str, Any]) -> None:
    """`--set-json key=<json>,…`; an empty value is null."""
    _Parser(text, None, json_values=True).parse(dest)


def parse_file_into(text: str, dest: dict[str, Any], read: ValueReader) -> None:
    """`--set-file key=path`: `read(path)` gives the value."""
    _Parser(text, read).parse(dest)


def parse_literal_into(text: str, dest: dict[str, Any]) -> None:
    """`--set-literal key=value`: the value is everything after `=`, as a string."""
    _Parser(text, None, literal=True).parse(dest)


def parse(text: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    parse_into(text, values)
    return values
