"""`--format sarif`: SARIF 2.1.0, as GitHub code scanning reads it.

One run; `tool.driver.rules` describes the rules that have results (registry order), so the log
documents every alert it raises and stays small; each result points at its file, line and column
(for a chart, the template's), names its object as a logical location, and carries a partial
fingerprint without line numbers, so an alert survives lines moving.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, TextIO

from kubelint import __version__
from kubelint.engine import Result
from kubelint.findings import Finding, Severity
from kubelint.fingerprint import located
from kubelint.report import indented
from kubelint.report.paths import ReportPaths
from kubelint.rules import REGISTRY

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
HOMEPAGE = "https://github.com/kubelint/kubelint"
FINGERPRINT_KEY = "kubelint/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_FIRST_SECTION = re.compile(r"## What it does\s*\n(.*?)(?:\n## |\Z)", re.DOTALL)


def rule_url(rule_id: str) -> str:
    """Where a rule's documentation lives: its row of the README's rule table."""
    return f"{HOMEPAGE}#{rule_id}"


def _descriptor(rule_id: str, level: str) -> dict[str, Any]:
    rule = REGISTRY.get(rule_id)
    if rule is None:  # a finding from outside the registry (e.g. the scheduler): its id only
        return {"id": rule_id, "defaultConfiguration": {"level": level}}
    what = _FIRST_SECTION.search(rule.doc)
    doc = rule.doc.strip()
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(what[1].split()) if what else rule.summary},
        "help": {"text": doc, "markdown": doc},
        "helpUri": rule_url(rule.id),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }


def _location(finding: Finding, uri: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if finding.line is not None:
        physical["region"] = {"startLine": finding.line, "startColumn": finding.column or 1}
    location: dict[str, Any] = {"physicalLocation": physical}
    if finding.object is not None:
        location["logicalLocations"] = [
            {
                "name": finding.object.name or "",
                "fullyQualifiedName": str(finding.object),
                "kind": "resource",
            }
        ]
    return location


def _result(finding: Finding, index: int, uri: str, fingerprint: str) -> dict[str, Any]:
    properties: dict[str, Any] = {"severity": finding.severity.label}
    if finding.object is not None:
        properties["object"] = finding.object.to_json()
    if finding.path is not None:
        properties["path"] = finding.path
    if finding.rendered is not None:
        file, position = finding.rendered
        properties["rendered"] = {"file": file, "line": position.line, "column": position.column}
    return {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(finding, uri)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": properties,
    }


def sarif(result: Result) -> dict[str, Any]:
    order = {rule_id: i for i, rule_id in enumerate(REGISTRY)}
    first: dict[str, Finding] = {}
    for finding in result.findings:
        first.setdefault(finding.rule, finding)
    ids = sorted(first, key=lambda rule_id: (order.get(rule_id, len(order)), rule_id))
    index = {rule_id: i for i, rule_id in enumerate(ids)}
    seen: Counter[str] = Counter()
    results = []
    paths = ReportPaths()
    for finding in result.findings:
        path, uri = paths[finding.file or ""]
        key = located(finding, path)
        seen[key] += 1
        # identical findings (a copied document) are told apart by their order, as GitHub does
        results.append(_result(finding, index[finding.rule], uri, f"{key}:{seen[key]}"))
    driver = {
        "name": "kubelint",
        "version": __version__,
        "informationUri": HOMEPAGE,
        "rules": [_descriptor(rule_id, LEVELS[first[rule_id].severity]) for rule_id in ids],
    }
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {
                    "files": result.files,
                    "documents": result.documents,
                    "objects": len(result.objects),
                },
            }
        ],
    }


def report(result: Result, out: TextIO) -> None:
    indented.dump(sarif(result), out)
