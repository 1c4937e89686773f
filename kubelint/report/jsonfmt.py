"""`--format json`: the document CONTRACTS.md fixes.

Each finding is written from the template of its shape (`indented.template`): the text of
`Finding.to_json` for a finding of that severity that has (or lacks) an object, a JSON path and
a rendered position, filled with the finding's values.
"""

from __future__ import annotations

import functools
from json.encoder import encode_basestring_ascii
from typing import Any, TextIO, cast

from kubelint.engine import Result
from kubelint.findings import Finding, ObjectRef, Position, Severity
from kubelint.report import indented

_FINDINGS_LEVEL = 2  # how deep a finding sits: {"findings": [here]}
# The values of a finding, in the order its text holds them (each shape has some of them).
_NAMES = [
    *("rule", "message", "file", "line", "column", "api_version", "kind", "namespace", "name"),
    *("path", "rendered_file", "rendered_line", "rendered_column"),
]


@functools.cache
def _template(severity: Severity, obj: bool, path: bool, rendered: bool) -> tuple[str, ...]:
    """The text of every finding of this severity that has (or lacks) an object, a path and a
    rendered position, to fill with its values (`indented.Array`)."""
    at = indented.placeholder
    number = cast(Any, at)  # a placeholder where to_json writes a number
    shape = Finding(
        rule=at("rule"),
        severity=severity,
        message=at("message"),
        file=at("file"),
        line=number("line"),
        column=number("column"),
        object=ObjectRef(*map(at, ("api_version", "kind", "namespace", "name"))) if obj else None,
        path=at("path") if path else None,
        rendered=(
            (at("rendered_file"), Position(number("rendered_line"), number("rendered_column")))
            if rendered
            else None
        ),
    )
    return indented.template(shape.to_json(), _FINDINGS_LEVEL, _NAMES)


def _number(value: int | None) -> str:
    return "null" if value is None else str(value)


def _finding(finding: Finding, objects: dict[ObjectRef, tuple[str, ...]]) -> indented.Item:
    """A finding's template and values; `objects`: the JSON texts of each object's values."""
    obj, rendered = finding.object, finding.rendered
    values = [  # in the order of _NAMES
        encode_basestring_ascii(finding.rule),
        encode_basestring_ascii(finding.message),
        indented.text(finding.file),
        _number(finding.line),
        _number(finding.column),
    ]
    if obj is not None:
        texts = objects.get(obj)  # (an object is hashed once: its hash is a tuple's)
        if texts is None:
            texts = objects[obj] = tuple(map(indented.text, obj.to_json().values()))
        values += texts
    if finding.path is not None:
        values.append(encode_basestring_ascii(finding.path))
    if rendered is not None:
        file, position = rendered
        values += (encode_basestring_ascii(file), str(position.line), str(position.column))
    shape = (finding.severity, obj is not None, finding.path is not None, rendered is not None)
    return _template(*shape), values


def report(result: Result, out: TextIO) -> None:
    objects: dict[ObjectRef, tuple[str, ...]] = {}
    document = {
        "findings": indented.Array(_finding(f, objects) for f in result.findings),
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
