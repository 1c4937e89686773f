"""A chart tree's Go templates rendered as Helm's engine does (pkg/engine/engine.go).

Every Go template of the tree is parsed into one set, deepest charts first and, at one depth,
in reverse name order, so that a parent's `define` wins over a subchart's; then each template
that is not a helper (`_…`) runs, in the same order, with its chart's objects: `.Values` (its
section of the values, numbers as float64), `.Release`, `.Chart` (Chart.yaml with Go's field
names), `.Capabilities`, `.Files`, `.Template` and `.Subcharts`. `<no value>` is removed from
the output, as Helm removes it. The first error stops the render, with Helm's message.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from kubelint.chart.budget import spending
from kubelint.chart.engine import LineOrigin, RenderError
from kubelint.chart.files import Files
from kubelint.chart.gotmpl.errors import (
    ExecError,
    GoError,
    TemplateParseError,
    helm_exec_message,
    helm_parse_message,
)
from kubelint.chart.gotmpl.execute import Budget, LimitExceeded, Output
from kubelint.chart.gotmpl.gotypes import GoList, GoMap, GoStruct, go_values
from kubelint.chart.gotmpl.helm import NO_VALUE_TEXT, HelmFunctions
from kubelint.chart.gotmpl.nodes import Tree
from kubelint.chart.gotmpl.parser import add, parse
from kubelint.chart.gotmpl.treecache import Parsed, TreePack
from kubelint.chart.model import Chart
from kubelint.limits import Limits

NOTES = "NOTES.txt"
HELM_VERSION = "v3.19.0"  # what `.Capabilities.HelmVersion.Version` says


@dataclass(frozen=True, slots=True)
class GoChart:
    """One chart of the tree, in Go's dialect, as the renderer hands it over."""

    chart: Chart
    source: str  # `# Source:` prefix: `web`, `web/charts/db`
    sections: tuple[str, ...]  # its path of value sections (empty: the root chart)


@dataclass(frozen=True, slots=True)
class Capabilities:
    kube_version: str  # `v1.31.0`
    major: str
    minor: str
    api_versions: Sequence[str]
    has: Callable[[str], bool]


@dataclass(frozen=True, slots=True)
class GoRendered:
    path: str
    source: str
    text: str
    lines: tuple[LineOrigin, ...]


def _capabilities(capabilities: Capabilities) -> GoStruct:
    version = capabilities.kube_version
    kube = GoStruct(
        "common.KubeVersion",
        {"Version": version, "Major": capabilities.major, "Minor": capabilities.minor},
        {"GitVersion": lambda: version, "String": lambda: version},
        text=version,
    )
    versions = GoList(
        list(capabilities.api_versions), "common.VersionSet", {"Has": capabilities.has}
    )
    helm = GoStruct(  # a full version: charts compare it (`semverCompare ">=3.9.0-0"`)
        "version.BuildInfo",
        {"Version": HELM_VERSION, "GitCommit": "", "GitTreeState": "", "GoVersion": ""},
    )
    return GoStruct(
        "*common.Capabilities",
        {"KubeVersion": kube, "APIVersions": versions, "HelmVersion": helm},
    )


def _files(files: Files) -> GoMap:
    """`.Files`: a map of the chart's files, with Helm's methods."""

    def glob(pattern: str) -> GoMap:
        return _files(files.Glob(pattern))

    methods: dict[str, Callable[..., Any]] = {
        "Get": files.Get,
        "GetBytes": files.GetBytes,
        "Lines": files.Lines,
        "Glob": glob,
        "AsConfig": files.AsConfig,
        "AsSecrets": files.AsSecrets,
    }
    return GoMap({name: files.GetBytes(name) for name in files}, "engine.files", methods)


_CHART_STRINGS = (
    "Name", "Home", "Version", "Description", "Icon", "APIVersion", "Condition", "Tags",
    "AppVersion", "KubeVersion", "Type",
)  # fmt: skip


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _chart_map(chart: Chart, is_root: bool) -> dict[str, Any]:
    """`.Chart`: Chart.yaml as Helm's Metadata struct turned into a map (Go field names)."""
    metadata = chart.metadata
    fields: dict[str, Any] = {
        name: _text(
            metadata.get("apiVersion" if name == "APIVersion" else name[:1].lower() + name[1:])
        )
        for name in _CHART_STRINGS
    }
    fields["Name"] = chart.name
    fields["Sources"] = list(metadata.get("sources") or [])
    fields["Keywords"] = list(metadata.get("keywords") or [])
    fields["Maintainers"] = [
        {"Name": _text(m.get("name")), "Email": _text(m.get("email")), "URL": _text(m.get("url"))}
        for m in metadata.get("maintainers") or []
        if isinstance(m, Mapping)
    ]
    fields["Deprecated"] = bool(metadata.get("deprecated"))
    fields["Annotations"] = dict(metadata.get("annotations") or {})
    fields["Dependencies"] = [
        {
            "Name": d.name, "Version": _text(d.version), "Repository": _text(d.repository),
            "Condition": _text(d.condition), "Tags": list(d.tags), "Enabled": True,
            "ImportValues": list(d.import_values), "Alias": _text(d.alias),
        }
        for d in chart.dependencies
    ]  # fmt: skip
    fields["IsRoot"] = is_root
    return fields


# Parsed files by text: a library chart vendored in several subcharts (Bitnami's `common`), or a
# chart rendered again (`--values-matrix`), is parsed once. Trees are never changed once built.
_PARSED: dict[str, Parsed] = {}
_PARSED_SIZE = 4096


