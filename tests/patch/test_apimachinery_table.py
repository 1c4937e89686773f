"""apimachinery's own strategic-merge-patch table (tests/patch/strategic/apimachinery.yaml,
translated from k8s.io/apimachinery/pkg/util/strategicpatch/patch_test.go) applied with
kubelint.patch.strategic and its test type `mergeItem` (merge-item.schema.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from kubelint.patch.errors import PatchError
from kubelint.patch.schema import FieldSchema
from kubelint.patch.strategic import apply

HERE = Path(__file__).parent / "strategic"
CASES = yaml.safe_load((HERE / "apimachinery.yaml").read_text(encoding="utf-8"))
_SCHEMA = json.loads((HERE / "merge-item.schema.json").read_text(encoding="utf-8"))
MERGE_ITEM = FieldSchema(_SCHEMA["definitions"][_SCHEMA["root"]], _SCHEMA["definitions"])


def _sorted(value: Any, schema: FieldSchema | None) -> Any:
    """apimachinery's sortMergeListsByName: merge lists sorted by their key, recursively (a
    list that is not merged keeps its order and its elements), so that order is not compared."""
    if not isinstance(value, dict):
        return value
    result: dict[str, Any] = {}
    for key, item in value.items():
        is_list = isinstance(item, list)
        meta = schema.field(key, list_items=is_list) if schema else None
        child = meta.schema if meta else None
        result[key] = item
        if isinstance(item, dict):
            result[key] = _sorted(item, child)
        elif is_list and meta and "merge" in meta.strategies:
            merge_key = meta.merge_key
            if merge_key and all(isinstance(e, dict) for e in item):
                elements = (_sorted(e, child) for e in item)
                result[key] = sorted(elements, key=lambda e: str(e.get(merge_key)))
            elif all(not isinstance(e, dict | list) for e in item):
                result[key] = sorted(set(item), key=str)
    return result


@pytest.mark.parametrize("case", CASES, ids=[case["description"] for case in CASES])
def test_case(case: dict[str, Any]) -> None:
    if "error" in case:
        with pytest.raises(PatchError):
            apply(case["original"], case["patch"], MERGE_ITEM)
        return
    result = apply(case["original"], case["patch"], MERGE_ITEM)
    if case["ordered"]:
        assert result == case["expected"]
    else:
        assert _sorted(result, MERGE_ITEM) == _sorted(case["expected"], MERGE_ITEM)


def test_the_table_is_whole() -> None:
    assert len(CASES) >= 250
    assert sum(case["ordered"] for case in CASES) >= 100
