"""Go's view of the Python values a template handles.

Go tells apart what Python does not: a missing value (an invalid `reflect.Value`, printed
`<no value>`) from a nil interface held in a map (an error to walk through), and the float64
numbers Helm reads from YAML values from the ints of template constants. `NO_VALUE` is the
first, `None` the second, and `Float64` (an `int` that Go sees as a float64) the third: values
read from YAML become `Float64` when a Go-template chart is rendered, so that `{{ 1000000 }}`
from values prints `1e+06` as in Helm, while JSON and YAML output stay integers.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from typing import Any

from kubelint.chart.goyaml import go_str_key


class _NoValue:
    """An invalid reflect.Value: what a pipeline yields for nil."""

    _instance: _NoValue | None = None

    def __new__(cls) -> _NoValue:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "<no value>"

    def __bool__(self) -> bool:
        return False


NO_VALUE = _NoValue()


class Float64(int):
    """An integral number Go holds as a float64 (every number Helm reads from YAML)."""

    __slots__ = ()

    def __str__(self) -> str:
        return format_float(float(self))


def format_float(value: float) -> str:
    """strconv.FormatFloat(value, 'g', -1, 64), what `%v` prints: the shortest digits that
    read back the same, with an exponent below 1e-4 and from 1e+06 on (`1e+06`, `1.5e-05`)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "-0" if math.copysign(1, value) < 0 else "0"
    mantissa, _, exponent = repr(abs(value)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    point = len(whole) - (len(whole + fraction) - len(digits)) + int(exponent or 0)
    digits = digits.rstrip("0") or "0"
    power = point - 1  # the decimal exponent of the first digit
    sign = "-" if value < 0 else ""
    if power < -4 or power >= 6:
        body = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{body}e{'-' if power < 0 else '+'}{abs(power):02d}"
    if power < 0:
        return f"{sign}0.{'0' * (-power - 1)}{digits}"
    integral = digits[: power + 1].ljust(power + 1, "0")
    rest = digits[power + 1 :]
    return f"{sign}{integral}{'.' + rest if rest else ''}"


class GoStruct:
    """A Go struct value (`.Capabilities`, `.Capabilities.KubeVersion`, `.Files`): fields, and
    methods that templates call (`.Files.Get "x"`, `.Capabilities.APIVersions.Has "v1"`)."""

    def __init__(
        self,
        type_name: str,
        fields: Mapping[str, Any],
        methods: Mapping[str, Callable[..., Any]] | None = None,
        text: str | None = None,
    ) -> None:
        self.type_name = type_name
        self.fields = fields
        self.methods = methods or {}
        self.text = text  # what fmt prints (a Stringer); None: `{field field}`

    def __repr__(self) -> str:
        return f"GoStruct({self.type_name})"


class GoList(list[Any]):
    """A Go slice of a named type with methods (`common.VersionSet` with `Has`)."""

    def __init__(
        self, items: list[Any], type_name: str, methods: Mapping[str, Callable[..., Any]]
    ) -> None:
        super().__init__(items)
        self.type_name = type_name
        self.methods = methods


class GoMap(dict[str, Any]):
    """A Go map of a named type with methods (`engine.files` with `Get`, `Glob`, …)."""

    def __init__(
        self,
        items: Mapping[str, Any],
        type_name: str,
        methods: Mapping[str, Callable[..., Any]],
    ) -> None:
        super().__init__(items)
        self.type_name = type_name
        self.methods = methods


def go_values(value: Any) -> Any:
    """YAML values as Helm holds them: mappings and lists copied, numbers float64."""
    if isinstance(value, Mapping):
        return {go_str_key(k): go_values(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [go_values(v) for v in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return Float64(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return Float64(int(value))
    return value


def is_float(value: Any) -> bool:
    return isinstance(value, float | Float64)


def type_name(value: Any) -> str:
    """The Go type `%T` names and errors show."""
    if value is None or value is NO_VALUE:
        return "<nil>"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, Float64 | float):
        return "float64"
    if isinstance(value, int):
        return "int"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bytes):
        return "[]uint8"
    if isinstance(value, GoStruct | GoList | GoMap):
        return value.type_name
    if isinstance(value, Mapping):
        return "map[string]interface {}"
    if isinstance(value, list | tuple):
        return "[]interface {}"
    if isinstance(value, dt.datetime):
        return "time.Time"
    if callable(value):
        return "func"
    return type(value).__name__


def truth(value: Any) -> bool:
    """Go's `if`: false, 0, nil, and empty strings, lists and maps are false."""
    if value is None or value is NO_VALUE:
        return False
    if isinstance(value, bool | int | float | str | bytes | list | tuple | Mapping):
        return bool(value)
    return True
