"""Label selectors: `matchLabels` + `matchExpressions`, and the plain map form of Services.

One implementation for the rules (does a Service select any pod?) and the scheduler (affinity,
topology spread, PDBs). Semantics of `k8s.io/apimachinery/pkg/labels`: a selector's parts are
ANDed; an empty LabelSelector (`{}`) matches everything, a missing one (None) matches nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist")


class SelectorError(ValueError):
    """A selector the API server would reject; the message says why."""


def matches(selector: Mapping[str, Any] | None, labels: Mapping[str, Any]) -> bool:
    """Whether a LabelSelector (`matchLabels`/`matchExpressions`) selects these labels."""
    if selector is None:
        return False
    match_labels = selector.get("matchLabels") or {}
    if not isinstance(match_labels, Mapping):
        raise SelectorError("matchLabels must be a mapping")
    if not matches_map(match_labels, labels):
        return False
    expressions = selector.get("matchExpressions") or []
    if not isinstance(expressions, list):
        raise SelectorError("matchExpressions must be a list")
    return all(_expression(expr, labels) for expr in expressions)


def matches_map(selector: Mapping[str, Any], labels: Mapping[str, Any]) -> bool:
    """The map form (Service `spec.selector`, `nodeSelector`): every pair must be present."""
    return all(
        str(labels.get(key)) == str(value) and key in labels for key, value in selector.items()
    )


def _expression(expr: Any, labels: Mapping[str, Any]) -> bool:
    if not isinstance(expr, Mapping):
        raise SelectorError("a matchExpressions entry must be a mapping")
    key, operator = expr.get("key"), expr.get("operator")
    values = expr.get("values") or []
    if not isinstance(key, str) or not key:
        raise SelectorError("matchExpressions key must be a non-empty string")
    if operator not in OPERATORS:
        raise SelectorError(f'operator "{operator}" is not one of {", ".join(OPERATORS)}')
    if operator in ("In", "NotIn") and not values:
        raise SelectorError(f"operator {operator} needs at least one value")
    if operator in ("Exists", "DoesNotExist") and values:
        raise SelectorError(f"operator {operator} takes no values")
    present = key in labels
    if operator == "Exists":
        return present
    if operator == "DoesNotExist":
        return not present
    inside = present and str(labels[key]) in {str(v) for v in values}
    return inside if operator == "In" else not inside


def format_selector(selector: Mapping[str, Any]) -> str:
    """A selector as `kubectl get -l` writes it: `app=web,tier in (a,b),!legacy`. Takes the map
    form or a LabelSelector."""
    if "matchLabels" not in selector and "matchExpressions" not in selector:
        return ",".join(f"{k}={v}" for k, v in selector.items())
    parts = [f"{k}={v}" for k, v in (selector.get("matchLabels") or {}).items()]
    for expr in selector.get("matchExpressions") or []:
        key, operator = expr.get("key"), expr.get("operator")
        values = ",".join(str(v) for v in expr.get("values") or [])
        parts.append(
            {
                "In": f"{key} in ({values})",
                "NotIn": f"{key} notin ({values})",
                "Exists": f"{key}",
                "DoesNotExist": f"!{key}",
            }.get(str(operator), f"{key} {operator} ({values})")
        )
    return ",".join(parts) or "{}"
