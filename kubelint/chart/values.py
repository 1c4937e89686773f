"""Values with Helm's semantics.

User values: `-f` files left to right, then `--set-json`, `--set`, `--set-string`, `--set-file`,
`--set-literal` (helm's pkg/cli/values/options.go). Then coalescing with each chart's
values.yaml (pkg/chartutil/coalesce.go): maps merge deeply, user lists and scalars replace, a
user `null` deletes the key; each subchart sees its own section of its parent's values, plus
`global`. Conditions and tags enable or disable subcharts (pkg/chartutil/dependencies.go).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from kubelint.chart import strvals
from kubelint.chart.model import Chart, Dependency, aliased
from kubelint.chart.options import ValueOptions
from kubelint.chart.schemas import violations
from kubelint.errors import ChartError, InputError, UsageError
from kubelint.fileio import read_file
from kubelint.limits import DEFAULT_LIMITS, Limits
from kubelint.objects import describe
from kubelint.printable import quote
from kubelint.yamlload import LoadFailure, load_single

GLOBAL = "global"
Values = dict[str, Any]


def merge_maps(a: Mapping[str, Any], b: Mapping[str, Any]) -> Values:
    """`b` over `a`: maps merge deeply, anything else in `b` replaces."""
    out = dict(a)
    for key, value in b.items():
        current = out.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            out[key] = merge_maps(current, value)
        else:
            out[key] = value
    return out


def _read(path: str, what: str) -> bytes:
    try:
        return read_file(path)
    except OSError as exc:
        raise InputError(f"{what} {path}: cannot read: {exc.strerror or exc}") from None


def read_values_file(path: str, limits: Limits = DEFAULT_LIMITS) -> Values:
    try:
        data = load_single(_read(path, "values file"), limits)
    except LoadFailure as exc:
        position = exc.problem.position
        line = f":{position.line}" if position else ""
        raise InputError(f"failed to parse {path}{line}: {exc.problem.message}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(f"failed to parse {path}: expected a mapping, found {describe(data)}")
    return data


def user_values(options: ValueOptions, limits: Limits = DEFAULT_LIMITS) -> Values:
    """The values the user gave, merged in Helm's order."""
    base: Values = {}
    for path in options.files:
        base = merge_maps(base, read_values_file(path, limits))

    def each(flag: str, items: tuple[str, ...], parse: Callable[[str, Values], None]) -> None:
        for item in items:
            try:
                parse(item, base)
            except strvals.StrvalsError as exc:
                raise UsageError(f"failed parsing {flag} data {quote(item)}: {exc}") from None

    def read_file(path: str) -> str:
        return _read(path, "--set-file").decode("utf-8", "replace")

    each("--set-json", options.set_json, strvals.parse_json_into)
    each("--set", options.set, strvals.parse_into)
    each("--set-string", options.set_string, lambda s, d: strvals.parse_into(s, d, as_string=True))
    each("--set-file", options.set_file, lambda s, d: strvals.parse_file_into(s, d, read_file))
    each("--set-literal", options.set_literal, strvals.parse_literal_into)
    return base


@dataclass(frozen=True, slots=True)
class Node:
    """A chart of the render tree: aliases applied, disabled subcharts left out."""

    chart: Chart
    dependency: Dependency | None
    children: tuple[Node, ...]

    @property
    def name(self) -> str:
        return self.chart.name


def _tree(chart: Chart, dependency: Dependency | None = None) -> Node:
    children: list[Node] = []
    for sub in chart.subcharts:
        wanted = [d for d in chart.dependencies if d.name == sub.name]
        if not wanted:
            children.append(_tree(sub))
        for dep in wanted:
            children.append(_tree(aliased(sub, dep.key) if dep.alias else sub, dep))
    return Node(chart, dependency, tuple(children))


