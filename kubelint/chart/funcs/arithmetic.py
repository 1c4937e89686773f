"""The number functions: integer arithmetic as in Go, the `…f` forms with decimals."""

from __future__ import annotations

import decimal
import math
import operator
from collections.abc import Callable
from typing import Any

from kubelint.chart.budget import current
from kubelint.chart.funcs.base import HelmFunction, as_number, to_float


def _decimal(
    operation: Callable[[decimal.Decimal, decimal.Decimal], decimal.Decimal],
) -> Callable[..., float]:
    def compute(first: Any, *rest: Any) -> float:
        result = decimal.Decimal(str(to_float(first)))
        for value in rest:
            result = operation(result, decimal.Decimal(str(to_float(value))))
        return float(result)

    return compute


def multiply(*numbers: Any) -> int | float:
    """The product; an integer over `max-integer-digits` is refused before it is computed."""
    product: int | float = 1
    for number in numbers:
        value = as_number(number)
        if isinstance(product, int) and isinstance(value, int):
            current().integer(product.bit_length() + value.bit_length())
        product *= value
    return product


GROUP: dict[str, HelmFunction] = {
    "add": HelmFunction(lambda *n: sum(as_number(x) for x in n), "numbers…", "the sum"),
    "add1": HelmFunction(lambda n: as_number(n) + 1, "number", "plus one"),
    "sub": HelmFunction(lambda a, b: as_number(a) - as_number(b), "a, b", "`a - b`"),
    "mul": HelmFunction(multiply, "numbers…", "the product"),
    "div": HelmFunction(
        lambda a, b: int(as_number(a) / as_number(b)), "a, b", "`a / b`, truncated"
    ),
    "mod": HelmFunction(
        lambda a, b: int(math.fmod(as_number(a), as_number(b))), "a, b", "`a % b`, with Go's sign"
    ),
    "max": HelmFunction(lambda *n: max(as_number(x) for x in n), "numbers…", "the largest"),
    "biggest": HelmFunction(lambda *n: max(as_number(x) for x in n), "numbers…", "`max`"),
    "min": HelmFunction(lambda *n: min(as_number(x) for x in n), "numbers…", "the smallest"),
    "add1f": HelmFunction(lambda n: _decimal(operator.add)(n, 1), "number", "plus one, as a float"),
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
    "floor": HelmFunction(lambda n: float(math.floor(as_number(n))), "number", "rounded down"),
    "ceil": HelmFunction(lambda n: float(math.ceil(as_number(n))), "number", "rounded up"),
    "round": HelmFunction(
        lambda n, places=0: round(as_number(n), int(places)),
        "number[, places]",
        "rounded to `places` decimals",
    ),
}
