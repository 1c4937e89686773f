"""The JSON and SARIF reports write each finding from a template of its shape: every shape a
finding can take writes what `json.dump(..., indent=2)` writes for the document the report
describes, whatever characters its values hold."""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Callable
from typing import Any, TextIO

import pytest

from kubelint.engine import Result
from kubelint.findings import Finding, ObjectRef, Position, Severity
from kubelint.report import jsonfmt, sarif
from kubelint.report.paths import report_uri


def _findings() -> list[Finding]:
    """A finding of every shape: severity, with or without a position, an object (with parts
    missing, or not), a JSON path, a rendered position; messages JSON and `%` formats escape."""
    found = []
    shapes = itertools.product(Severity, (True, False), (0, 1, 2), (True, False), (True, False))
    for n, (severity, line, obj, path, rendered) in enumerate(shapes):
        found.append(
            Finding(
                rule=("image-tag", "duplicate-key", "not-a-rule")[n % 3],
                severity=severity,
                message=f'{n}: "{{x}}" 100% %s \\ é\u2028 \U0001f600',
                file=(f"dir {n % 4}/a%{n % 2}.yaml", None)[n % 5 == 4],
                line=n + 1 if line else None,
                column=(n % 7 or None) if line else None,
                object=(
                    None,
                    ObjectRef("apps/v1", "Deployment", "ns", f"web-{n % 3}"),
                    ObjectRef(None, "Pod", None, None),
                )[obj],
                path=f"spec.x[{n}]" if path else None,
                rendered=(f"chart/templates/t{n}.yaml", Position(n, 2)) if rendered else None,
            )
        )
    return found


def _render(report: Callable[[Result, TextIO], None], findings: list[Finding]) -> str:
    out = io.StringIO()
    report(Result(findings, files=3, documents=9), out)
    return out.getvalue()


@pytest.mark.parametrize("report", [jsonfmt.report, sarif.report])
def test_every_shape_is_written_as_the_standard_library_writes_it(
    report: Callable[[Result, TextIO], None],
) -> None:
    findings = _findings()
    text = _render(report, findings)
    assert text == json.dumps(json.loads(text), indent=2) + "\n"
    assert _render(report, findings[::-1]) != text  # each finding is its own


def test_json_findings_are_what_each_finding_says() -> None:
    findings = _findings()
    written: dict[str, Any] = json.loads(_render(jsonfmt.report, findings))
    assert written["findings"] == [finding.to_json() for finding in findings]


def test_sarif_results_are_what_each_finding_says() -> None:
    findings = _findings()
    results = json.loads(_render(sarif.report, findings))["runs"][0]["results"]
    assert len(results) == len(findings)
    for finding, result in zip(findings, results, strict=True):
        assert result["ruleId"] == finding.rule
        assert result["level"] == sarif.LEVELS[finding.severity]
        assert result["message"] == {"text": finding.message}
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"] == {"uri": report_uri(finding.file or "")}
        if finding.line is None:
            assert "region" not in physical
        else:
            region = {"startLine": finding.line, "startColumn": finding.column or 1}
            assert physical["region"] == region
        properties = result["properties"]
        assert properties["severity"] == finding.severity.label
        if finding.object is None:
            assert "logicalLocations" not in result["locations"][0]
            assert "object" not in properties
        else:
            logical = result["locations"][0]["logicalLocations"][0]
            assert logical["name"] == (finding.object.name or "")
            assert logical["fullyQualifiedName"] == str(finding.object)
            assert properties["object"] == finding.object.to_json()
        assert properties.get("path") == finding.path
        if finding.rendered is not None:
            file, position = finding.rendered
            assert properties["rendered"] == {
                "file": file,
                "line": position.line,
                "column": position.column,
            }


def test_a_finding_prepared_ahead_is_written_as_prepared() -> None:
    findings = _findings()
    plain = _render(jsonfmt.report, findings)

    def written(prepared: dict[int, tuple[Finding, str]]) -> str:
        out = io.StringIO()
        jsonfmt.report(Result(findings, files=3, documents=9, prepared=prepared), out)
        return out.getvalue()

    texts = [jsonfmt.finding_text(f) for f in findings]
    assert plain == written({id(f): (f, t) for f, t in zip(findings, texts, strict=True)})
    for text in texts:  # each as the report writes it, indented as there
        assert f"\n    {text}" in plain
    first, second = findings[:2]
    shown = written({id(first): (first, '"prepared"'), id(second): (second._replace(), '"not"')})
    assert json.loads(shown)["findings"][:2] == ["prepared", second.to_json()]  # by identity
