from __future__ import annotations

import pytest

from kubelint.chart.semver import ConstraintError, Version, parse_constraint, parse_version
from kubelint.chart.strvals import typed_value
from kubelint.dataload import DataError, json_decode, json_loads, toml_loads
from kubelint.k8s.data import digits, percent
from kubelint.yamlload import load

BIG = "9" * 5000


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (f'{{"a":\n  {BIG}}}', "an integer of more than 4,300 digits", 2),
        ("[" * 100_000, "mappings and lists nest too deep to read", None),
        ('{"a": 1}\n{"b": 2}', "extra data after the JSON value", 2),
        ('{"a":', "Expecting value", 1),
    ],
)
def test_json_that_cannot_be_read_is_a_data_error(
    text: str, message: str, line: int | None
) -> None:
    with pytest.raises(DataError) as caught:
        json_loads(text)
    assert str(caught.value) == message
    assert caught.value.line == line
    assert caught.value.where("b.json") == ("b.json" if line is None else f"b.json:{line}")


def test_json_decode_reads_from_a_position() -> None:
    assert json_decode("x=[1, 2],y", 2) == ([1, 2], 8)
    assert json_loads(' {"a": 12}\n') == {"a": 12}


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (f"a = 1\nb = 1_{BIG}\n", "an integer of more than 4,300 digits", 2),
        ("a = " + "[" * 100_000, "mappings and lists nest too deep to read", None),
    ],
)
def test_toml_that_cannot_be_read_is_a_data_error(
    text: str, message: str, line: int | None
) -> None:
    with pytest.raises(DataError) as caught:
        toml_loads(text)
    assert (str(caught.value), caught.value.line) == (message, line)


def test_a_yaml_integer_too_long_to_read_is_a_syntax_error_at_its_line() -> None:
    for spelled in (BIG, "0x" + "f" * 5000, "-" + BIG):
        loaded = load("v.yaml", f"a: 1\nb: {spelled}\n".encode())
        (problem,) = loaded.problems
        assert problem.rule == "yaml-syntax"
        assert problem.message == "an integer of more than 4,300 digits"
        assert problem.position is not None
        assert problem.position.line == 2
    assert load("v.yaml", f"a: {'9' * 4000}\n".encode()).documents[0].data["a"] == int("9" * 4000)


def test_digits_reads_only_short_ascii_numbers() -> None:
    assert digits("80") == 80
    assert [digits(v) for v in ("\u00b2", "8a", "", "-1", BIG, 80)] == [None] * 6
    assert (percent("25%"), percent(f"{BIG}%"), percent("\u00b2%"), percent(25)) == (
        25,
        None,
        None,
        None,
    )


def test_versions_beyond_a_uint64_are_no_versions_as_in_helm() -> None:
    assert parse_version("1.2.3") == Version(1, 2, 3)
    assert parse_version(f"{BIG}.0.0") is None
    assert parse_version("18446744073709551616.0.0") is None  # 2**64
    assert parse_version(f"1.0.0-{BIG}") == Version(1, 0, 0, (BIG,))  # compared as text
    with pytest.raises(ConstraintError):
        parse_constraint(f">= {BIG}")
    assert typed_value(BIG) == BIG  # --set: out of int64 range stays a string, as in Helm
