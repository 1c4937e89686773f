"""The indented JSON writer writes what `json.dump(value, out, indent=2)` writes, byte for byte."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubelint.report import indented

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
KEYS = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(KEYS, inner, max_size=4)
    ),
    max_leaves=30,
)


@given(VALUES)
def test_the_same_text_as_the_standard_library(value: Any) -> None:
    assert indented.dumps(value) == json.dumps(value, indent=2)


def test_dump_writes_the_text_and_a_newline() -> None:
    value = {
        "findings": [{"rule": "r", "line": 3, "object": None, "é\u2028": [True, 1.5]}],
        "x": {},
    }
    out, expected = io.StringIO(), io.StringIO()
    indented.dump(value, out)
    json.dump(value, expected, indent=2)
    assert out.getvalue() == expected.getvalue() + "\n"


@pytest.mark.parametrize("value", [{1j: 1}, [object()], {"a": {1, 2}}])
def test_what_json_cannot_write_is_a_type_error(value: Any) -> None:
    with pytest.raises(TypeError):
        indented.dumps(value)


def test_a_template_filled_with_json_texts_is_the_value_written_at_its_level() -> None:
    at = indented.placeholder
    shape = {"a": at("x"), "b": [at("y"), {"c": at("z")}], "d": "100%", "e": None}
    value = {"a": "é\n", "b": [7, {"c": None}], "d": "100%", "e": None}
    template = indented.template(shape, 2, ["x", "y", "z"])  # as in {"k": [here]}
    values = [json.dumps("é\n"), "7", "null"]
    for count in range(3):
        out = io.StringIO()
        indented.dump({"k": indented.Array([(template, values)] * count), "n": 1}, out)
        assert out.getvalue() == json.dumps({"k": [value] * count, "n": 1}, indent=2) + "\n"


def test_a_long_array_is_written_as_it_is_made() -> None:
    template = indented.template({"n": indented.placeholder("n")}, 2, ["n"])
    written = io.StringIO()

    def items() -> Iterator[indented.Item]:
        for n in range(10_000):
            if n == 5_000:  # what came before is written already
                assert written.getvalue().startswith('{\n  "k": [\n    {\n      "n": 0\n    },')
            yield template, [str(n)]

    indented.dump({"k": indented.Array(items())}, written)
    expected = {"k": [{"n": n} for n in range(10_000)]}
    assert written.getvalue() == json.dumps(expected, indent=2) + "\n"


@pytest.mark.parametrize("names", [["y", "x"], ["x"]])
def test_a_placeholder_out_of_order_or_not_named_is_an_error(names: list[str]) -> None:
    shape = [indented.placeholder("x"), indented.placeholder("y")]
    with pytest.raises(ValueError, match="placeholders"):
        indented.template(shape, 0, names)
