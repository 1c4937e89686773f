"""Go's fmt for template values: `Sprint`, `Sprintln`, `Sprintf` and `%v`.

`%v` prints maps as `map[a:1 b:2]` (keys sorted), slices as `[a b]`, nil as `<nil>`, floats in
the shortest form with an exponent from 1e+06 on (`1e+06`), and a verb that does not fit its
value as Go does: `%!d(string=x)`, `%!s(MISSING)`, `%!(EXTRA int=2)`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from kubelint.chart.budget import current
from kubelint.chart.dates import go_time_string
from kubelint.chart.gotmpl.gotypes import NO_VALUE, Float64, GoStruct, format_float, type_name
from kubelint.chart.gotmpl.lexer import go_quote

MAX_WIDTH = 100_000  # a field width or precision past this is an error, not a huge string
_VERB = re.compile(r"%([-+# 0]*)(\*|\d+)?(?:\.(\*|\d*))?(.|$)", re.DOTALL)


class FormatError(Exception):
    """A width or precision too large to build."""


def value_text(value: Any, depth: int = 0) -> str:
    """`%v`."""
    if value is None or value is NO_VALUE:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Float64 | float):
        return format_float(float(value))
    if isinstance(value, int | str):
        return str(value)
    if isinstance(value, bytes):
        return "[" + " ".join(str(b) for b in value) + "]"
    if isinstance(value, GoStruct):
        if value.text is not None:
            return value.text
        return "{" + " ".join(value_text(v, depth + 1) for v in value.fields.values()) + "}"
    if isinstance(value, Mapping):
        items = sorted(value.items(), key=lambda kv: _key_order(kv[0]))
        return (
            "map["
            + " ".join(f"{value_text(k, depth + 1)}:{value_text(v, depth + 1)}" for k, v in items)
            + "]"
        )
    if isinstance(value, list | tuple):
        return "[" + " ".join(value_text(v, depth + 1) for v in value) + "]"
    if isinstance(value, dt.datetime):
        return go_time_string(value)
    return str(value)


def _key_order(key: Any) -> tuple[int, Any]:
    if isinstance(key, int | float):
        return 0, key
    return 1, str(key)


def sprint(*args: Any) -> str:
    """fmt.Sprint: a space between two operands when neither is a string."""
    out: list[str] = []
    previous_string = False
    for index, arg in enumerate(args):
        is_string = isinstance(arg, str)
        if index and not is_string and not previous_string:
            out.append(" ")
        out.append(value_text(arg))
        previous_string = is_string
    return "".join(out)


def sprintln(*args: Any) -> str:
    return " ".join(value_text(a) for a in args) + "\n"


def _bad(verb: str, value: Any) -> str:
    if value is None or value is NO_VALUE:
        return f"%!{verb}(<nil>)"
    return f"%!{verb}({type_name(value)}={value_text(value)})"


def _integer(value: int, verb: str, flags: str, precision: int | None) -> str | None:
    if verb in "vd":
        digits = str(abs(value))
    elif verb == "b":
        digits = format(abs(value), "b")
    elif verb in "oO":
        digits = format(abs(value), "o")
    elif verb in "xX":
        digits = format(abs(value), verb)
    elif verb == "c":
        return chr(value)
    elif verb == "q":
        return "'" + go_quote(chr(value))[1:-1].replace('\\"', '"').replace("'", "\\'") + "'"
    elif verb == "U":
        return f"U+{value:04X}"
    else:
        return None
    if precision is not None:
        digits = digits.rjust(_bounded(precision), "0")
    if "#" in flags:
        digits = {"o": "0", "x": "0x", "X": "0X", "b": "0b"}.get(verb, "") + digits
    if verb == "O":
        digits = "0o" + digits
    sign = "-" if value < 0 else "+" if "+" in flags else " " if " " in flags else ""
    return sign + digits


def _float(value: float, verb: str, flags: str, precision: int | None) -> str | None:
    if verb not in "vgGeEfF":
        return None
    if verb == "v" or (verb in "gG" and precision is None):
        text = format_float(value)
        text = text.upper() if verb == "G" else text
    else:
        places = 6 if precision is None else _bounded(precision)
        text = format(value, f".{places}{'f' if verb == 'F' else verb}")
        text = text.replace("inf", "+Inf").replace("nan", "NaN").replace("-+Inf", "-Inf")
    if "+" in flags and not text.startswith(("-", "+")):
        text = "+" + text
    elif " " in flags and not text.startswith(("-", "+")):
        text = " " + text
    return text


def _string(value: str, verb: str, flags: str, precision: int | None) -> str | None:
    if precision is not None:
        value = value[: _bounded(precision)]
    if verb in "vs":
        return value
    if verb == "q":
        if "#" in flags and "`" not in value:
            return "`" + value + "`"
        return go_quote(value)
    if verb in "xX":
        data = value.encode()
        separator = " " if " " in flags else ""
        return separator.join(format(b, "02x" if verb == "x" else "02X") for b in data)
    return None


def format_one(value: Any, verb: str, flags: str = "", precision: int | None = None) -> str:
    """One operand under one verb."""
    if verb == "T":
        return type_name(value)
    if verb == "v" and ("#" in flags):
        return go_quote(value) if isinstance(value, str) else value_text(value)
    if value is None or value is NO_VALUE:
        return "<nil>" if verb == "v" else _bad(verb, value)
    text: str | None
    if isinstance(value, bool):
        text = value_text(value) if verb in "vt" else None
    elif isinstance(value, Float64 | float):
        text = _float(float(value), verb, flags, precision)
    elif isinstance(value, int):
        text = _integer(value, verb, flags, precision)
    elif isinstance(value, str):
        text = _string(value, verb, flags, precision)
    elif isinstance(value, bytes):
        text = _string(value.decode("utf-8", "replace"), verb, flags, precision)
        if verb == "v":
            text = value_text(value)
    elif isinstance(value, Mapping):
        items = sorted(value.items(), key=lambda kv: _key_order(kv[0]))
        inner = " ".join(
            f"{format_one(k, verb, flags, precision)}:{format_one(v, verb, flags, precision)}"
            for k, v in items
        )
        text = f"map[{inner}]"
    elif isinstance(value, list | tuple):
        text = "[" + " ".join(format_one(v, verb, flags, precision) for v in value) + "]"
    elif verb in "vs":
        text = value_text(value)
    else:
        text = None
    return _bad(verb, value) if text is None else text


def _bounded(size: int) -> int:
    if size > MAX_WIDTH:
        raise FormatError(f"a field of {size} characters is too wide")
    return size


def _pad(text: str, width: int | None, flags: str, numeric: bool) -> str:
    if width is None or len(text) >= width:
        return text
    width = _bounded(width)
    if "-" in flags:
        return text.ljust(width)
    if "0" in flags and numeric:
        sign = text[0] if text[:1] in ("-", "+", " ") else ""
        return sign + text[len(sign) :].rjust(width - len(sign), "0")
    if "0" in flags:
        return text.rjust(width, "0")
    return text.rjust(width)


def sprintf(template: str, *args: Any) -> str:
    """fmt.Sprintf, within the render's budget: a width or precision is refused before it is
    built when the render cannot afford it, and each piece is charged (a string doubled by
    `printf "%s%s" $x $x` stops at the memory limit)."""
    budget = current()
    out: list[str] = []
    values = list(args)
    used = 0
    position = 0
    while True:
        start = template.find("%", position)
        if start < 0:
            out.append(template[position:])
            break
        out.append(template[position:start])
        match = _VERB.match(template, start)
        assert match is not None  # the pattern matches any `%`
        flags, width_text, precision_text, verb = match.groups()
        position = match.end()
        if verb == "%":
            out.append("%")
            continue
        if not verb:
            out.append("%!(NOVERB)")
            break
        width: int | None = None
        if width_text == "*":
            width, used = (int(values[used]), used + 1) if used < len(values) else (None, used)
        elif width_text:
            width = int(width_text)
        precision: int | None = None
        if precision_text == "*":
            if used < len(values):
                precision, used = int(values[used]), used + 1
        elif precision_text is not None:
            precision = int(precision_text or 0)
        if used >= len(values):
            out.append(f"%!{verb}(MISSING)")
            continue
        value = values[used]
        used += 1
        budget.room(max(width or 0, precision or 0))
        text = format_one(value, verb, flags, precision)
        budget.allocate(len(text))
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        out.append(_pad(text, width, flags, numeric))
    if used < len(values):
        extra = ", ".join(
            "<nil>" if v is None or v is NO_VALUE else f"{type_name(v)}={value_text(v)}"
            for v in values[used:]
        )
        out.append(f"%!(EXTRA {extra})")
    return "".join(out)
