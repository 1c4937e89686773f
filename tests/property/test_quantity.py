"""Quantities: generated ones read back exactly; anything else is a QuantityError, quickly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubelint.k8s.quantity import QuantityError, int_value, milli_value, parse_quantity

BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
NUMBERS = st.decimals(min_value=-(10**6), max_value=10**6, places=3, allow_nan=False)


@given(NUMBERS, st.sampled_from(sorted(BINARY)))
def test_binary_suffixes_round_trip(number: Decimal, suffix: str) -> None:
    assert parse_quantity(f"{number}{suffix}") == number * BINARY[suffix]


@given(NUMBERS, st.sampled_from(sorted(DECIMAL)))
def test_decimal_suffixes_round_trip(number: Decimal, suffix: str) -> None:
    assert parse_quantity(f"{number}{suffix}") == number.scaleb(DECIMAL[suffix])


@given(NUMBERS, st.integers(-100, 100), st.sampled_from("eE"))
def test_exponents_round_trip(number: Decimal, exponent: int, letter: str) -> None:
    assert parse_quantity(f"{number}{letter}{exponent}") == number.scaleb(exponent)


@given(st.integers(101, 10**12))
def test_huge_exponents_are_refused_not_computed(exponent: int) -> None:
    with pytest.raises(QuantityError, match="out of range"):
        parse_quantity(f"1e{exponent}")


@given(st.one_of(st.text(max_size=20), st.integers(), st.floats(), st.none(), st.booleans()))
def test_anything_parses_or_fails_with_a_quantity_error(value: object) -> None:
    try:
        amount = parse_quantity(value)
    except QuantityError:
        return
    assert isinstance(amount, Decimal)


@given(st.integers(-(2**70), 2**70))
def test_whole_values_fit_64_bits_or_fail(number: int) -> None:
    for convert, amount in ((int_value, number), (milli_value, number * 1000)):
        if -(2**63) <= amount < 2**63:
            assert convert(number) == amount
        else:
            with pytest.raises(QuantityError, match="out of range"):
                convert(number)
