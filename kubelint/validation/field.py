"""Field errors as the API server reports them (`k8s.io/apimachinery/pkg/util/validation/field`).

A `FieldError` is one entry of the API server's `field.ErrorList`: the field (a path such as
`spec.containers[0].image`), the error type, the bad value and a detail. `message` renders it in
the server's own words, e.g. `spec.replicas: Invalid value: -1: must be greater than or equal to
0` or `spec.containers[0].image: Required value`.

Paths are the JSON paths of the document (`("spec", "containers", 0, "image")`), so a finding's
line and column come from the same path. A map key is marked with `Key` (the server writes it in
brackets, `metadata.labels[app]`). Where the server names a field that is not where the problem
sits in the document (label errors name the whole `metadata.labels`), `at` says where to point.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from kubelint.printable import cut, json_quote
from kubelint.yamlload import JsonPath


class Key(str):
    """A map key in a path: rendered `[key]`, as `field.Path.Key` does."""

    __slots__ = ()


class GoSyntax(str):
    """A value the server prints in Go syntax (`%#v` of a struct), shown verbatim."""

    __slots__ = ()


class ErrorType(enum.Enum):
    NOT_FOUND = "Not found"
    REQUIRED = "Required value"
    DUPLICATE = "Duplicate value"
    INVALID = "Invalid value"
    NOT_SUPPORTED = "Unsupported value"
    FORBIDDEN = "Forbidden"
    TOO_LONG = "Too long"
    TOO_MANY = "Too many"


class _Omit:
    """No value to show (the server's `omitValue`)."""


OMIT: Any = _Omit()
# Types whose body never shows the value.
_VALUELESS = (ErrorType.REQUIRED, ErrorType.FORBIDDEN, ErrorType.TOO_LONG)


@dataclass(frozen=True, slots=True)
class FieldError:
    type: ErrorType
    path: JsonPath
    value: Any = OMIT
    detail: str = ""
    at: JsonPath | None = None  # where it is in the document, when not at `path`
    key: bool = False  # point at the field's key rather than its value

    @property
    def field(self) -> str:
        return render_path(self.path)

    @property
    def where(self) -> JsonPath:
        return self.path if self.at is None else self.at

    @property
    def body(self) -> str:
        text = self.type.value
        if self.type not in _VALUELESS and self.value is not OMIT:
            text += f": {go_value(self.value)}"
        return f"{text}: {self.detail}" if self.detail else text

    @property
    def message(self) -> str:
        return f"{self.field}: {self.body}" if self.path else self.body


Errors = list[FieldError]


def render_path(path: JsonPath) -> str:
    """`("spec", "containers", 0, "image")` → `spec.containers[0].image`; keys in brackets."""
    out: list[str] = []
    for part in path:
        if isinstance(part, (int, Key)):
            out.append(f"[{part}]")
        else:
            out.append(f".{part}" if out else str(part))
    return "".join(out)


def go_value(value: Any) -> str:
    """A value the way the server prints it: numbers and booleans bare, strings quoted, maps
    and lists in Go syntax; cut to a short length (kubelint.printable), as every quoted value."""
    if value is None:
        return "null"
    if isinstance(value, GoSyntax):
        return cut(str(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json_quote(value, ascii=False)
    if isinstance(value, Mapping):
        items = ", ".join(f"{go_value(str(k))}:{go_value(v)}" for k, v in value.items())
        return cut(f"map[string]string{{{items}}}")
    if isinstance(value, Sequence):
        return cut("[]string{" + ", ".join(go_value(v) for v in value) + "}")
    return cut(str(value))


def required(path: JsonPath, detail: str = "", at: JsonPath | None = None) -> FieldError:
    return FieldError(ErrorType.REQUIRED, path, detail=detail, at=at, key=True)


def invalid(
    path: JsonPath, value: Any, detail: str, at: JsonPath | None = None, key: bool = False
) -> FieldError:
    return FieldError(ErrorType.INVALID, path, value, detail, at, key)


def invalid_all(path: JsonPath, value: Any, details: Iterable[str]) -> Errors:
    """One Invalid error per reason, as the server reports a failed name check."""
    if not details:  # the usual case: a valid name (no reasons)
        return []
    return [FieldError(ErrorType.INVALID, path, value, detail) for detail in details]


def not_supported(
    path: JsonPath, value: Any, supported: Iterable[str], at: JsonPath | None = None
) -> FieldError:
    detail = "supported values: " + ", ".join(json.dumps(v) for v in supported)
    return FieldError(ErrorType.NOT_SUPPORTED, path, value, detail, at)


def forbidden(
    path: JsonPath, detail: str, key: bool = True, at: JsonPath | None = None
) -> FieldError:
    return FieldError(ErrorType.FORBIDDEN, path, detail=detail, at=at, key=key)


def duplicate(path: JsonPath, value: Any, at: JsonPath | None = None) -> FieldError:
    return FieldError(ErrorType.DUPLICATE, path, value, at=at)


def not_found(path: JsonPath, value: Any) -> FieldError:
    return FieldError(ErrorType.NOT_FOUND, path, value)


def too_long(path: JsonPath, limit: int) -> FieldError:
    return FieldError(ErrorType.TOO_LONG, path, detail=f"may not be more than {limit} bytes")


def too_many(path: JsonPath, actual: int, limit: int) -> FieldError:
    detail = f"must have at most {limit} items"
    return FieldError(ErrorType.TOO_MANY, path, actual, detail)


def placed(errors: Errors, at: JsonPath) -> Errors:
    """The errors pointing at `at` in the document (the server names another field)."""
    return [replace(error, at=at) for error in errors]
