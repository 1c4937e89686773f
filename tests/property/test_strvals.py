"""`--set` against a reference model: key paths and scalars in, the nested mapping out."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubelint.chart.strvals import StrvalsError, parse, parse_into

KEYS = st.from_regex(r"[a-z][a-z0-9]{0,4}", fullmatch=True)
# (text on the command line, the value Helm's type inference gives it)
SCALARS = st.one_of(
    st.integers(-(2**40), 2**40).map(lambda n: (str(n), n)),
    st.booleans().map(lambda b: (str(b).lower(), b)),
    st.from_regex(r"[a-z][a-z0-9]{0,7}", fullmatch=True)
    .filter(lambda s: s not in ("true", "false", "null"))
    .map(lambda s: (s, s)),
    st.just(("null", None)),
)
ASSIGNMENTS = st.lists(st.tuples(st.lists(KEYS, min_size=1, max_size=4), SCALARS), max_size=6)


def _reference(assignments: list[tuple[list[str], tuple[str, Any]]]) -> dict[str, Any] | None:
    """Each `a.b.c=v` in turn: mappings are created or entered, the last key is replaced; a path
    through a value that is not a mapping is an error (None)."""
    root: dict[str, Any] = {}
    for path, (_, value) in assignments:
        current = root
        for key in path[:-1]:
            inner = current.setdefault(key, {})
            if not isinstance(inner, dict):
                return None
            current = inner
        current[path[-1]] = value
    return root


@given(ASSIGNMENTS)
def test_set_builds_the_nested_mapping_of_its_paths(
    assignments: list[tuple[list[str], tuple[str, Any]]],
) -> None:
    text = ",".join(f"{'.'.join(path)}={raw}" for path, (raw, _) in assignments)
    expected = _reference(assignments)
    if expected is None:
        with pytest.raises(StrvalsError):
            parse(text)
    else:
        assert parse(text) == expected


@given(ASSIGNMENTS)
def test_each_flag_writes_into_what_the_earlier_ones_built(
    assignments: list[tuple[list[str], tuple[str, Any]]],
) -> None:
    expected = _reference(assignments)
    values: dict[str, Any] = {}
    try:
        for path, (raw, _) in assignments:
            parse_into(f"{'.'.join(path)}={raw}", values)
    except StrvalsError:
        assert expected is None
    else:
        assert values == expected


@given(st.text(max_size=40))
def test_any_text_parses_or_fails_with_its_own_error(text: str) -> None:
    try:
        result = parse(text)
    except StrvalsError:
        return
    assert isinstance(result, dict)
