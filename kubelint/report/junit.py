"""`--format junit`: JUnit XML, as GitLab's test reports and Jenkins' JUnit plugin read it.

One `<testsuite>` for the run and one `<testcase>` per file: every file that held an object or a
finding (for a chart, each template), so a clean file is a passing test. A file with findings
fails with one `<failure>` listing them all, one `file:line:col severity rule message` line each:
GitLab and Jenkins show a test case's failure text, but only the first `<failure>` of several,
and findings such as YAML syntax errors belong to a file, not to any object.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from kubelint.engine import Result, origin_file
from kubelint.findings import Finding
from kubelint.printable import line
from kubelint.report.paths import report_path
from kubelint.report.summary import by_severity, plural

# Characters XML 1.0 cannot carry, even escaped (those from the input are escaped already: the
# findings are printable, and file names of objects are made printable here alike).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _line(finding: Finding, file: str) -> str:
    where = file if finding.line is None else f"{file}:{finding.line}:{finding.column}"
    return f"{where} {finding.severity.label} {finding.rule} {finding.message}"


def _failure(case: ET.Element, file: str, findings: list[Finding]) -> None:
    counts = by_severity(findings, zeros=False)
    rules = ", ".join(dict.fromkeys(f.rule for f in findings))
    failure = ET.SubElement(
        case,
        "failure",
        message=_clean(f"{plural(len(findings), 'finding')} ({counts}): {findings[0].message}"),
        type=rules,
    )
    failure.text = _clean("\n".join(_line(f, file) for f in findings) + "\n")


def junit(result: Result) -> ET.Element:
    files: dict[str, list[Finding]] = {}
    for obj in result.objects:
        files.setdefault(report_path(line(origin_file(obj.document.source))), [])
    for finding in result.findings:
        files.setdefault(report_path(finding.file or ""), []).append(finding)
    failed = sum(1 for findings in files.values() if findings)
    counts = {"tests": str(len(files)), "failures": str(failed), "errors": "0", "skipped": "0"}
    root = ET.Element("testsuites", {"name": "kubelint", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "kubelint", **counts, "time": "0"})
    for file in sorted(files):
        case = ET.SubElement(
            suite, "testcase", name=_clean(file), classname="kubelint", file=_clean(file), time="0"
        )
        if files[file]:
            _failure(case, file, files[file])
    ET.indent(root)
    return root


def report(result: Result, out: TextIO) -> None:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(junit(result), encoding="unicode"))
    out.write("\n")
