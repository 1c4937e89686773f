"""The text report's lines, with and without colour, as Rich would print them."""

from __future__ import annotations

import io

import pytest

from kubelint.engine import Result
from kubelint.findings import Finding, Severity
from kubelint.report import text

FINDINGS = [
    Finding("rule-a", Severity.WARNING, "a message", "a.yaml", 3, 5),
    Finding("rule-b", Severity.ERROR, "another", "a.yaml"),
    Finding("rule-c", Severity.INFO, "third", None, 1, 1),
]


def rendered(monkeypatch: pytest.MonkeyPatch, force: bool, *, plain: bool = False) -> str:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    if force:
        monkeypatch.setenv("FORCE_COLOR", "1")
    else:
        monkeypatch.delenv("FORCE_COLOR", raising=False)
    out = io.StringIO()
    text.report(Result(FINDINGS, files=2, documents=3), out, plain=plain)
    return out.getvalue()


def test_plain_lines_grouped_by_file(monkeypatch: pytest.MonkeyPatch) -> None:
    assert rendered(monkeypatch, False) == (
        "a.yaml:3:5 warning rule-a a message\n"
        "a.yaml error rule-b another\n"
        "\n"
        "-:1:1 info rule-c third\n"
        "\n"
        "1 error, 1 warning, 1 info (3 documents in 2 files)\n"
    )
    assert rendered(monkeypatch, True, plain=True) == rendered(monkeypatch, False)


def test_colour_codes_as_rich_writes_them(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = rendered(monkeypatch, True).splitlines()
    assert lines[0] == (
        "\x1b[1ma.yaml:3:5\x1b[0m \x1b[33mwarning\x1b[0m \x1b[2mrule-a\x1b[0m a message"
    )
    assert lines[1] == "\x1b[1ma.yaml\x1b[0m \x1b[1;31merror\x1b[0m \x1b[2mrule-b\x1b[0m another"
    assert lines[-1] == "\x1b[1;31m1 error, 1 warning, 1 info (3 documents in 2 files)\x1b[0m"


def test_no_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    text.report(Result([], files=1, documents=1, skipped=1), out)
    assert out.getvalue() == (
        "no problems found (1 document in 1 file, 1 skipped as no Kubernetes object)\n"
    )
