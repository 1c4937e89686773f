"""`--format text`: one line a finding, `file:line:col severity rule message`, grouped by file.

The lines are written as they are, with no console in between: Rich decides only whether there
is colour (a terminal, FORCE_COLOR, not NO_COLOR, not `--ci`) and, when there is, the escape
codes of each style, worked out once; a line a finding is then a few joined strings. Where
there surely is no colour (a file, a pipe), Rich is not even imported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from kubelint.console import colourless
from kubelint.console import console as make_console
from kubelint.engine import Result
from kubelint.findings import Severity
from kubelint.report.summary import by_severity, plural

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}

Paint = Callable[[str, str], str]


def _painter(out: TextIO, plain: bool) -> Paint:
    """A function that wraps a text in a style's escape codes, as Rich writes them to `out`;
    one that returns the text as it is when Rich would write no colour there."""
    name = None if colourless(out, plain=plain) else make_console(out, plain=plain).color_system
    if name is None:
        return lambda text, style: text
    from rich.console import COLOR_SYSTEMS
    from rich.style import Style

    system = COLOR_SYSTEMS[name]
    codes: dict[str, tuple[str, str]] = {}
    for style in (*STYLES.values(), "bold", "dim", "bold green", "bold yellow"):
        opening, _, closing = Style.parse(style).render("\0", color_system=system).partition("\0")
        codes[style] = (opening, closing)

    def paint(text: str, style: str) -> str:
        opening, closing = codes[style]
        return f"{opening}{text}{closing}" if text else text

    return paint


def report(result: Result, out: TextIO, *, plain: bool = False) -> None:
    """The report; `plain`: no colour even on a terminal or with FORCE_COLOR (`--ci`)."""
    paint = _painter(out, plain)
    labels = {s: paint(s.label, style) for s, style in STYLES.items()}
    lines: list[str] = []
    previous: str | None = None
    for finding in result.findings:
        if previous is not None and finding.file != previous:
            lines.append("")
        previous = finding.file
        where = finding.file or "-"
        if finding.line is not None:
            where += f":{finding.line}:{finding.column}"
        rule = paint(finding.rule, "dim")
        lines.append(f"{paint(where, 'bold')} {labels[finding.severity]} {rule} {finding.message}")
    counts = by_severity(result.findings)
    scope = f"{plural(result.documents, 'document')} in {plural(result.files, 'file')}"
    if result.skipped:
        scope += f", {result.skipped} skipped as no Kubernetes object"
    if result.findings:
        lines.append("")
    summary = f"{counts} ({scope})" if result.findings else f"no problems found ({scope})"
    style = (
        "bold red"
        if result.count(Severity.ERROR)
        else "bold green"
        if not result.findings
        else "bold yellow"
    )
    lines.append(paint(summary, style))
    out.write("\n".join(lines) + "\n")
