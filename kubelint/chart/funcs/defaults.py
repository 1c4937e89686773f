"""Types and defaults: `default`, `required`, `fail`, the type tests and conversions,
semantic version checks."""

from __future__ import annotations

from typing import Any

from jinja2 import Undefined

from kubelint import printable
from kubelint.chart import semver
from kubelint.chart.funcs.base import (
    HelmFunction,
    TemplateFailure,
    affordable,
    go_str,
    go_type,
    is_empty,
    kind_of,
    to_float,
    to_int,
)


# -- types and choices -----------------------------------------------------------------------
def default(fallback: Any, value: Any = None) -> Any:
    return fallback if is_empty(value) else value


def coalesce(*values: Any) -> Any:
    return next((v for v in values if not is_empty(v)), None)


def ternary(if_true: Any, if_false: Any, condition: Any) -> Any:
    return if_true if condition else if_false


def required(message: str, value: Any) -> Any:
    if value is None or isinstance(value, Undefined) or value == "":
        raise TemplateFailure(message)
    return value


def fail(message: str) -> str:
    raise TemplateFailure(message)


def semver_compare(constraint: str, version: str) -> bool:
    parsed = semver.parse_version(str(version))
    if parsed is None:
        raise TemplateFailure(f"semverCompare: invalid version {printable.quote(version)}")
    try:
        return semver.parse_constraint(str(constraint)).check(parsed)
    except semver.ConstraintError as exc:
        raise TemplateFailure(f"semverCompare: {exc}") from None


def semver_object(version: str) -> dict[str, Any]:
    parsed = semver.parse_version(str(version))
    if parsed is None:
        raise TemplateFailure(f"semver: invalid version {printable.quote(version)}")
    metadata = str(version).partition("+")[2]
    return {
        "Major": parsed.major,
        "Minor": parsed.minor,
        "Patch": parsed.patch,
        "Prerelease": ".".join(str(p) for p in parsed.pre),
        "Metadata": metadata,
        "Original": str(version),
    }


def deep_equal(first: Any, second: Any) -> bool:
    """Whether the values are equal, deeply; each measured first (two lists shared and doubled
    60 times, built apart, take 2^60 steps to compare)."""
    affordable(first)
    affordable(second)
    return bool(first == second)


def _octal(text: str) -> int:
    try:
        return int(text, 8)
    except ValueError:
        return 0


GROUP: dict[str, HelmFunction] = {
    "default": HelmFunction(
        default,
        "fallback, value",
        '`value`, or `fallback` when `value` is empty (0, `""`, `[]`, `{}`, false, none)',
    ),
    "empty": HelmFunction(is_empty, "value", "whether `value` is empty, as `default` sees it"),
    "coalesce": HelmFunction(coalesce, "values…", "the first value that is not empty"),
    "all": HelmFunction(
        lambda *values: all(not is_empty(v) for v in values),
        "values…",
        "whether no value is empty",
    ),
    "any": HelmFunction(
        lambda *values: any(not is_empty(v) for v in values),
        "values…",
        "whether some value is not empty",
    ),
    "ternary": HelmFunction(
        ternary,
        "if_true, if_false, condition",
        "`if_true` when `condition` holds, else `if_false`",
    ),
    "required": HelmFunction(
        required,
        "message, value",
        '`value`; when it is none or `""`, rendering stops with `message` at the template line',
    ),
    "fail": HelmFunction(fail, "message", "stops rendering with `message` at the template line"),
    "kindOf": HelmFunction(
        kind_of,
        "value",
        "Go's kind: `string`, `int64`, `float64`, `bool`, `map`, `slice`, `invalid`",
    ),
    "kindIs": HelmFunction(
        lambda kind, value: kind_of(value) == kind,
        "kind, value",
        "whether `kindOf(value)` is `kind`",
    ),
    "typeOf": HelmFunction(
        go_type,
        "value",
        "Go's type: `string`, `int`, `float64`, `map[string]interface {}`, `[]interface {}`, …",
    ),
    "typeIs": HelmFunction(
        lambda name, value: go_type(value) == name,
        "type, value",
        "whether `typeOf(value)` is `type`",
    ),
    "typeIsLike": HelmFunction(
        lambda name, value: go_type(value) in (name, name.lstrip("*")),
        "type, value",
        "`typeIs`, a pointer type matching too",
    ),
    "deepEqual": HelmFunction(deep_equal, "a, b", "whether the two values are equal, deeply"),
    "int": HelmFunction(to_int, "value", "an integer (strings parsed; bad input gives 0)"),
    "int64": HelmFunction(to_int, "value", "`int`"),
    "atoi": HelmFunction(to_int, "text", "`int`"),
    "float64": HelmFunction(to_float, "value", "a float (bad input gives 0)"),
    "toDecimal": HelmFunction(
        lambda s: _octal(go_str(s)), "text", 'an octal string as an integer (`"0777"` → 511)'
    ),
    "semver": HelmFunction(
        semver_object,
        "version",
        "`Major`, `Minor`, `Patch`, `Prerelease`, `Metadata`, `Original` of a SemVer version",
    ),
    "semverCompare": HelmFunction(
        semver_compare,
        "constraint, version",
        "whether `version` meets the constraint (`>=1.20.0-0`, `^1.2`, `~1.2`, ranges)",
    ),
}
