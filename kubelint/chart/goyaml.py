"""`toYaml` as Helm writes YAML: sigs.k8s.io/yaml over Go's yaml.v2, byte for byte.

Helm turns the value into JSON and the JSON into YAML, so keys are strings, sorted in yaml.v2's
natural order (`a2` before `a10`), and a float with an integral value prints as an integer.
A string that yaml.v2 would read back as something else (`"yes"`, `"y"`, `"1e3"`, `"0777"`,
`"2024-01-01"`, `"1:20"`, `""`) is double-quoted; one that plain YAML cannot hold (`" lead"`,
`"a: b"`) single-quoted; one with a newline is a literal block where YAML allows it. Lines are
folded at 80 columns, as yaml.v2 folds them. The one deliberate difference: no scientific
notation (`1e+21` prints as `1000000000000000000000`).
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any

import yaml
from jinja2 import Undefined
from yaml.nodes import ScalarNode

from kubelint.chart.dates import DateError, go_parse

_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
STR = "tag:yaml.org,2002:str"
_NULL = ("", "~", "null", "Null", "NULL")
_BOOL = (
    "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE",
    "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE",
)  # fmt: skip
_SPECIAL_FLOAT = frozenset(
    f"{sign}.{word}" for sign in ("", "+", "-") for word in ("inf", "Inf", "INF")
) | {".nan", ".NaN", ".NAN"}
_GO_INT = re.compile(r"[+-]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)")
_YAML_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_DOT_FLOAT = re.compile(r"\.[0-9]+(?:_[0-9]+)*(?:[eE][-+]?[0-9]+(?:_[0-9]+)*)?")
_BASE60 = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
_TIMESTAMP_LAYOUTS = (
    "2006-1-2T15:4:5.999999999Z07:00",
    "2006-1-2t15:4:5.999999999Z07:00",
    "2006-1-2 15:4:5.999999999",
    "2006-1-2",
)


def _is_timestamp(text: str) -> bool:
    if not re.match(r"\d{4}-", text):
        return False
    for layout in _TIMESTAMP_LAYOUTS:
        try:
            go_parse(layout, text)
        except DateError:
            continue
        return True
    return False


def _is_number(text: str) -> bool:
    if text[0] == ".":  # Go's ParseFloat of the text as it is
        return _DOT_FLOAT.fullmatch(text) is not None
    plain = text.replace("_", "")  # digits, or a sign: underscores are dropped first
    if _GO_INT.fullmatch(plain):
        return True
    if _YAML_FLOAT.fullmatch(plain):
        return not math.isinf(float(plain))  # Go's ParseFloat fails on overflow
    return False


@functools.lru_cache(maxsize=4096)
def plain_is_string(text: str) -> bool:
    """Whether yaml.v2 reads `text`, written plain, back as this string (and not as a null,
    bool, number, timestamp or sexagesimal float)."""
    if text in _NULL or text in _BOOL or text in _SPECIAL_FLOAT:
        return False
    return text[0] not in "+-.0123456789" or not (
        _is_timestamp(text) or _is_number(text) or _BASE60.fullmatch(text)
    )


def _key_less(a: str, b: str) -> bool:
    """yaml.v2's order of string keys: letters by code point and after other characters, runs
    of digits by their value."""
    for i in range(min(len(a), len(b))):
        if a[i] == b[i]:
            continue
        a_letter, b_letter = a[i].isalpha(), b[i].isalpha()
        if a_letter and b_letter:
            return a[i] < b[i]
        if a_letter or b_letter:
            return b_letter
        a_number = b_number = 0
        if a[i] == "0" or b[i] == "0":
            j = i - 1
            while j >= 0 and a[j].isdigit():
                if a[j] != "0":
                    a_number = b_number = 1
                    break
                j -= 1
        a_end = i
        while a_end < len(a) and a[a_end].isdigit():
            a_number = a_number * 10 + int(a[a_end])
            a_end += 1
        b_end = i
        while b_end < len(b) and b[b_end].isdigit():
            b_number = b_number * 10 + int(b[b_end])
            b_end += 1
        if a_number != b_number:
            return a_number < b_number
        if a_end != b_end:
            return a_end < b_end
        return a[i] < b[i]
    return len(a) < len(b)


def _key_compare(a: str, b: str) -> int:
    return -1 if _key_less(a, b) else 1 if _key_less(b, a) else 0


_KEY = functools.cmp_to_key(_key_compare)


def go_str_key(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, float):
        return format_number(key)
    return str(key)


def format_number(value: float) -> str:
    """A float as JSON carries it into Helm's YAML: integral values as integers; never with an
    exponent."""
    if math.isnan(value) or math.isinf(value):
        return ".nan" if math.isnan(value) else ("-.inf" if value < 0 else "+.inf")
    if value.is_integer():
        return str(int(value))
    text = repr(value)
    if "e" in text or "E" in text:
        text = f"{value:.20f}".rstrip("0")
    return text


class _GoDumper(_Dumper):  # type: ignore[valid-type,misc]
    def ignore_aliases(self, data: Any) -> bool:
        return True

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """What a plain scalar means to yaml.v2 (only whether it is a string matters here)."""
        if kind is ScalarNode and implicit[0] and value and plain_is_string(value):
            return STR
        return str(super().resolve(kind, value, implicit))


def sorted_pairs(data: Any) -> list[tuple[str, Any]]:
    """A mapping's items as Go's YAML encoders write them: string keys in natural order."""
    return sorted(((go_str_key(k), v) for k, v in data.items()), key=lambda kv: _KEY(kv[0]))


def represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    """A string as yaml.v2 and yaml.v3 write it: a literal block when it has a newline, plain
    when it reads back as a string, else double-quoted (single-quoted when plain YAML cannot
    hold it)."""
    if "\n" in data:
        style: str | None = "|"
    elif data and plain_is_string(data):
        style = None
    else:
        style = '"'
    return dumper.represent_scalar(STR, data, style=style)


def _represent_mapping(dumper: yaml.SafeDumper, data: Any) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", sorted_pairs(data))


def _represent_float(dumper: yaml.SafeDumper, data: float) -> yaml.Node:
    text = format_number(data)
    tag = "tag:yaml.org,2002:int" if data.is_integer() else "tag:yaml.org,2002:float"
    return dumper.represent_scalar(tag, text)


_GoDumper.add_representer(dict, _represent_mapping)
_GoDumper.add_multi_representer(dict, _represent_mapping)
_GoDumper.add_representer(str, represent_str)
_GoDumper.add_representer(float, _represent_float)
# An int subclass (a number a Go-template chart holds as float64) is an integer in YAML.
_GoDumper.add_multi_representer(int, lambda d, data: d.represent_int(int(data)))
_GoDumper.add_representer(tuple, lambda d, data: d.represent_list(list(data)))
_GoDumper.add_multi_representer(Undefined, lambda d, data: d.represent_none(None))


def dump(value: Any) -> str:
    """`value` as Helm's `toYaml` writes it, without the final newline."""
    text = yaml.dump(
        value,
        Dumper=_GoDumper,
        default_flow_style=False,
        sort_keys=False,
        allow_unicode=True,
        width=80,
    )
    if text.endswith("\n...\n"):  # PyYAML's document end after an open-ended scalar
        text = text[: -len("...\n")]
    return text.removesuffix("\n")
