"""Render one Go template with kubelint and with Helm's engine (helm-python-sdk)."""

from __future__ import annotations

from pathlib import Path

import helm_python

from kubelint.chart.engine import RenderError
from kubelint.chart.model import load_chart
from kubelint.chart.options import ChartOptions
from kubelint.chart.render import render
from tests.chart.charts import make_chart

TEMPLATE = "mychart/templates/t.yaml"
# A chart that says it is Go (templates as short as `{{ 1 }}` would pass for Jinja2).
GO_CHART = (
    "apiVersion: v2\nname: mychart\nversion: 0.1.0\nappVersion: 1.2.3\n"
    "annotations:\n  kubelint.io/dialect: go\n"
)


def one_line(message: str) -> str:
    """Helm 4's execution error, which puts Go's `location: executing … at <…>: reason` parts
    on lines of their own, back on one line as Go (and Helm 3) writes it."""
    lines = message.split("\n")
    parts: list[str] = []
    index = 0
    while index < len(lines):
        if lines[index].startswith(("template: ", "execution error", "parse error")):
            parts.append(lines[index])
            index += 1
            continue
        where, executing, reason = lines[index], lines[index + 1].strip(), lines[index + 2].strip()
        parts.append(f"template: {where}: {executing} {reason}")
        index += 3
    return " ".join(parts)


def both(
    root: Path, template: str, values: str = "", files: dict[str, str] | None = None
) -> tuple[str, str]:
    """(kubelint's output, Helm's output) of `template` as the chart's templates/t.yaml; an
    error is `ERROR: <message>`."""
    chart = make_chart(
        root,
        {
            "Chart.yaml": GO_CHART,
            "templates/t.yaml": template,
            "values.yaml": values,
            **(files or {}),
        },
    )
    try:
        helm = helm_python.Chart.load(chart).render({})[TEMPLATE]
    except helm_python.HelmError as exc:
        helm = f"ERROR: {one_line(str(exc))}"
    try:
        rendering = render(load_chart(str(chart)), ChartOptions())
        ours = {t.source: t.text for t in rendering.templates}[TEMPLATE]
    except RenderError as exc:
        ours = f"ERROR: {exc.reason}"
    return ours, helm
