"""Coalescing user values with a chart's defaults, against a reference of Helm's rules: maps
merge deeply, the user's lists and scalars replace, a user's null deletes the key."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from kubelint.chart.values import coalesce_tables

KEYS = st.sampled_from(["a", "b", "c", "d"])
SCALARS = st.one_of(st.integers(0, 9), st.sampled_from(["x", "y"]), st.booleans())
# Defaults hold no nulls (a null default is no value, which Helm treats specially).
DEFAULTS = st.recursive(
    SCALARS | st.lists(SCALARS, max_size=2),
    lambda inner: st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=8,
).filter(lambda v: isinstance(v, dict))
USER = st.recursive(
    st.none() | SCALARS | st.lists(SCALARS, max_size=2),
    lambda inner: st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=8,
).filter(lambda v: isinstance(v, dict))


def _reference(user: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in {*user, *defaults}:
        if key not in user:
            out[key] = defaults[key]
        elif user[key] is None:
            if key not in defaults:
                out[key] = None  # nothing to delete: the user's null stays
        elif isinstance(user[key], dict) and isinstance(defaults.get(key), dict):
            out[key] = _reference(user[key], defaults[key])
        else:
            out[key] = user[key]
    return out


@given(USER, DEFAULTS)
def test_coalesce_follows_the_reference(user: dict[str, Any], defaults: dict[str, Any]) -> None:
    before = copy.deepcopy(defaults)
    assert coalesce_tables(copy.deepcopy(user), defaults, top=True) == _reference(user, defaults)
    assert defaults == before  # the chart's defaults are not changed
