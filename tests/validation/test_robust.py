"""api-validation never fails on a malformed object: every upstream case, with fields swapped
for values of the wrong type (what the schema rule reports), is checked without an error."""

from __future__ import annotations

import random
from typing import Any

import pytest
import yaml

from kubelint.validation import Options, validate
from tests.validation.test_upstream import CASES, merge

WRONG = [[], {}, [1], {"a": [1]}, 5, -3, True, None, "x", 1.5, [{"a": 1}], [[1]], {"b": {}}]


def _objects() -> list[Any]:
    found = []
    for path in sorted(CASES.glob("*.yaml")):
        table = yaml.safe_load(path.read_text())
        found += [merge(table["base"], case.get("patch") or {}) for case in table["cases"]]
    return found


def _mutate(value: Any, rate: float, rng: random.Random) -> Any:
    if isinstance(value, dict):
        return {
            k: rng.choice(WRONG) if rng.random() < rate else _mutate(v, rate, rng)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [rng.choice(WRONG) if rng.random() < rate else _mutate(v, rate, rng) for v in value]
    return value


@pytest.mark.parametrize("seed", range(4))
def test_wrong_types_anywhere_are_no_crash(seed: int) -> None:
    rng = random.Random(seed)
    objects = _objects()
    for _ in range(500):
        obj = _mutate(rng.choice(objects), rng.choice([0.05, 0.2, 0.5]), rng)
        options = Options(minor=rng.choice([30, 33, 34, 37]))
        for error in validate(obj, options):
            assert error.message(options.minor)
