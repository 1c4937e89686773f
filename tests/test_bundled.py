"""Schemas shipped with kubelint, read from the source tree or the installed package."""

from __future__ import annotations

import pytest

from kubelint.bundled import load_schema


def test_cluster_schema_loads() -> None:
    schema = load_schema("cluster.schema.json")
    assert schema["$id"].endswith("/cluster.schema.json")
    assert set(schema["$defs"]) >= {"node", "pod", "quantity"}


def test_missing_schema() -> None:
    with pytest.raises(FileNotFoundError, match=r"schema nope\.json is not installed"):
        load_schema("nope.json")
