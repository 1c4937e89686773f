"""Kubernetes resource quantities (`500m`, `1Gi`, `1e3`), parsed the way the API server does.

The grammar is that of `k8s.io/apimachinery/pkg/api/resource`: a signed decimal number and an
optional suffix, binary (`Ki` … `Ei`), decimal (`n u m k M G T P E`) or an exponent (`e3`, `E-2`).
`10GB`, `1gi` and `1.5.0` are invalid. Values are exact (Decimal), never floats.
"""

from __future__ import annotations

import functools
import math
import re
from decimal import Decimal, InvalidOperation

from kubelint.printable import quote

_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_SUFFIX = r"Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+"
_QUANTITY = re.compile(rf"({_NUMBER})({_SUFFIX})?")
# The same grammar for JSON schemas (Rust and Python regular expressions both read it).
QUANTITY_PATTERN = rf"^{_NUMBER}(?:{_SUFFIX})?$"

_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
# A bound far above any real resource amount, so a hostile "1e999999999" costs nothing.
_MAX_EXPONENT = 100
_INT64 = 2**63


class QuantityError(ValueError):
    """A value that is not a Kubernetes quantity; the message says why."""


def parse_quantity(value: object) -> Decimal:
    """The exact amount of a quantity given as a string or a YAML number."""
    if isinstance(value, str):
        return _parse_text(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise QuantityError(f"quantity must be a string or a number, not {type(value).__name__}")
    if isinstance(value, float) and not math.isfinite(value):
        raise QuantityError(f"quantity {quote(value)} is not a finite number")
    return Decimal(str(value))


@functools.lru_cache(maxsize=4096)  # a run repeats the same few amounts ("100m", "1Gi") often
def _parse_text(value: str) -> Decimal:
    match = _QUANTITY.fullmatch(value)
    if match is None:
        raise QuantityError(
            f"quantity {quote(value)} must match the regular expression "
            r"'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (e.g. 500m, 1Gi, 2)"
        )
    number, suffix = match.group(1), match.group(2) or ""
    try:
        amount = Decimal(number)
    except InvalidOperation:  # pragma: no cover - the regular expression admits only decimals
        raise QuantityError(f"quantity {quote(value)} is not a number") from None
    if suffix in _BINARY:
        return amount * _BINARY[suffix]
    if suffix in _DECIMAL:
        return amount.scaleb(_DECIMAL[suffix])
    if suffix:
        exponent = int(suffix[1:]) if len(suffix) <= 10 else _MAX_EXPONENT + 1
        if abs(exponent) > _MAX_EXPONENT:
            raise QuantityError(f"quantity {quote(value)} is out of range")
        return amount.scaleb(exponent)
    return amount


def milli_value(value: object) -> int:
    """Thousandths, rounded up like the API server's MilliValue (cpu in millicores)."""
    return _int64(math.ceil(parse_quantity(value) * 1000), value)


def int_value(value: object) -> int:
    """The quantity as a whole number, rounded up like the API server's Value (memory → bytes)."""
    return _int64(math.ceil(parse_quantity(value)), value)


def _int64(amount: int, value: object) -> int:
    """Kubernetes counts resources in 64-bit integers (and so does the scheduler's arithmetic)."""
    if not -_INT64 <= amount < _INT64:
        raise QuantityError(f"quantity {quote(value)} is out of range (more than a 64-bit integer)")
    return amount


def is_binary(value: object) -> bool:
    """Whether a quantity is written with a binary suffix (`Mi`), which its sums keep."""
    return isinstance(value, str) and value[-2:] in _BINARY


def format_quantity(amount: Decimal, binary: bool = False) -> str:
    """`Quantity.String()`: the canonical text of an amount, `1500m`, `2`, `1536Mi`, `2Gi`.

    Binary amounts (`binary`, as the first addend was written) keep a binary suffix when whole
    and at least 1024; everything else takes the largest decimal suffix that keeps it whole."""
    if amount == 0:
        return "0"
    if binary and amount == amount.to_integral() and abs(amount) >= 1024:
        whole, suffix = int(amount), ""
        for name, size in _BINARY.items():
            if whole % size:
                break
            suffix = name
        return f"{whole // _BINARY[suffix] if suffix else whole}{suffix}"
    for exponent in (18, 15, 12, 9, 6, 3, 0, -3, -6, -9):
        scaled = amount.scaleb(-exponent)
        if scaled == scaled.to_integral():
            suffix = next((k for k, v in _DECIMAL.items() if v == exponent), "")
            return f"{int(scaled)}{suffix}"
    return f"{math.ceil(amount.scaleb(9))}n"  # finer than a nano rounds up, as the server's
