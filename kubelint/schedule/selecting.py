"""Which of a growing list of terms select a pod, decided once per pod group.

The pods of one template (a group) share namespace, labels and whether they are being deleted,
so whether a label selector picks them is the same for all of them. The scheduler keeps several
lists that only grow — trackers of pods selected by a term, placed pods' (anti-)affinity terms —
and asks, for each pod it binds or scores, which entries select it: each entry is tested once per
group, when the group first asks after the entry was added.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

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
