"""Local rules (`Rule.local`) run in the parse workers: they may not look at the index."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn, cast

import pytest

from kubelint.config import default_config
from kubelint.k8s.versions import resolve_version
from kubelint.objects import ObjectIndex, expand
from kubelint.rules import REGISTRY
from kubelint.rules.base import Context, Settings
from kubelint.yamlload import load
from tests.conftest import FIXTURES

LOCAL = sorted(rule for rule, found in REGISTRY.items() if found.local)


class _Untouchable:
    """What a local rule gets for an index: any use of it fails the test."""

    def __getattr__(self, name: str) -> NoReturn:
        raise AssertionError(f"a local rule used the index ({name})")


def test_the_heavy_single_object_rules_are_local() -> None:
    assert {"api-validation", "required-fields", "deprecated-api", "container-resources"} <= set(
        LOCAL
    )
    assert all(REGISTRY[rule].check is not None for rule in LOCAL)
    assert all(REGISTRY[rule].check_all is None for rule in LOCAL)


@pytest.mark.parametrize("rule", LOCAL)
def test_a_local_rule_needs_nothing_but_its_object(rule: str) -> None:
    check = REGISTRY[rule].check
    assert check is not None
    options = default_config().rules[rule].options
    ctx = Context(options, cast(ObjectIndex, _Untouchable()), Settings(resolve_version(None)))
    found: dict[str, int] = {}
    for case in sorted((FIXTURES / rule).iterdir()):
        files = sorted(case.rglob("*.yaml")) if case.is_dir() else [case]
        for path in files:
            if path.name == "options.yaml":
                continue
            loaded = load(str(path), Path(path).read_bytes())
            objects = [obj for doc in loaded.documents for obj in expand(doc, "default")[0]]
            name = case.name.split(".")[0]
            found[name] = found.get(name, 0) + sum(1 for obj in objects for _ in check(obj, ctx))
    assert found
    assert all(count > 0 for case, count in found.items() if case.startswith("fail"))
