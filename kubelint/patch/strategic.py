"""Strategic merge patch, as apimachinery's `strategicpatch` applies it (`kubectl patch`,
the API server), or as Kustomize's kyaml merges its patches (`style=KYAML`).

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

A kind without a schema (a custom resource) or a field the schema does not declare is merged
as a JSON merge patch (RFC 7386: objects merged, null deletes, lists replaced), with the
`$patch` directives still honoured, as Kustomize does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kubelint.k8s.data import copy_data
from kubelint.patch.elements import ElementKey, check_order, interleave, sorted_by
from kubelint.patch.errors import PatchError
from kubelint.patch.schema import NO_META, FieldMeta, FieldSchema, kind_schema
from kubelint.patch.values import (
    DIRECTIVE,
    Json,
    category,
    describe,
    discard_nulls,
    element_category,
    remove_directives,
    same,
)

RETAIN_KEYS = "$retainKeys"
SET_ELEMENT_ORDER = "$setElementOrder"
DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList"
_MAX_DEPTH = 200


@dataclass(frozen=True, slots=True)
class Style:
    """Where apimachinery and Kustomize's kyaml (its merge2 package) merge differently.

    `patched_first`: a merged list holds the patch's elements first, in the patch's order, then
    the object's others (kyaml), instead of interleaving them by the object's order.
    `drop_deleted`: an object field patched with `$patch: delete` is removed (kyaml), instead of
    being left empty (`{}`).
    `list_map_keys`: list elements are identified by all their `x-kubernetes-list-map-keys`
    (kyaml: container ports by port and protocol) rather than by the merge key alone.
    (kyaml also leaves `$retainKeys`, `$setElementOrder/` and `$deleteFromPrimitiveList/` in the
    output as plain fields; this module always applies them.)
    """

    patched_first: bool = False
    drop_deleted: bool = False
    list_map_keys: bool = False


APIMACHINERY = Style()
KYAML = Style(patched_first=True, drop_deleted=True, list_map_keys=True)


def merge(
    base: Mapping[str, Any],
    patch: Mapping[str, Any],
    kind_key: tuple[str, str],
    *,
    version: str | None = None,
    style: Style = APIMACHINERY,
) -> dict[str, Any]:
    """`patch` applied to `base` (neither is modified), with the patch strategies of the kind
    `kind_key` = (apiVersion, kind) in a Kubernetes version (default: the newest bundled)."""
    schema = kind_schema(kind_key[0], kind_key[1], version)
    return apply(base, patch, schema, style=style)


def apply(
    base: Mapping[str, Any],
    patch: Mapping[str, Any],
    schema: FieldSchema | None,
    *,
    style: Style = APIMACHINERY,
) -> dict[str, Any]:
    """`patch` applied to `base` with the patch metadata of `schema` (None: no metadata)."""
    if not isinstance(patch, Mapping):
        raise PatchError(f"a strategic merge patch is an object, not {describe(patch)}")
    merger = _Merger(style)
    try:
        return merger.merge_map(copy_data(dict(base)), copy_data(dict(patch)), schema, 0)
    except RecursionError:  # a value nested thousands deep, or one that contains itself
        raise PatchError("the object or the patch is nested too deeply") from None


def _strategy(strategies: tuple[str, ...]) -> str:
    """The strategy other than `retainKeys` (apimachinery's extractRetainKeysPatchStrategy)."""
    others = [strategy for strategy in strategies if strategy != "retainKeys"]
    if len(strategies) > 2 or len(others) > 1 or (len(strategies) == 2 and len(others) != 1):
        raise PatchError(f"unexpected patch strategy: {','.join(strategies)}")
    return others[0] if others else ""


def _suffix(key: str, prefix: str) -> str:
    head, slash, tail = key.partition("/")
    if head != prefix or not slash:
        raise PatchError(f"invalid patch format of {prefix.lstrip('$')} list: {key}")
    return tail


class _Merger:
    def __init__(self, style: Style) -> None:
        self.style = style

    def key(self, meta: FieldMeta, kind: str | None) -> ElementKey:
        """How the elements of a list field are identified (`kind`: their JSON type)."""
        if kind != "object" or not meta.merge_key:
            return ElementKey()
        if self.style.list_map_keys and len(meta.map_keys) > 1:
            return ElementKey(meta.map_keys)
        return ElementKey((meta.merge_key,))

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
            kind = category(current)
            if field not in original or kind != category(value):
                if not delete_list:
                    self._replace(original, field, value)
                continue
            if kind == "object":
                meta = _meta(schema, field, list_items=False)
                if self.style.drop_deleted and value.get(DIRECTIVE) == "delete":
                    del original[field]
                elif _strategy(meta.strategies) == "replace":
                    original[field] = value
                else:
                    original[field] = self.merge_map(current, value, meta.schema, depth + 1)
            elif kind == "list":
                meta = _meta(schema, field, list_items=True)
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
        discard_nulls(value)
        kept, keep = remove_directives(value)
        if keep:
            original[field] = kept
        else:
            original.pop(field, None)

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
        for directive in [key for key in patch if key.startswith(SET_ELEMENT_ORDER)]:
            order = patch.pop(directive)
            if not isinstance(order, list):
                raise PatchError(f"invalid patch format of setElementOrder list: {directive}")
            field = _suffix(directive, SET_ELEMENT_ORDER)
            current, value = original.get(field), patch.pop(field, None)
            for found in (current, value):
                if found is not None and not isinstance(found, list):
                    raise PatchError(f"{directive} orders {field}, which is {describe(found)}")
            meta = _meta(schema, field, list_items=True)
            kind = element_category(current or [], value or [], order)
            key = self.key(meta, kind)
            check_order(value or [], order, key)
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
            if element_category(current or [], value or []) is None:
                original[field] = merged
                continue
            ordered = [item for item in merged if key.index(order, item) >= 0]
            others = [item for item in merged if key.index(order, item) < 0]
            original[field] = self._order(ordered, others, order, view, key)

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
        kind = element_category(original, patch)
        key = self.key(meta, kind)
        view = original
        if kind != "object":
            if delete_list:
                kept = [item for item in original if not any(same(item, d) for d in patch)]
                return kept, view
            merged: list[Json] = []
            for item in original + patch:
                if not any(same(item, seen) for seen in merged):
                    merged.append(item)
        else:
            if not meta.merge_key:
                raise PatchError("cannot merge lists without merge key")
            survivors, plain, replace = _special_elements(original, patch, key)
            original, patch = (plain, []) if replace else (survivors, plain)
            merged = list(original)
            for item in patch:
                key.require([item])
                position = key.index(merged, item)
                if position >= 0:
                    merged[position] = self.merge_map(
                        merged[position], item, meta.schema, depth + 1
                    )
                else:
                    merged.append(item)
            appended = [] if replace else merged[len(original) :]
            seen = len(survivors) + min(len(appended), len(view) - len(survivors))
            view = (survivors + appended)[:seen] + view[seen:]
        ordered = [item for item in merged if key.index(patch, item) >= 0]
        others = [item for item in merged if key.index(patch, item) < 0]
        return self._order(ordered, others, patch, original, key), view

    def _order(
        self,
        ordered: list[Json],
        others: list[Json],
        patch_order: list[Json],
        server_order: list[Json],
        key: ElementKey,
    ) -> list[Json]:
        """apimachinery's normalizeElementOrder: each part sorted by its own order, then the
        two interleaved by the server's order (or, `patched_first`, simply concatenated)."""
        key.require(ordered, others)
        ordered = sorted_by(ordered, patch_order, key)
        others = sorted_by(others, server_order, key)
        if self.style.patched_first:
            return ordered + others
        return interleave(ordered, others, server_order, key)


def _meta(schema: FieldSchema | None, field: str, *, list_items: bool) -> FieldMeta:
    return NO_META if schema is None else schema.field(field, list_items=list_items)


def _special_elements(
    original: list[Json], patch: list[Json], key: ElementKey
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
            key.require([item])
            for kept in original:
                if not isinstance(kept, dict):
                    raise PatchError(f"list element {describe(kept)} is not an object")
            original = [kept for kept in original if not key.matches(kept, item)]
        elif directive == "replace":
            replace = True
        elif directive == "merge":
            raise PatchError("merging lists cannot yet be specified in the patch")
        else:
            raise PatchError(f"unknown patch type: {directive} in list element")
    return original, plain, replace
