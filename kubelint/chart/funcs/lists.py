"""The list and mapping functions: building, slicing, merging, looking up, ranges."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from kubelint.chart.budget import current
from kubelint.chart.funcs.base import (
    HelmFunction,
    TemplateFailure,
    affordable,
    as_list,
    bounded,
    go_str,
    is_empty,
)


def _measured_list(items: Any, *more: Any) -> list[Any]:
    """`items` as a list, once it (and `more`) are found affordable: its items are compared."""
    affordable(more)
    values = as_list(items)
    affordable(values)
    return values


def uniq(items: Any) -> list[Any]:
    """The items without repeats, in linear time for strings and numbers; other items are
    compared with each kept one, each comparison an operation of the render's budget."""
    out: list[Any] = []
    seen: set[tuple[type, Any]] = set()
    budget = current()
    for item in as_list(items):
        if isinstance(item, str | int | float | bool) or item is None:
            key = (type(item), item)
            if key not in seen:
                seen.add(key)
                out.append(item)
            continue
        budget.spend(len(out))
        affordable(item)
        if item not in out:
            out.append(item)
    return out


def sprig_dict(*pairs: Any, **named: Any) -> dict[str, Any]:
    out = {
        go_str(pairs[i]): pairs[i + 1] if i + 1 < len(pairs) else ""
        for i in range(0, len(pairs), 2)
    }
    out.update(named)
    return out


