"""Label selectors against a straightforward reading of their semantics."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from kubelint.k8s.selectors import matches, matches_map

KEYS = st.sampled_from(["app", "tier", "env"])
VALUES = st.sampled_from(["web", "db", "prod", "dev"])
LABELS = st.dictionaries(KEYS, VALUES, max_size=3)
EXPRESSIONS = st.one_of(
    st.fixed_dictionaries(
        {
            "key": KEYS,
            "operator": st.sampled_from(["In", "NotIn"]),
            "values": st.lists(VALUES, min_size=1, max_size=3),
        }
    ),
    st.fixed_dictionaries({"key": KEYS, "operator": st.sampled_from(["Exists", "DoesNotExist"])}),
)
SELECTORS = st.fixed_dictionaries(
    {},
    optional={"matchLabels": LABELS, "matchExpressions": st.lists(EXPRESSIONS, max_size=3)},
)


def _holds(expression: dict[str, Any], labels: dict[str, str]) -> bool:
    key, operator = expression["key"], expression["operator"]
    if operator == "In":
        return key in labels and labels[key] in expression["values"]
    if operator == "NotIn":
        return key not in labels or labels[key] not in expression["values"]
    if operator == "Exists":
        return key in labels
    return key not in labels


@given(SELECTORS, LABELS)
def test_a_selector_matches_when_every_part_holds(
    selector: dict[str, Any], labels: dict[str, str]
) -> None:
    wanted = selector.get("matchLabels", {})
    expected = all(labels.get(k) == v for k, v in wanted.items()) and all(
        _holds(e, labels) for e in selector.get("matchExpressions", [])
    )
    assert matches(selector, labels) == expected


@given(LABELS, LABELS)
def test_a_map_selector_matches_a_superset_of_its_pairs(
    selector: dict[str, str], labels: dict[str, str]
) -> None:
    assert matches_map(selector, labels) == (selector.items() <= labels.items())
