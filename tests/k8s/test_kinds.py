"""Facts about built-in kinds, held to the bundled schemas."""

from __future__ import annotations

import json

import pytest

from kubelint.k8s.kinds import BUILT_IN_GROUPS, is_config_file, is_custom_resource
from kubelint.k8s.versions import supported_versions
from kubelint.schema.store import folder


def test_built_in_groups_are_those_of_the_bundled_schemas() -> None:
    groups = set()
    for version in supported_versions():
        definitions = json.loads((folder(version, False) / "_definitions.json").read_text())
        for definition in definitions["$defs"].values():
            groups.update(g["group"] for g in definition.get("x-kubernetes-group-version-kind", ()))
    assert groups == BUILT_IN_GROUPS


@pytest.mark.parametrize(
    ("api_version", "custom"),
    [
        ("v1", False),
        ("apps/v1", False),
        ("networking.k8s.io/v1", False),
        ("monitoring.coreos.com/v1", True),
        ("gateway.networking.k8s.io/v1", True),  # a CRD, though its group ends in k8s.io
        ("kustomize.config.k8s.io/v1beta1", False),  # a tool's file, not an API object
        (None, False),
    ],
)
def test_is_custom_resource(api_version: object, custom: bool) -> None:
    assert is_custom_resource(api_version) is custom


def test_a_kustomize_plugins_configuration_is_a_config_file() -> None:
    assert is_config_file("builtin", "PrefixSuffixTransformer")
    assert not is_config_file("v1", "ConfigMap")
