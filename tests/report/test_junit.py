"""`--format junit`: one test case per file, failures that carry the findings, valid XML."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

from kubelint.engine import Result
from kubelint.findings import Finding, Severity
from kubelint.report import junit
from tests.conftest import kubelint, write

CLEAN = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {}\n"


def _parse(result: Result) -> ET.Element:
    out = io.StringIO()
    junit.report(result, out)
    return ET.fromstring(out.getvalue().encode("utf-8"))


def test_every_file_is_a_test_case_and_clean_ones_pass(tmp_path: Path) -> None:
    for i in range(10):
        write(tmp_path, f"m/{i}.yaml", CLEAN.format(f"c{i}"))
    write(tmp_path, "m/3.yaml", CLEAN.format("c3") + "  name: again\n")
    run = kubelint("lint", "m", "--format", "junit")
    assert run.exit_code == 1
    root = ET.fromstring(run.stdout.encode("utf-8"))
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("10", "1", "0")
    cases = suite.findall("testcase")
    assert [case.get("name") for case in cases] == [f"m/{i}.yaml" for i in range(10)]
    failed = [case for case in cases if case.find("failure") is not None]
    assert [case.get("name") for case in failed] == ["m/3.yaml"]
    failure = failed[0].find("failure")
    assert failure is not None
    assert failure.get("type") == "duplicate-key"
    assert failure.text is not None
    assert failure.text.startswith("m/3.yaml:5:3 error duplicate-key duplicate key")


def test_characters_xml_cannot_hold_are_replaced_and_the_rest_escaped() -> None:
    message = 'bad <value> & "quotes" ]]> \x07bell \x00nul\nsecond line'
    finding = Finding("schema", Severity.ERROR, message, "a&b.yaml", 3, 5)
    failure = _parse(Result([finding], files=1)).find("testsuite/testcase/failure")
    assert failure is not None
    expected = 'bad <value> & "quotes" ]]> \ufffdbell \ufffdnul\nsecond line'
    assert failure.get("message") == f"1 finding (1 error): {expected}"
    assert failure.text == f"a&b.yaml:3:5 error schema {expected}\n"


def test_a_finding_without_a_line_names_the_file_alone() -> None:
    findings = [
        Finding("chart-render", Severity.ERROR, "cannot render", "chart", None, None),
        Finding("chart-metadata", Severity.INFO, "icon is recommended", "chart", None, None),
    ]
    failure = _parse(Result(findings, files=1)).find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("type") == "chart-render, chart-metadata"
    assert failure.get("message") == "2 findings (1 error, 1 info): cannot render"
    assert failure.text == (
        "chart error chart-render cannot render\nchart info chart-metadata icon is recommended\n"
    )


def test_an_empty_run_is_an_empty_suite() -> None:
    root = _parse(Result([], files=0))
    assert root.get("tests") == "0"
    assert root.findall("testsuite/testcase") == []
