"""Label selectors with the apimachinery semantics."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubelint.k8s.selectors import SelectorError, matches, matches_map

LABELS = {"app": "web", "tier": "front", "version": "2"}


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ({}, True),  # the empty selector selects everything
        (None, False),  # a missing one selects nothing
        ({"matchLabels": {"app": "web"}}, True),
        ({"matchLabels": {"app": "api"}}, False),
        ({"matchLabels": {"app": "web", "tier": "back"}}, False),
        ({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["front", "x"]}]}, True),
        ({"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["front"]}]}, False),
        ({"matchExpressions": [{"key": "zone", "operator": "NotIn", "values": ["a"]}]}, True),
        ({"matchExpressions": [{"key": "app", "operator": "Exists"}]}, True),
        ({"matchExpressions": [{"key": "zone", "operator": "DoesNotExist"}]}, True),
        ({"matchExpressions": [{"key": "app", "operator": "DoesNotExist"}]}, False),
        ({"matchExpressions": [{"key": "version", "operator": "In", "values": [2]}]}, True),
        (
            {
                "matchLabels": {"app": "web"},
                "matchExpressions": [{"key": "tier", "operator": "In", "values": ["back"]}],
            },
            False,
        ),
    ],
)
def test_label_selector(selector: dict[str, Any] | None, expected: bool) -> None:
    assert matches(selector, LABELS) is expected


@pytest.mark.parametrize(
    ("selector", "message"),
    [
        ({"matchExpressions": [{"key": "a", "operator": "Equals", "values": ["x"]}]}, "not one of"),
        ({"matchExpressions": [{"key": "a", "operator": "In"}]}, "at least one value"),
        (
            {"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]},
            "takes no values",
        ),
        ({"matchExpressions": [{"operator": "Exists"}]}, "key must be"),
        ({"matchLabels": ["a"]}, "must be a mapping"),
        ({"matchExpressions": {"a": 1}}, "must be a list"),
    ],
)
def test_invalid_selectors(selector: dict[str, Any], message: str) -> None:
    with pytest.raises(SelectorError, match=message):
        matches(selector, LABELS)


def test_map_selector() -> None:
    assert matches_map({"app": "web"}, LABELS)
    assert matches_map({}, LABELS)
    assert not matches_map({"app": "web", "zone": "a"}, LABELS)
    assert not matches_map({"zone": "None"}, LABELS)


_keys = st.sampled_from(["a", "b", "c"])
_values = st.sampled_from(["x", "y"])


@given(st.dictionaries(_keys, _values), st.dictionaries(_keys, _values))
def test_match_labels_is_subset_inclusion(selector: dict[str, str], labels: dict[str, str]) -> None:
    expected = selector.items() <= labels.items()
    assert matches({"matchLabels": selector}, labels) is expected
    assert matches_map(selector, labels) is expected


@given(_keys, st.lists(_values, min_size=1), st.dictionaries(_keys, _values))
def test_in_and_notin_are_complements(key: str, values: list[str], labels: dict[str, str]) -> None:
    inside = matches(
        {"matchExpressions": [{"key": key, "operator": "In", "values": values}]}, labels
    )
    outside = matches(
        {"matchExpressions": [{"key": key, "operator": "NotIn", "values": values}]}, labels
    )
    assert inside is not outside
    assert inside is (labels.get(key) in values)


def test_format_selector() -> None:
    from kubelint.k8s.selectors import format_selector

    assert format_selector({"app": "web", "tier": "front"}) == "app=web,tier=front"
    selector = {
        "matchLabels": {"app": "web"},
        "matchExpressions": [
            {"key": "tier", "operator": "In", "values": ["a", "b"]},
            {"key": "env", "operator": "NotIn", "values": ["dev"]},
            {"key": "canary", "operator": "Exists"},
            {"key": "legacy", "operator": "DoesNotExist"},
        ],
    }
    assert format_selector(selector) == "app=web,tier in (a,b),env notin (dev),canary,!legacy"
    assert format_selector({"matchLabels": {}}) == "{}"
