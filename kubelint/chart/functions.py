"""Helm's template functions (Helm's own and Sprig's) for Jinja2, with Sprig's semantics.

Each function is written once, with Helm's argument order (the piped value last), and exists
both as a function (`default("x", Values.a)`, as Helm writes `default "x" .Values.a`) and as a
filter (`Values.a | default("x")`, as Helm writes `.Values.a | default "x"`). Functions that take
a mapping first (`hasKey`, `pick`, `get`, …) keep that order as filters: `Values | hasKey("a")`.

A missing value is `none` here, like Go's nil; with `--strict`, handing one to a function that
uses it (anything but `default`, `empty`, `required`, `coalesce`, `ternary`, the type tests and
the mapping lookups) is an error.
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
import re
import secrets
import string
import uuid
import zlib
from collections.abc import Callable, Mapping
from typing import Any

import yaml
from jinja2 import StrictUndefined, Undefined

from kubelint.chart import semver

MAX_REPEAT = 1_000_000  # characters a function may build from a count (`repeat`, `indent`)
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    if value is None or isinstance(value, Undefined):
        return "<nil>" if not isinstance(value, StrictUndefined) else str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return "map[" + " ".join(f"{k}:{go_str(value[k])}" for k in sorted(value)) + "]"
    if isinstance(value, list | tuple):
        return "[" + " ".join(go_str(v) for v in value) + "]"
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
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
class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data and data.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _represent_float(dumper: yaml.SafeDumper, data: float) -> yaml.Node:
    if math.isnan(data) or math.isinf(data):
        return dumper.represent_float(data)
    text = format_float(data)
    if "." not in text:
        text += ".0"
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


_Dumper.add_multi_representer(dict, lambda d, data: d.represent_dict(data))
_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(float, _represent_float)
_Dumper.add_representer(tuple, lambda d, data: d.represent_list(list(data)))
_Dumper.add_multi_representer(Undefined, lambda d, data: d.represent_none(None))


_YAML_CACHE: dict[str, str] = {}  # charts print the same values into many templates


def to_yaml(value: Any) -> str:
    """Sorted keys, no trailing newline, no document-end marker, no scientific notation."""
    key = repr(value)  # tells 1 from "1" and 1.0, unlike JSON
    if len(key) > 65536 or " at 0x" in key:  # big, or not plain data: no caching
        return _dump_yaml(value)
    text = _YAML_CACHE.get(key)
    if text is None:
        if len(_YAML_CACHE) > 1024:
            _YAML_CACHE.clear()
        text = _YAML_CACHE[key] = _dump_yaml(value)
    return text


def _dump_yaml(value: Any) -> str:
    text = yaml.dump(
        value,
        Dumper=_Dumper,
        default_flow_style=False,
        sort_keys=True,
        allow_unicode=True,
        width=2**31 - 1,
    )
    if text.endswith("\n...\n"):
        text = text[: -len("\n...\n")]
    return text.removesuffix("\n")


def _json_default(value: Any) -> Any:
    if isinstance(value, Undefined):
        return None
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def to_json(value: Any) -> str:
    text = json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default
    )
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def to_pretty_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False, default=_json_default)


def to_raw_json(value: Any) -> str:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default
    )


def from_yaml(text: str) -> Any:
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        return {"Error": str(exc)}
    return data if isinstance(data, dict) else {} if data is None else {"Error": "not a mapping"}


def from_yaml_array(text: str) -> Any:
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        return [str(exc)]
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


def trunc(count: int, value: Any) -> str:
    text = go_str(value)
    if count < 0 and len(text) + count > 0:
        return text[len(text) + count :]
    if count >= 0 and len(text) > count:
        return text[:count]
    return text


def repeat(count: int, value: Any) -> str:
    text = go_str(value)
    return text * _bounded(int(count), len(text))


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
        if kind in "vs":
            out = go_str(value)
        elif kind == "q":
            out = go_quote(go_str(value))
        elif kind == "d":
            out = str(int(value)) if isinstance(value, int | float) else f"%!d({go_str(value)})"
        elif kind in "fge":
            number = float(value)
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


def _regex(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise TemplateFailure(f"invalid regular expression {pattern!r}: {exc}") from None


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


def kind_of(value: Any) -> str:
    if value is None or isinstance(value, Undefined):
        return "invalid"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Mapping):
        return "map"
    if isinstance(value, list | tuple):
        return "slice"
    return type(value).__name__


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


def uniq(items: Any) -> list[Any]:
    out: list[Any] = []
    for item in _list(items):
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
        raise TemplateFailure(f"semverCompare: invalid version {version!r}")
    try:
        return semver.parse_constraint(str(constraint)).check(parsed)
    except semver.ConstraintError as exc:
        raise TemplateFailure(f"semverCompare: {exc}") from None


# -- non-deterministic: `kubelint lint` warns where a chart uses these ------------------------
def _random(alphabet: str) -> Callable[[int], str]:
    def generate(count: int) -> str:
        return "".join(secrets.choice(alphabet) for _ in range(_bounded(int(count))))

    return generate


NON_DETERMINISTIC = frozenset(
    {"now", "randAlphaNum", "randAlpha", "randNumeric", "randAscii", "uuidv4"}
)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _num(value: Any) -> int | float:
    value = plain(value)
    return value if isinstance(value, int | float) else to_int(value)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    # strings
    "quote": quote,
    "squote": squote,
    "upper": lambda s: go_str(s).upper(),
    "lower": lambda s: go_str(s).lower(),
    "title": lambda s: string.capwords(go_str(s), " ") if s else "",
    "trim": lambda s: go_str(s).strip(),
    "trimAll": lambda chars, s: go_str(s).strip(chars),
    "trimPrefix": lambda prefix, s: go_str(s).removeprefix(prefix),
    "trimSuffix": lambda suffix, s: go_str(s).removesuffix(suffix),
    "trunc": trunc,
    "nospace": lambda s: re.sub(r"\s+", "", go_str(s)),
    "repeat": repeat,
    "substr": substr,
    "replace": lambda old, new, s: go_str(s).replace(old, new),
    "contains": lambda sub, s: sub in go_str(s),
    "hasPrefix": lambda prefix, s: go_str(s).startswith(prefix),
    "hasSuffix": lambda suffix, s: go_str(s).endswith(suffix),
    "cat": lambda *v: " ".join(go_str(x) for x in v if x is not None),
    "indent": indent,
    "nindent": nindent,
    "kebabcase": kebabcase,
    "snakecase": snakecase,
    "camelcase": camelcase,
    "splitList": lambda sep, s: go_str(s).split(sep),
    "join": lambda sep, items: sep.join(go_str(i) for i in _list(items)),
    "toString": go_str,
    "toStrings": lambda items: [go_str(i) for i in _list(items)],
    "printf": printf,
    "print": go_print,
    "regexMatch": lambda pattern, s: _regex(pattern).search(go_str(s)) is not None,
    "regexFind": lambda pattern, s: m.group(0) if (m := _regex(pattern).search(s)) else "",
    "regexFindAll": lambda pattern, s, n: [m.group(0) for m in _regex(pattern).finditer(s)][
        : (None if n < 0 else n)
    ],
    "regexReplaceAll": regex_replace_all,
    "b64enc": b64enc,
    "b64dec": b64dec,
    "sha256sum": _digest("sha256"),
    "sha1sum": _digest("sha1"),
    "adler32sum": adler32sum,
    # encodings
    "toYaml": to_yaml,
    "toJson": to_json,
    "toPrettyJson": to_pretty_json,
    "toRawJson": to_raw_json,
    "fromYaml": from_yaml,
    "fromYamlArray": from_yaml_array,
    "fromJson": from_json,
    "fromJsonArray": from_json_array,
    # types and choices
    "default": default,
    "empty": is_empty,
    "coalesce": coalesce,
    "ternary": ternary,
    "required": required,
    "fail": fail,
    "kindOf": kind_of,
    "kindIs": lambda kind, value: kind_of(value) == kind,
    "typeOf": lambda value: type(value).__name__,
    "int": to_int,
    "int64": to_int,
    "atoi": to_int,
    "float64": to_float,
    "semverCompare": semver_compare,
    # lists
    "list": lambda *items: list(items),
    "append": lambda items, v: [*_list(items), v],
    "push": lambda items, v: [*_list(items), v],
    "prepend": lambda items, v: [v, *_list(items)],
    "concat": lambda *lists: [x for items in lists for x in _list(items)],
    "first": lambda items: _list(items)[0] if _list(items) else None,
    "last": lambda items: _list(items)[-1] if _list(items) else None,
    "initial": lambda items: _list(items)[:-1],
    "rest": lambda items: _list(items)[1:],
    "uniq": uniq,
    "compact": lambda items: [i for i in _list(items) if not is_empty(i)],
    "without": lambda items, *drop: [i for i in _list(items) if i not in drop],
    "has": lambda needle, items: needle in _list(items),
    "sortAlpha": lambda items: sorted(go_str(i) for i in _list(items)),
    "until": until,
    "len": lambda value: len(value) if value is not None else 0,
    # mappings
    "dict": sprig_dict,
    "get": lambda mapping, key: mapping.get(key, "") if isinstance(mapping, Mapping) else "",
    "set": set_key,
    "unset": unset_key,
    "hasKey": lambda mapping, key: isinstance(mapping, Mapping) and key in mapping,
    "keys": lambda *maps: [k for m in maps for k in m],
    "values": lambda mapping: list(mapping.values()),
    "pick": lambda mapping, *keys: {k: mapping[k] for k in keys if k in mapping},
    "omit": lambda mapping, *keys: {k: v for k, v in mapping.items() if k not in keys},
    "merge": merge,
    "mergeOverwrite": merge_overwrite,
    "deepCopy": copy.deepcopy,
    "dig": dig,
    # numbers
    "add": lambda *n: sum(_num(x) for x in n),
    "add1": lambda n: _num(n) + 1,
    "sub": lambda a, b: _num(a) - _num(b),
    "mul": lambda *n: math.prod(_num(x) for x in n),
    "div": lambda a, b: int(_num(a) / _num(b)),
    "mod": lambda a, b: int(math.fmod(_num(a), _num(b))),
    "max": lambda *n: max(_num(x) for x in n),
    "min": lambda *n: min(_num(x) for x in n),
    "floor": lambda n: float(math.floor(_num(n))),
    "ceil": lambda n: float(math.ceil(_num(n))),
    "round": lambda n, places=0: round(_num(n), int(places)),
    # non-deterministic
    "now": now,
    "randAlphaNum": _random(string.ascii_letters + string.digits),
    "randAlpha": _random(string.ascii_letters),
    "randNumeric": _random(string.digits),
    "randAscii": _random("".join(chr(c) for c in range(33, 127))),
    "uuidv4": lambda: str(uuid.uuid4()),
}

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
        "regexReplaceAll",
    }
)
# Jinja2 filters kept as they are (same meaning, value first) rather than replaced.
_JINJA_FILTERS_KEPT = frozenset(
    {
        "first",
        "last",
        "join",
        "replace",
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


def _lenient_args(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    if name in _LENIENT:

        def call_lenient(*args: Any) -> Any:
            return func(
                *(
                    None if isinstance(a, Undefined) and not isinstance(a, StrictUndefined) else a
                    for a in args
                )
            )

        call_lenient.__name__ = name
        return call_lenient

    def call(*args: Any) -> Any:
        return func(*(plain(a) for a in args))

    call.__name__ = name
    return call


def helm_globals() -> dict[str, Callable[..., Any]]:
    return {name: _lenient_args(name, func) for name, func in FUNCTIONS.items()}


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
