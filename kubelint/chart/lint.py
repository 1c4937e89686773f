"""A chart as `kubelint lint` sees it: each rendered template mapped back to its template, and
the problems of the chart itself (it does not render; it calls non-deterministic functions)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from jinja2 import TemplateSyntaxError, nodes

from kubelint.chart.chance import reproducible
from kubelint.chart.dialect import dialect
from kubelint.chart.engine import HelmEnvironment, RenderError, tag_column
from kubelint.chart.functions import NON_DETERMINISTIC
from kubelint.chart.gotmpl.errors import TemplateParseError
from kubelint.chart.gotmpl.nodes import Tree, identifiers
from kubelint.chart.gotmpl.parser import parse
from kubelint.chart.model import Chart, load_chart
from kubelint.chart.options import ChartOptions
from kubelint.chart.render import render
from kubelint.errors import ChartError
from kubelint.findings import Position
from kubelint.printable import quote
from kubelint.yamlload import Origin, load

_WHERE = re.compile(r"(?P<file>[^:]+?)(?::(?P<line>\d+))?: (?P<reason>.*)", re.DOTALL)
_NON_DETERMINISTIC = re.compile("|".join(sorted(NON_DETERMINISTIC)))


@dataclass(frozen=True, slots=True)
class RenderedSource:
    name: str  # the `# Source:` name: where the text sits in `kubelint template`'s output
    text: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class ChartProblem:
    rule: str
    message: str
    file: str
    position: Position | None


def render_for_lint(
    path: str, options: ChartOptions
) -> tuple[list[RenderedSource], list[ChartProblem]]:
    """The chart's rendered templates, and the chart's own problems."""
    try:
        chart = load_chart(path, options.limits)
    except ChartError as exc:
        return [], [_failure(exc, path)]
    problems = [*_metadata(chart), *_non_deterministic(chart)]
    if chart.is_library:  # helpers for other charts, as `helm lint` reads it: nothing renders
        return [], problems
    try:
        with reproducible(f"{chart.name} {chart.version}"):  # the same names in every lint
            rendering = render(chart, options)
    except ChartError as exc:
        return [], [*problems, _failure(exc, path)]
    sources = [
        RenderedSource(t.source, t.text, Origin(t.path, t.lines)) for t in rendering.templates
    ]
    return sources, problems


def _failure(exc: ChartError, path: str) -> ChartProblem:
    if isinstance(exc, RenderError):
        position = Position(exc.line, exc.column or 1) if exc.line else None
        return ChartProblem("chart-render", exc.reason, exc.file or path, position)
    match = _WHERE.match(str(exc))  # Chart.yaml, values, schema: "<file>[:<line>]: <reason>"
    if match is None or not match["file"].startswith(path):
        return ChartProblem("chart-render", str(exc), path, None)
    line = int(match["line"]) if match["line"] else None
    return ChartProblem(
        "chart-render", match["reason"], match["file"], Position(line, 1) if line else None
    )


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_URL = re.compile(r"(https?|oci|file|data)://\S+|data:\S+")
_EXTENSIONS = (".yaml", ".yml", ".tpl", ".txt")


def _metadata(chart: Chart) -> Iterator[ChartProblem]:
    """helm lint's checks of Chart.yaml and of the template file names."""
    if not chart.archived:
        chart_yaml = f"{chart.location}/Chart.yaml"
        text = Path(chart_yaml).read_text(encoding="utf-8", errors="replace")
        (document,) = load(chart_yaml, text.encode()).documents or (None,)

        def at(*path: str | int) -> Position | None:
            return document.position(path) if document is not None else None

        metadata = chart.metadata
        if not metadata.get("icon"):
            yield ChartProblem("chart-metadata", "icon is recommended", chart_yaml, at("icon"))
        for field in ("home", "icon"):
            value = metadata.get(field)
            if value and not _URL.fullmatch(str(value)):
                yield ChartProblem(
                    "chart-metadata", f"invalid {field} URL {quote(value)}", chart_yaml, at(field)
                )
        for index, source in enumerate(metadata.get("sources") or ()):
            if not _URL.fullmatch(str(source)):
                message = f"invalid source URL {quote(source)}"
                yield ChartProblem("chart-metadata", message, chart_yaml, at("sources", index))
        for index, maintainer in enumerate(metadata.get("maintainers") or ()):
            if not isinstance(maintainer, dict):
                continue
            if not maintainer.get("name"):
                message = "each maintainer requires a name"
                yield ChartProblem("chart-metadata", message, chart_yaml, at("maintainers", index))
            email = maintainer.get("email")
            if email and not _EMAIL.fullmatch(str(email)):
                name = maintainer.get("name", "")
                message = f"invalid email {quote(email)} for maintainer {quote(name)}"
                where = at("maintainers", index, "email")
                yield ChartProblem("chart-metadata", message, chart_yaml, where)
    for name in chart.templates:
        if not name.endswith(_EXTENSIONS):
            yield ChartProblem(
                "chart-metadata",
                f"file extension {PurePosixPath(name).suffix or '(none)'!r} not valid: valid"
                " extensions are .yaml, .yml, .tpl, or .txt",
                chart.template_path(name),
                Position(1, 1),
            )
    for sub in chart.subcharts:
        yield from _metadata(sub)


def _non_deterministic(chart: Chart) -> Iterator[ChartProblem]:
    """Each call of `now`, `randAlphaNum`, `uuidv4`, … in a template of the chart tree."""
    calls = _go_calls if dialect(chart) == "go" else _jinja_calls
    for name, text in chart.templates.items():
        if not _NON_DETERMINISTIC.search(text):
            continue
        seen: set[tuple[int, str]] = set()
        for line, called in calls(name, text):
            if called in NON_DETERMINISTIC and (line, called) not in seen:
                seen.add((line, called))
                yield ChartProblem(
                    "chart-nondeterministic",
                    f"{called}() gives another value on every render: the chart's output never"
                    " settles (every diff and GitOps sync shows a change)",
                    chart.template_path(name),
                    Position(line, tag_column(text.split("\n")[line - 1], 1)),
                )
    for sub in chart.subcharts:
        yield from _non_deterministic(sub)


def _jinja_calls(name: str, text: str) -> Iterator[tuple[int, str]]:
    """(line, name) of each function and filter a Jinja2 template calls."""
    try:
        tree = HelmEnvironment().parse(text)
    except TemplateSyntaxError:
        return  # reported by chart-render
    for node in tree.find_all((nodes.Call, nodes.Filter)):
        called = (
            node.node.name
            if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name)
            else getattr(node, "name", None)
        )
        if called is not None:
            yield node.lineno, called


def _go_calls(name: str, text: str) -> Iterator[tuple[int, str]]:
    """(line, name) of each function a Go template calls."""
    trees: dict[str, Tree] = {}
    try:
        parse(name, text, _AnyName(), trees)
    except TemplateParseError:
        return  # reported by chart-render
    for tree in trees.values():
        for node in identifiers(tree.root):
            yield node.line, node.name


class _AnyName:
    """Accepts every function name: only the calls are wanted, not their checks."""

    def __contains__(self, name: object) -> bool:
        return True
