"""Schemas shipped with kubelint, read from the source tree or the installed package."""

from __future__ import annotations

import pytest
from referencing.exceptions import Unresolvable

from kubelint.bundled import load_schema, offline_validator
from tests.loopback import listening


def test_cluster_schema_loads() -> None:
    schema = load_schema("cluster.schema.json")
    assert schema["$id"].endswith("/cluster.schema.json")
    assert set(schema["$defs"]) >= {"node", "pod", "quantity"}


def test_missing_schema() -> None:
    with pytest.raises(FileNotFoundError, match=r"schema nope\.json is not installed"):
        load_schema("nope.json")


def test_kubelints_own_schemas_retrieve_nothing() -> None:
    with listening() as (url, requests):
        validator = offline_validator({"properties": {"a": {"$ref": f"{url}/x.json"}}})
        with pytest.raises(Unresolvable):
            list(validator.iter_errors({"a": 1}))
    assert requests == []
