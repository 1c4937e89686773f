"""JSON and TOML read within the bounds YAML input has: an integer too long for Python to read
(more than `INT_DIGITS` digits) or nesting too deep for its parsers is a `DataError` with a
one-line message and, where it can be found, a line, never a crash (baselines, `--set-json`,
pyproject.toml)."""

from __future__ import annotations

import json
import re
from typing import Any

from kubelint.yamlloader import INT_DIGITS

_LONG_NUMBER = re.compile(rf"[0-9][0-9_]{{{INT_DIGITS},}}")
_TOO_DEEP = "mappings and lists nest too deep to read"


class DataError(ValueError):
    """A JSON or TOML text that cannot be read: the message, and its 1-based line if known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line

    def where(self, path: str) -> str:
        """`path:line`, or the path alone when the line is not known."""
        return path if self.line is None else f"{path}:{self.line}"


class _LongInteger(ValueError):
    pass


def _json_int(text: str) -> int:
    if len(text) > INT_DIGITS:
        raise _LongInteger(text)
    return int(text)


_DECODER = json.JSONDecoder(parse_int=_json_int)


def _long_number(text: str) -> DataError:
    found = _LONG_NUMBER.search(text)
    line = text.count("\n", 0, found.start()) + 1 if found else None
    return DataError(f"an integer of more than {INT_DIGITS:,} digits", line)


def json_decode(text: str, start: int = 0) -> tuple[Any, int]:
    """The JSON value at `start` of `text` and where it ends (`JSONDecoder.raw_decode`)."""
    try:
        return _DECODER.raw_decode(text, start)
    except json.JSONDecodeError as exc:
        raise DataError(exc.msg, exc.lineno) from None
    except _LongInteger:
        raise _long_number(text[start:]) from None
    except RecursionError:
        raise DataError(_TOO_DEEP) from None


def json_loads(text: str) -> Any:
    """A JSON document (surrounding blanks allowed, nothing else)."""
    start = len(text) - len(text.lstrip())
    value, end = json_decode(text, start)
    rest = text[end:].lstrip()
    if rest:
        extra = len(text) - len(rest)
        raise DataError("extra data after the JSON value", text.count("\n", 0, extra) + 1)
    return value


def toml_loads(text: str) -> dict[str, Any]:
    """A TOML document."""
    import tomllib  # only for a TOML file: not every run's start-up

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(str(exc)) from None
    except ValueError:  # tomllib reads integers with int(): one too long to read
        raise _long_number(text) from None
    except RecursionError:
        raise DataError(_TOO_DEEP) from None
