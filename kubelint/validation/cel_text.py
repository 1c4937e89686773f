"""The CEL extension libraries the API server's CRD environment adds to standard CEL, as
cel-python functions: cel-go's strings (`indexOf`, `lowerAscii`, `split`, `join`, `format`, …)
and sets (`sets.contains`, …), optional values (`optional.of`, `hasValue`, `orValue`), and
Kubernetes' lists (`isSorted`, `sum`, `min`, `max`) and regular expressions (`find`,
`findAll`).

A method call `x.f(a)` reaches the function `f(x, a)`; a namespaced call `sets.contains(a, b)`
reaches `contains(SETS, a, b)` with `SETS` bound as the variable `sets`. What the server reports
as an error (an index out of range, `min` of an empty list) raises ValueError, which cel-python
turns into an evaluation error; a wrong argument type raises TypeError (`no such overload`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import re2
from celpy import celtypes

from kubelint.k8s.data import is_mapping

Function = Callable[..., Any]


@dataclass(frozen=True, slots=True)
class Namespace:
    """A library's name used as a receiver (`sets`, `optional`, `format`, `ip`)."""

    name: str


SETS = Namespace("sets")
OPTIONAL = Namespace("optional")


@dataclass(frozen=True, slots=True)
class Optional:
    """CEL's `optional_type`: a value or none."""

    value: Any = None
    present: bool = False


