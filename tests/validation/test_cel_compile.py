"""Compile-checking CEL expressions of built-in kinds (kubelint/validation/cel_compile.py)."""

from __future__ import annotations

import pytest

from kubelint.validation.cel_compile import compile_error

DEVICE = frozenset({"device"})


@pytest.mark.parametrize(
    "expression",
    [
        'device.driver == "dra.example.com"',
        'device.attributes["dra.example.com"].exists(k, k.startsWith("gpu"))',
        'device.attributes["a"].all(k, v, k == v)',  # a two-variable comprehension
        "[1, 2].map(x, x * 2, x + 1).size() == 2",
        "cel.bind(n, 2, n * n) == 4",
        "math.greatest(1, 2) == 2 && sets.contains([1], [1]) && type(device) == map",
        "device.?driver.orValue('') == ''",  # optional syntax: beyond cel-python, not reported
        "has(device.attributes.x) ? 1 == 1 : false",
        "format.dns1123Label().validate(device.driver) == optional.none()",  # no arguments
    ],
)
def test_expressions_that_compile(expression: str) -> None:
    assert compile_error(expression, DEVICE) is None


@pytest.mark.parametrize(
    ("expression", "detail"),
    [
        (
            "devic.driver == 'x'",
            "ERROR: <input>:1:1: undeclared reference to 'devic' (in container '')",
        ),
        ("[1].all(x, x > y)", "ERROR: <input>:1:16: undeclared reference to 'y' (in container '')"),
        ("cel.bind(n, 2, m)", "ERROR: <input>:1:16: undeclared reference to 'm' (in container '')"),
        ("device.driver ==", "ERROR: <input>:1:17: Syntax error: mismatched input '<EOF>'"),
        ("1 +* 2", "ERROR: <input>:1:4: Syntax error: mismatched input '*'"),
        ("", "ERROR: <input>:1:1: Syntax error: mismatched input '<EOF>'"),
    ],
)
def test_compile_errors_in_cel_go_words(expression: str, detail: str) -> None:
    assert compile_error(expression, DEVICE) == f"compilation failed: {detail}"
