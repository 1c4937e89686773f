"""The rule registry: an explicit table, nothing registers itself on import."""

from __future__ import annotations

import difflib

from kubelint.rules import (
    duplicate_key,
    duplicate_object,
    input_limit,
    required_fields,
    yaml_syntax,
)
from kubelint.rules.base import Rule

REGISTRY: dict[str, Rule] = {
    module.RULE.id: module.RULE
    for module in (yaml_syntax, duplicate_key, input_limit, required_fields, duplicate_object)
}


def suggest(rule_id: str) -> str:
    """` (did you mean "x"?)` for a mistyped rule id, or nothing."""
    close = difflib.get_close_matches(rule_id, REGISTRY, n=1)
    return f' (did you mean "{close[0]}"?)' if close else ""