def _without_nulls(value: Any) -> Any:
    """A copy of a default without its null keys: a null default is no value (as in Helm)."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    return copy.deepcopy(value)


def coalesce_tables(
    dst: Values, src: Mapping[str, Any], merge: bool = False, top: bool = False
) -> Values:
    """Fill `dst` (the user's, wins) from `src` (the defaults); a `null` in `dst` deletes the
    key unless `merge` — below the top level only where the default is not null (Helm's
    behaviour, measured)."""
    for key, default in src.items():
        if key in dst:
            value = dst[key]
            if default is None and not top:
                continue
            if value is None and not merge:
                del dst[key]
            elif isinstance(value, dict) and isinstance(default, dict):
                coalesce_tables(value, default, merge)
        elif merge:
            dst[key] = copy.deepcopy(default)
        elif default is not None:
            dst[key] = _without_nulls(default)
    return dst


def _coalesce_globals(section: Values, parent: Values) -> None:
    globals_ = section.get(GLOBAL, {})
    given = parent.get(GLOBAL, {})
    if not isinstance(globals_, dict) or not isinstance(given, dict):
        return  # Helm skips globals that are not mappings (with a warning)
    for key, value in given.items():
        if isinstance(value, dict):
            mine = dict(value)  # shallow, as Helm: nested maps stay shared with the parent
            current = globals_.get(key)
            if key not in globals_:
                globals_[key] = mine
            elif isinstance(current, dict):
                globals_[key] = coalesce_tables(mine, current, merge=True)
        elif not isinstance(globals_.get(key), dict):
            globals_[key] = value
    section[GLOBAL] = globals_


def coalesce(node: Node, dest: Values) -> Values:
    """The values `node`'s templates see, with each subchart's section filled in (in place)."""
    coalesce_tables(dest, node.chart.values, top=True)
    for child in node.children:
        section = dest.setdefault(child.name, {})
        if not isinstance(section, dict):
            raise ChartError(
                f"{node.chart.location}: type mismatch on {child.name}: the values give"
                f" {describe(section)} where the subchart's values (a mapping) belong"
            )
        _coalesce_globals(section, dest)
        coalesce(child, section)
    return dest


def _path_value(values: Mapping[str, Any], path: str) -> tuple[bool, Any]:
    current: Any = values
    for part in path.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return False, None
        current = current[part]
    return True, current


def _enabled(dep: Dependency, values: Mapping[str, Any], prefix: str) -> bool:
    enabled = True
    tags = values.get("tags")
    if dep.tags and isinstance(tags, Mapping):
        states = [tags[t] for t in dep.tags if isinstance(tags.get(t), bool)]
        enabled = any(states) or not states
    for condition in (c.strip() for c in (dep.condition or "").split(",")):
        if not condition:
            continue
        found, value = _path_value(values, prefix + condition)
        if found and isinstance(value, bool):
            return value
    return enabled


def _prune(node: Node, values: Mapping[str, Any], prefix: str) -> Node:
    kept = tuple(
        _prune(child, values, f"{prefix}{child.name}.")
        for child in node.children
        if child.dependency is None or _enabled(child.dependency, values, prefix)
    )
    return Node(node.chart, node.dependency, kept)


def _nest(path: str, table: Values) -> Values:
    for part in reversed([p for p in path.split(".") if p]):
        table = {part: table}
    return table


def _import_values(node: Node, defaults: Mapping[str, Any]) -> Node:
    """Apply `import-values`: a child's `exports.<name>` (or any `child:` table) becomes part of
    the parent's defaults (at `parent:`), below the parent's own values."""
    children = tuple(_import_values(c, defaults.get(c.name) or {}) for c in node.children)
    imported: Values = {}
    for child in children:
        section = defaults.get(child.name) or {}
        for item in child.dependency.import_values if child.dependency else ():
            if isinstance(item, Mapping):
                source, target = str(item.get("child", "")), str(item.get("parent", ""))
            else:
                source, target = f"exports.{item}", ""
            found, table = _path_value(section, source)
            if found and isinstance(table, dict):
                imported = merge_maps(imported, _nest(target, copy.deepcopy(table)))
    chart = node.chart
    if imported:
        values = coalesce_tables(copy.deepcopy(dict(chart.values)), imported, merge=True)
        chart = replace(chart, values=values)
    return Node(chart, node.dependency, children)


def resolve(chart: Chart, given: Values) -> tuple[Node, Values]:
    """The render tree (conditions, tags and import-values applied) and its coalesced values."""
    full = _tree(chart)
    probe = coalesce(full, copy.deepcopy(given))
    node = _prune(full, probe, "")
    if any(child.dependency and child.dependency.import_values for child in _nodes(node)):
        node = _import_values(node, coalesce(node, {}))
    values = coalesce(node, copy.deepcopy(given))
    validate(node, values)
    return node, values


def _nodes(node: Node) -> list[Node]:
    return [node, *(n for child in node.children for n in _nodes(child))]


def validate(node: Node, values: Mapping[str, Any]) -> None:
    """Each chart's values.schema.json against its section of the values."""
    problems: list[str] = []

    def check(current: Node, section: Any, where: str) -> None:
        if current.chart.schema is not None:
            problems.extend(
                f"{where}: {message}" for message in violations(current.chart.schema, section)
            )
        for child in current.children:
            inner = section.get(child.name, {}) if isinstance(section, Mapping) else {}
            check(child, inner, f"{where}/charts/{child.name}")

    check(node, values, node.chart.name)
    if problems:
        raise ChartError(
            "values don't meet the specifications of the schema(s): " + "; ".join(problems)
        )
