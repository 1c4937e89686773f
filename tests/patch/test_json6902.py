"""kubelint.patch.json6902: RFC 6902 operations, one-line errors, bounded copies."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from kubelint.patch.errors import PatchError
from kubelint.patch.json6902 import MAX_COPIED, apply

DOC: dict[str, Any] = {
    "metadata": {"name": "web", "labels": {"app": "web"}},
    "spec": {"replicas": 1, "containers": [{"name": "a", "image": "a:1"}]},
}


def test_every_operation() -> None:
    ops = [
        {"op": "replace", "path": "/spec/replicas", "value": 3},
        {"op": "add", "path": "/spec/containers/-", "value": {"name": "b", "image": "b:1"}},
        {"op": "add", "path": "/spec/containers/0/args", "value": ["--x"]},
        {"op": "copy", "from": "/metadata/labels", "path": "/spec/selector"},
        {"op": "move", "from": "/metadata/labels/app", "path": "/metadata/labels/name"},
        {"op": "remove", "path": "/spec/containers/1/image"},
        {"op": "test", "path": "/spec/replicas", "value": 3},
        {"op": "add", "path": "/metadata/annotations~1x", "value": "escaped"},
    ]
    before = copy.deepcopy(DOC)
    assert apply(DOC, ops) == {
        "metadata": {"name": "web", "labels": {"name": "web"}, "annotations/x": "escaped"},
        "spec": {
            "replicas": 3,
            "containers": [{"name": "a", "image": "a:1", "args": ["--x"]}, {"name": "b"}],
            "selector": {"app": "web"},
        },
    }
    assert before == DOC  # the input is not modified


@pytest.mark.parametrize(
    ("ops", "message"),
    [
        (
            [
                {"op": "test", "path": "/metadata/name", "value": "web"},
                {"op": "replace", "path": "/x/y", "value": 1},
            ],
            "json patch operation 1 (replace /x/y): replace operation does not apply: doc is missing path: /x/y",
        ),
        (
            [{"op": "remove", "path": "/spec/nothing"}],
            "json patch operation 0 (remove /spec/nothing): remove operation does not apply: doc is missing path: /spec/nothing",
        ),
        (
            [{"op": "test", "path": "/spec/replicas", "value": 2}],
            "json patch operation 0 (test /spec/replicas): testing value /spec/replicas failed",
        ),
        (
            [{"op": "move", "from": "/nowhere", "path": "/spec/x"}],
            "json patch operation 0 (move /spec/x): doc is missing from path: /nowhere",
        ),
        (
            [{"op": "add", "path": "/spec/containers/7", "value": {}}],
            "json patch operation 0 (add /spec/containers/7): can't insert outside of list",
        ),
        (
            [{"op": "add", "path": "spec", "value": 1}],
            "json patch operation 0 (add spec): Location must start with /",
        ),
        ([{"op": "frob", "path": "/a"}], "json patch operation 0: unknown op 'frob'"),
        ([{"op": "add", "path": "/a"}], "json patch operation 0 (add /a): missing value"),
        ([{"op": "add", "value": 1}], "json patch operation 0 (add): path must be a string"),
        (["add"], "json patch operation 0: an operation is an object"),
        ([{"op": "replace", "path": "", "value": [1]}], "replaces the whole object"),
    ],
)
def test_errors_are_one_line(ops: list[Any], message: str) -> None:
    with pytest.raises(PatchError) as caught:
        apply(DOC, ops)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_copies_that_double_the_document_are_bounded() -> None:
    doc: dict[str, Any] = {"a": list(range(100))}
    ops = [{"op": "copy", "from": "/a", "path": f"/a/{n}"} for n in range(40)]
    with pytest.raises(PatchError, match=f"copies more than {MAX_COPIED} values in all"):
        apply(doc, ops)


def test_a_patch_is_a_list() -> None:
    with pytest.raises(PatchError, match="a JSON patch is a list of operations, not dict"):
        apply(DOC, {"op": "add"})  # type: ignore[arg-type]


def test_copying_a_value_that_contains_itself_is_bounded() -> None:
    looping: list[Any] = []
    looping.append(looping)  # what a YAML alias of its own anchor loads as
    ops = [
        {"op": "add", "path": "/x", "value": looping},
        {"op": "copy", "from": "/x", "path": "/y"},
    ]
    with pytest.raises(PatchError, match=r"json patch operation 1 .*copies more than"):
        apply(DOC, ops)
