"""Helm's template functions (Helm's own and Sprig's) for Jinja2, with Sprig's semantics.

Each function is written once, with Helm's argument order (the piped value last), and exists
both as a function (`default("x", Values.a)`, as Helm writes `default "x" .Values.a`) and as a
filter (`Values.a | default("x")`, as Helm writes `.Values.a | default "x"`). Functions that take
a mapping first (`hasKey`, `pick`, `get`, …) keep that order as filters: `Values | hasKey("a")`.

A missing value is `none` here, like Go's nil; with `--strict`, handing one to a function that
uses it (anything but `default`, `empty`, `required`, `coalesce`, `ternary`, the type tests and
the mapping lookups) is an error.

`GROUPS` is the registry: each function with its arguments and one line of documentation, from
which the README's function reference is generated (`kubelint.chart.reference`). Dates are in
`dates`, hashes, passwords and certificates in `crypto`, Helm's YAML in `goyaml`.
"""

from __future__ import annotations

import base64
import binascii
import copy
import datetime as dt
import decimal
import hashlib
import json
import math
import operator
import posixpath
import re
import secrets
import string
import tomllib
import urllib.parse
import uuid
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import re2
from jinja2 import StrictUndefined, Undefined

from kubelint import printable
from kubelint.chart import crypto, dates, goyaml, goyaml3, semver
from kubelint.chart.budget import charged, current
from kubelint.yamlload import LoadFailure, load_single

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


# -- YAML and JSON ---------------------------------------------------------------------------
_YAML_CACHE: dict[str, str] = {}  # charts print the same values into many templates


def to_yaml(value: Any) -> str:
    """Helm's `toYaml` (see `goyaml`); the same values printed again come from a cache."""
    affordable(value)
    key = repr(value)  # tells 1 from "1" and 1.0, unlike JSON
    if len(key) > 65536 or " at 0x" in key:  # big, or not plain data: no caching
        return goyaml.dump(value)
    text = _YAML_CACHE.get(key)
    if text is None:
        if len(_YAML_CACHE) > 1024:
            _YAML_CACHE.clear()
        text = _YAML_CACHE[key] = goyaml.dump(value)
    return text


def to_yaml_pretty(value: Any) -> str:
    """Helm's `toYamlPretty` (see `goyaml3`)."""
    affordable(value)
    return goyaml3.dump_pretty(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, Undefined):
        return None
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def to_json(value: Any) -> str:
    affordable(value)
    text = json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default
    )
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def to_pretty_json(value: Any) -> str:
    affordable(value)
    return json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False, default=_json_default)


def to_raw_json(value: Any) -> str:
    affordable(value)
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default
    )


_DOCUMENT_START = re.compile(r"^---(?:[ \t]|$)", re.MULTILINE)


def _first_document(text: str) -> str:
    """The first document of a YAML stream, which is all Go's yaml.Unmarshal reads."""
    for part in _DOCUMENT_START.split(text):
        if any(line.strip() and not line.lstrip().startswith("#") for line in part.split("\n")):
            return part
    return ""


def from_yaml(text: str) -> Any:
    try:
        data = load_single(str(text).encode())  # within the input limits: no alias bomb
    except LoadFailure as exc:
        first = _first_document(str(text))
        if "another document" not in exc.problem.message or first == str(text):
            return {"Error": exc.problem.message}
        return from_yaml(first)
    return data if isinstance(data, dict) else {} if data is None else {"Error": "not a mapping"}


def from_yaml_array(text: str) -> Any:
    try:
        data = load_single(str(text).encode())
    except LoadFailure as exc:
        return [exc.problem.message]
    return data if isinstance(data, list) else []


def from_json(text: str) -> Any:
    try:
        data = json.loads(text)
    except ValueError as exc:
        return {"Error": str(exc)}
    return data if isinstance(data, dict) else {"Error": "not a JSON object"}


def from_json_array(text: str) -> Any:
    try:
        data = json.loads(text)
    except ValueError as exc:
        return [str(exc)]
    return data if isinstance(data, list) else []


# -- strings ---------------------------------------------------------------------------------
def _bounded(count: int, unit: int = 1) -> int:
    if count * max(unit, 1) > MAX_REPEAT:
        raise TemplateFailure(f"a count of {count} builds more than {MAX_REPEAT} characters")
    return count


def quote(*values: Any) -> str:
    return " ".join(go_quote(go_str(v)) for v in values if v is not None)


def squote(*values: Any) -> str:
    return " ".join(f"'{go_str(v)}'" for v in values if v is not None)


def indent(width: int, text: Any) -> str:
    pad = " " * _bounded(int(width), str(text).count("\n") + 1)
    return pad + go_str(text).replace("\n", "\n" + pad)


def nindent(width: int, text: Any) -> str:
    return "\n" + indent(width, text)


def trim_all(chars: str, value: Any) -> str:
    return go_str(value).strip(chars)


def trunc(count: int, value: Any) -> str:
    text = go_str(value)
    if count < 0 and len(text) + count > 0:
        return text[len(text) + count :]
    if count >= 0 and len(text) > count:
        return text[:count]
    return text


def repeat(count: int, value: Any) -> str:
    text = go_str(value)
    times = _bounded(int(count), len(text))
    current().room(len(text) * times)
    return text * times


def go_replace(old: str, new: str, value: Any) -> str:
    """Every `old` replaced by `new`, refused before it is built when that is too long."""
    text, old, new = go_str(value), go_str(old), go_str(new)
    found = text.count(old) if old else len(text) + 1
    current().room(len(text) + found * (len(new) - len(old)))
    return text.replace(old, new)


def go_join(separator: Any, items: Any) -> str:
    """The items as strings, joined by `separator`, refused before it is built when too long."""
    parts = [go_str(i) for i in _strslice(items)]
    between = go_str(separator)
    current().room(sum(map(len, parts)) + len(between) * len(parts))
    return between.join(parts)


def substr(start: int, end: int, value: Any) -> str:
    text = go_str(value)
    if start < 0:
        return text[:end]
    if end < 0 or end > len(text):
        return text[start:]
    return text[start:end]


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+", text)


def kebabcase(text: str) -> str:
    return "-".join(w.lower() for w in _words(text))


