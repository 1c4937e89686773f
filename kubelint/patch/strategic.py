"""Strategic merge patch, as apimachinery's `strategicpatch` applies it (`kubectl patch`,
the API server, Kustomize's `patches`).

A patch is merged into an object field by field. Each field's patch strategy comes from the
kind's schema (`kubelint.patch.schema`):
- a list with strategy `merge` and a merge key (`containers` by `name`) is merged element by
  element; a list of scalars with strategy `merge` is merged as a set; any other list is
  replaced;
- an object is merged recursively, unless its strategy is `replace`;
- `null` deletes a key.

Directives in the patch: `$patch: replace|delete` in an object (and `merge`, a no-op) or as a
list element (`{name: x, $patch: delete}` deletes that element; `{$patch: replace}` replaces
the list); `$retainKeys: [..]` clears the keys of the object not listed;
`$deleteFromPrimitiveList/<field>: [..]` removes scalars from a list;
`$setElementOrder/<field>: [..]` orders a merged list.

Order of a merged list, as apimachinery: the patch's elements keep the patch's order, the
others keep the object's, interleaved by the object's order (a new element comes first).
`patched_first` instead puts the patch's elements first, then the others (Kustomize's order).

A kind without a schema (a custom resource) or a field the schema does not declare is merged
as a JSON merge patch (RFC 7386: objects merged, null deletes, lists replaced), with the
`$patch` directives still honoured, as Kustomize does.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kubelint.patch.errors import PatchError
from kubelint.patch.schema import NO_META, FieldMeta, FieldSchema, kind_schema

DIRECTIVE = "$patch"
RETAIN_KEYS = "$retainKeys"
SET_ELEMENT_ORDER = "$setElementOrder"
DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList"
_MAX_DEPTH = 200

Json = Any


def merge(
    base: Mapping[str, Any],
    patch: Mapping[str, Any],
    kind_key: tuple[str, str],
    *,
    version: str | None = None,
    patched_first: bool = False,
) -> dict[str, Any]:
    """`patch` applied to `base` (neither is modified), with the patch strategies of the kind
    `kind_key` = (apiVersion, kind) in a Kubernetes version (default: the newest bundled)."""
    schema = kind_schema(kind_key[0], kind_key[1], version)
    return apply(base, patch, schema, patched_first=patched_first)


def apply(
    base: Mapping[str, Any],
    patch: Mapping[str, Any],
    schema: FieldSchema | None,
    *,
    patched_first: bool = False,
) -> dict[str, Any]:
    """`patch` applied to `base` with the patch metadata of `schema` (None: no metadata)."""
    if not isinstance(patch, Mapping):
        raise PatchError(f"a strategic merge patch is an object, not {_kind(patch)}")
    merger = _Merger(patched_first)
    return merger.merge_map(copy.deepcopy(dict(base)), copy.deepcopy(dict(patch)), schema, 0)


def _kind(value: Json) -> str:
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return "null" if value is None else f"a {type(value).__name__}"


def _category(value: Json) -> str:
    """The JSON type of a value, as Go's decoder sees it (every number is a float64)."""
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, list):
        return "list"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return "null" if value is None else "string"


def _same(left: Json, right: Json) -> bool:
    """Go's `==` on two decoded JSON scalars: same type and value (`1` is not `"1"` nor `true`)."""
    return _category(left) == _category(right) and left == right


def _strategy(strategies: tuple[str, ...]) -> str:
    """The strategy other than `retainKeys` (apimachinery's extractRetainKeysPatchStrategy)."""
    others = [strategy for strategy in strategies if strategy != "retainKeys"]
    if len(strategies) > 2 or len(others) > 1 or (len(strategies) == 2 and len(others) != 1):
        raise PatchError(f"unexpected patch strategy: {','.join(strategies)}")
    return others[0] if others else ""


