"""The `tpl` strings of values files: Go templates held in values (`host: "{{ .Release.Name
}}.example.com"`) that a chart renders with `tpl`. A string is taken for one when it parses as
a Go template and names what Helm gives templates (`.Values`, `.Release`, `include`, …):
values that only look alike — Prometheus' `{{ $labels.instance }}`, Grafana's `{{instance}}`
— do not parse, and stay as they are. Each is rewritten in place in its file, in the same YAML
style, so the rest of the file keeps its bytes."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kubelint.chart.convert.source import splice
from kubelint.chart.convert.translate import Chart, FileTranslator, Unconvertible
from kubelint.chart.gotmpl.errors import TemplateParseError
from kubelint.chart.gotmpl.helm import TPL_TEXTS
from kubelint.chart.gotmpl.nodes import Tree
from kubelint.chart.gotmpl.parser import parse
from kubelint.chart.model import Chart as ChartModel
from kubelint.chart.model import load_chart
from kubelint.chart.options import ChartOptions, ValueOptions
from kubelint.chart.render import render
from kubelint.errors import KubelintError

_HELM_NAMES = re.compile(
    r"\{\{.*?(?:\.(?:Values|Release|Chart|Capabilities|Template|Files)\b|\$\.|\binclude\b|\btpl\b)",
    re.DOTALL,
)
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NAME = "gotpl"


@dataclass
class Strings:
    """The template strings of a chart's values files: each parsed, then translated."""

    values: dict[str, Any] = field(default_factory=dict)  # the chart's defaults, for types
    trees: dict[str, dict[str, Tree]] = field(default_factory=dict)
    converted: dict[str, str] = field(default_factory=dict)

    def translate(self, state: Chart) -> None:
        self.converted.clear()
        state.values = self.values
        for text, trees in self.trees.items():
            try:
                fragments = FileTranslator(state, trees, _NAME, text, tpl=True).run()
                self.converted[text] = splice(text, fragments).text
            except (Unconvertible, ValueError):
                continue


def chart_values_files(chart: ChartModel) -> list[str]:
    """The chart's own values files: values.yaml and its `ci/*.yaml`."""
    root = Path(chart.location)
    names = ["values.yaml"] if (root / "values.yaml").is_file() else []
    names += sorted(f"ci/{p.name}" for p in (root / "ci").glob("*.yaml") if p.is_file())
    return names


def with_files(options: ChartOptions, files: tuple[str, ...]) -> ChartOptions:
    return options._replace(values=ValueOptions(files=files))


def rendered_by_tpl(chart: str, value_sets: list[tuple[str, ...]], options: ChartOptions) -> str:
    """What `tpl` renders when the original chart is rendered with each set of values files
    (a chart that refuses a set teaches nothing from it), joined."""
    seen: set[str] = set()
    token = TPL_TEXTS.set(seen)
    try:
        for files in value_sets:
            with contextlib.suppress(KubelintError):
                render(load_chart(chart, options.limits), with_files(options, files))
    finally:
        TPL_TEXTS.reset(token)
    return "\0".join(sorted(seen))


def templates_in(chart: ChartModel, user_files: tuple[str, ...], rendered: str) -> Strings:
    """The template strings of a chart's values files: those that name Helm's objects or
    functions, and those that `tpl` rendered (alone or inside a bigger text)."""
    from kubelint.chart.convert.chart import _functions

    names = _functions().templates.names()
    found = Strings(dict(chart.values))
    paths = [Path(chart.location, name) for name in chart_values_files(chart)]
    paths += [Path(user) for user in user_files]
    for path in paths:
        for node in _scalars(_compose(path)):
            text = node.value
            if "{{" not in text or text in found.trees:
                continue
            if not _HELM_NAMES.search(text) and text not in rendered:
                continue
            try:
                found.trees[text] = parse(_NAME, text, names, {})
            except (TemplateParseError, RecursionError):
                continue
    return found


def _compose(path: Path) -> Node | None:
    try:
        return yaml.compose(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def _scalars(node: Node | None) -> Iterator[ScalarNode]:
    if isinstance(node, ScalarNode):
        if node.tag == "tag:yaml.org,2002:str":
            yield node
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield from _scalars(key)
            yield from _scalars(value)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from _scalars(item)


def rewrite(path: Path, converted: dict[str, str], shown: str) -> tuple[str, int, str] | None:
    """Rewrite the template strings of values file `path`; a problem (file, line, reason) when
    one cannot be written back in its style."""
    text = path.read_text(encoding="utf-8")
    root = _compose(path)
    edits: list[tuple[int, int, str]] = []
    for node in _scalars(root):
        new = converted.get(node.value)
        if new is None or new == node.value:
            continue
        written = _written(text, node, new)
        edits.append((node.start_mark.index, node.end_mark.index, written))
    if not edits:
        return None
    for start, end, written in sorted(edits, reverse=True):
        text = text[:start] + written + text[end:]
    expected = _replaced(yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader), converted)
    if yaml.load(text, Loader=_Loader) != expected:
        return shown, 1, "the rewritten template strings do not read back the same"
    path.write_text(text, encoding="utf-8")
    return None


def _replaced(value: Any, converted: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {_replaced(k, converted): _replaced(v, converted) for k, v in value.items()}
    if isinstance(value, list):
        return [_replaced(v, converted) for v in value]
    if isinstance(value, str):
        return converted.get(value, value)
    return value


def _written(text: str, node: ScalarNode, new: str) -> str:
    source = text[node.start_mark.index : node.end_mark.index]
    if node.style == "|":
        header, _, body = source.partition("\n")
        lines = body.split("\n")
        indent = next(
            (line[: len(line) - len(line.lstrip(" "))] for line in lines if line.strip()), "  "
        )
        new_lines = new.split("\n")
        if new.endswith("\n"):
            new_lines = new_lines[:-1]
        tail = "\n" if body.endswith("\n") or source.endswith("\n") else ""
        return header + "\n" + "\n".join(indent + row if row else "" for row in new_lines) + tail
    if node.style == "'" and "\n" not in source:
        return "'" + new.replace("'", "''") + "'"
    if node.style is None and "\n" not in source:
        try:
            if yaml.load(f"k: {new}", Loader=_Loader) == {"k": new}:
                return new
        except yaml.YAMLError:
            pass
    return json.dumps(new, ensure_ascii=False)