def snakecase(text: str) -> str:
    return "_".join(w.lower() for w in _words(text))


def camelcase(text: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in re.split(r"[_\-\s]+", text) if w)


_GO_VERB = re.compile(r"%([-+# 0]*)(\d+)?(?:\.(\d+))?([vsdqtfxXgeoc%T])")


def printf(fmt: str, *args: Any) -> str:
    """Go's fmt.Sprintf for the verbs templates use: %v %s %d %q %t %f %x %g %%."""
    values = list(args)

    def verb(match: re.Match[str]) -> str:
        flags, width, precision, kind = match.groups()
        if kind == "%":
            return "%"
        if not values:
            return f"%!{kind}(MISSING)"
        value = values.pop(0)
        if value is None and kind != "v":  # Go's nil for a verb other than %v
            return f"%!{kind}(<nil>)"
        if kind in "vs":
            out = go_str(value)
        elif kind == "q":
            out = go_quote(go_str(value))
        elif kind == "d":
            out = str(int(value)) if isinstance(value, int | float) else f"%!d({go_str(value)})"
        elif kind in "fge":
            number = float(value)
            current().room(int(precision or 0))
            out = f"{number:.{precision or 6}{kind}}" if kind != "g" else format_float(number)
        elif kind in "xX":
            raw = value.encode().hex() if isinstance(value, str) else format(int(value), "x")
            out = raw.upper() if kind == "X" else raw
        elif kind == "t":
            out = go_str(bool(value))
        elif kind == "T":
            out = type(value).__name__
        else:
            out = go_str(value)
        if width:
            size = _bounded(int(width))
            current().room(size)
            out = out.ljust(size) if "-" in flags else out.rjust(size, "0" if "0" in flags else " ")
        return out

    text = _GO_VERB.sub(verb, fmt)
    if values:
        text += "%!(EXTRA " + ", ".join(go_str(v) for v in values) + ")"
    return text


def go_print(*args: Any) -> str:
    out = ""
    for index, value in enumerate(args):
        if index and not isinstance(value, str) and not isinstance(args[index - 1], str):
            out += " "
        out += go_str(value)
    return out


def b64enc(text: Any) -> str:
    data = text if isinstance(text, bytes) else go_str(text).encode()
    return base64.b64encode(data).decode()


def b64dec(text: str) -> str:
    try:
        return base64.b64decode(text, validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError) as exc:
        raise TemplateFailure(f"b64dec: not base64: {exc}") from None


def _digest(name: str) -> Callable[[Any], str]:
    def digest(text: Any) -> str:
        return hashlib.new(name, go_str(text).encode()).hexdigest()

    return digest


def adler32sum(text: Any) -> str:
    return str(zlib.adler32(go_str(text).encode()))


class _Pattern(Protocol):
    """What templates use of a compiled RE2 pattern (google-re2 has no type information)."""

    def search(self, text: str) -> Any: ...
    def finditer(self, text: str) -> Iterator[Any]: ...
    def split(self, text: str, maxsplit: int = 0) -> list[str]: ...
    def sub(self, repl: str | Callable[[Any], str], text: str) -> str: ...


RE2_OPTIONS = re2.Options()
RE2_OPTIONS.log_errors = False  # an invalid pattern is the template's error, not a line on stderr


def _regex(pattern: str) -> _Pattern:
    """A template's regular expression, with Go's syntax and semantics as in Helm (RE2): no
    backtracking, so no pattern or text can make a match take longer than linear time."""
    try:
        compiled: _Pattern = re2.compile(pattern, RE2_OPTIONS)
    except re2.error as exc:
        reason = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else exc
        raise TemplateFailure(
            f"invalid regular expression {printable.quote(pattern)}: {reason}"
        ) from None
    return compiled


def regex_replace_all(pattern: str, text: str, replacement: str) -> str:
    repl = re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: f"\\g<{m.group(1) or m.group(2)}>", replacement)
    return _regex(pattern).sub(repl, text)


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


# -- lists and mappings ----------------------------------------------------------------------
def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return list(value)
    raise TemplateFailure(f"expected a list, found {kind_of(value)}")


def _strslice(value: Any) -> list[Any]:
    """Sprig's strslice: a list as it is, nil as no items, anything else as one item."""
    if value is None or isinstance(value, Undefined):
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _measured_list(items: Any, *more: Any) -> list[Any]:
    """`items` as a list, once it (and `more`) are found affordable: its items are compared."""
    affordable(more)
    values = _list(items)
    affordable(values)
    return values


def uniq(items: Any) -> list[Any]:
    """The items without repeats, in linear time for strings and numbers; other items are
    compared with each kept one, each comparison an operation of the render's budget."""
    out: list[Any] = []
    seen: set[tuple[type, Any]] = set()
    budget = current()
    for item in _list(items):
        if isinstance(item, str | int | float | bool) or item is None:
            key = (type(item), item)
            if key not in seen:
                seen.add(key)
                out.append(item)
            continue
        budget.spend(len(out))
        affordable(item)
        if item not in out:
            out.append(item)
    return out


def sprig_dict(*pairs: Any, **named: Any) -> dict[str, Any]:
    out = {
        go_str(pairs[i]): pairs[i + 1] if i + 1 < len(pairs) else ""
        for i in range(0, len(pairs), 2)
    }
    out.update(named)
    return out


