"""`kubelint rules`, `explain`, `version` through the real CLI."""

from __future__ import annotations

from typing import get_args

from kubelint.clishared import FormatName
from kubelint.k8s.versions import supported_versions
from kubelint.report import FORMATS
from kubelint.rules import REGISTRY
from tests.conftest import kubelint


def test_rules_lists_every_rule() -> None:
    run = kubelint("rules")
    assert run.exit_code == 0
    for rule in REGISTRY.values():
        assert rule.id in run.stdout


def test_rules_json() -> None:
    rows = kubelint("rules", "--format", "json").json()
    assert [row["id"] for row in rows] == list(REGISTRY)
    assert {row["severity"] for row in rows} <= {"error", "warning", "info"}


def test_explain_prints_the_documentation() -> None:
    run = kubelint("explain", "duplicate-key")
    assert run.exit_code == 0
    assert run.stdout.startswith("# duplicate-key\n")
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert section in run.stdout


def test_explain_unknown_rule_suggests_the_closest() -> None:
    run = kubelint("explain", "duplicate-objet")
    assert run.exit_code == 2
    assert run.stderr == (
        'kubelint: error: unknown rule "duplicate-objet" (did you mean "duplicate-object"?); '
        '"kubelint rules" lists them\n'
    )


def test_version() -> None:
    run = kubelint("version")
    versions = supported_versions()
    assert run.exit_code == 0
    assert run.stdout == f"kubelint 0.1.0 (Kubernetes API {versions[0]} to {versions[-1]})\n"


def test_format_choices_are_the_reporters() -> None:
    assert get_args(FormatName) == tuple(FORMATS)
