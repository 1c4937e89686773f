"""kubelint.patch.strategic on built-in kinds (patch strategies from the bundled schemas),
against what `kubectl patch --local` printed (tests/patch/strategic/kubernetes.yaml)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from kubelint.patch.errors import PatchError
from kubelint.patch.schema import kind_schema
from kubelint.patch.strategic import KYAML, Style, merge

CASES = yaml.safe_load(
    (Path(__file__).parent / "strategic" / "kubernetes.yaml").read_text(encoding="utf-8")
)
DEPLOYMENT = next(case["base"] for case in CASES if case["base"]["kind"] == "Deployment")
APPS = ("apps/v1", "Deployment")


@pytest.mark.parametrize("case", CASES, ids=[case["description"] for case in CASES])
def test_as_kubectl_patches(case: dict[str, Any]) -> None:
    base, patch = copy.deepcopy(case["base"]), copy.deepcopy(case["patch"])
    kind_key = (base["apiVersion"], base["kind"])
    assert merge(base, patch, kind_key) == case["expected"]
    assert (base, patch) == (case["base"], case["patch"])  # neither input is modified


def test_the_bundled_schemas_carry_patch_strategies() -> None:
    schema = kind_schema(*APPS)
    assert schema is not None
    spec = schema.field("spec").schema
    assert spec is not None
    strategy = spec.field("strategy")
    assert strategy.strategies == ("retainKeys",)
    pod = spec.field("template").schema
    pod_spec = pod.field("spec").schema if pod else None
    assert pod_spec is not None
    containers = pod_spec.field("containers", list_items=True)
    assert (containers.strategies, containers.merge_key) == (("merge",), "name")
    assert containers.schema is not None
    ports = containers.schema.field("ports", list_items=True)
    assert ports.merge_key == "containerPort"
    assert pod_spec.field("volumes").strategies == ("merge", "retainKeys")


def test_kustomize_order_puts_the_patched_elements_first() -> None:
    patch = {"spec": {"template": {"spec": {"containers": [{"name": "side", "image": "b:2"}]}}}}
    default = merge(DEPLOYMENT, patch, APPS)["spec"]["template"]["spec"]["containers"]
    first = merge(DEPLOYMENT, patch, APPS, style=Style(patched_first=True))["spec"]["template"][
        "spec"
    ]
    assert [c["name"] for c in default] == ["web", "side"]
    assert [c["name"] for c in first["containers"]] == ["side", "web"]


def test_an_unknown_kind_is_a_json_merge_patch_with_directives() -> None:
    base = {"apiVersion": "x.io/v1", "kind": "Thing", "spec": {"a": [1, 2], "b": {"c": 1}}}
    patch = {"spec": {"a": [3], "b": {"$patch": "delete"}, "d": {"e": None, "f": 1}}}
    assert merge(base, patch, ("x.io/v1", "Thing")) == {
        "apiVersion": "x.io/v1",
        "kind": "Thing",
        "spec": {"a": [3], "b": {}, "d": {"f": 1}},
    }


def test_a_field_the_schema_does_not_declare_is_merged_without_strategy() -> None:
    patch = {"spec": {"template": {"spec": {"x-extra": {"k": [2]}}}}}
    base = copy.deepcopy(DEPLOYMENT)
    base["spec"]["template"]["spec"]["x-extra"] = {"k": [1], "keep": True}
    merged = merge(base, patch, APPS)["spec"]["template"]["spec"]["x-extra"]
    assert merged == {"k": [2], "keep": True}


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"spec": {"$patch": "frobnicate"}}, "unknown patch type: frobnicate in map"),
        (
            {"spec": {"template": {"spec": {"containers": [{"image": "x"}]}}}},
            "does not contain declared merge key: name",
        ),
        (
            {"spec": {"template": {"spec": {"containers": [{"name": "web"}, 3]}}}},
            "list element types are not identical",
        ),
        ({"spec": {"strategy": {"$retainKeys": "type"}}}, "$retainKeys is not a list"),
        (
            {"spec": {"strategy": {"$retainKeys": ["type"], "rollingUpdate": {}}}},
            "rollingUpdate is patched but not retained",
        ),
        ({"metadata": {"$deleteFromPrimitiveListfinalizers": ["a"]}}, "invalid patch format"),
        (
            {
                "spec": {
                    "template": {
                        "spec": {
                            "$setElementOrder/containers": [{"name": "side"}],
                            "containers": [{"name": "web"}],
                        }
                    }
                }
            },
            "does not match its $setElementOrder list",
        ),
    ],
)
def test_a_bad_patch_is_one_line(patch: dict[str, Any], message: str) -> None:
    with pytest.raises(PatchError, match=None) as caught:
        merge(DEPLOYMENT, patch, APPS)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_patch_nested_without_end_is_refused() -> None:
    patch: dict[str, Any] = {}
    base: dict[str, Any] = {}
    inner_patch, inner_base = patch, base
    for _ in range(300):
        inner_patch["x"], inner_base["x"] = {}, {}
        inner_patch, inner_base = inner_patch["x"], inner_base["x"]
    with pytest.raises(PatchError, match="nested deeper than 200 levels"):
        merge(base, patch, ("x.io/v1", "Thing"))


KUSTOMIZE_CASES = yaml.safe_load(
    (Path(__file__).parent / "strategic" / "kustomize.yaml").read_text(encoding="utf-8")
)


@pytest.mark.parametrize(
    "case", KUSTOMIZE_CASES, ids=[case["description"] for case in KUSTOMIZE_CASES]
)
def test_kyaml_style_as_kustomize_builds(case: dict[str, Any]) -> None:
    kind_key = (case["base"]["apiVersion"], case["base"]["kind"])
    assert merge(case["base"], case["patch"], kind_key, style=KYAML) == case["expected"]


def test_a_value_that_contains_itself_is_refused() -> None:
    looping: dict[str, Any] = {"a": 1}
    looping["self"] = looping  # what a YAML alias of its own anchor loads as
    with pytest.raises(PatchError, match="nested too deeply"):
        merge({}, {"spec": looping}, ("x.io/v1", "Thing"))