def _parse_file(
    name: str, text: str, functions: Container[str], pack: TreePack | None = None
) -> dict[str, Tree]:
    """The trees of a file, from the cache when the same text was parsed before, in this
    process or in an earlier run (`pack`); under another name, its body and positions take
    this name."""
    cached = _PARSED.get(text)
    key = pack.key(text) if pack is not None else ""
    if cached is None:
        cached = pack.get(key) if pack is not None else None
        if cached is None:
            cached = (name, parse(name, text, functions, {}))
        if len(_PARSED) >= _PARSED_SIZE:
            _PARSED.clear()
        _PARSED[text] = cached
    if pack is not None:
        pack.keep(key, cached)  # found here or not, the pack keeps what the chart uses
    first_name, first = cached
    if first_name == name:
        return first
    return {
        (name if key == first_name else key): Tree(
            name if tree.name == first_name else tree.name, name, text, tree.root
        )
        for key, tree in first.items()
    }


def _parse_order(names: list[str]) -> list[str]:
    """Helm's sortTemplates: more `/` first; at one depth, reverse name order."""
    return sorted(names, key=lambda name: (name.count("/"), name), reverse=True)


@dataclass(frozen=True, slots=True)
class _Source:
    path: str  # as findings show it
    text: str
    owner: str  # the `# Source:` prefix of its chart


def _objects(
    charts: Sequence[GoChart],
    values: Mapping[str, Any],
    release: Mapping[str, Any],
    capabilities: Capabilities,
) -> tuple[dict[str, dict[str, Any]], dict[str, _Source]]:
    """Each chart's top-level objects (by `# Source:` prefix), and every template."""
    go_vals = go_values(values)
    caps = _capabilities(capabilities)
    dots: dict[str, dict[str, Any]] = {}
    sources: dict[str, _Source] = {}
    for item in charts:
        section: Any = go_vals
        for name in item.sections:
            section = section.get(name) if isinstance(section, Mapping) else None
        dots[item.source] = {
            "Chart": _chart_map(item.chart, not item.sections),
            "Files": _files(Files(item.chart.files)),
            "Release": dict(release),
            "Capabilities": caps,
            "Values": section if isinstance(section, dict) else {},
            "Subcharts": {},
        }
        for name, text in item.chart.templates.items():
            if item.chart.is_library and not PurePosixPath(name).name.startswith("_"):
                continue
            path = item.chart.template_path(name)
            sources[f"{item.source}/{name}"] = _Source(path, text, item.source)
    for source, dot in dots.items():
        parent = source.rpartition("/charts/")[0]
        if parent in dots:
            dots[parent]["Subcharts"][source.rpartition("/")[2]] = dot
    return dots, sources


def render_go(
    charts: Sequence[GoChart],
    values: Mapping[str, Any],
    release: Mapping[str, Any],
    capabilities: Capabilities,
    strict: bool,
    limits: Limits,
    track: bool,
    notes: bool,
) -> tuple[list[GoRendered], str | None]:
    """The rendered templates of the Go charts of a tree, and the root's NOTES.txt (when
    `notes`); a RenderError (exit 1) with Helm's message when a template fails, the notes of
    every chart included, as in Helm."""
    dots, sources = _objects(charts, values, release, capabilities)
    helm = HelmFunctions({}, Budget(limits), strict)
    order = _parse_order(list(sources))
    names = helm.templates.names()
    pack = TreePack(charts[0].chart.location, names.all()) if charts else None
    try:
        for full in order:
            try:
                add(helm.templates.trees, _parse_file(full, sources[full].text, names, pack))
            except TemplateParseError as exc:
                raise RenderError(helm_parse_message(exc), sources[full].path, exc.line) from None
            except RecursionError:  # Go stops at a depth too (maxStackDepth), with this message
                deep = TemplateParseError(full, 1, "max expression depth exceeded")
                raise RenderError(helm_parse_message(deep), sources[full].path) from None
    finally:
        if pack is not None:
            pack.save()
    paths = {full: source.path for full, source in sources.items()}
    rendered: list[GoRendered] = []
    notes_text: str | None = None
    with spending(helm.templates.budget.shared):
        for full in order:
            base = PurePosixPath(full).name
            owner = sources[full].owner
            if base.startswith("_"):
                continue
            dot = dots[owner]
            dot["Template"] = {"Name": full, "BasePath": f"{owner}/templates"}
            out = Output(track)
            try:
                helm.templates.execute(full, dot, out)
            except GoError as exc:
                raise _render_error(exc, full, paths) from None
            except LimitExceeded as exc:
                raise _limit_error(exc, full, paths) from None
            except RecursionError:
                reason = "recursion too deep (a helper that calls itself without end?)"
                raise RenderError(reason, paths[full]) from None
            text = out.text().replace(NO_VALUE_TEXT, "")
            if base == NOTES:  # Helm renders every chart's notes (a `fail` there fails the
                if notes and owner == charts[0].source:  # render); it prints the root's
                    notes_text = text
            else:
                rendered.append(GoRendered(paths[full], full, text, tuple(out.origins())))
    return rendered, notes_text


def _limit_error(exc: LimitExceeded, template: str, paths: Mapping[str, str]) -> RenderError:
    """A passed bound, at the template line where it was passed (when that is a chart file)."""
    if exc.where is None or exc.where[0] not in paths:
        return RenderError(str(exc), paths[template])
    file, line, column = exc.where
    return RenderError(str(exc), paths[file], line, column + 1)


def _render_error(exc: GoError, template: str, paths: Mapping[str, str]) -> RenderError:
    """Helm's message, placed at the innermost template position the error names."""
    where: tuple[str, int, int] | None = None
    current: GoError | None = exc
    while current is not None:
        if isinstance(current, ExecError) and current.where and current.where[0] in paths:
            where = current.where
        current = current.cause
    message = helm_exec_message(exc)
    if where is None:
        return RenderError(message, paths[template])
    file, line, column = where
    return RenderError(message, paths[file], line, column + 1)
