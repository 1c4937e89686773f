"""Which of a growing list of terms select a pod, decided once per pod group.

The pods of one template (a group) share namespace, labels and whether they are being deleted,
so whether a label selector picks them is the same for all of them. The scheduler keeps several
lists that only grow — trackers of pods selected by a term, placed pods' (anti-)affinity terms —
and asks, for each pod it binds or scores, which entries select it: each entry is tested once per
group, when the group first asks after the entry was added; and most pods are turned down by
the label values a selector needs before it is evaluated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from kubelint.k8s.selectors import OPERATORS
from kubelint.schedule.pods import Pod

E = TypeVar("E")


class Selecting(Generic[E]):
    """Entries in the order they were added, and per pod group the ones that select its pods."""

    def __init__(self, selects: Callable[[E, Pod], bool]) -> None:
        self.entries: list[E] = []
        self._selects = selects
        self._found: dict[str, tuple[int, list[E]]] = {}  # group → (entries tested, selecting)

    def add(self, entry: E) -> None:
        self.entries.append(entry)

    def of(self, pod: Pod) -> list[E]:
        """The entries that select this pod (and every pod of its group), in the order added."""
        tested, found = self._found.get(pod.group, (0, []))
        if tested < len(self.entries):
            found = [*found, *(e for e in self.entries[tested:] if self._selects(e, pod))]
            self._found[pod.group] = (len(self.entries), found)
        return found


Needs = tuple[tuple[str, frozenset[str]], ...]


def needed_labels(selectors: Sequence[Mapping[str, Any] | None]) -> Needs | None:
    """The label values a pod must have for every one of these LabelSelectors to select it
    (their matchLabels and `In` expressions): a quick test that turns most pods down before
    the selectors are evaluated. None when a selector is missing or malformed (evaluating it
    selects nothing, or raises), where no shortcut may stand in for it."""
    needs: list[tuple[str, frozenset[str]]] = []
    for selector in selectors:
        if not isinstance(selector, Mapping):
            return None
        labels = selector.get("matchLabels") or {}
        expressions = selector.get("matchExpressions") or []
        if not isinstance(labels, Mapping) or not isinstance(expressions, list):
            return None
        needs.extend((str(k), frozenset({str(v)})) for k, v in labels.items())
        for expression in expressions:
            if not _well_formed(expression):
                return None
            if expression["operator"] == "In":
                values = frozenset(str(v) for v in expression["values"])
                needs.append((expression["key"], values))
    return tuple(needs)


def _well_formed(expression: Any) -> bool:
    """What kubelint.k8s.selectors accepts without raising."""
    if not isinstance(expression, Mapping):
        return False
    key, operator, values = (expression.get(k) for k in ("key", "operator", "values"))
    if not isinstance(key, str) or not key or operator not in OPERATORS:
        return False
    return bool(values) == (operator in ("In", "NotIn"))


def has_needed(needs: Needs, labels: Mapping[str, Any]) -> bool:
    return all(key in labels and str(labels[key]) in values for key, values in needs)
