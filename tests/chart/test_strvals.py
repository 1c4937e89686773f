"""The `--set` grammar, case by case against what Helm's strvals parser gives."""

from __future__ import annotations

from typing import Any

import pytest

from kubelint.chart import strvals

CASES: list[tuple[str, dict[str, Any]]] = [
    ("name=value", {"name": "value"}),
    ("a=1,b=2", {"a": 1, "b": 2}),
    ("a=true,b=false,c=TRUE", {"a": True, "b": False, "c": True}),
    ("a=null", {"a": None}),
    ("a=0", {"a": 0}),
    ("a=007", {"a": "007"}),
    ("a=1.5", {"a": "1.5"}),
    ("a=-3,b=+4", {"a": -3, "b": 4}),
    ("a=9223372036854775808", {"a": "9223372036854775808"}),
    ("a=", {"a": ""}),
    ("a=,b=x", {"a": "", "b": "x"}),
    ("name=value,", {"name": "value"}),
    ("a.b.c=1", {"a": {"b": {"c": 1}}}),
    ("a.b=1,a.c=2", {"a": {"b": 1, "c": 2}}),
    (r"a\.b=1", {"a.b": 1}),
    (r"a=x\,y", {"a": "x,y"}),
    (r"a=x\=y", {"a": "x=y"}),
    ("list={a,b,c}", {"list": ["a", "b", "c"]}),
    ("list={1,true,x},y=2", {"list": [1, True, "x"], "y": 2}),
    ("list={}", {"list": [""]}),
    ("x[0]=a,x[1]=b", {"x": ["a", "b"]}),
    ("x[1]=b", {"x": [None, "b"]}),
    ("x[0].y=1,x[0].z=2", {"x": [{"y": 1, "z": 2}]}),
    ("x[0][1]=3", {"x": [[None, 3]]}),
    ("a.b[0].c={d,e}", {"a": {"b": [{"c": ["d", "e"]}]}}),
    ("a=b=c", {"a": "b=c"}),
    ("a= spaced ", {"a": " spaced "}),
]


@pytest.mark.parametrize(("expression", "expected"), CASES)
def test_parse(expression: str, expected: dict[str, Any]) -> None:
    assert strvals.parse(expression) == expected


ERRORS = [
    ("a", 'key "a" has no value'),
    ("a,", 'key "a" has no value (cannot end with ,)'),
    ("a.b", 'key "b" has no value'),
    ("a.", None),
    ("a[x]=1", 'error parsing index: strconv.Atoi: parsing "x": invalid syntax'),
    ("a[-1]=1", "negative -1 index not allowed"),
    ("a[65537]=1", "index of 65537 is greater than maximum supported index of 65536"),
    ("a[1", None),
    ("a[0]x=1", "unexpected data at end of array index: ['x']"),
    ("a[0]xy", "unexpected data at end of array index: ['x' 'y']"),
    ("a={x,y", "list must terminate with '}'"),
    (
        "a=1,a.b=2",
        "unable to parse key: interface conversion: interface {} is int64, not"
        " map[string]interface {}",
    ),
    (
        "a=x,a[0]=2",
        "unable to parse key: interface conversion: interface {} is string, not []interface {}",
    ),
    (
        ".".join("k" * 32) + "=1",
        "value name nested level is greater than maximum supported nested level of 30",
    ),
]


@pytest.mark.parametrize(("expression", "message"), ERRORS)
def test_errors(expression: str, message: str | None) -> None:
    if message is None:  # Helm stops at the end of input silently, and sets nothing
        assert strvals.parse(expression) == {}
        return
    with pytest.raises(strvals.StrvalsError) as caught:
        strvals.parse(expression)
    assert str(caught.value) == message


def test_set_string_keeps_text() -> None:
    values: dict[str, Any] = {}
    strvals.parse_into("a=true,b=10,c={1,2}", values, as_string=True)
    assert values == {"a": "true", "b": "10", "c": ["1", "2"]}


def test_set_into_existing_values_merges_maps_and_replaces_the_rest() -> None:
    values: dict[str, Any] = {"a": {"b": 1, "c": 2}, "l": [1, 2, 3]}
    strvals.parse_into("a.b=5,l={9}", values)
    assert values == {"a": {"b": 5, "c": 2}, "l": [9]}


def test_set_json() -> None:
    values: dict[str, Any] = {}
    strvals.parse_json_into('a={"b":[1,2]},c=,d="x",e.f=[true]', values)
    assert values == {"a": {"b": [1, 2]}, "c": None, "d": "x", "e": {"f": [True]}}
    with pytest.raises(strvals.StrvalsError, match="invalid JSON"):
        strvals.parse_json_into("a={nope}", {})


def test_set_literal_takes_everything_after_the_equals_sign() -> None:
    values: dict[str, Any] = {}
    strvals.parse_literal_into(r"a.b=x,y={z}\n", values)
    assert values == {"a": {"b": r"x,y={z}\n"}}


def test_set_file_reads_each_value() -> None:
    values: dict[str, Any] = {}
    strvals.parse_file_into("a=one,b.c=two", values, lambda path: f"<{path}>")
    assert values == {"a": "<one>", "b": {"c": "<two>"}}


@pytest.mark.parametrize(
    ("text", "value"),
    [("true", True), ("False", False), ("NULL", None), ("0", 0), ("10", 10), ("010", "010"),
     ("1e3", "1e3"), ("0x1f", "0x1f"), ("", "")],
)  # fmt: skip
def test_typed_value(text: str, value: Any) -> None:
    assert strvals.typed_value(text) == value
    assert type(strvals.typed_value(text)) is type(value)
