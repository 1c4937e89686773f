"""Quantities as the API server parses them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubelint.k8s.quantity import QuantityError, int_value, milli_value, parse_quantity


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("500m", Decimal("0.5")),
        ("1", Decimal(1)),
        ("1.5", Decimal("1.5")),
        (".5", Decimal("0.5")),
        ("1Ki", Decimal(1024)),
        ("1.5Gi", Decimal(1610612736)),
        ("2k", Decimal(2000)),
        ("1M", Decimal(10**6)),
        ("1e3", Decimal(1000)),
        ("1E-2", Decimal("0.01")),
        ("100n", Decimal("0.0000001")),
        ("+1", Decimal(1)),
        ("-1", Decimal(-1)),
        (2, Decimal(2)),
        (0.25, Decimal("0.25")),
    ],
)
def test_valid(text: object, amount: Decimal) -> None:
    assert parse_quantity(text) == amount


@pytest.mark.parametrize(
    "text", ["10GB", "1gi", "1.5.0", "", "m", "1 Gi", "lots", "1e", "0x10", "1Ki1"]
)
def test_invalid_strings(text: str) -> None:
    with pytest.raises(QuantityError, match="must match the regular expression"):
        parse_quantity(text)


@pytest.mark.parametrize("value", [True, None, [1], {"a": 1}, float("nan"), float("inf")])
def test_invalid_types(value: object) -> None:
    with pytest.raises(QuantityError):
        parse_quantity(value)


def test_huge_exponent_is_refused_cheaply() -> None:
    with pytest.raises(QuantityError, match="out of range"):
        parse_quantity("1e999999999")


def test_milli_and_int_values_round_up() -> None:
    assert milli_value("100m") == 100
    assert milli_value("0.0001") == 1
    assert milli_value(2) == 2000
    assert int_value("1Mi") == 1048576
    assert int_value("1.5") == 2


@given(
    st.integers(min_value=0, max_value=10**12),
    st.sampled_from(["", "k", "M", "G", "Ki", "Mi", "Gi"]),
)
def test_integer_with_suffix_matches_a_reference_model(number: int, suffix: str) -> None:
    factor = {"": 1, "k": 10**3, "M": 10**6, "G": 10**9, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}[
        suffix
    ]
    assert parse_quantity(f"{number}{suffix}") == number * factor


@given(st.integers(min_value=0, max_value=10**9))
def test_millis_round_trip(millis: int) -> None:
    assert milli_value(f"{millis}m") == millis
