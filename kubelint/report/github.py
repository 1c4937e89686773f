"""`--format github`: GitHub Actions workflow commands, one line a finding, which GitHub shows
as annotations on the pull request's diff:

    ::error file=deploy/web.yaml,line=14,col=7,title=service-nodeport-range::nodePort 80 is …

Errors are `::error`, warnings `::warning`, infos `::notice`.
"""

from __future__ import annotations

from typing import TextIO

from kubelint.engine import Result
from kubelint.findings import Finding, Severity
from kubelint.report.paths import ReportPaths, report_path

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """A command's message, escaped as the Actions runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (file, title): data escaping, plus the `:` and `,` that delimit them."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding, file: str | None = None) -> str:
    """The finding's workflow command; `file`: its file as `report_path` gives it, if known."""
    properties = {"file": report_path(finding.file or "") if file is None else file}
    if finding.line is not None:
        properties["line"] = str(finding.line)
        properties["col"] = str(finding.column or 1)
    properties["title"] = finding.rule
    listed = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{COMMANDS[finding.severity]} {listed}::{escape_data(finding.message)}"


def report(result: Result, out: TextIO) -> None:
    paths = ReportPaths()  # a file's path worked out once, not once a finding
    out.write("".join(f"{command(f, paths[f.file or ''][0])}\n" for f in result.findings))
