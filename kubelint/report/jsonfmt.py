"""`--format json`: the document CONTRACTS.md fixes."""

from __future__ import annotations

from typing import TextIO

from kubelint.engine import Result
from kubelint.findings import Severity
from kubelint.report import indented


def report(result: Result, out: TextIO) -> None:
    document = {
        "findings": [finding.to_json() for finding in result.findings],
        "summary": {
            "files": result.files,
            "documents": result.documents,
            "skipped": result.skipped,
            "errors": result.count(Severity.ERROR),
            "warnings": result.count(Severity.WARNING),
            "infos": result.count(Severity.INFO),
        },
    }
    indented.dump(document, out)
