"""Schema errors as messages: one per error, at the right path, in words a person reads."""

from __future__ import annotations

from typing import Any

import pytest

from kubelint.k8s.versions import supported_versions
from kubelint.rules.base import Problem
from kubelint.schema.crd import to_json_schema
from kubelint.schema.messages import expected, jsonable, problems, shown
from kubelint.schema.store import InvalidSchema, SchemaStore

NEWEST = supported_versions()[-1]


def _deployment(**spec: Any) -> dict[str, Any]:
    pod = {"containers": [{"name": "web", "image": "nginx:1.27"}]}
    base = {
        "selector": {"matchLabels": {"app": "web"}},
        "template": {"metadata": {"labels": {"app": "web"}}, "spec": pod},
    }
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web"},
        "spec": {**base, **spec},
    }


def _problems(data: dict[str, Any], strict: bool = True) -> list[Problem]:
    schema = SchemaStore().builtin(NEWEST, strict, data["apiVersion"], data["kind"])
    assert schema is not None
    return list(problems(schema, data))


def test_a_valid_object_has_no_problem() -> None:
    assert _problems(_deployment(replicas=2)) == []


def test_wrong_type() -> None:
    assert _problems(_deployment(replicas="three")) == [
        Problem('spec.replicas: expected integer, got string "three"', ("spec", "replicas"))
    ]


def test_unknown_field_points_at_its_key_with_a_suggestion() -> None:
    data = _deployment()
    data["spec"]["template"]["spec"]["containers"][0]["imagePullPolcy"] = "Always"
    path = ("spec", "template", "spec", "containers", 0)
    assert _problems(data) == [
        Problem(
            'spec.template.spec.containers[0]: unknown field "imagePullPolcy"'
            ' (did you mean "imagePullPolicy"?)',
            (*path, "imagePullPolcy"),
            key=True,
        )
    ]
    assert _problems(data, strict=False) == []


def test_unknown_field_without_a_close_name() -> None:
    data = _deployment(zzz=1)
    assert _problems(data) == [Problem('spec: unknown field "zzz"', ("spec", "zzz"), key=True)]


def test_missing_required_field_points_at_the_mapping() -> None:
    data = _deployment()
    del data["spec"]["selector"]
    assert _problems(data) == [Problem('spec: missing required field "selector"', ("spec",), True)]


def test_int_or_string_is_one_message() -> None:
    strategy = {"rollingUpdate": {"maxSurge": [1], "maxUnavailable": None}}
    path = ("spec", "strategy", "rollingUpdate", "maxSurge")
    assert _problems(_deployment(strategy=strategy)) == [
        Problem("spec.strategy.rollingUpdate.maxSurge: expected integer or string, got list", path)
    ]


def test_quantity_messages() -> None:
    data = _deployment()
    data["spec"]["template"]["spec"]["containers"][0]["resources"] = {
        "limits": {"memory": "10GB", "cpu": {"a": 1}}
    }
    found = {p.path[-1]: p.message for p in _problems(data)}
    assert found["memory"].endswith("memory: quantity '10GB' must match the regular expression "
                                     "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (e.g. 500m, 1Gi, 2)")  # fmt: skip
    assert found["cpu"].endswith("cpu: expected a quantity (e.g. 500m, 1Gi, 2), got mapping")


@pytest.mark.parametrize(
    ("value", "text"),
    [("three", 'string "three"'), (3, "integer 3"), (1.5, "number 1.5"), (True, "boolean true"),
     (None, "null"), ({}, "mapping"), ([], "list"), ("x" * 50, f'string "{"x" * 40}…"')],
)  # fmt: skip
def test_shown(value: object, text: str) -> None:
    assert shown(value) == text


def test_expected_names_yaml_types() -> None:
    assert expected(["object", "null"]) == "mapping"
    assert expected(["string", "integer"]) == "integer or string"
    assert expected(["array"]) == "list"


def _custom(openapi: dict[str, Any], data: dict[str, Any], strict: bool = True) -> list[Problem]:
    store = SchemaStore()
    schema = store.custom(NEWEST, strict, "example.com/v1", "Backup",
                          lambda: to_json_schema(openapi, strict))  # fmt: skip
    return list(problems(schema, {"apiVersion": "example.com/v1", "kind": "Backup", **data}))


def test_custom_resource_limits_and_types() -> None:
    openapi = {
        "type": "object",
        "properties": {
            "spec": {
                "type": "object",
                "properties": {
                    "retain": {"type": "integer", "minimum": 1},
                    "name": {"type": "string", "maxLength": 3},
                    "mode": {"type": "string", "enum": ["full", "incremental"]},
                },
            }
        },
    }
    spec = {"retain": 0, "name": "long", "mode": "some"}
    assert sorted(p.message for p in _custom(openapi, {"metadata": {"name": "b"}, "spec": spec})) == [
        'spec.mode: unsupported value "some" (supported values: "full", "incremental")',
        "spec.name: must be at most 3 characters long (it is 4)",
        "spec.retain: must be at least 1, got integer 0",
    ]  # fmt: skip


def test_custom_resource_metadata_is_object_meta() -> None:
    found = _custom({"type": "object"}, {"metadata": {"name": "b", "labels": {"a": 1}}})
    assert [p.message for p in found] == ["metadata.labels.a: expected string, got integer 1"]


def test_data_json_cannot_hold_is_converted_like_the_api_server_does() -> None:
    data = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "odd", "labels": {2: "a", True: "b", None: "c"}},
        "data": {"set": {"a", "b"}},
        "binaryData": {"bin": b"hello"},
    }
    assert _problems(data) == [
        Problem("data.set: expected string, got mapping", ("data", "set")),
    ]
    assert jsonable({1: [b"hi", {None: 1.5}]}) == {"1": ["aGk=", {"null": 1.5}]}


def test_an_invalid_crd_schema_is_reported_not_raised() -> None:
    store = SchemaStore()
    for _ in range(2):  # compiled once; the failure is remembered
        with pytest.raises(InvalidSchema, match='"\\[" is not a "regex"'):
            store.custom(NEWEST, True, "example.com/v1", "Backup",
                         lambda: to_json_schema({"type": "string", "pattern": "["}, True))  # fmt: skip
