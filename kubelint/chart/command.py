"""`kubelint template`: a chart's manifests as `helm template` prints them, or written to files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kubelint.chart.engine import RenderError
from kubelint.chart.model import load_chart
from kubelint.chart.options import ChartOptions
from kubelint.chart.render import manifests, output, render, show_only
from kubelint.fileio import write_atomic
from kubelint.printable import escape


@dataclass(frozen=True, slots=True)
class TemplateRequest:
    chart: str
    options: ChartOptions
    show_only: tuple[str, ...] = ()
    include_crds: bool = False
    notes: bool = False
    no_hooks: bool = False  # leave out hooks (documents with a `helm.sh/hook` annotation)
    skip_tests: bool = False  # leave out test hooks (`helm.sh/hook: test`)


def template(request: TemplateRequest) -> tuple[str, dict[str, str]]:
    """The whole output, and the same split by `# Source:` file (for --output-dir)."""
    chart = load_chart(request.chart, request.options.limits)
    rendering = render(chart, request.options, notes=request.notes, lines=False)
    try:
        found_all = manifests(rendering)
    except RenderError:  # a document is not YAML: render again with line maps to say where
        rendering = render(chart, request.options, notes=request.notes)
        found_all = manifests(rendering)
    found = [
        m
        for m in found_all
        if not (m.hooks and request.no_hooks) and not (m.is_test and request.skip_tests)
    ]
    if request.show_only:
        found = show_only(found, request.show_only, chart.name)
    text = ""
    by_file: dict[str, str] = {}
    if request.include_crds and not request.show_only:
        for source, crd in rendering.crds:
            chunk = f"---\n# Source: {escape(source)}\n{crd.strip()}\n"
            text += chunk
            by_file[source] = by_file.get(source, "") + chunk
    for manifest in found:
        chunk = output([manifest])
        text += chunk
        by_file[manifest.source] = by_file.get(manifest.source, "") + chunk
    if request.notes and rendering.notes:
        text += f"\nNOTES:\n{rendering.notes}"
    return text, by_file


def write_output_dir(directory: str, by_file: dict[str, str]) -> list[str]:
    """Write each template's documents under `directory`, as `helm template --output-dir`."""
    written = []
    for source, text in by_file.items():
        written.append(write_atomic(Path(directory) / source, text).as_posix())
    return written
