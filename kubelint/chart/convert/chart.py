"""A chart tree converted into a new folder: the whole folder copied (files, values, schema,
`.helmignore`), subchart archives unpacked into folders, and in each Go-template chart the
templates, the `tpl` strings of its values files and Chart.yaml's dialect annotation
rewritten. The macros of all the tree's charts share one namespace, as Helm's `define`s do,
so which of them take Go's `.` as a parameter is decided for the whole tree."""

from __future__ import annotations

import io
import re
import shutil
import tarfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kubelint.chart.convert import values as value_files
from kubelint.chart.convert.analysis import TOP
from kubelint.chart.convert.source import moved_macros, splice
from kubelint.chart.convert.translate import (
    Chart,
    FileTranslator,
    Fragment,
    Macro,
    Unconvertible,
)
from kubelint.chart.dialect import ANNOTATION, dialect
from kubelint.chart.gotmpl.chart import _parse_order
from kubelint.chart.gotmpl.errors import TemplateParseError
from kubelint.chart.gotmpl.execute import Budget
from kubelint.chart.gotmpl.helm import HelmFunctions
from kubelint.chart.gotmpl.nodes import Tree, identifiers
from kubelint.chart.gotmpl.parser import parse
from kubelint.chart.model import Chart as ChartModel
from kubelint.chart.model import load_chart
from kubelint.chart.options import ChartOptions
from kubelint.errors import InputError, UsageError

_MACRO_NAME = re.compile(r"[^A-Za-z0-9_]")
# Names a converted template may call besides those the original called.
EMITTED = frozenset(
    {"namespace", "print", "include", "tpl", "go_root", "go_eq", "go_ne", "go_html", "go_js",
     "go_urlquery"}
)  # fmt: skip
HELPER = re.compile(r"\bgo_(?:eq|ne|items|range|root|float|html|js|urlquery)\b")


@dataclass(frozen=True, slots=True)
class Problem:
    file: str  # as the original chart names it
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass
class Converted:
    out: str
    problems: list[Problem] = field(default_factory=list)
    templates: int = 0
    lines: int = 0  # template lines converted
    helpers: int = 0  # compatibility helpers the converted templates use
    charts: int = 0  # Go-template charts converted
    values: dict[str, str] = field(default_factory=dict)  # user values file → converted copy


@dataclass
class _File:
    origin: ChartModel  # the chart as it was
    chart: ChartModel  # its copy, converted in place
    name: str  # templates/x.yaml
    full: str  # <chart>/templates/x.yaml as Go names it
    text: str
    trees: dict[str, Tree]


def _functions() -> HelmFunctions:
    return HelmFunctions({}, Budget(), False)


def convert(source: str, out: str, options: ChartOptions) -> Converted:
    """Copy chart `source` to `out` and rewrite its Go-template charts in Jinja2 (and the
    `-f` files of `options` beside it, in `OUT.values/`)."""
    root = Path(source)
    if not (root / "Chart.yaml").is_file():
        raise InputError(f"{source}: no chart folder (a folder with Chart.yaml)")
    target = Path(out)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{out}: already exists and is not empty")
    if target.resolve().is_relative_to(root.resolve()):
        raise UsageError(f"{out}: inside the chart {source}: choose a folder outside it")
    original = load_chart(source, options.limits)
    shutil.copytree(root, target, dirs_exist_ok=True, symlinks=False)
    _unpack_archives(target)
    copy = load_chart(out, options.limits)
    result = Converted(out)
    go_charts = [
        (orig, new)
        for orig, new in zip(_tree(original), _tree(copy), strict=False)
        if new.templates and dialect(new) == "go"
    ]
    files = _parse(go_charts, result)
    if result.problems:
        return result
    user_values = options.values.files
    value_sets = [
        (),
        *((str(p),) for p in sorted(root.glob("ci/*.yaml"))),
        *((u,) for u in user_values),
    ]
    rendered = value_files.rendered_by_tpl(source, value_sets, options)
    strings = {
        chart.location: value_files.templates_in(
            chart, user_values if chart is copy else (), rendered
        )
        for _, chart in go_charts
    }
    fragments = _translate(files, strings, result)
    _write_templates(files, fragments, result)
    for orig, chart in go_charts:
        _annotate(Path(chart.location, "Chart.yaml"))
        result.charts += 1
        for name in value_files.chart_values_files(chart):
            problem = value_files.rewrite(
                Path(chart.location, name),
                strings[chart.location].converted,
                orig.template_path(name),
            )
            if problem is not None:
                result.problems.append(Problem(*problem))
    root_strings = strings.get(copy.location, value_files.Strings())
    for user in user_values:
        written = Path(f"{out}.values") / Path(user).name
        written.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(user, written)
        problem = value_files.rewrite(written, root_strings.converted, user)
        if problem is not None:
            result.problems.append(Problem(*problem))
        result.values[user] = str(written)
    return result


def _translate(
    files: list[_File], strings: Mapping[str, value_files.Strings], result: Converted
) -> dict[str, list[Fragment]]:
    """Every file translated, once which macros take Go's `.` has settled: a define is first
    taken to need only its caller's top, until a caller passes something else."""
    macros = _macros(files, result)
    used = {i.name for f in files for tree in f.trees.values() for i in identifiers(tree.root)}
    reserved = frozenset(used | EMITTED | TOP | {m.name for m in macros.values()})
    for _ in range(8):
        state = Chart({}, macros, reserved)
        _translate_all(files, state, [], strings)
        changed = {
            name: Macro(macro.name, True)
            for name, macro in macros.items()
            if not macro.takes_dot and not state.calls.get(name, True)
        }
        if not changed:
            break
        macros.update(changed)
    return _translate_all(files, Chart({}, macros, reserved), result.problems, strings)


