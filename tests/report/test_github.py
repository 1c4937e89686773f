"""`--format github`: one workflow command a finding, escaped as the Actions runner expects."""

from __future__ import annotations

from kubelint.findings import Finding, Severity
from kubelint.report.github import command, escape_data, escape_property
from tests.conftest import kubelint


def test_data_escaping() -> None:
    assert escape_data("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b"


def test_property_escaping_also_covers_the_delimiters() -> None:
    assert escape_property("dir,1/a:b%.yaml\n") == "dir%2C1/a%3Ab%25.yaml%0A"


def test_levels_and_properties() -> None:
    finding = Finding("image-tag", Severity.WARNING, "tag latest:\nmoves", "a,b.yaml", 3, 7)
    assert command(finding) == (
        "::warning file=a%2Cb.yaml,line=3,col=7,title=image-tag::tag latest:%0Amoves"
    )
    info = Finding("chart-metadata", Severity.INFO, "icon is recommended", "c/Chart.yaml")
    assert command(info) == "::notice file=c/Chart.yaml,title=chart-metadata::icon is recommended"


def test_one_line_a_finding_through_the_cli() -> None:
    run = kubelint("lint", "-", "--format", "github", stdin="kind: Pod\na: [\n")
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("::error file=<stdin>,line=3,col=1,title=yaml-syntax::")
