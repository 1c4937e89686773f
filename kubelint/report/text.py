"""`--format text`: one line a finding, `file:line:col severity rule message`, grouped by file."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.text import Text

from kubelint.engine import Result
from kubelint.findings import Severity

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def report(result: Result, out: TextIO) -> None:
    console = Console(file=out, highlight=False, soft_wrap=True)
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
    counts = ", ".join(
        _plural(result.count(severity), word)
        for severity, word in (
            (Severity.ERROR, "error"),
            (Severity.WARNING, "warning"),
            (Severity.INFO, "info"),
        )
    )
    scope = f"{_plural(result.documents, 'document')} in {_plural(result.files, 'file')}"
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
