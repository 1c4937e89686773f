"""The proof of a conversion: the original and the converted chart rendered with the same
values — the defaults, each `ci/*.yaml`, each `-f` (its converted copy for the converted
chart) — and their documents compared template by template. A difference is reported at the
template line that rendered it (line N of a converted template is line N of the original)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kubelint.chart.convert.values import with_files
from kubelint.chart.engine import RenderError
from kubelint.chart.model import load_chart
from kubelint.chart.options import ChartOptions
from kubelint.chart.render import RenderedTemplate, render, split_documents
from kubelint.errors import KubelintError


@dataclass(frozen=True, slots=True)
class Run:
    label: str  # "default values", "ci/x.yaml", a user's file
    original: tuple[str, ...]  # values files for the original chart
    converted: tuple[str, ...]  # and for the converted one


@dataclass(frozen=True, slots=True)
class Difference:
    run: str
    file: str
    line: int
    detail: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: renders differently with {self.run}: {self.detail}"


def runs(chart: str, converted: str, user_values: dict[str, str]) -> list[Run]:
    found = [Run("default values", (), ())]
    for path in sorted(Path(chart, "ci").glob("*.yaml")):
        copy = Path(converted, "ci", path.name)
        found.append(Run(f"ci/{path.name}", (str(path),), (str(copy),)))
    for user, copied in user_values.items():
        found.append(Run(user, (user,), (copied,)))
    return found


def _rendered(chart: str, files: tuple[str, ...], options: ChartOptions) -> list[RenderedTemplate]:
    chosen = with_files(options, files)
    return list(render(load_chart(chart, options.limits), chosen, lines=True).templates)


def compare(original: str, converted: str, run: Run, options: ChartOptions) -> list[Difference]:
    """The differences between the two charts' renders with one set of values files."""
    try:
        expected = _rendered(original, run.original, options)
        error = None
    except KubelintError as exc:
        expected, error = [], str(exc)
    try:
        got = _rendered(converted, run.converted, options)
    except KubelintError as exc:
        if error is not None:
            return []  # both refuse these values
        if not isinstance(exc, RenderError):
            return [Difference(run.label, original, 1, f"the conversion fails: {exc}")]
        where = _original_path(exc.file or converted, converted, original)
        return [Difference(run.label, where, exc.line or 1, f"the conversion fails: {exc.reason}")]
    if error is not None:
        return [Difference(run.label, original, 1, f"only the original fails: {error}")]
    # Rendered again after the conversion: what differs between the two renders of the
    # original (a password, the time) is random, and the conversion's render came between.
    again = {t.source: t.text for t in _rendered(original, run.original, options)}
    differences: list[Difference] = []
    by_source = {t.source: t for t in got}
    for template in expected:
        mine = by_source.pop(template.source, None)
        if mine is None:
            differences.append(Difference(run.label, template.path, 1, "no output converted"))
            continue
        found = _first_difference(template, mine, again.get(template.source, template.text))
        if found is not None:
            line, detail = found
            differences.append(Difference(run.label, template.path, line, detail))
    for extra in by_source.values():
        path = _original_path(extra.path, converted, original)
        differences.append(Difference(run.label, path, 1, "output only in the conversion"))
    return differences


def _original_path(path: str, converted: str, original: str) -> str:
    return original + path[len(converted) :] if path.startswith(converted) else path


def _masked(text: str, first: str, second: str) -> str:
    """`text` with the lines where two renders of the original differ (random values: a
    password, a certificate) masked, when they have the same lines."""
    a, b, lines = first.split("\n"), second.split("\n"), text.split("\n")
    if first == second or not len(a) == len(b) == len(lines):
        return text
    return "\n".join("<random>" if x != y else t for x, y, t in zip(a, b, lines, strict=True))


def _first_difference(
    expected: RenderedTemplate, got: RenderedTemplate, again: str
) -> tuple[int, str] | None:
    """The template line and a description of where two renders of a template first differ
    (in their documents, as `helm template` splits them)."""
    left = list(split_documents(_masked(expected.text, expected.text, again)))
    right = list(split_documents(_masked(got.text, expected.text, again)))
    if [d for d, _ in left] == [d for d, _ in right]:
        return None
    for (doc_a, first_a), (doc_b, _) in zip(left, right, strict=False):
        if doc_a == doc_b:
            continue
        lines_a, lines_b = doc_a.split("\n"), doc_b.split("\n")
        for index, (a, b) in enumerate(zip(lines_a, lines_b, strict=False)):
            if a != b:
                return _at(expected, first_a + index), f"Go {a.strip()!r}, Jinja2 {b.strip()!r}"
        shorter = min(len(lines_a), len(lines_b))
        extra = (lines_a if len(lines_a) > shorter else lines_b)[shorter].strip()
        side = "only Go" if len(lines_a) > shorter else "only Jinja2"
        return _at(expected, first_a + shorter), f"{side} renders {extra!r}"
    side = "Go" if len(left) > len(right) else "Jinja2"
    return 1, f"{side} renders {abs(len(left) - len(right))} more document(s)"


def _at(template: RenderedTemplate, rendered_index: int) -> int:
    """The template line of a 0-based rendered line (1 when unknown)."""
    if 0 <= rendered_index < len(template.lines):
        return template.lines[rendered_index][0]
    return 1


def verify(
    original: str, converted: str, user_values: dict[str, str], options: ChartOptions
) -> tuple[list[Run], list[Difference]]:
    found = runs(original, converted, user_values)
    differences: list[Difference] = []
    for run in found:
        differences.extend(compare(original, converted, run, options))
    return found, differences
