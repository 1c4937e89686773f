"""Field errors render as apimachinery's `field.Error.Error()` does, in the wording of the
target version: up to 1.33 composite values in Go syntax (`%#v`), from 1.34 as JSON
(apimachinery c58e197e; the cases of `TestErrorFormatting` in `errors_test.go`)."""

from __future__ import annotations

from typing import Any

import pytest

from kubelint.validation.core.resources import text, whole
from kubelint.validation.field import (
    Key,
    Typed,
    duplicate,
    forbidden,
    int_or_string,
    invalid,
    not_found,
    not_supported,
    required,
    too_long,
    too_many,
)

OLD, NEW = 33, 34


def test_paths_use_dots_for_fields_brackets_for_indexes_and_keys() -> None:
    path = ("spec", "containers", 0, "resources", "limits", Key("nvidia.com/gpu"))
    assert required(path).field == "spec.containers[0].resources.limits[nvidia.com/gpu]"


@pytest.mark.parametrize("minor", [OLD, NEW, 37])
def test_each_type_in_the_servers_words(minor: int) -> None:
    assert required(("a",)).message(minor) == "a: Required value"
    assert required(("a",), "must be set").message(minor) == "a: Required value: must be set"
    assert invalid(("a",), -1, "must be greater than or equal to 0").message(minor) == (
        "a: Invalid value: -1: must be greater than or equal to 0"
    )
    assert invalid(("a",), "x", "bad").message(minor) == 'a: Invalid value: "x": bad'
    assert invalid(("a",), True, "bad").message(minor) == "a: Invalid value: true: bad"
    assert not_supported(("p",), "tcp", ("SCTP", "TCP", "UDP")).message(minor) == (
        'p: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"'
    )
    assert forbidden(("a",), "may not be set").message(minor) == "a: Forbidden: may not be set"
    assert duplicate(("a",), "web").message(minor) == 'a: Duplicate value: "web"'
    assert not_found(("a",), "vol").message(minor) == 'a: Not found: "vol"'
    assert too_long(("a",), 63).message(minor) == "a: Too long: may not be more than 63 bytes"
    assert too_many(("a",), 5, 3).message(minor) == "a: Too many: 5: must have at most 3 items"


TINY = Typed(
    'field.TinyStruct{StringField:"stringval", IntField:9376, BoolField:true}',
    {"StringField": "stringval", "intField": 9376, "boolField": True},
)


@pytest.mark.parametrize(
    ("value", "old", "new"),
    [
        # TestErrorFormatting: invalid string, int, bool, untyped nil, struct, list, map
        ("the value", '"the value"', '"the value"'),
        (-42, "-42", "-42"),
        (True, "true", "true"),
        (None, '"null"', "null"),  # up to 1.33 a nil became the string "null"
        (
            TINY,
            'field.TinyStruct{StringField:"stringval", IntField:9376, BoolField:true}',
            '{"StringField":"stringval","intField":9376,"boolField":true}',
        ),
        (["one", "two", "three"], '[]string{"one", "two", "three"}', '["one","two","three"]'),
        (
            {"one": "1", "two": "2", "three": "3"},  # map keys in order, in both
            'map[string]string{"one":"1", "three":"3", "two":"2"}',
            '{"one":"1","three":"3","two":"2"}',
        ),
        ([], "[]string{}", "[]"),
        ({}, "map[string]string{}", "{}"),
        # strings inside: Go's JSON escapes <, > and &
        (["<a&b>"], '[]string{"<a&b>"}', '["\\u003ca\\u0026b\\u003e"]'),
        # an int-or-string passed whole (ValidatePositiveIntOrPercent)
        (int_or_string("110%"), 'intstr.IntOrString{Type:1, IntVal:0, StrVal:"110%"}', '"110%"'),
        (int_or_string(0), 'intstr.IntOrString{Type:0, IntVal:0, StrVal:""}', "0"),
        # a nil slice of a named type, and an empty one
        (Typed("[]networking.IngressRule(nil)", None), "[]networking.IngressRule(nil)", "null"),
        (Typed("[]int32{}", []), "[]int32{}", "[]"),
    ],
)
def test_values_as_each_era_prints_them(value: Any, old: str, new: str) -> None:
    error = invalid(("path", "to", "field"), value, "the details")
    assert error.message(OLD) == f"path.to.field: Invalid value: {old}: the details"
    assert error.message(NEW) == f"path.to.field: Invalid value: {new}: the details"


