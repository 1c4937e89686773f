"""`kubelint convert CHART OUT`: convert, then prove; the lines to print and the exit code."""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.chart.convert.chart import convert
from kubelint.chart.convert.verify import verify
from kubelint.chart.options import ChartOptions
from kubelint.errors import EXIT_FINDINGS, EXIT_OK


def run(chart: str, out: str, options: ChartOptions) -> tuple[list[str], int]:
    result = convert(chart, out, options)
    lines = [f"{problem}: cannot convert" for problem in result.problems]
    per_100 = 100 * result.helpers / result.lines if result.lines else 0.0
    lines.append(
        f"wrote {out}: {_count(result.templates, 'template')} ({result.lines} lines) of"
        f" {_count(result.charts, 'Go-template chart')} in Jinja2,"
        f" {_count(result.helpers, 'compatibility helper')} ({per_100:.1f} per 100 lines)"
    )
    lines.extend(
        f"wrote {converted} (converted from {user})" for user, converted in result.values.items()
    )
    if result.problems:
        lines.append(
            f"{_count(len(result.problems), 'construct')} could not be converted: not verified"
        )
        return lines, EXIT_FINDINGS
    runs, differences = verify(chart, out, result.values, options)
    lines.extend(str(difference) for difference in differences)
    different = {d.run for d in differences}
    lines.extend(_summary(run.label for run in runs if run.label not in different))
    lines.append(
        f"{len(runs) - len(different)} of {_count(len(runs), 'values set')} render the same"
    )
    return lines, EXIT_FINDINGS if differences else EXIT_OK


def _summary(labels: Iterator[str]) -> Iterator[str]:
    for label in labels:
        yield f"same documents with {label}"


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"
