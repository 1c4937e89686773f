"""`--format text`: one line a finding, `file:line:col severity rule message`, grouped by file."""

from __future__ import annotations

from typing import TextIO

from rich.text import Text

from kubelint.console import console as make_console
from kubelint.engine import Result
from kubelint.findings import Severity
from kubelint.report.summary import by_severity, plural

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def report(result: Result, out: TextIO, *, plain: bool = False) -> None:
    """The report; `plain`: no colour even on a terminal or with FORCE_COLOR (`--ci`)."""
    console = make_console(out, plain=plain, highlight=False, soft_wrap=True)
    previous: str | None = None
    for finding in result.findings:
        if previous is not None and finding.file != previous:
            console.print()
        previous = finding.file
        where = finding.file or "-"
        if finding.line is not None:
            where += f":{finding.line}:{finding.column}"
        line = Text.assemble(
            (where, "bold"),
            " ",
            (finding.severity.label, STYLES[finding.severity]),
            " ",
            (finding.rule, "dim"),
            " ",
            finding.message,
        )
        console.print(line)
    counts = by_severity(result.findings)
    scope = f"{plural(result.documents, 'document')} in {plural(result.files, 'file')}"
    if result.skipped:
        scope += f", {result.skipped} skipped as no Kubernetes object"
    if result.findings:
        console.print()
    summary = Text(f"{counts} ({scope})" if result.findings else f"no problems found ({scope})")
    summary.stylize(
        "bold red"
        if result.count(Severity.ERROR)
        else "bold green"
        if not result.findings
        else "bold yellow"
    )
    console.print(summary)
