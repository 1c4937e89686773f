"""Go's semantics where Jinja2's differ, for templates converted from Go (`kubelint convert`):
each helper is named for what it keeps of Go, and used only where a converted template cannot
do without it.

- `go_eq(a, b, …)` / `go_ne(a, b)`: Go's `eq`/`ne` — an error for values of different kinds
  (`incompatible types for comparison`, as Helm), where Jinja2's `==` is just false;
- `x | go_range`: what Go's `range` visits — a list's items, a mapping's values in key order
  (Jinja2 visits a mapping's keys, in file order);
- `x | go_items`: Go's `range $k, $v` pairs — a mapping's (key, value) in key order, a list's
  (index, item);
- `x | go_float`: a number as Go prints the float64 Helm reads from values (`1e+06`);
- `go_html`, `go_js`, `go_urlquery`: text/template's escapers, which Jinja2 lacks;
- `go_root()`: Go's `.` at the top of a template, as a value (`Values`, `Release`, `Chart`,
  `Capabilities`, `Template`, `Files`), for a helper that takes it as an argument.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import Undefined, pass_context
from jinja2.runtime import Context

from kubelint.chart.files import Files
from kubelint.chart.funcs.base import TemplateFailure
from kubelint.chart.gotmpl import builtins
from kubelint.chart.gotmpl.gotypes import NO_VALUE, format_float

TOP = ("Values", "Release", "Chart", "Capabilities", "Template", "Files")


def _go(value: Any) -> Any:
    return NO_VALUE if isinstance(value, Undefined) else value


def go_eq(first: Any, *others: Any) -> bool:
    try:
        return builtins.eq(_go(first), *map(_go, others))
    except builtins.FuncError as exc:
        raise TemplateFailure(f"go_eq: {exc}") from None


def go_ne(first: Any, second: Any) -> bool:
    try:
        return builtins.ne(_go(first), _go(second))
    except builtins.FuncError as exc:
        raise TemplateFailure(f"go_ne: {exc}") from None


def _sorted_keys(mapping: Mapping[Any, Any]) -> list[Any]:
    return sorted(mapping, key=str)


def go_items(value: Any) -> list[tuple[Any, Any]]:
    if value is None or isinstance(value, Undefined):
        return []
    if isinstance(value, Mapping):
        return [(key, value[key]) for key in _sorted_keys(value)]
    if isinstance(value, list | tuple):
        return list(enumerate(value))
    if isinstance(value, Files):  # `.Files.Glob`: Go's map of names to bytes
        return [(name, value.GetBytes(name)) for name in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return [(i, i) for i in range(value)]
    raise TemplateFailure(f"range can't iterate over {value}")


def go_range(value: Any) -> list[Any]:
    return [item for _, item in go_items(value)]


def go_float(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return format_float(float(value))


@pass_context
def go_root(context: Context) -> dict[str, Any]:
    return {name: context.resolve(name) for name in TOP}


GLOBALS: dict[str, Callable[..., Any]] = {
    "go_eq": go_eq,
    "go_ne": go_ne,
    "go_items": go_items,
    "go_range": go_range,
    "go_root": go_root,
    "go_float": go_float,
    "go_html": builtins.html,
    "go_js": builtins.js,
    "go_urlquery": builtins.urlquery,
}
# For the README's function reference: arguments, and what each gives.
DOCS: dict[str, tuple[str, str]] = {
    "go_eq": (
        "a, b…",
        "Go's `eq`: whether `a` equals one of `b…`; values of different kinds are an error,"
        " as in Helm",
    ),
    "go_ne": ("a, b", "Go's `ne`: `not go_eq(a, b)`"),
    "go_items": (
        "value",
        "Go's `range $k, $v` pairs: a mapping's (key, value) by sorted key, a list's (index, item)",
    ),
    "go_range": (
        "value",
        "what Go's `range` visits: a list's items, a mapping's values by sorted key",
    ),
    "go_float": ("number", "the number as Go prints a float64 from values (`1e+06`)"),
    "go_html": ("values…", "text/template's `html`"),
    "go_js": ("values…", "text/template's `js`"),
    "go_urlquery": ("values…", "text/template's `urlquery`"),
    "go_root": (
        "",
        "Go's `.` at the top of a template, as a value: a mapping of `Values`, `Release`,"
        " `Chart`, `Capabilities`, `Template`, `Files`",
    ),
}
FILTERS: dict[str, Callable[..., Any]] = {
    "go_items": go_items,
    "go_range": go_range,
    "go_float": go_float,
    "go_html": builtins.html,
    "go_js": builtins.js,
    "go_urlquery": builtins.urlquery,
}