def set_key(mapping: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    mapping[key] = value
    return mapping


def unset_key(mapping: dict[str, Any], key: str) -> dict[str, Any]:
    mapping.pop(key, None)
    return mapping


def _deep_merge(dst: dict[str, Any], src: Mapping[str, Any], overwrite: bool) -> dict[str, Any]:
    for key, value in src.items():
        current = dst.get(key)
        if isinstance(current, dict) and isinstance(value, Mapping):
            _deep_merge(current, value, overwrite)
        elif key not in dst or overwrite or is_empty(current):
            dst[key] = copy.deepcopy(value)
    return dst


def merge(dst: dict[str, Any], *sources: Mapping[str, Any]) -> dict[str, Any]:
    for source in sources:
        _deep_merge(dst, source, overwrite=False)
    return dst


def merge_overwrite(dst: dict[str, Any], *sources: Mapping[str, Any]) -> dict[str, Any]:
    for source in sources:
        _deep_merge(dst, source, overwrite=True)
    return dst


def dig(*args: Any) -> Any:
    *keys, fallback, mapping = args
    current = mapping
    for key in keys:
        if not isinstance(current, Mapping) or key not in current:
            return fallback
        current = current[key]
    return current


def until(count: int) -> list[int]:
    return list(range(_bounded(int(count))))


def semver_compare(constraint: str, version: str) -> bool:
    parsed = semver.parse_version(str(version))
    if parsed is None:
        raise TemplateFailure(f"semverCompare: invalid version {printable.quote(version)}")
    try:
        return semver.parse_constraint(str(constraint)).check(parsed)
    except semver.ConstraintError as exc:
        raise TemplateFailure(f"semverCompare: {exc}") from None


# -- more of Sprig: strings, numbers, lists, paths, URLs --------------------------------------
def _abbreviate(text: str, offset: int, width: int) -> str:
    """Sprig's (commons-lang's) AbbreviateFull."""
    if len(text) <= width:
        return text
    offset = min(offset, len(text))
    if len(text) - offset < width - 3:
        offset = len(text) - (width - 3)
    if offset <= 4:
        return text[: width - 3] + "..."
    if offset + width - 3 < len(text):
        return "..." + _abbreviate(text[offset:], 0, width - 3)
    return "..." + text[len(text) - (width - 3) :]


def abbrev(width: int, text: Any) -> str:
    value = go_str(text)
    return value if width < 4 else _abbreviate(value, 0, width)


def abbrevboth(left: int, right: int, text: Any) -> str:
    value = go_str(text)
    if right < 4 or (left > 0 and right < 7):
        return value
    return _abbreviate(value, left, right)


def wrap_custom(width: int, separator: str, text: Any, long_words: bool) -> str:
    """Sprig's (commons-lang's) WrapCustom: break at spaces, lines at most `width` long."""
    value, offset = go_str(text), 0
    out: list[str] = []
    width = max(int(width), 1)
    separator = separator or "\n"
    budget = current()
    lines = len(value) // width + value.count(" ") + 1  # at most
    budget.room(len(value) + lines * len(separator))
    budget.spend(len(value) // width)
    while len(value) - offset > width:
        if value[offset] == " ":
            offset += 1
            continue
        space = value.rfind(" ", offset, width + offset + 1)
        if space >= offset:
            out += (value[offset:space], separator)
            offset = space + 1
        elif long_words:
            out += (value[offset : offset + width], separator)
            offset += width
        else:
            space = value.find(" ", width + offset)
            if space < 0:
                out.append(value[offset:])
                offset = len(value)
            else:
                out += (value[offset:space], separator)
                offset = space + 1
    out.append(value[offset:])
    return "".join(out)


def until_step(start: int, stop: int, step: int) -> list[int]:
    if step == 0 or (stop < start and step > 0) or (stop > start and step < 0):
        return []
    _bounded(abs((stop - start) // step))
    return list(range(start, stop, step))


def seq(*params: int) -> str:
    """GNU seq: `seq(5)`, `seq(2, 5)`, `seq(0, 2, 10)`, space-separated."""
    numbers = [int(p) for p in params]
    if len(numbers) == 1:
        start, end, step = 1, numbers[0], 1 if numbers[0] >= 1 else -1
        return " ".join(map(str, until_step(start, end + step, step)))
    if len(numbers) == 2:
        start, end = numbers
        step = 1 if end >= start else -1
        return " ".join(map(str, until_step(start, end + step, step)))
    if len(numbers) == 3:
        start, step, end = numbers
        increment = 1 if end >= start else -1
        if increment < 0 and step > 0:
            return ""
        return " ".join(map(str, until_step(start, end + increment, step)))
    return ""


def _decimal(
    operation: Callable[[decimal.Decimal, decimal.Decimal], decimal.Decimal],
) -> Callable[..., float]:
    def compute(first: Any, *rest: Any) -> float:
        result = decimal.Decimal(str(to_float(first)))
        for value in rest:
            result = operation(result, decimal.Decimal(str(to_float(value))))
        return float(result)

    return compute


def split_map(separator: str, text: Any, count: int = -1) -> dict[str, str]:
    parts = go_str(text).split(separator, count - 1) if count > 0 else go_str(text).split(separator)
    return {f"_{i}": part for i, part in enumerate(parts)}


def go_type(value: Any) -> str:
    """The Go type name Helm would show (`typeOf`)."""
    return _go_name(value, 1, "<nil>")


def chunk(size: int, items: Any) -> list[list[Any]]:
    values = _list(items)
    size = int(size)
    if size <= 0:
        raise TemplateFailure(f"chunk: size must be positive, not {size}")
    return [values[i : i + size] for i in range(0, len(values), size)]


def go_slice(items: Any, *indices: int) -> list[Any]:
    values = _list(items)
    start = int(indices[0]) if indices else 0
    end = int(indices[1]) if len(indices) > 1 else len(values)
    if not 0 <= start <= end <= len(values):
        raise TemplateFailure(f"slice: indices out of range [{start}:{end}] of {len(values)}")
    return values[start:end]


def go_path_clean(path: str) -> str:
    if not path:
        return "."
    cleaned = posixpath.normpath(path)
    return "/" + cleaned.lstrip("/") if cleaned.startswith("//") else cleaned


def go_path_base(path: str) -> str:
    if not path:
        return "."
    stripped = path.rstrip("/")
    return stripped.rsplit("/", 1)[-1] if stripped else "/"


def go_path_dir(path: str) -> str:
    return go_path_clean(path[: path.rfind("/") + 1])


def go_path_ext(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[dot:] if dot >= 0 else ""


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


def url_parse(text: str) -> dict[str, str]:
    parts = urllib.parse.urlsplit(str(text))
    user = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    return {
        "scheme": parts.scheme,
        "host": parts.netloc.rpartition("@")[2],
        "hostname": parts.hostname or "",
        "path": parts.path,
        "query": parts.query,
        "opaque": "",
        "fragment": parts.fragment,
        "userinfo": user,
    }


def url_join(parts: Mapping[str, Any]) -> str:
    host = str(parts.get("host", ""))
    if parts.get("userinfo"):
        host = f"{parts['userinfo']}@{host}"
    return urllib.parse.urlunsplit(
        (
            str(parts.get("scheme", "")),
            host,
            str(parts.get("path", "")),
            str(parts.get("query", "")),
            str(parts.get("fragment", "")),
        )
    )


def must_from_json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise TemplateFailure(f"mustFromJson: {exc}") from None


def from_toml(text: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return {"Error": str(exc)}


def _random(alphabet: str) -> Callable[[int], str]:
    def generate(count: int) -> str:
        return "".join(secrets.choice(alphabet) for _ in range(_bounded(int(count))))

    return generate


def shuffle(text: Any) -> str:
    letters = list(go_str(text))
    secrets.SystemRandom().shuffle(letters)
    return "".join(letters)


def deep_equal(first: Any, second: Any) -> bool:
    """Whether the values are equal, deeply; each measured first (two lists shared and doubled
    60 times, built apart, take 2^60 steps to compare)."""
    affordable(first)
    affordable(second)
    return bool(first == second)


def multiply(*numbers: Any) -> int | float:
    """The product; an integer over `max-integer-digits` is refused before it is computed."""
    product: int | float = 1
    for number in numbers:
        value = _num(number)
        if isinstance(product, int) and isinstance(value, int):
            current().integer(product.bit_length() + value.bit_length())
        product *= value
    return product


def _num(value: Any) -> int | float:
    value = plain(value)
    return value if isinstance(value, int | float) else to_int(value)


# -- the registry: every function, with its arguments and one line for the README -------------
@dataclass(frozen=True, slots=True)
class HelmFunction:
    """A template function: what it does, and how the README shows it."""

    func: Callable[..., Any]
    args: str  # as the README shows them: "prefix, text"
    doc: str  # one line of Markdown


def _regex_find_all(pattern: str, text: str, count: int) -> list[str]:
    found = [m.group(0) for m in _regex(pattern).finditer(go_str(text))]
    return found[: (None if count < 0 else count)]


def _regex_split(pattern: str, text: str, count: int) -> list[str]:
    if count == 0:
        return []
    return _regex(pattern).split(go_str(text), maxsplit=max(count - 1, 0))


GROUPS: dict[str, dict[str, HelmFunction]] = {
    "Strings": {
        "quote": HelmFunction(
            quote, "values…", "each value in Go double quotes, joined by spaces; none gives nothing"
        ),
        "squote": HelmFunction(
            squote, "values…", "each value in single quotes, joined by spaces; none gives nothing"
        ),
        "upper": HelmFunction(lambda s: go_str(s).upper(), "text", "upper case"),
        "lower": HelmFunction(lambda s: go_str(s).lower(), "text", "lower case"),
        "title": HelmFunction(
            lambda s: string.capwords(go_str(s), " ") if s else "", "text", "each word capitalised"
        ),
        "untitle": HelmFunction(
            lambda s: " ".join(w[:1].lower() + w[1:] for w in go_str(s).split(" ")),
            "text",
            "each word's first letter in lower case",
        ),
        "swapcase": HelmFunction(
            lambda s: go_str(s).swapcase(), "text", "upper case to lower and lower to upper"
        ),
        "initials": HelmFunction(
            lambda s: "".join(w[0] for w in go_str(s).split()),
            "text",
            "the first letter of each word",
        ),
        "trim": HelmFunction(
            lambda s: go_str(s).strip(), "text", "without leading and trailing white space"
        ),
        "trimAll": HelmFunction(trim_all, "chars, text", "without leading and trailing `chars`"),
        "trimall": HelmFunction(trim_all, "chars, text", "Sprig's old name of `trimAll`"),
        "trimPrefix": HelmFunction(
            lambda prefix, s: go_str(s).removeprefix(prefix),
            "prefix, text",
            "without the leading `prefix`",
        ),
        "trimSuffix": HelmFunction(
            lambda suffix, s: go_str(s).removesuffix(suffix),
            "suffix, text",
            "without the trailing `suffix`",
        ),
        "trunc": HelmFunction(
            trunc,
            "count, text",
            "the first `count` characters; a negative `count` keeps the last ones",
        ),
        "abbrev": HelmFunction(abbrev, "width, text", "cut to `width` characters ending in `...`"),
        "abbrevboth": HelmFunction(abbrevboth, "left, right, text", "abbreviated on both sides"),
        "nospace": HelmFunction(
            lambda s: re.sub(r"\s+", "", go_str(s)), "text", "without any white space"
        ),
        "repeat": HelmFunction(repeat, "count, text", "`text` `count` times"),
        "substr": HelmFunction(
            substr, "start, end, text", "the characters from `start` to `end` (Sprig's bounds)"
        ),
        "replace": HelmFunction(
            go_replace,
            "old, new, text",
            "every `old` replaced by `new`",
        ),
        "contains": HelmFunction(
            lambda sub, s: sub in go_str(s), "part, text", "whether `text` contains `part`"
        ),
        "hasPrefix": HelmFunction(
            lambda prefix, s: go_str(s).startswith(prefix),
            "prefix, text",
            "whether `text` starts with `prefix`",
        ),
        "hasSuffix": HelmFunction(
            lambda suffix, s: go_str(s).endswith(suffix),
            "suffix, text",
            "whether `text` ends with `suffix`",
        ),
        "cat": HelmFunction(
            lambda *v: " ".join(go_str(x) for x in v if x is not None),
            "values…",
            "the values joined by spaces, none left out",
        ),
        "indent": HelmFunction(indent, "width, text", "every line padded with `width` spaces"),
        "nindent": HelmFunction(nindent, "width, text", "a newline, then `indent`"),
        "wrap": HelmFunction(
            lambda width, s: wrap_custom(width, "\n", s, False),
            "width, text",
            "lines broken at spaces to `width` characters",
        ),
        "wrapWith": HelmFunction(
            lambda width, sep, s: wrap_custom(width, sep, s, True),
            "width, separator, text",
            "`wrap` with `separator` between lines, long words broken",
        ),
        "plural": HelmFunction(
            lambda one, many, count: one if _num(count) == 1 else many,
            "one, many, count",
            "`one` when `count` is 1, else `many`",
        ),
        "kebabcase": HelmFunction(kebabcase, "text", "`MyApp` → `my-app`"),
        "snakecase": HelmFunction(snakecase, "text", "`MyApp` → `my_app`"),
        "camelcase": HelmFunction(camelcase, "text", "`my_app` → `MyApp`"),
        "shuffle": HelmFunction(
            shuffle, "text", "the characters in random order (non-deterministic)"
        ),
        "toString": HelmFunction(go_str, "value", "the value as Go's `%v` prints it"),
        "toStrings": HelmFunction(
            lambda items: [go_str(i) for i in _list(items)], "list", "each item as a string"
        ),
        "printf": HelmFunction(
            printf, "format, values…", "Go's `fmt.Sprintf` (`%s %d %v %q %t %f %x %g`)"
        ),
        "print": HelmFunction(go_print, "values…", "the values as Go's `fmt.Sprint` joins them"),
        "split": HelmFunction(
            split_map,
            "separator, text",
            "a mapping `_0`, `_1`, … of the parts",
        ),
        "splitn": HelmFunction(
            lambda sep, n, s: split_map(sep, s, int(n)),
            "separator, count, text",
            "`split` into at most `count` parts",
        ),
        "splitList": HelmFunction(
            lambda sep, s: go_str(s).split(sep), "separator, text", "a list of the parts"
        ),
        "join": HelmFunction(
            go_join,
            "separator, list",
            "the items joined by `separator`",
        ),
        "sortAlpha": HelmFunction(
            lambda items: sorted(go_str(i) for i in _list(items)),
            "list",
            "the items as strings, sorted",
        ),
        "hello": HelmFunction(lambda: "Hello!", "", "`Hello!`"),
    },
    "Regular expressions (Python's syntax; `${1}` in a replacement)": {
        "regexMatch": HelmFunction(
            lambda pattern, s: _regex(pattern).search(go_str(s)) is not None,
            "regex, text",
            "whether `regex` matches in `text`",
        ),
        "regexFind": HelmFunction(
            lambda pattern, s: m.group(0) if (m := _regex(pattern).search(go_str(s))) else "",
            "regex, text",
            'the first match, or `""`',
        ),
        "regexFindAll": HelmFunction(
            _regex_find_all, "regex, text, count", "the first `count` matches (all when negative)"
        ),
        "regexReplaceAll": HelmFunction(
            regex_replace_all, "regex, text, replacement", "every match replaced; `${1}` is a group"
        ),
        "regexReplaceAllLiteral": HelmFunction(
            lambda pattern, s, r: _regex(pattern).sub(lambda _: r, go_str(s)),
            "regex, text, replacement",
            "every match replaced by the text as is",
        ),
        "regexSplit": HelmFunction(
            _regex_split,
            "regex, text, count",
            "the parts between matches (at most `count`; all when negative)",
        ),
        "regexQuoteMeta": HelmFunction(
            lambda s: re.sub(r"([\\.+*?()|\[\]{}^$])", r"\\\1", go_str(s)),
            "text",
            "`text` with the regex metacharacters escaped",
        ),
    },
    "Encodings and hashes": {
        "b64enc": HelmFunction(b64enc, "text", "base64"),
        "b64dec": HelmFunction(b64dec, "text", "decoded from base64 (bad input is an error)"),
        "b32enc": HelmFunction(
            lambda s: base64.b32encode(go_str(s).encode()).decode(), "text", "base32"
        ),
        "b32dec": HelmFunction(
            lambda s: base64.b32decode(go_str(s)).decode("utf-8", "replace"),
            "text",
            "decoded from base32",
        ),
        "sha1sum": HelmFunction(_digest("sha1"), "text", "SHA-1, in hex"),
        "sha256sum": HelmFunction(_digest("sha256"), "text", "SHA-256, in hex"),
        "adler32sum": HelmFunction(adler32sum, "text", "Adler-32, in decimal"),
        "toYaml": HelmFunction(
            to_yaml,
            "value",
            "YAML as Helm writes it: sorted keys, Go's quoting, no final newline, no exponents",
        ),
        "mustToYaml": HelmFunction(to_yaml, "value", "`toYaml`"),
        "toYamlPretty": HelmFunction(
            to_yaml_pretty,
            "value",
            "YAML as Helm's yaml.v3 writes it: lists indented under their key, no folding",
        ),
        "toJson": HelmFunction(
            to_json, "value", "compact JSON, sorted keys, `<>&` escaped as Go does"
        ),
        "mustToJson": HelmFunction(to_json, "value", "`toJson`"),
        "toPrettyJson": HelmFunction(to_pretty_json, "value", "JSON indented by 2"),
        "mustToPrettyJson": HelmFunction(to_pretty_json, "value", "`toPrettyJson`"),
        "toRawJson": HelmFunction(to_raw_json, "value", "compact JSON without HTML escaping"),
        "mustToRawJson": HelmFunction(to_raw_json, "value", "`toRawJson`"),
        "fromYaml": HelmFunction(
            from_yaml, "text", 'a mapping from YAML; bad input gives `{"Error": …}`'
        ),
        "fromYamlArray": HelmFunction(from_yaml_array, "text", "a list from YAML"),
        "fromJson": HelmFunction(
            from_json, "text", 'a mapping from JSON; bad input gives `{"Error": …}`'
        ),
        "mustFromJson": HelmFunction(
            must_from_json, "text", "a value from JSON; bad input is an error"
        ),
        "fromJsonArray": HelmFunction(from_json_array, "text", "a list from JSON"),
        "fromToml": HelmFunction(
            from_toml, "text", 'a mapping from TOML; bad input gives `{"Error": …}`'
        ),
    },
    "Types and defaults": {
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
        "fail": HelmFunction(
            fail, "message", "stops rendering with `message` at the template line"
        ),
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
    },
    "Lists": {
        "list": HelmFunction(lambda *items: list(items), "items…", "a list"),
        "tuple": HelmFunction(lambda *items: list(items), "items…", "`list`"),
        "append": HelmFunction(
            lambda items, v: [*_list(items), v], "list, item", "a new list with `item` at the end"
        ),
        "push": HelmFunction(lambda items, v: [*_list(items), v], "list, item", "`append`"),
        "prepend": HelmFunction(
            lambda items, v: [v, *_list(items)], "list, item", "a new list with `item` first"
        ),
        "concat": HelmFunction(
            lambda *lists: [x for items in lists for x in _list(items)],
            "lists…",
            "the lists one after the other",
        ),
        "first": HelmFunction(
            lambda items: _list(items)[0] if _list(items) else None,
            "list",
            "the first item (none when empty)",
        ),
        "last": HelmFunction(
            lambda items: _list(items)[-1] if _list(items) else None,
            "list",
            "the last item (none when empty)",
        ),
        "initial": HelmFunction(lambda items: _list(items)[:-1], "list", "all but the last item"),
        "rest": HelmFunction(lambda items: _list(items)[1:], "list", "all but the first item"),
        "reverse": HelmFunction(
            lambda items: _list(items)[::-1], "list", "the items in reverse order"
        ),
        "uniq": HelmFunction(uniq, "list", "the items without repeats"),
        "compact": HelmFunction(
            lambda items: [i for i in _list(items) if not is_empty(i)],
            "list",
            "the items that are not empty",
        ),
        "without": HelmFunction(
            lambda items, *drop: [i for i in _measured_list(items, drop) if i not in drop],
            "list, items…",
            "the list without `items`",
        ),
        "has": HelmFunction(
            lambda needle, items: needle in _measured_list(items, needle),
            "item, list",
            "whether the list holds `item`",
        ),
        "slice": HelmFunction(go_slice, "list, start[, end]", "the items from `start` to `end`"),
        "chunk": HelmFunction(chunk, "size, list", "the list cut into lists of `size` items"),
        "until": HelmFunction(until, "count", "`[0, 1, …, count-1]`"),
        "untilStep": HelmFunction(
            lambda start, stop, step: until_step(int(start), int(stop), int(step)),
            "start, stop, step",
            "`start`, `start+step`, … before `stop`",
        ),
        "seq": HelmFunction(
            seq, "[start, [step,]] end", "GNU seq's numbers, space-separated: `seq(3)` is `1 2 3`"
        ),
        "len": HelmFunction(
            lambda value: len(value) if value is not None else 0,
            "value",
            "the length of a string, list or mapping",
        ),
    },
    "Mappings": {
        "dict": HelmFunction(sprig_dict, "key, value, …", "a mapping of the pairs"),
        "get": HelmFunction(
            lambda mapping, key: mapping.get(key, "") if isinstance(mapping, Mapping) else "",
            "mapping, key",
            'the value of `key`, or `""`',
        ),
        "set": HelmFunction(
            set_key, "mapping, key, value", "sets `key` (in place) and returns the mapping"
        ),
        "unset": HelmFunction(
            unset_key, "mapping, key", "removes `key` (in place) and returns the mapping"
        ),
        "hasKey": HelmFunction(
            lambda mapping, key: isinstance(mapping, Mapping) and key in mapping,
            "mapping, key",
            "whether the mapping has `key`",
        ),
        "keys": HelmFunction(
            lambda *maps: [k for m in maps for k in m], "mappings…", "the keys of the mappings"
        ),
        "values": HelmFunction(
            lambda mapping: list(mapping.values()), "mapping", "the values of the mapping"
        ),
        "pluck": HelmFunction(
            lambda key, *maps: [m[key] for m in maps if isinstance(m, Mapping) and key in m],
            "key, mappings…",
            "the value of `key` in each mapping that has it",
        ),
        "pick": HelmFunction(
            lambda mapping, *keys: {k: mapping[k] for k in keys if k in mapping},
            "mapping, keys…",
            "a mapping of only `keys`",
        ),
        "omit": HelmFunction(
            lambda mapping, *keys: {k: v for k, v in mapping.items() if k not in keys},
            "mapping, keys…",
            "a mapping without `keys`",
        ),
        "merge": HelmFunction(
            merge, "dest, sources…", "deep merge into `dest`; `dest`'s values win"
        ),
        "mergeOverwrite": HelmFunction(
            merge_overwrite, "dest, sources…", "deep merge into `dest`; the sources' values win"
        ),
        "deepCopy": HelmFunction(copy.deepcopy, "value", "a deep copy"),
        "dig": HelmFunction(
            dig, "keys…, fallback, mapping", "the value at the path of `keys`, or `fallback`"
        ),
    },
    "Numbers (integers truncate as in Go; the `…f` forms use decimals)": {
        "add": HelmFunction(lambda *n: sum(_num(x) for x in n), "numbers…", "the sum"),
        "add1": HelmFunction(lambda n: _num(n) + 1, "number", "plus one"),
        "sub": HelmFunction(lambda a, b: _num(a) - _num(b), "a, b", "`a - b`"),
        "mul": HelmFunction(multiply, "numbers…", "the product"),
        "div": HelmFunction(lambda a, b: int(_num(a) / _num(b)), "a, b", "`a / b`, truncated"),
        "mod": HelmFunction(
            lambda a, b: int(math.fmod(_num(a), _num(b))), "a, b", "`a % b`, with Go's sign"
        ),
        "max": HelmFunction(lambda *n: max(_num(x) for x in n), "numbers…", "the largest"),
        "biggest": HelmFunction(lambda *n: max(_num(x) for x in n), "numbers…", "`max`"),
        "min": HelmFunction(lambda *n: min(_num(x) for x in n), "numbers…", "the smallest"),
        "add1f": HelmFunction(
            lambda n: _decimal(operator.add)(n, 1), "number", "plus one, as a float"
        ),
        "addf": HelmFunction(
            lambda *n: _decimal(operator.add)(0, *n), "numbers…", "the sum, as a float"
        ),
        "subf": HelmFunction(
            _decimal(operator.sub), "a, numbers…", "`a` minus the numbers, as a float"
        ),
        "mulf": HelmFunction(_decimal(operator.mul), "a, numbers…", "the product, as a float"),
        "divf": HelmFunction(
            _decimal(operator.truediv), "a, numbers…", "`a` divided by the numbers, as a float"
        ),
        "maxf": HelmFunction(
            lambda *n: max(to_float(x) for x in n), "numbers…", "the largest, as a float"
        ),
        "minf": HelmFunction(
            lambda *n: min(to_float(x) for x in n), "numbers…", "the smallest, as a float"
        ),
        "floor": HelmFunction(lambda n: float(math.floor(_num(n))), "number", "rounded down"),
        "ceil": HelmFunction(lambda n: float(math.ceil(_num(n))), "number", "rounded up"),
        "round": HelmFunction(
            lambda n, places=0: round(_num(n), int(places)),
            "number[, places]",
            "rounded to `places` decimals",
        ),
    },
    "Paths (`/`-separated, as Go's `path`; the `os…` forms are the same here)": {
        "base": HelmFunction(go_path_base, "path", "the last element"),
        "dir": HelmFunction(go_path_dir, "path", "all but the last element"),
        "clean": HelmFunction(go_path_clean, "path", "the shortest equivalent path"),
        "ext": HelmFunction(go_path_ext, "path", 'the extension (`.yaml`), or `""`'),
        "isAbs": HelmFunction(
            lambda p: go_str(p).startswith("/"), "path", "whether the path is absolute"
        ),
        "osBase": HelmFunction(go_path_base, "path", "`base`"),
        "osDir": HelmFunction(go_path_dir, "path", "`dir`"),
        "osClean": HelmFunction(go_path_clean, "path", "`clean`"),
        "osExt": HelmFunction(go_path_ext, "path", "`ext`"),
        "osIsAbs": HelmFunction(lambda p: go_str(p).startswith("/"), "path", "`isAbs`"),
        "urlParse": HelmFunction(
            url_parse,
            "url",
            "`scheme`, `host`, `hostname`, `path`, `query`, `fragment`, `userinfo`, `opaque`",
        ),
        "urlJoin": HelmFunction(url_join, "mapping", "the URL of such a mapping"),
    },
    "Dates (Go layouts: `2006-01-02T15:04:05Z07:00`; the local zone is UTC)": {
        "now": HelmFunction(dates.now, "", "the current time (non-deterministic)"),
        "date": HelmFunction(
            dates.date,
            "layout, time",
            "`time` (or Unix seconds; anything else: now) in Go's `layout`",
        ),
        "dateInZone": HelmFunction(
            dates.date_in_zone,
            "layout, time, zone",
            "`date` in an IANA zone (`Europe/Paris`; unknown: UTC)",
        ),
        "htmlDate": HelmFunction(dates.html_date, "time", '`date("2006-01-02", time)`'),
        "htmlDateInZone": HelmFunction(
            dates.html_date_in_zone, "time, zone", '`dateInZone("2006-01-02", time, zone)`'
        ),
        "toDate": HelmFunction(
            dates.to_date,
            "layout, text",
            "a time parsed with Go's `layout` (bad input: the zero time)",
        ),
        "mustToDate": HelmFunction(
            dates.must_to_date, "layout, text", "`toDate`; bad input is an error"
        ),
        "unixEpoch": HelmFunction(dates.unix_epoch, "time", "Unix seconds, as a string"),
        "dateModify": HelmFunction(
            dates.date_modify,
            "change, time",
            "`time` moved by a Go duration (`-1.5h`); a bad one leaves it",
        ),
        "mustDateModify": HelmFunction(
            dates.must_date_modify, "change, time", "`dateModify`; a bad duration is an error"
        ),
        "duration": HelmFunction(
            dates.duration, "seconds", "seconds as a Go duration: `95` → `1m35s`"
        ),
        "durationRound": HelmFunction(
            dates.duration_round,
            "duration",
            "a duration (or the time since a time) in its largest unit: `2h`, `3mo`, `1y`",
        ),
        "ago": HelmFunction(
            dates.ago, "time", "the time since `time`, to the second (non-deterministic)"
        ),
        "date_in_zone": HelmFunction(
            dates.date_in_zone, "layout, time, zone", "Sprig's old name of `dateInZone`"
        ),
        "date_modify": HelmFunction(
            dates.date_modify, "change, time", "Sprig's old name of `dateModify`"
        ),
        "must_date_modify": HelmFunction(
            dates.must_date_modify, "change, time", "Sprig's old name of `mustDateModify`"
        ),
    },
    "Random values, passwords and certificates": {
        "randAlphaNum": HelmFunction(
            _random(string.ascii_letters + string.digits),
            "count",
            "`count` random letters and digits",
        ),
        "randAlpha": HelmFunction(_random(string.ascii_letters), "count", "`count` random letters"),
        "randNumeric": HelmFunction(_random(string.digits), "count", "`count` random digits"),
        "randAscii": HelmFunction(
            _random("".join(chr(c) for c in range(33, 127))),
            "count",
            "`count` random printable ASCII characters",
        ),
        "randInt": HelmFunction(
            lambda low, high: secrets.randbelow(int(high) - int(low)) + int(low),
            "min, max",
            "a random integer from `min` up to (not including) `max`",
        ),
        "randBytes": HelmFunction(crypto.rand_bytes, "count", "`count` random bytes, base64"),
        "uuidv4": HelmFunction(lambda: str(uuid.uuid4()), "", "a random UUID"),
        "bcrypt": HelmFunction(crypto.bcrypt_hash, "text", "a bcrypt hash (`$2a$10$…`)"),
        "htpasswd": HelmFunction(crypto.htpasswd, "user, password", "an `.htpasswd` line (bcrypt)"),
        "derivePassword": HelmFunction(
            crypto.derive_password,
            "counter, kind, password, user, site",
            "a Master Password site password (`kind`: maximum, long, medium, short, basic, pin)",
        ),
        "encryptAES": HelmFunction(
            crypto.encrypt_aes, "password, text", "AES-256-CBC with a random IV, base64"
        ),
        "decryptAES": HelmFunction(
            crypto.decrypt_aes, "password, base64", "what `encryptAES` encrypted"
        ),
        "genPrivateKey": HelmFunction(
            crypto.gen_private_key,
            "kind",
            "a PEM private key: `rsa` (4096 bits), `dsa`, `ecdsa` (P-256), `ed25519`",
        ),
        "genCA": HelmFunction(
            crypto.gen_ca, "cn, days", "a CA certificate (`.Cert`, `.Key` in PEM; RSA 2048)"
        ),
        "genCAWithKey": HelmFunction(
            crypto.gen_ca_with_key, "cn, days, key", "`genCA` with the given PEM key"
        ),
        "genSelfSignedCert": HelmFunction(
            crypto.gen_self_signed_cert,
            "cn, ips, dns_names, days",
            "a self-signed server/client certificate (`.Cert`, `.Key`)",
        ),
        "genSelfSignedCertWithKey": HelmFunction(
            crypto.gen_self_signed_cert_with_key,
            "cn, ips, dns_names, days, key",
            "`genSelfSignedCert` with the given PEM key",
        ),
        "genSignedCert": HelmFunction(
            crypto.gen_signed_cert,
            "cn, ips, dns_names, days, ca",
            "a certificate signed by `ca` (from `genCA`)",
        ),
        "genSignedCertWithKey": HelmFunction(
            crypto.gen_signed_cert_with_key,
            "cn, ips, dns_names, days, ca, key",
            "`genSignedCert` with the given PEM key",
        ),
        "buildCustomCert": HelmFunction(
            crypto.build_custom_cert,
            "cert_base64, key_base64",
            "a certificate object (`.Cert`, `.Key`) from base64 PEM",
        ),
    },
}


def _octal(text: str) -> int:
    try:
        return int(text, 8)
    except ValueError:
        return 0


# Sprig's `must…` forms: here the plain forms already stop rendering where Sprig's would panic.
_MUST_FORMS = frozenset(
    {
        "compact", "deepCopy", "merge", "mergeOverwrite", "append", "push", "prepend", "first",
        "rest", "last", "initial", "reverse", "uniq", "without", "has", "slice", "chunk",
        "regexMatch", "regexFindAll", "regexFind", "regexReplaceAll", "regexReplaceAllLiteral",
        "regexSplit",
    }
)  # fmt: skip
for _group in GROUPS.values():
    for _name in list(_group):
        _must = "must" + _name[:1].upper() + _name[1:]
        if _name in _MUST_FORMS and _must not in _group:
            _group[_must] = HelmFunction(
                _group[_name].func,
                _group[_name].args,
                f"`{_name}`, an error where Sprig's `{_name}` would panic",
            )

# Each function charged to the render's budget (`budget.charged`), whichever dialect calls it.
FUNCTIONS: dict[str, Callable[..., Any]] = {
    name: charged(entry.func) for group in GROUPS.values() for name, entry in group.items()
}

# Functions whose output changes from one render to the next: `kubelint lint` warns where a
# chart calls them. Sprig's non-hermetic list (the date functions that format "now" for an
# argument that is not a time), plus what draws random numbers or reads the clock.
NON_DETERMINISTIC = frozenset(
    {
        "now", "date", "dateInZone", "dateModify", "mustDateModify", "htmlDate", "htmlDateInZone",
        "date_in_zone", "date_modify", "must_date_modify",
        "ago", "randAlphaNum", "randAlpha", "randNumeric", "randAscii", "randInt", "randBytes",
        "uuidv4", "shuffle", "bcrypt", "htpasswd", "encryptAES", "genPrivateKey", "genCA",
        "genCAWithKey", "genSelfSignedCert", "genSelfSignedCertWithKey", "genSignedCert",
        "genSignedCertWithKey",
    }
)  # fmt: skip


# Functions that look at a missing value without using it: no error with --strict.
_LENIENT = frozenset(
    {
        "default",
        "empty",
        "coalesce",
        "ternary",
        "required",
        "kindOf",
        "kindIs",
        "typeOf",
        "hasKey",
        "get",
        "dig",
        "quote",
        "squote",
        "all",
        "any",
        "typeIs",
        "typeIsLike",
        "pluck",
    }
)
# Functions whose first argument is the mapping or list they work on: their filter keeps it first.
_SUBJECT_FIRST = frozenset(
    {
        "hasKey",
        "get",
        "set",
        "unset",
        "pick",
        "omit",
        "merge",
        "mergeOverwrite",
        "dig",
        "append",
        "push",
        "prepend",
        "without",
        "slice",
        "regexReplaceAll",
        "regexReplaceAllLiteral",
        "mustMerge",
        "mustMergeOverwrite",
        "mustAppend",
        "mustPush",
        "mustPrepend",
        "mustWithout",
        "mustSlice",
        "mustRegexReplaceAll",
        "mustRegexReplaceAllLiteral",
    }
)
# Jinja2 filters kept as they are (same meaning, value first) rather than replaced.
_JINJA_FILTERS_KEPT = frozenset(
    {
        "first",
        "last",
        "join",
        "trim",
        "upper",
        "lower",
        "title",
        "list",
        "int",
        "max",
        "min",
        "round",
        "length",
    }
)


def _lenient(value: Any) -> Any:
    """A value as a function that looks at a missing one sees it: `none` (unless --strict)."""
    return (
        None if isinstance(value, Undefined) and not isinstance(value, StrictUndefined) else value
    )


def helm_globals() -> dict[str, Callable[..., Any]]:
    """Each function as Jinja2 templates call it: charged, and a missing value `none` (or an
    error with --strict, unless the function only looks at it)."""
    out: dict[str, Callable[..., Any]] = {}
    for group in GROUPS.values():
        for name, entry in group.items():
            out[name] = charged(entry.func, _lenient if name in _LENIENT else plain)
            out[name].__name__ = name
    return out


def helm_filters() -> dict[str, Callable[..., Any]]:
    out: dict[str, Callable[..., Any]] = {}
    for name, func in helm_globals().items():
        if name in _JINJA_FILTERS_KEPT:
            continue
        if name in _SUBJECT_FIRST:
            out[name] = func
        else:
            out[name] = _piped(func)
    return out


def _piped(func: Callable[..., Any]) -> Callable[..., Any]:
    def filter_(value: Any, *args: Any) -> Any:
        return func(*args, value)

    filter_.__name__ = func.__name__
    return filter_
