"""CRDs: served versions, and openAPIV3Schema read the way the API server reads it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kubelint.errors import InputError
from kubelint.schema.crd import custom_kinds, read_crds, served, to_json_schema


def _crd(*versions: dict[str, Any]) -> dict[str, Any]:
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": "backups.example.com"},
        "spec": {"group": "example.com", "names": {"kind": "Backup"}, "versions": list(versions)},
    }


def _version(name: str, served: bool = True) -> dict[str, Any]:
    schema = {"openAPIV3Schema": {"type": "object", "properties": {"spec": {"type": "object"}}}}
    return {"name": name, "served": served, "storage": True, "schema": schema}


def test_served_versions_only() -> None:
    crd = _crd(_version("v1"), _version("v1beta1", served=False), {"name": "v2", "served": True})
    assert [(a, k, s is not None) for a, k, s in served(crd)] == [
        ("example.com/v1", "Backup", True),
        ("example.com/v2", "Backup", False),
    ]
    assert set(custom_kinds([crd])) == {("example.com/v1", "Backup"), ("example.com/v2", "Backup")}


def test_malformed_crds_serve_nothing() -> None:
    assert list(served({"kind": "CustomResourceDefinition", "spec": []})) == []
    assert list(served({"kind": "CustomResourceDefinition", "spec": {"group": 1}})) == []
    assert list(served({"kind": "ConfigMap"})) == []


def test_strict_conversion() -> None:
    openapi = {
        "type": "object",
        "properties": {
            "spec": {
                "type": "object",
                "properties": {
                    "size": {"x-kubernetes-int-or-string": True,
                             "anyOf": [{"type": "integer"}, {"type": "string"}]},
                    "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": True},
                    "note": {"type": "string", "nullable": True},
                    "count": {"type": "integer", "minimum": 0, "exclusiveMinimum": True},
                    "either": {"anyOf": [{"required": ["a"]}, {"required": ["b"]}]},
                    "object": {"type": "object", "x-kubernetes-embedded-resource": True,
                               "x-kubernetes-preserve-unknown-fields": True},
                },
            }
        },
    }  # fmt: skip
    schema = to_json_schema(openapi, strict=True)
    spec = schema["properties"]["spec"]
    props = spec["properties"]
    assert spec["additionalProperties"] is False
    assert schema["additionalProperties"] is False
    assert props["size"]["type"] == ["integer", "string"]
    assert "anyOf" not in props["size"]
    assert "additionalProperties" not in props["free"]
    assert props["note"]["type"] == ["string", "null"]
    assert props["count"] == {"type": "integer", "exclusiveMinimum": 0}
    assert all("additionalProperties" not in branch for branch in props["either"]["anyOf"])
    assert set(props["object"]["properties"]) == {"apiVersion", "kind", "metadata"}
    assert schema["properties"]["metadata"]["$ref"].endswith("ObjectMeta")
    relaxed = to_json_schema(openapi, strict=False)
    assert "additionalProperties" not in relaxed["properties"]["spec"]


def test_read_crds_from_files_and_lists(tmp_path: Path) -> None:
    (tmp_path / "crds").mkdir()
    (tmp_path / "crds" / "a.yaml").write_text(
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: a}\n"
        "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
    )
    (tmp_path / "crds" / "b.yaml").write_text(
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: apiextensions.k8s.io/v1\n"
        "  kind: CustomResourceDefinition\n  metadata: {name: b}\n"
    )
    found = read_crds([str(tmp_path / "crds")])
    assert [c["metadata"]["name"] for c in found] == ["a", "b"]


def test_read_crds_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: [\n")
    with pytest.raises(InputError, match=r"bad.yaml:\d+: --crd file is not valid YAML"):
        read_crds([str(bad)])
    with pytest.raises(InputError, match="no such file"):
        read_crds([str(tmp_path / "missing.yaml")])
