"""The loader: every leaf of a generated document is found where its text is, and nesting is
refused exactly beyond `max-depth`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from kubelint.limits import Limits
from kubelint.yamlbounds import may_nest
from kubelint.yamlload import JsonPath, load

KEYS = st.from_regex(r"k[a-z0-9]{0,5}", fullmatch=True)
# Plain scalars YAML reads back as themselves (no `yes`, no `1e3`, no quotes needed).
LEAVES = st.integers(-1000, 10**6) | st.from_regex(r"v[a-z0-9]{0,6}", fullmatch=True)
TREES = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, min_size=1, max_size=3)
        | st.dictionaries(KEYS, inner, min_size=1, max_size=3)
    ),
    max_leaves=15,
).filter(lambda tree: isinstance(tree, dict))


def _leaves(tree: Any, path: JsonPath = ()) -> Iterator[tuple[JsonPath, Any]]:
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            yield from _leaves(value, (*path, index))
    else:
        yield path, tree


@given(TREES, st.booleans())
def test_each_leaf_is_where_its_text_starts(tree: dict[str, Any], flow: bool) -> None:
    text = yaml.safe_dump(tree, default_flow_style=flow, sort_keys=False, width=60)
    (document,) = load("tree.yaml", text.encode()).documents
    assert document.data == tree
    lines = text.split("\n")
    for path, leaf in _leaves(tree):
        position = document.position(path)
        assert lines[position.line - 1][position.column - 1 :].startswith(str(leaf)), path


@given(TREES)
def test_each_key_is_where_its_text_starts(tree: dict[str, Any]) -> None:
    text = yaml.safe_dump(tree, default_flow_style=False, sort_keys=False)
    (document,) = load("tree.yaml", text.encode()).documents
    lines = text.split("\n")
    for path, _ in _leaves(tree):
        if isinstance(path[-1], str):
            position = document.position(path, key=True)
            assert lines[position.line - 1][position.column - 1 :].startswith(path[-1]), path


def _depth(tree: Any) -> int:
    if isinstance(tree, dict):
        return 1 + max(map(_depth, tree.values()))
    if isinstance(tree, list):
        return 1 + max(map(_depth, tree))
    return 0


@given(TREES, st.booleans(), st.booleans())
def test_nesting_is_refused_exactly_beyond_max_depth(
    tree: dict[str, Any], flow: bool, sequence_in_mapping: bool
) -> None:
    document = {"k": [tree]} if sequence_in_mapping else tree
    text = yaml.safe_dump(document, default_flow_style=flow, sort_keys=False, width=60).encode()
    depth = _depth(document)
    assert load("tree.yaml", text, Limits(max_depth=depth)).problems == []
    (problem,) = load("tree.yaml", text, Limits(max_depth=depth - 1)).problems
    assert problem.rule == "input-limit"


@given(TREES, st.booleans(), st.integers(20, 80))
def test_the_cheap_bound_never_undercounts_the_nesting(
    tree: dict[str, Any], flow: bool, width: int
) -> None:
    text = yaml.safe_dump(tree, default_flow_style=flow, sort_keys=False, width=width)
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert may_nest(text, root, _depth(tree) - 1)