def remove_directives(value: Json) -> tuple[Json, bool]:
    """`value` without its `$patch` objects, and whether anything is left to keep."""
    if isinstance(value, dict):
        if DIRECTIVE in value:
            return None, False
        for key in list(value):
            value[key], keep = remove_directives(value[key])
            if not keep:
                del value[key]
        return value, True
    if isinstance(value, list):
        kept = [remove_directives(item) for item in value]
        return [item for item, keep in kept if keep], True
    return value, True


def _discard_nulls(value: Json) -> None:
    if isinstance(value, dict):
        for key in [key for key, item in value.items() if item is None]:
            del value[key]
        for item in value.values():
            _discard_nulls(item)
    elif isinstance(value, list):
        for item in value:
            _discard_nulls(item)


def _suffix(key: str, prefix: str) -> str:
    head, slash, tail = key.partition("/")
    if head != prefix or not slash:
        raise PatchError(f"invalid patch format of {prefix.lstrip('$')} list: {key}")
    return tail


def _element_category(*lists: list[Json]) -> str | None:
    """The one JSON type of the elements of `lists` (None when they have none)."""
    found: str | None = None
    for items in lists:
        for item in items:
            category = _category(item)
            if category == "list":
                raise PatchError("lists of lists are not supported")
            if found is not None and category != found:
                raise PatchError("list element types are not identical")
            found = category
    return found


@dataclass(frozen=True, slots=True)
class _Keyed:
    """How list elements are identified: by a merge key (objects) or by value (scalars)."""

    merge_key: str

    def value(self, item: Json) -> Json:
        return item.get(self.merge_key) if self.merge_key and isinstance(item, dict) else item

    def index(self, items: list[Json], item: Json) -> int:
        wanted = self.value(item)
        for position, candidate in enumerate(items):
            if _same(self.value(candidate), wanted):
                return position
        return -1

    def require(self, *lists: list[Json]) -> None:
        if not self.merge_key:
            return
        for items in lists:
            for item in items:
                if not isinstance(item, dict):
                    raise PatchError(f"list element {_kind(item)} is not an object")
                if self.merge_key not in item:
                    raise PatchError(
                        f"list element {_short(item)} does not contain declared merge key: "
                        f"{self.merge_key}"
                    )


def _short(value: Json) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


