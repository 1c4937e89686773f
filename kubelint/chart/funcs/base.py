"""What every family of template functions shares: a function's registry entry, the
chart author's own failure, values as Go prints them, and the coercions the families use."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, Undefined

from kubelint.chart import dates
from kubelint.chart.budget import current

MAX_REPEAT = 1_000_000  # characters a function may build from a count (`repeat`, `indent`)


class TemplateFailure(Exception):
    """`fail` and `required`: the chart author's own message, shown as is."""


# -- values as Go prints them ----------------------------------------------------------------
def format_float(value: float) -> str:
    """A float in positional notation, never `1.234567e+06` (helm/helm#1707)."""
    if math.isnan(value) or math.isinf(value):
        return str(value)
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(decimal.Decimal(text), "f")
    if text.endswith(".0"):
        text = text[:-2]
    return text


def go_str(value: Any) -> str:
    """How Go's `%v` shows a value (Sprig's `toString`)."""
    if isinstance(value, str):
        return value
    if isinstance(value, NESTED):
        affordable(value)
    return _go_str(value)


# A value with items of its own: the mappings templates see are dicts (no ABC check: it is
# slow, and this test runs for every value printed or compared).
NESTED = (dict, list, tuple)


def affordable(value: Any) -> None:
    """Refuse a nested value whose text the render cannot afford, before it is built."""
    budget = current()
    room = budget.limits.max_render_memory - budget.memory
    budget.room(budget.text_size(value, room))


def _go_str(value: Any) -> str:
    if value is None or isinstance(value, Undefined):
        return "<nil>" if not isinstance(value, StrictUndefined) else str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return "map[" + " ".join(f"{k}:{_go_str(value[k])}" for k in sorted(value)) + "]"
    if isinstance(value, list | tuple):
        return "[" + " ".join(_go_str(v) for v in value) + "]"
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, dt.datetime):
        return dates.go_time_string(value)
    return str(value)


def go_quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def plain(value: Any) -> Any:
    """A value as a function uses it: `none` for a missing value (an error with --strict)."""
    if isinstance(value, Undefined):
        if isinstance(value, StrictUndefined):
            value._fail_with_undefined_error()
        return None
    return value


def is_empty(value: Any) -> bool:
    if value is None or isinstance(value, Undefined):
        return True
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value == 0
    if isinstance(value, str | bytes | list | tuple | Mapping):
        return len(value) == 0
    return False


def bounded(count: int, unit: int = 1) -> int:
    if count * max(unit, 1) > MAX_REPEAT:
        raise TemplateFailure(f"a count of {count} builds more than {MAX_REPEAT} characters")
    return count


# Go's names for a value's kind (`kindOf`) and its type (`typeOf`), by Python type, in the
# order they are tested (bool before int: a bool is an int in Python).
_GO_NAMES: tuple[tuple[type | tuple[type, ...], str, str], ...] = (
    (bool, "bool", "bool"),
    (int, "int64", "int"),
    (float, "float64", "float64"),
    (str, "string", "string"),
    (Mapping, "map", "map[string]interface {}"),
    ((list, tuple), "slice", "[]interface {}"),
    (dt.datetime, "struct", "time.Time"),
)


def _go_name(value: Any, column: int, nil: str) -> str:
    if value is None or isinstance(value, Undefined):
        return nil
    for types, *names in _GO_NAMES:
        if isinstance(value, types):
            return names[column]
    return type(value).__name__


def kind_of(value: Any) -> str:
    """The kind Sprig's `kindOf` names."""
    return _go_name(value, 0, "invalid")


def go_type(value: Any) -> str:
    """The Go type name Helm would show (`typeOf`)."""
    return _go_name(value, 1, "<nil>")


def to_int(value: Any) -> int:
    try:
        return int(float(value)) if isinstance(value, str) else int(value or 0)
    except (TypeError, ValueError):
        return 0


def to_float(value: Any) -> float:
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


# -- lists and numbers, as the functions take them ------------------------------------------
def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return list(value)
    raise TemplateFailure(f"expected a list, found {kind_of(value)}")


def as_number(value: Any) -> int | float:
    value = plain(value)
    return value if isinstance(value, int | float) else to_int(value)


@dataclass(frozen=True, slots=True)
class HelmFunction:
    """A template function: what it does, and how the README shows it."""

    func: Callable[..., Any]
    args: str  # as the README shows them: "prefix, text"
    doc: str  # one line of Markdown
