"""`--format sarif`: SARIF 2.1.0, as GitHub code scanning reads it.

One run; `tool.driver.rules` describes the rules that have results (registry order), so the log
documents every alert it raises and stays small; each result points at its file, line and column
(for a chart, the template's), names its object as a logical location, and carries a partial
fingerprint without line numbers, so an alert survives lines moving.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from json.encoder import encode_basestring_ascii
from typing import Any, TextIO

from kubelint import __version__
from kubelint.engine import Result
from kubelint.findings import Finding, ObjectRef, Severity
from kubelint.fingerprint import in_file, of
from kubelint.report import indented
from kubelint.report.indented import Item
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


_RESULTS_LEVEL = 4  # how deep a result sits: {"runs": [{"results": [here]}]}
# The values of a result, in the order its text holds them (each shape has some of them).
_NAMES = [
    *("rule", "index", "message", "uri", "line", "column", "name", "qualified", "fingerprint"),
    *("api_version", "kind", "namespace", "object_name", "path"),
    *("rendered_file", "rendered_line", "rendered_column"),
]


@functools.cache
def _template(
    severity: Severity, region: bool, obj: bool, path: bool, rendered: bool
) -> tuple[str, ...]:
    """The text of every result of this severity that has (or lacks) a region, an object, a
    path and a rendered position, to fill with its values (`indented.Array`)."""
    at = indented.placeholder
    physical: dict[str, Any] = {"artifactLocation": {"uri": at("uri")}}
    if region:
        physical["region"] = {"startLine": at("line"), "startColumn": at("column")}
    location: dict[str, Any] = {"physicalLocation": physical}
    properties: dict[str, Any] = {"severity": severity.label}
    if obj:
        location["logicalLocations"] = [
            {"name": at("name"), "fullyQualifiedName": at("qualified"), "kind": "resource"}
        ]
        names = ("api_version", "kind", "namespace", "object_name")
        properties["object"] = ObjectRef(*map(at, names)).to_json()
    if path:
        properties["path"] = at("path")
    if rendered:
        properties["rendered"] = {
            "file": at("rendered_file"),
            "line": at("rendered_line"),
            "column": at("rendered_column"),
        }
    shape = {
        "ruleId": at("rule"),
        "ruleIndex": at("index"),
        "level": LEVELS[severity],
        "message": {"text": at("message")},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: at("fingerprint")},
        "properties": properties,
    }
    return indented.template(shape, _RESULTS_LEVEL, _NAMES)


_NO_OBJECT: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())


def _object(obj: ObjectRef | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """An object's values in a result, as JSON: its name and qualified name (the logical
    location), and its `apiVersion` to `name` (the properties); none for no object."""
    if obj is None:
        return _NO_OBJECT
    location = encode_basestring_ascii(obj.name or ""), encode_basestring_ascii(str(obj))
    return location, tuple(map(indented.text, obj.to_json().values()))


class _Files(dict[str | None, tuple[str, str]]):
    """A finding's file as a result names it, worked out once a file: its path as the
    fingerprint sees it (`ReportPaths`), and its URI as JSON."""

    def __init__(self) -> None:
        super().__init__()
        self._paths = ReportPaths()

    def __missing__(self, file: str | None) -> tuple[str, str]:
        path, uri = self._paths[file or ""]
        self[file] = found = path, encode_basestring_ascii(uri)
        return found


def _results(findings: list[Finding], rules: dict[str, tuple[str, str]]) -> Iterator[Item]:
    """The results, each a template and its values; `rules`: each rule's id and index, as JSON.
    The loop is a result's whole cost, so it is written out here, a value at a time, in the
    order of _NAMES."""
    seen: dict[str, int] = {}
    files = _Files()
    # each object's values, worked out once: by identity, as the findings of a document share
    # theirs (hashing an ObjectRef costs more), which the findings keep alive meanwhile
    objects: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for finding in findings:
        obj, line, rendered, path = finding.object, finding.line, finding.rendered, finding.path
        file, uri = files[finding.file]
        key = in_file(file, finding.fingerprint or of(finding))
        # identical findings (a copied document) are told apart by their order, as GitHub does
        seen[key] = count = seen.get(key, 0) + 1
        known = objects.get(id(obj))
        location, parts = objects.setdefault(id(obj), _object(obj)) if known is None else known
        values = [
            *rules[finding.rule],
            encode_basestring_ascii(finding.message),
            uri,
            *(() if line is None else (str(line), str(finding.column or 1))),
            *location,
            f'"{key}:{count}"',  # (hex digits: nothing to escape)
            *parts,
        ]
        if path is not None:
            values.append(encode_basestring_ascii(path))
        if rendered is not None:
            at, position = rendered
            values += (encode_basestring_ascii(at), str(position.line), str(position.column))
        shape = (line is not None, obj is not None, path is not None, rendered is not None)
        yield _template(finding.severity, *shape), values


def sarif(result: Result) -> dict[str, Any]:
    """The log, its results made as they are written (`indented.Array`)."""
    order = {rule_id: i for i, rule_id in enumerate(REGISTRY)}
    first: dict[str, Finding] = {}
    for finding in result.findings:
        first.setdefault(finding.rule, finding)
    ids = sorted(first, key=lambda rule_id: (order.get(rule_id, len(order)), rule_id))
    table = {rule_id: (encode_basestring_ascii(rule_id), str(i)) for i, rule_id in enumerate(ids)}
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
                "results": indented.Array(_results(result.findings, table)),
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