class _Merger:
    def __init__(self, patched_first: bool) -> None:
        self.patched_first = patched_first

    def merge_map(
        self,
        original: dict[str, Json] | None,
        patch: dict[str, Json],
        schema: FieldSchema | None,
        depth: int,
    ) -> dict[str, Json]:
        if depth > _MAX_DEPTH:
            raise PatchError(f"the patch is nested deeper than {_MAX_DEPTH} levels")
        if DIRECTIVE in patch:
            directive = patch.pop(DIRECTIVE)
            if directive == "replace":
                return patch
            if directive == "delete":
                return {}
            if directive != "merge":
                raise PatchError(f"unknown patch type: {directive} in map")
        original = {} if original is None else original
        self._retain_keys(original, patch)
        self._set_element_orders(original, patch, schema, depth)
        for key, value in patch.items():
            field, delete_list = key, False
            if key.startswith(DELETE_FROM_PRIMITIVE_LIST):
                field, delete_list = _suffix(key, DELETE_FROM_PRIMITIVE_LIST), True
            if value is None:
                original.pop(field, None)
                continue
            current: Json = original.get(field)
            category = _category(current)
            if field not in original or category != _category(value):
                if not delete_list:
                    self._replace(original, field, value)
                continue
            if category == "object":
                meta = self._meta(schema, field, list_items=False)
                original[field] = (
                    value
                    if _strategy(meta.strategies) == "replace"
                    else self.merge_map(current, value, meta.schema, depth + 1)
                )
            elif category == "list":
                meta = self._meta(schema, field, list_items=True)
                if _strategy(meta.strategies) == "merge" or delete_list:
                    original[field] = self.merge_list(current, value, meta, delete_list, depth + 1)
                else:
                    original[field] = value
            else:
                original[field] = value
        return original

    @staticmethod
    def _replace(original: dict[str, Json], field: str, value: Json) -> None:
        """A field the patch sets anew (or to another type): its value without directives."""
        _discard_nulls(value)
        kept, keep = remove_directives(value)
        if keep:
            original[field] = kept
        else:
            original.pop(field, None)

    @staticmethod
    def _meta(schema: FieldSchema | None, field: str, *, list_items: bool) -> FieldMeta:
        return NO_META if schema is None else schema.field(field, list_items=list_items)

    @staticmethod
    def _retain_keys(original: dict[str, Json], patch: dict[str, Json]) -> None:
        if RETAIN_KEYS not in patch:
            return
        retained = patch.pop(RETAIN_KEYS)
        if not isinstance(retained, list):
            raise PatchError("invalid patch format of retainKeys: $retainKeys is not a list")
        for key, value in patch.items():
            if value is None or key.startswith((DELETE_FROM_PRIMITIVE_LIST, SET_ELEMENT_ORDER)):
                continue
            if key not in retained:
                raise PatchError(
                    f"invalid patch format of retainKeys: {key} is patched but not retained"
                )
        for key in [key for key in original if key not in retained]:
            del original[key]

    def _set_element_orders(
        self,
        original: dict[str, Json],
        patch: dict[str, Json],
        schema: FieldSchema | None,
        depth: int,
    ) -> None:
        for key in [key for key in patch if key.startswith(SET_ELEMENT_ORDER)]:
            order = patch.pop(key)
            if not isinstance(order, list):
                raise PatchError(f"invalid patch format of setElementOrder list: {key}")
            field = _suffix(key, SET_ELEMENT_ORDER)
            current, value = original.get(field), patch.get(field)
            for found in (current, value):
                if found is not None and not isinstance(found, list):
                    raise PatchError(f"{key} orders {field}, which is {_kind(found)}")
            meta = self._meta(schema, field, list_items=True)
            keyed = _Keyed(meta.merge_key)
            _check_order(value or [], order, keyed)
            if current is None and value is None:
                continue
            view = current or []
            if current is None:
                merged: list[Json] = remove_directives(value)[0]
            elif value is None:
                merged = current
            elif _strategy(meta.strategies) == "merge":
                merged, view = self._merge_list(current, value, meta, False, depth + 1)
            else:
                merged = value
            patch.pop(field, None)
            if _element_category(current or [], value or []) is None:
                original[field] = merged
                continue
            ordered = [item for item in merged if keyed.index(order, item) >= 0]
            others = [item for item in merged if keyed.index(order, item) < 0]
            original[field] = self._order(ordered, others, order, view, keyed)

    def merge_list(
        self,
        original: list[Json],
        patch: list[Json],
        meta: FieldMeta,
        delete_list: bool,
        depth: int,
    ) -> list[Json]:
        return self._merge_list(original, patch, meta, delete_list, depth)[0]

    def _merge_list(
        self,
        original: list[Json],
        patch: list[Json],
        meta: FieldMeta,
        delete_list: bool,
        depth: int,
    ) -> tuple[list[Json], list[Json]]:
        """The merged list, and what apimachinery's caller then sees as the original list:
        Go deletes and appends in the original's array, so a caller holding the original's
        length sees the survivors followed by as many appended elements as were deleted
        (`$setElementOrder` orders by that view)."""
        if not original and not patch:
            return original, original
        category = _element_category(original, patch)
        keyed = _Keyed(meta.merge_key if category == "object" else "")
        view = original
        if category != "object":
            if delete_list:
                kept = [item for item in original if not any(_same(item, d) for d in patch)]
                return kept, view
            merged: list[Json] = []
            for item in original + patch:
                if not any(_same(item, seen) for seen in merged):
                    merged.append(item)
        else:
            if not meta.merge_key:
                raise PatchError("cannot merge lists without merge key")
            survivors, plain, replace = self._special_elements(original, patch, keyed)
            original, patch = (plain, []) if replace else (survivors, plain)
            merged = list(original)
            for item in patch:
                keyed.require([item])
                position = keyed.index(merged, item)
                if position >= 0:
                    merged[position] = self.merge_map(
                        merged[position], item, meta.schema, depth + 1
                    )
                else:
                    merged.append(item)
            appended = [] if replace else merged[len(original) :]
            seen = len(survivors) + min(len(appended), len(view) - len(survivors))
            view = (survivors + appended)[:seen] + view[seen:]
        ordered = [item for item in merged if keyed.index(patch, item) >= 0]
        others = [item for item in merged if keyed.index(patch, item) < 0]
        return self._order(ordered, others, patch, original, keyed), view

    @staticmethod
    def _special_elements(
        original: list[Json], patch: list[Json], keyed: _Keyed
    ) -> tuple[list[Json], list[Json], bool]:
        """`original` without the elements the patch deletes, the patch without its directive
        elements, and whether a `$patch: replace` element makes the rest of the patch the list."""
        plain: list[Json] = []
        replace = False
        for item in patch:
            if DIRECTIVE not in item:
                plain.append(item)
                continue
            directive = item[DIRECTIVE]
            if directive == "delete":
                keyed.require([item])
                original = [kept for kept in original if not _same_key(keyed, kept, item)]
            elif directive == "replace":
                replace = True
            elif directive == "merge":
                raise PatchError("merging lists cannot yet be specified in the patch")
            else:
                raise PatchError(f"unknown patch type: {directive} in list element")
        return original, plain, replace

    def _order(
        self,
        ordered: list[Json],
        others: list[Json],
        patch_order: list[Json],
        server_order: list[Json],
        keyed: _Keyed,
    ) -> list[Json]:
        """apimachinery's normalizeElementOrder: each part sorted by its own order, then the
        two interleaved by the server's order (or, `patched_first`, simply concatenated)."""
        keyed.require(ordered, others)
        ordered = _sorted_by(ordered, patch_order, keyed)
        others = _sorted_by(others, server_order, keyed)
        if self.patched_first:
            return ordered + others
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
                at_left = keyed.index(server_order, others[left])
                at_right = keyed.index(server_order, ordered[right])
                if at_left >= 0 and at_right >= 0 and at_left < at_right:
                    result.append(others[left])
                    left += 1
                else:
                    result.append(ordered[right])
                    right += 1
        return result


