"""The registry is explicit, complete, documented; README's rule table is generated from it."""

from __future__ import annotations

import importlib
import pkgutil
import re

import kubelint.rules
from kubelint.findings import Severity
from kubelint.rules import REGISTRY
from kubelint.rules.base import Rule

SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead")


def _rule_modules() -> list[str]:
    return [
        m.name
        for m in pkgutil.walk_packages(kubelint.rules.__path__, "kubelint.rules.")
        if not m.ispkg and m.name != "kubelint.rules.base"
    ]


def test_every_rule_module_is_registered() -> None:
    registered = {id(rule) for rule in REGISTRY.values()}
    for name in _rule_modules():
        module = importlib.import_module(name)
        rule = getattr(module, "RULE", None)
        if rule is not None:
            assert id(rule) in registered, f"{name}.RULE is not in REGISTRY"


def test_ids_are_kebab_case_and_keys_match() -> None:
    for key, rule in REGISTRY.items():
        assert isinstance(rule, Rule)
        assert key == rule.id
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", rule.id)
        assert isinstance(rule.severity, Severity)


def test_every_rule_is_documented() -> None:
    for rule in REGISTRY.values():
        for section in SECTIONS:
            assert section in rule.doc, f"{rule.id} lacks {section!r}"
        assert rule.summary
        assert not rule.summary.endswith(".")
        for option in rule.options:
            assert f"`{option}`" in rule.doc, f"{rule.id} does not document option {option}"
