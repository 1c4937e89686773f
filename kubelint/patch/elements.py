"""Which elements of two lists are the same element: by merge key(s) for objects, by value for
scalars; and the orders apimachinery gives a merged list."""

from __future__ import annotations

from dataclasses import dataclass

from kubelint.patch.errors import PatchError
from kubelint.patch.values import DIRECTIVE, Json, deletes, same, short


@dataclass(frozen=True, slots=True)
class ElementKey:
    """How list elements are identified. `keys` empty: scalars, by value. One key: objects by
    that key (apimachinery's merge key). Several (`x-kubernetes-list-map-keys`, as Kustomize's
    kyaml merges): objects by all of them, a key one element lacks matching any value, as long
    as one key is equal."""

    keys: tuple[str, ...] = ()

    def value(self, item: Json) -> Json:
        if not self.keys or not isinstance(item, dict):
            return item
        return tuple(item.get(key) for key in self.keys)

    def matches(self, left: Json, right: Json) -> bool:
        if not self.keys:
            return same(left, right)
        if not isinstance(left, dict) or not isinstance(right, dict):
            return False
        if len(self.keys) == 1:
            key = self.keys[0]
            return key in left and key in right and same(left[key], right[key])
        equal = False
        for key in self.keys:
            if key in left and key in right:
                if not same(left[key], right[key]):
                    return False
                equal = True
        return equal

    def index(self, items: list[Json], item: Json) -> int:
        for position, candidate in enumerate(items):
            if self.matches(candidate, item):
                return position
        return -1

    def require(self, *lists: list[Json]) -> None:
        """Every element is an object holding the (first) merge key."""
        if not self.keys:
            return
        for items in lists:
            for item in items:
                if not isinstance(item, dict):
                    raise PatchError(f"list element {short(item)} is not an object")
                if self.keys[0] not in item:
                    raise PatchError(
                        f"list element {short(item)} does not contain declared merge key: "
                        f"{self.keys[0]}"
                    )


def sorted_by(items: list[Json], order: list[Json], key: ElementKey) -> list[Json]:
    """`items` stably sorted by their place in `order`; deletions last, as apimachinery."""
    kept = [item for item in items if not deletes(item)]
    return sorted(kept, key=lambda item: key.index(order, item)) + [
        item for item in items if deletes(item)
    ]


def interleave(
    ordered: list[Json], others: list[Json], server_order: list[Json], key: ElementKey
) -> list[Json]:
    """apimachinery's mergeSortedSlice: the patch's elements (`ordered`) and the object's other
    elements merged, each keeping its order, an object's element first when the object has
    both and it comes before; a new element therefore comes first."""
    result: list[Json] = []
    left, right = 0, 0
    while left < len(others) or right < len(ordered):
        if right >= len(ordered):
            result.append(others[left])
            left += 1
        elif left >= len(others):
            result.append(ordered[right])
            right += 1
        else:
            at_left = key.index(server_order, others[left])
            at_right = key.index(server_order, ordered[right])
            if 0 <= at_left < at_right:
                result.append(others[left])
                left += 1
            else:
                result.append(ordered[right])
                right += 1
    return result


def check_order(patch: list[Json], order: list[Json], key: ElementKey) -> None:
    """The patch's elements (deletions aside) appear in `$setElementOrder` in the same relative
    order (apimachinery's validatePatchWithSetOrderList)."""
    if not patch or not order:
        return
    if key.keys:
        key.require(order)
        patch = [item for item in patch if not (isinstance(item, dict) and DIRECTIVE in item)]
    at = 0
    for item in order:
        if at < len(patch) and key.matches(patch[at], item):
            at += 1
    if at < len(patch):
        raise PatchError("the order in the patch list does not match its $setElementOrder list")