def set_key(mapping: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    mapping[key] = value
    return mapping


def unset_key(mapping: dict[str, Any], key: str) -> dict[str, Any]:
    mapping.pop(key, None)
    return mapping


def _deep_merge(dst: dict[str, Any], src: Mapping[str, Any], overwrite: bool) -> dict[str, Any]:
    for key, value in src.items():
        current = dst.get(key)
        if isinstance(current, dict) and isinstance(value, Mapping):
            _deep_merge(current, value, overwrite)
        elif key not in dst or overwrite or is_empty(current):
            dst[key] = copy.deepcopy(value)
    return dst


def merge(dst: dict[str, Any], *sources: Mapping[str, Any]) -> dict[str, Any]:
    for source in sources:
        _deep_merge(dst, source, overwrite=False)
    return dst


def merge_overwrite(dst: dict[str, Any], *sources: Mapping[str, Any]) -> dict[str, Any]:
    for source in sources:
        _deep_merge(dst, source, overwrite=True)
    return dst


def dig(*args: Any) -> Any:
    *keys, fallback, mapping = args
    current = mapping
    for key in keys:
        if not isinstance(current, Mapping) or key not in current:
            return fallback
        current = current[key]
    return current


def until(count: int) -> list[int]:
    return list(range(bounded(int(count))))


def until_step(start: int, stop: int, step: int) -> list[int]:
    if step == 0 or (stop < start and step > 0) or (stop > start and step < 0):
        return []
    bounded(abs((stop - start) // step))
    return list(range(start, stop, step))


def seq(*params: int) -> str:
    """GNU seq: `seq(5)`, `seq(2, 5)`, `seq(0, 2, 10)`, space-separated."""
    numbers = [int(p) for p in params]
    if len(numbers) == 1:
        start, end, step = 1, numbers[0], 1 if numbers[0] >= 1 else -1
        return " ".join(map(str, until_step(start, end + step, step)))
    if len(numbers) == 2:
        start, end = numbers
        step = 1 if end >= start else -1
        return " ".join(map(str, until_step(start, end + step, step)))
    if len(numbers) == 3:
        start, step, end = numbers
        increment = 1 if end >= start else -1
        if increment < 0 and step > 0:
            return ""
        return " ".join(map(str, until_step(start, end + increment, step)))
    return ""


def chunk(size: int, items: Any) -> list[list[Any]]:
    values = as_list(items)
    size = int(size)
    if size <= 0:
        raise TemplateFailure(f"chunk: size must be positive, not {size}")
    return [values[i : i + size] for i in range(0, len(values), size)]


def go_slice(items: Any, *indices: int) -> list[Any]:
    values = as_list(items)
    start = int(indices[0]) if indices else 0
    end = int(indices[1]) if len(indices) > 1 else len(values)
    if not 0 <= start <= end <= len(values):
        raise TemplateFailure(f"slice: indices out of range [{start}:{end}] of {len(values)}")
    return values[start:end]


LISTS: dict[str, HelmFunction] = {
    "list": HelmFunction(lambda *items: list(items), "items…", "a list"),
    "tuple": HelmFunction(lambda *items: list(items), "items…", "`list`"),
    "append": HelmFunction(
        lambda items, v: [*as_list(items), v], "list, item", "a new list with `item` at the end"
    ),
    "push": HelmFunction(lambda items, v: [*as_list(items), v], "list, item", "`append`"),
    "prepend": HelmFunction(
        lambda items, v: [v, *as_list(items)], "list, item", "a new list with `item` first"
    ),
    "concat": HelmFunction(
        lambda *lists: [x for items in lists for x in as_list(items)],
        "lists…",
        "the lists one after the other",
    ),
    "first": HelmFunction(
        lambda items: as_list(items)[0] if as_list(items) else None,
        "list",
        "the first item (none when empty)",
    ),
    "last": HelmFunction(
        lambda items: as_list(items)[-1] if as_list(items) else None,
        "list",
        "the last item (none when empty)",
    ),
    "initial": HelmFunction(lambda items: as_list(items)[:-1], "list", "all but the last item"),
    "rest": HelmFunction(lambda items: as_list(items)[1:], "list", "all but the first item"),
    "reverse": HelmFunction(
        lambda items: as_list(items)[::-1], "list", "the items in reverse order"
    ),
    "uniq": HelmFunction(uniq, "list", "the items without repeats"),
    "compact": HelmFunction(
        lambda items: [i for i in as_list(items) if not is_empty(i)],
        "list",
        "the items that are not empty",
    ),
    "without": HelmFunction(
        lambda items, *drop: [i for i in _measured_list(items, drop) if i not in drop],
        "list, items…",
        "the list without `items`",
    ),
    "has": HelmFunction(
        lambda needle, items: needle in _measured_list(items, needle),
        "item, list",
        "whether the list holds `item`",
    ),
    "slice": HelmFunction(go_slice, "list, start[, end]", "the items from `start` to `end`"),
    "chunk": HelmFunction(chunk, "size, list", "the list cut into lists of `size` items"),
    "until": HelmFunction(until, "count", "`[0, 1, …, count-1]`"),
    "untilStep": HelmFunction(
        lambda start, stop, step: until_step(int(start), int(stop), int(step)),
        "start, stop, step",
        "`start`, `start+step`, … before `stop`",
    ),
    "seq": HelmFunction(
        seq, "[start, [step,]] end", "GNU seq's numbers, space-separated: `seq(3)` is `1 2 3`"
    ),
    "len": HelmFunction(
        lambda value: len(value) if value is not None else 0,
        "value",
        "the length of a string, list or mapping",
    ),
}


MAPPINGS: dict[str, HelmFunction] = {
    "dict": HelmFunction(sprig_dict, "key, value, …", "a mapping of the pairs"),
    "get": HelmFunction(
        lambda mapping, key: mapping.get(key, "") if isinstance(mapping, Mapping) else "",
        "mapping, key",
        'the value of `key`, or `""`',
    ),
    "set": HelmFunction(
        set_key, "mapping, key, value", "sets `key` (in place) and returns the mapping"
    ),
    "unset": HelmFunction(
        unset_key, "mapping, key", "removes `key` (in place) and returns the mapping"
    ),
    "hasKey": HelmFunction(
        lambda mapping, key: isinstance(mapping, Mapping) and key in mapping,
        "mapping, key",
        "whether the mapping has `key`",
    ),
    "keys": HelmFunction(
        lambda *maps: [k for m in maps for k in m], "mappings…", "the keys of the mappings"
    ),
    "values": HelmFunction(
        lambda mapping: list(mapping.values()), "mapping", "the values of the mapping"
    ),
    "pluck": HelmFunction(
        lambda key, *maps: [m[key] for m in maps if isinstance(m, Mapping) and key in m],
        "key, mappings…",
        "the value of `key` in each mapping that has it",
    ),
    "pick": HelmFunction(
        lambda mapping, *keys: {k: mapping[k] for k in keys if k in mapping},
        "mapping, keys…",
        "a mapping of only `keys`",
    ),
    "omit": HelmFunction(
        lambda mapping, *keys: {k: v for k, v in mapping.items() if k not in keys},
        "mapping, keys…",
        "a mapping without `keys`",
    ),
    "merge": HelmFunction(merge, "dest, sources…", "deep merge into `dest`; `dest`'s values win"),
    "mergeOverwrite": HelmFunction(
        merge_overwrite, "dest, sources…", "deep merge into `dest`; the sources' values win"
    ),
    "deepCopy": HelmFunction(copy.deepcopy, "value", "a deep copy"),
    "dig": HelmFunction(
        dig, "keys…, fallback, mapping", "the value at the path of `keys`, or `fallback`"
    ),
}