def _write_templates(
    files: list[_File], fragments: Mapping[str, list[Fragment]], result: Converted
) -> None:
    for item in files:
        if item.full not in fragments:
            continue
        try:
            spliced = splice(item.text, fragments[item.full])
        except ValueError as exc:
            result.problems.append(Problem(item.origin.template_path(item.name), 1, str(exc)))
            continue
        converted = spliced.text
        path = PurePosixPath(item.name)
        if spliced.macros and not path.name.startswith("_"):
            helper = _helper_name(item.chart, path)
            converted, moved = moved_macros(spliced, helper.name)
            Path(item.chart.location, str(helper)).write_text(moved, encoding="utf-8")
        Path(item.chart.location, item.name).write_text(converted, encoding="utf-8")
        result.helpers += len(HELPER.findall(spliced.text))
        result.templates += 1
        result.lines += item.text.count("\n") + 1


def _helper_name(chart: ChartModel, path: PurePosixPath) -> PurePosixPath:
    """A new helper file beside template `path`, for the macros it defines."""
    helper = path.with_name(f"_{path.stem}.tpl")
    while str(helper) in chart.templates or Path(chart.location, str(helper)).exists():
        helper = helper.with_name(f"_{helper.stem}.tpl")
    return helper


def _tree(chart: ChartModel) -> Iterator[ChartModel]:
    yield chart
    for sub in chart.subcharts:
        yield from _tree(sub)


def _unpack_archives(folder: Path) -> None:
    """Each subchart archive in `charts/` (at any depth) as a folder, so that it can be
    converted; the archive is removed."""
    charts = folder / "charts"
    if not charts.is_dir():
        return
    for archive in sorted(charts.iterdir()):
        if archive.is_file() and archive.name.endswith((".tgz", ".tar.gz")):
            with tarfile.open(fileobj=io.BytesIO(archive.read_bytes()), mode="r:gz") as tar:
                members = [m for m in tar.getmembers() if m.isfile()]
                for member in members:
                    parts = PurePosixPath(member.name).parts
                    if len(parts) < 2 or ".." in parts or PurePosixPath(member.name).is_absolute():
                        continue
                    dest = charts.joinpath(*parts)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    data = tar.extractfile(member)
                    if data is not None:
                        dest.write_bytes(data.read())
            archive.unlink()
    for sub in sorted(charts.iterdir()):
        if sub.is_dir():
            _unpack_archives(sub)


def _parse(charts: list[tuple[ChartModel, ChartModel]], result: Converted) -> list[_File]:
    names = _functions().templates.names()
    files: list[_File] = []
    for orig, chart in charts:
        prefix = chart.location
        for name, text in chart.templates.items():
            full = f"{prefix}/{name}"
            try:
                trees = parse(full, text, names, {})
            except TemplateParseError as exc:
                result.problems.append(Problem(orig.template_path(name), exc.line, exc.reason))
                continue
            files.append(_File(orig, chart, name, full, text, trees))
    return files


def _macros(files: list[_File], result: Converted) -> dict[str, Macro]:
    """Each `define` of the tree as a macro name; two names that would make the same macro
    are a problem."""
    macros: dict[str, Macro] = {}
    taken: dict[str, str] = {}
    order = {f.full: f for f in files}
    for full in _parse_order(list(order)):
        item = order[full]
        for name, tree in item.trees.items():
            if name == item.full:
                continue
            jinja = _MACRO_NAME.sub("_", name)
            if not jinja[:1].isalpha():
                jinja = "t" + jinja
            if taken.setdefault(jinja, name) != name:
                result.problems.append(
                    Problem(
                        item.origin.template_path(item.name),
                        tree.root.line,
                        f'define "{name}" and "{taken[jinja]}" would both be macro {jinja}',
                    )
                )
            macros[name] = Macro(jinja, False)
    return macros


def _translate_all(
    files: list[_File],
    state: Chart,
    problems: list[Problem],
    tpl_strings: Mapping[str, value_files.Strings],
) -> dict[str, list[Fragment]]:
    fragments: dict[str, list[Fragment]] = {}
    for item in files:
        state.values = item.chart.values
        try:
            fragments[item.full] = FileTranslator(state, item.trees, item.full, item.text).run()
        except Unconvertible as exc:
            problems.append(Problem(item.origin.template_path(item.name), exc.line, exc.reason))
    for strings in tpl_strings.values():
        strings.translate(state)
    return fragments


def _annotate(path: Path) -> None:
    """Chart.yaml with `kubelint.io/dialect: jinja2` in its annotations (added in place, the
    rest of the file as it was)."""
    text = path.read_text(encoding="utf-8")
    named = re.compile(rf"^([ \t]+[\"']?){re.escape(ANNOTATION)}([\"']?[ \t]*:[ \t]*).*$", re.M)
    if named.search(text):
        text = named.sub(r"\1" + ANNOTATION + r"\2jinja2", text)
    else:
        text = re.sub(r"^annotations:[ \t]*\{\s*\}[ \t]*$", "annotations:", text, flags=re.M)
        existing = re.search(r"^annotations:[ \t]*(?:#.*)?\n", text, re.MULTILINE)
        if existing is None:
            text += (
                "" if text.endswith("\n") else "\n"
            ) + f"annotations:\n  {ANNOTATION}: jinja2\n"
        else:
            after = text[existing.end() :]
            indent = re.match(r"([ \t]+)\S", after)
            line = f"{indent.group(1) if indent else '  '}{ANNOTATION}: jinja2\n"
            text = text[: existing.end()] + line + after
    path.write_text(text, encoding="utf-8")