def _same_key(keyed: _Keyed, item: Json, deleting: Json) -> bool:
    if not isinstance(item, dict):
        raise PatchError(f"list element {_kind(item)} is not an object")
    return keyed.merge_key in item and _same(item[keyed.merge_key], deleting[keyed.merge_key])


def _sorted_by(items: list[Json], order: list[Json], keyed: _Keyed) -> list[Json]:
    """`items` stably sorted by their place in `order`; deletions last, as apimachinery."""
    deleting = [item for item in items if _deletes(item)]
    kept = [item for item in items if not _deletes(item)]
    return sorted(kept, key=lambda item: keyed.index(order, item)) + deleting


def _deletes(item: Json) -> bool:
    return isinstance(item, dict) and item.get(DIRECTIVE) == "delete"


def _check_order(patch: list[Json], order: list[Json], keyed: _Keyed) -> None:
    """The patch's elements (deletions aside) must appear in `$setElementOrder` in the same
    relative order (apimachinery's validatePatchWithSetOrderList)."""
    if not patch or not order:
        return
    if keyed.merge_key:
        keyed.require(order)
        patch = [item for item in patch if not (isinstance(item, dict) and DIRECTIVE in item)]
    at = 0
    for item in order:
        if at < len(patch) and _same(keyed.value(patch[at]), keyed.value(item)):
            at += 1
    if at < len(patch):
        raise PatchError("the order in the patch list does not match its $setElementOrder list")