NONE = Optional()


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _index(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an int, got {type(value).__name__}")
    return int(value)


def _out_of_range(index: int) -> ValueError:
    return ValueError(f"index out of range: {index}")


# Strings (cel-go ext.Strings), on code points as cel-go counts them.


def char_at(text: Any, index: Any) -> celtypes.StringType:
    text, at = _string(text), _index(index)
    if not 0 <= at <= len(text):
        raise _out_of_range(at)
    return celtypes.StringType(text[at : at + 1])


def index_of(target: Any, item: Any, offset: Any = 0) -> celtypes.IntType:
    if isinstance(target, list):
        return celtypes.IntType(next((i for i, x in enumerate(target) if x == item), -1))
    text, sub, start = _string(target), _string(item), _index(offset)
    if not 0 <= start <= len(text):
        raise _out_of_range(start)
    return celtypes.IntType(text.find(sub, start))


def last_index_of(target: Any, item: Any, *offset: Any) -> celtypes.IntType:
    if isinstance(target, list):
        found = [i for i, x in enumerate(target) if x == item]
        return celtypes.IntType(found[-1] if found else -1)
    text, sub = _string(target), _string(item)
    end = _index(offset[0]) if offset else len(text)
    if not 0 <= end <= len(text):
        raise _out_of_range(end)
    return celtypes.IntType(text.rfind(sub, 0, end + len(sub)))


_UPPER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_LOWER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def lower_ascii(text: Any) -> celtypes.StringType:
    return celtypes.StringType(_string(text).translate(_UPPER))


def upper_ascii(text: Any) -> celtypes.StringType:
    return celtypes.StringType(_string(text).translate(_LOWER))


def replace(text: Any, old: Any, new: Any, count: Any = -1) -> celtypes.StringType:
    limit = _index(count)
    done = _string(text).replace(_string(old), _string(new), limit if limit >= 0 else -1)
    return celtypes.StringType(done)


def split(text: Any, separator: Any, count: Any = -1) -> celtypes.ListType:
    """Go's `strings.SplitN`: an empty separator splits into characters; a count of 0 gives no
    parts, a negative one every part."""
    whole, sep, limit = _string(text), _string(separator), _index(count)
    if limit == 0:
        return celtypes.ListType([])
    if sep:
        parts = whole.split(sep, limit - 1 if limit > 0 else -1)
    else:
        parts = list(whole) if limit < 0 else [*whole[: limit - 1], whole[limit - 1 :]]
    return celtypes.ListType([celtypes.StringType(p) for p in parts if sep or p])


def substring(text: Any, start: Any, *end: Any) -> celtypes.StringType:
    whole, low = _string(text), _index(start)
    high = _index(end[0]) if end else len(whole)
    if not 0 <= low <= len(whole):
        raise _out_of_range(low)
    if not low <= high <= len(whole):
        raise _out_of_range(high)
    return celtypes.StringType(whole[low:high])


def trim(text: Any) -> celtypes.StringType:
    return celtypes.StringType(_string(text).strip())


def reverse(text: Any) -> celtypes.StringType:
    return celtypes.StringType(_string(text)[::-1])


def join(items: Any, separator: Any = "") -> celtypes.StringType:
    if not isinstance(items, list):
        raise TypeError("join takes a list of strings")
    return celtypes.StringType(_string(separator).join(_string(i) for i in items))


_VERB = re.compile(r"%(?:\.(\d+))?([sdfexXob%])")


def _shown(value: Any) -> str:
    """A value as cel-go's `%s` prints it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    if is_mapping(value):
        return "{" + ", ".join(f"{_shown(k)}: {_shown(v)}" for k, v in value.items()) + "}"
    if value is None:
        return "null"
    return str(value)


def format_string(pattern: Any, arguments: Any) -> celtypes.StringType:
    """`"%s is %d".format([a, b])`: the verbs `%s %d %f %e %x %X %o %b` and `%%`."""
    text = _string(pattern)
    if not isinstance(arguments, list):
        raise TypeError("format takes a list of arguments")
    queue = list(arguments)

    def verb(match: re.Match[str]) -> str:
        precision, kind = match.group(1), match.group(2)
        if kind == "%":
            return "%"
        if not queue:
            raise ValueError("index 0 out of range")  # cel-go: too few arguments
        value = queue.pop(0)
        if kind == "s":
            return _shown(value)
        if kind in "fe":
            return f"{float(value):.{6 if precision is None else int(precision)}{kind}}"
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"%{kind} takes an integer")
        return format(int(value), {"d": "d", "x": "x", "X": "X", "o": "o", "b": "b"}[kind])

    return celtypes.StringType(_VERB.sub(verb, text))


# Regular expressions (Kubernetes' regex library), RE2 as in Go.


def _pattern(pattern: Any) -> Any:
    try:
        return re2.compile(_string(pattern))
    except re2.error as exc:
        raise ValueError(f"failed to compile regex: {exc}") from None


def find(text: Any, pattern: Any) -> celtypes.StringType:
    match = _pattern(pattern).search(_string(text))
    return celtypes.StringType(match.group(0) if match else "")


def find_all(text: Any, pattern: Any, count: Any = -1) -> celtypes.ListType:
    limit = _index(count)
    if limit == 0:
        return celtypes.ListType([])
    found = [m.group(0) for m in _pattern(pattern).finditer(_string(text))]
    if limit > 0:
        found = found[:limit]
    return celtypes.ListType([celtypes.StringType(f) for f in found])


# Lists (Kubernetes' lists library).


def _items(value: Any) -> Sequence[Any]:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    return value


def is_sorted(items: Any) -> celtypes.BoolType:
    values = _items(items)
    return celtypes.BoolType(all(a <= b for a, b in itertools.pairwise(values)))


def total(items: Any) -> Any:
    values = _items(items)
    if not values:
        return celtypes.IntType(0)
    result = values[0]
    for value in values[1:]:
        result = result + value
    return result


def smallest(*arguments: Any) -> Any:
    values = _items(arguments[0]) if len(arguments) == 1 else arguments
    if not values:
        raise ValueError("min called on empty list")
    return min(values)


def largest(*arguments: Any) -> Any:
    values = _items(arguments[0]) if len(arguments) == 1 else arguments
    if not values:
        raise ValueError("max called on empty list")
    return max(values)


# Sets (cel-go ext.Sets) and the `contains` they share a name with.


def contains(target: Any, *arguments: Any) -> celtypes.BoolType:
    if target is SETS:
        whole, part = (_items(a) for a in arguments)
        return celtypes.BoolType(all(item in whole for item in part))
    text, part_text = _string(target), _string(arguments[0])
    return celtypes.BoolType(part_text in text)


def equivalent(namespace: Any, first: Any, second: Any) -> celtypes.BoolType:
    _namespace(namespace, SETS)
    a, b = _items(first), _items(second)
    return celtypes.BoolType(all(x in b for x in a) and all(x in a for x in b))


def intersects(namespace: Any, first: Any, second: Any) -> celtypes.BoolType:
    _namespace(namespace, SETS)
    b = _items(second)
    return celtypes.BoolType(any(x in b for x in _items(first)))


def _namespace(value: Any, expected: Namespace) -> None:
    if value is not expected:
        raise TypeError(f"expected {expected.name}")


# Optional values (cel-go's optional types).


def of(namespace: Any, value: Any) -> Optional:
    _namespace(namespace, OPTIONAL)
    return Optional(value, True)


def none(namespace: Any) -> Optional:
    _namespace(namespace, OPTIONAL)
    return NONE


def _zero(value: Any) -> bool:
    """A CEL zero value: null, false, 0, "", an empty list or map."""
    return value is None or (isinstance(value, (int, float, str, bytes, list, dict)) and not value)


def of_non_zero_value(namespace: Any, value: Any) -> Optional:
    _namespace(namespace, OPTIONAL)
    return NONE if _zero(value) else Optional(value, True)


def _optional(value: Any) -> Optional:
    if not isinstance(value, Optional):
        raise TypeError("expected an optional value")
    return value


def has_value(value: Any) -> celtypes.BoolType:
    return celtypes.BoolType(_optional(value).present)


def value_of(value: Any) -> Any:
    found = _optional(value)
    if not found.present:
        raise ValueError("optional.none() dereference")
    return found.value


def or_value(value: Any, default: Any) -> Any:
    found = _optional(value)
    return found.value if found.present else default


FUNCTIONS: dict[str, Function] = {
    "charAt": char_at,
    "indexOf": index_of,
    "lastIndexOf": last_index_of,
    "lowerAscii": lower_ascii,
    "upperAscii": upper_ascii,
    "replace": replace,
    "split": split,
    "substring": substring,
    "trim": trim,
    "reverse": reverse,
    "join": join,
    "format": format_string,
    "find": find,
    "findAll": find_all,
    "isSorted": is_sorted,
    "sum": total,
    "min": smallest,
    "max": largest,
    "contains": contains,
    "equivalent": equivalent,
    "intersects": intersects,
    "of": of,
    "none": none,
    "ofNonZeroValue": of_non_zero_value,
    "hasValue": has_value,
    "value": value_of,
    "orValue": or_value,
}
VARIABLES: dict[str, Any] = {"sets": SETS, "optional": OPTIONAL}