@pytest.mark.parametrize("minor", [OLD, NEW])
def test_duplicate_and_unsupported_values_render_alike(minor: int) -> None:
    listed = ["Deny", "Warn"]
    shown = '[]string{"Deny", "Warn"}' if minor == OLD else '["Deny","Warn"]'
    assert duplicate(("a",), listed).message(minor) == f"a: Duplicate value: {shown}"
    assert not_supported(("a",), listed, ("x",)).message(minor) == (
        f'a: Unsupported value: {shown}: supported values: "x"'
    )
    assert not_found(("a",), listed).message(minor) == f"a: Not found: {shown}"


def test_a_long_value_is_cut_in_both_eras() -> None:
    value = ["x" * 80, "y" * 80]
    for minor in (OLD, NEW):
        body = invalid(("a",), value, "bad").body(minor)
        assert body.endswith("…: bad")
        assert len(body) < 130


def test_a_typed_value_is_cut_at_twice_the_length() -> None:
    """Its type's syntax and field names are not input: a struct keeps more of itself."""
    claim = Typed('core.PodResourceClaim{Name:"' + "n" * 250 + '", …}', {"Name": "n" * 250})
    for minor in (OLD, NEW):
        shown = invalid(("a",), claim, "bad").body(minor).removeprefix("Invalid value: ")
        assert len(shown) == 200 + len("…: bad")


def test_the_body_leaves_out_the_field() -> None:
    error = invalid(("a",), {"k": "v"}, "bad")
    assert error.body(OLD) == 'Invalid value: map[string]string{"k":"v"}: bad'
    assert error.body(NEW) == 'Invalid value: {"k":"v"}: bad'
    assert invalid((), None, "bad").message(NEW) == "Invalid value: null: bad"


def test_an_error_points_where_it_is_when_the_server_names_another_field() -> None:
    error = invalid(("metadata", "labels"), "-x-", "bad", at=("metadata", "labels", "app"))
    assert error.field == "metadata.labels"
    assert error.where == ("metadata", "labels", "app")


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("500m", "500m"),  # canonical: kept as written
        ("0.5", "500m"),
        ("-0.5", "-500m"),
        ("1000m", "1"),
        ("1.5Gi", "1536Mi"),
        ("1024Mi", "1Gi"),
        ("1.5e3", "1500"),  # DecimalExponent keeps its form
        ("1e-3", "1e-3"),
        (1.5, "1500m"),
    ],
)
def test_a_quantity_prints_as_its_string_method_gives(written: Any, shown: str) -> None:
    """`Quantity.String()`: what the server passes (`value.String()`) in both eras."""
    assert text(written) == shown
    assert whole(written).data == shown  # and its JSON from 1.34 (MarshalJSON)


def test_a_quantity_passed_whole_is_its_struct_up_to_1_33() -> None:
    """`ValidateResourceQuantityValue` passes the Quantity: `%#v` of what ParseQuantity made."""
    error = invalid(("spec", "hard", Key("pods")), whole("0.5"), "must be an integer")
    assert error.body(OLD) == (
        "Invalid value: resource.Quantity{i:resource.int64Amount{value:5, scale:-1}, "
        'd:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"", Format:"DecimalSI"}: '
        "must be an integer"
    )
    assert error.body(NEW) == 'Invalid value: "500m": must be an integer'
    kept = whole("1500m").go  # canonical: the text is kept in `s`
    assert "value:1500, scale:-3}" in kept
    assert 's:"1500m"' in kept
    assert whole("1.0000001Ki").go == "resource.Quantity{…}"  # off the int64 path
