"""Field errors as the API server reports them (`k8s.io/apimachinery/pkg/util/validation/field`).

A `FieldError` is one entry of the API server's `field.ErrorList`: the field (a path such as
`spec.containers[0].image`), the error type, the bad value and a detail. `message(minor)` renders it
in the server's own words, e.g. `spec.replicas: Invalid value: -1: must be greater than or equal to
0` or `spec.containers[0].image: Required value`.

Paths are the JSON paths of the document (`("spec", "containers", 0, "image")`), so a finding's
line and column come from the same path. A map key is marked with `Key` (the server writes it in
brackets, `metadata.labels[app]`). Where the server names a field that is not where the problem
sits in the document (label errors name the whole `metadata.labels`), `at` says where to point.

The bad value is printed as the server of the target version prints it (`ErrorBody`): numbers
and booleans bare and strings quoted in every version; maps, lists and structs in Go syntax
(`%#v`: `map[string]string{"a":"b"}`, `[]string{"x", "y"}`) up to 1.33, as JSON
(`{"a":"b"}`, `["x","y"]`) from 1.34 (apimachinery c58e197e, "Nicer value rendering"), where a
nil value also lost its quotes (`"null"`, then `null`). So a message is formed for a version:
`error.message(minor)`, only for the errors found.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from kubelint.printable import QUOTE_LIMIT, cut, json_quote
from kubelint.yamlload import JsonPath


class Key(str):
    """A map key in a path: rendered `[key]`, as `field.Path.Key` does."""

    __slots__ = ()


class Typed(NamedTuple):
    """A value whose Go type shows in the server's message: a struct, an int-or-string, a slice
    of a named type. Up to 1.33 it is `go` (its `%#v`, verbatim); from 1.34 it is `data` as JSON
    (an internal type's struct has no JSON tags: every field, by its Go name)."""

    go: str
    data: Any


def typed_list(go_type: str, items: Sequence[Any]) -> Typed:
    """A slice of a named type (`[]core.ResourceQuotaScope{"a"}` up to 1.33, `["a"]` after)."""
    return Typed(f"[]{go_type}{{" + ", ".join(go_syntax(v) for v in items) + "}", list(items))


def int_or_string(value: Any) -> Any:
    """An `intstr.IntOrString` passed whole (`ValidatePositiveIntOrPercent`); a value of
    another type as it is."""
    if isinstance(value, str):
        return Typed(f"intstr.IntOrString{{Type:1, IntVal:0, StrVal:{_go_string(value)}}}", value)
    if isinstance(value, int) and not isinstance(value, bool):
        return Typed(f'intstr.IntOrString{{Type:0, IntVal:{value}, StrVal:""}}', value)
    return value


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
# The first minor release printing maps, lists and structs as JSON (apimachinery c58e197e).
JSON_SINCE = 34


class FieldError(NamedTuple):
    """One field the API server would reject, as its field.Error says it."""

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

    def body(self, minor: int) -> str:
        """`ErrorBody()` of the server of version 1.<minor>."""
        text = self.type.value
        if self.type not in _VALUELESS and self.value is not OMIT:
            text += f": {go_value(self.value, minor)}"
        return f"{text}: {self.detail}" if self.detail else text

    def message(self, minor: int) -> str:
        """`Error()` of the server of version 1.<minor>: the field, then the body."""
        body = self.body(minor)
        return f"{self.field}: {body}" if self.path else body


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


def go_value(value: Any, minor: int) -> str:
    """A value the way the server of version 1.<minor> prints it; cut to a short length
    (kubelint.printable), as every quoted value."""
    if isinstance(value, Typed):
        limit = 2 * QUOTE_LIMIT  # (its type's syntax and field names are not input)
        return cut(value.go, limit) if minor < JSON_SINCE else _json(value.data, limit=limit)
    if value is None:  # a nil became the string "null" up to 1.33
        return '"null"' if minor < JSON_SINCE else "null"
    if isinstance(value, (bool, str, int, float)):
        return _scalar(value)
    if minor >= JSON_SINCE:
        return _json(value, sort_keys=True)
    return cut(go_syntax(value))


def _scalar(value: bool | str | int | float) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json_quote(value, ascii=False)
    return str(value)


def _go_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def go_syntax(value: Any) -> str:
    """`%#v` of a value read from a manifest: a map as `map[string]string`, keys in order, a
    list as `[]string`."""
    if value is None:
        return "nil"
    if isinstance(value, Typed):
        return value.go
    if isinstance(value, str):
        return _go_string(value)
    if isinstance(value, (bool, int, float)):
        return _scalar(value)
    if isinstance(value, Mapping):
        items = ", ".join(
            f"{_go_string(str(k))}:{go_syntax(value[k])}" for k in sorted(value, key=str)
        )
        return f"map[string]string{{{items}}}"
    if isinstance(value, Sequence):
        return "[]string{" + ", ".join(go_syntax(v) for v in value) + "}"
    return str(value)


# encoding/json escapes these in strings; Python's json leaves them be.
_GO_JSON_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def _json(data: Any, sort_keys: bool = False, limit: int = QUOTE_LIMIT) -> str:
    """`json.Marshal` of the value: compact, map keys sorted (a struct keeps its field order)."""
    text = json.dumps(
        data, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys, default=str
    )
    return cut(text.translate(_GO_JSON_ESCAPES), limit)


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
    return [error._replace(at=at) for error in errors]
