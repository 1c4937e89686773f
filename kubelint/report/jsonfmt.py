"""`--format json`: the document CONTRACTS.md fixes.

Each finding is written from the template of its shape (`indented.template`): the text of
`Finding.to_json` for a finding of that severity that has (or lacks) an object, a JSON path and
a rendered position, filled with the finding's values.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterator
from json.encoder import encode_basestring_ascii
from operator import attrgetter
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
_SEVERITY = attrgetter("severity")


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


def finding_text(finding: Finding) -> str:
    """A finding's text, as the report writes it: made ahead of the report for the findings
    the engine makes while it waits for its workers (`kubelint.engine.lint`'s `prepare`), and
    written as it is, if the finding prints as it is (is its own `Finding.printable`)."""
    item = next(_items([finding], {}))
    return item if isinstance(item, str) else indented.filled(item)


def _items(
    findings: list[Finding], prepared: dict[int, tuple[Finding, str]]
) -> Iterator[indented.Item | str]:
    """Each finding's text (`finding_text`) as `prepared`, else its template and values. The
    loop is a finding's whole cost, so it is written out here: what findings share is written
    once (a rule's id; the file and the object of the finding before, as findings come sorted
    by file)."""
    rules: dict[str, str] = {}
    file: str | None = None
    file_text = "null"
    obj: ObjectRef | None = None
    obj_texts: tuple[str, ...] = ()
    for finding in findings:
        known = prepared.get(id(finding))
        if known is not None and known[0] is finding:
            yield known[1]
            continue
        rule = rules.get(finding.rule)
        if rule is None:
            rule = rules[finding.rule] = encode_basestring_ascii(finding.rule)
        if finding.file is not file:
            file = finding.file
            file_text = indented.text(file)
        if finding.object is not obj:
            obj = finding.object
            obj_texts = () if obj is None else tuple(map(indented.text, obj.to_json().values()))
        line, column, path, rendered = finding.line, finding.column, finding.path, finding.rendered
        values = [  # in the order of _NAMES
            rule,
            encode_basestring_ascii(finding.message),
            file_text,
            "null" if line is None else str(line),
            "null" if column is None else str(column),
            *obj_texts,
        ]
        if path is not None:
            values.append(encode_basestring_ascii(path))
        if rendered is not None:
            at, position = rendered
            values += (encode_basestring_ascii(at), str(position.line), str(position.column))
        yield (
            _template(finding.severity, obj is not None, path is not None, rendered is not None),
            values,
        )


def report(result: Result, out: TextIO) -> None:
    counts = Counter(map(_SEVERITY, result.findings))
    document = {
        "findings": indented.Array(_items(result.findings, result.prepared)),
        "summary": {
            "files": result.files,
            "documents": result.documents,
            "skipped": result.skipped,
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "infos": counts[Severity.INFO],
        },
    }
    indented.dump(document, out)
