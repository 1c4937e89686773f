"""Field errors render as apimachinery's `field.Error.Error()` does."""

from __future__ import annotations

from kubelint.validation.field import (
    Key,
    duplicate,
    forbidden,
    invalid,
    not_found,
    not_supported,
    required,
    too_long,
    too_many,
)


def test_paths_use_dots_for_fields_brackets_for_indexes_and_keys() -> None:
    path = ("spec", "containers", 0, "resources", "limits", Key("nvidia.com/gpu"))
    assert required(path).field == "spec.containers[0].resources.limits[nvidia.com/gpu]"


def test_each_type_in_the_servers_words() -> None:
    assert required(("a",)).message == "a: Required value"
    assert required(("a",), "must be set").message == "a: Required value: must be set"
    assert invalid(("a",), -1, "must be greater than or equal to 0").message == (
        "a: Invalid value: -1: must be greater than or equal to 0"
    )
    assert invalid(("a",), "x", "bad").message == 'a: Invalid value: "x": bad'
    assert invalid(("a",), True, "bad").message == "a: Invalid value: true: bad"
    assert invalid(("a",), None, "bad").message == "a: Invalid value: null: bad"
    assert invalid(("a",), {"k": "v"}, "bad").message == (
        'a: Invalid value: map[string]string{"k":"v"}: bad'
    )
    assert invalid(("a",), ["x", "y"], "bad").message == (
        'a: Invalid value: []string{"x", "y"}: bad'
    )
    assert not_supported(("p",), "tcp", ("SCTP", "TCP", "UDP")).message == (
        'p: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"'
    )
    assert forbidden(("a",), "may not be set").message == "a: Forbidden: may not be set"
    assert duplicate(("a",), "web").message == 'a: Duplicate value: "web"'
    assert not_found(("a",), "vol").message == 'a: Not found: "vol"'
    assert too_long(("a",), 63).message == "a: Too long: may not be more than 63 bytes"
    assert too_many(("a",), 5, 3).message == "a: Too many: 5: must have at most 3 items"


def test_an_error_points_where_it_is_when_the_server_names_another_field() -> None:
    error = invalid(("metadata", "labels"), "-x-", "bad", at=("metadata", "labels", "app"))
    assert error.field == "metadata.labels"
    assert error.where == ("metadata", "labels", "app")
