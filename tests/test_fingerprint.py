"""Fingerprints ignore where a finding is and keep what it is."""

from __future__ import annotations

from pathlib import Path

from kubelint.chart.matrix import lint_matrix
from kubelint.chart.options import ChartOptions
from kubelint.config import default_config
from kubelint.engine import Result, lint
from kubelint.findings import Finding, ObjectRef, Severity
from kubelint.fingerprint import fingerprint, in_file, normalise, of
from kubelint.inputs import discover
from kubelint.k8s.versions import resolve_version
from kubelint.rules.base import Settings
from tests.conftest import write

REF = ObjectRef("v1", "ConfigMap", "shop", "settings")


def test_normalise_takes_out_line_and_column_numbers() -> None:
    assert normalise('duplicate key "a" (first defined at line 14); x') == (
        'duplicate key "a" (first defined at line #); x'
    )
    assert (
        normalise("already defined at deploy/base.yaml:4")
        == "already defined at deploy/base.yaml:#"
    )
    assert normalise("at a.yaml:4:7, lines 3") == "at a.yaml:#, lines #"
    assert normalise("nodePort 80 is outside the range 30000-32767") == (
        "nodePort 80 is outside the range 30000-32767"
    )


def test_what_a_fingerprint_depends_on() -> None:
    base = fingerprint("schema", "defined at a.yaml:4", REF, "data.x")
    assert base == fingerprint("schema", "defined at a.yaml:90", REF, "data.x")
    other_name = ObjectRef("v1", "ConfigMap", "shop", "other")
    assert len({
        base,
        fingerprint("image-tag", "defined at a.yaml:4", REF, "data.x"),
        fingerprint("schema", "defined at a.yaml:4", other_name, "data.x"),
        fingerprint("schema", "defined at a.yaml:4", REF, "data.y"),
        fingerprint("schema", "defined at b.yaml:4", REF, "data.x"),
    }) == 5  # fmt: skip
    # the line's text names a finding without an object, and only then
    assert fingerprint("yaml-syntax", "m", None, None, "  a: [") != fingerprint(
        "yaml-syntax", "m", None, None, "  b: ["
    )
    assert fingerprint("yaml-syntax", "m", None, None, "  a: [") == fingerprint(
        "yaml-syntax", "m", None, None, "a: [  "
    )
    assert fingerprint("schema", "m", REF, None, "x") == fingerprint("schema", "m", REF, None, "y")


def test_in_file_adds_the_file() -> None:
    finding = Finding("schema", Severity.ERROR, "m", "a.yaml", 3, 1, REF, "data.x")
    assert of(finding) == fingerprint("schema", "m", REF, "data.x")
    assert in_file("a.yaml", of(finding)) != in_file("b.yaml", of(finding))
    assert in_file("a.yaml", of(finding)) != in_file("a.yaml", of(finding._replace(path="y")))


def test_the_engine_fingerprints_every_finding_by_its_line_text(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {}}}\ndata:\n  k: v\n  k: w\n"
    write(tmp_path, "one.yaml", text.format("one"))
    write(tmp_path, "two.yaml", "# a comment\n\n" + text.format("two"))
    config = default_config()
    result = lint(
        discover([str(tmp_path)], config.excludes), config, Settings(resolve_version(None))
    )
    one, two = result.findings
    assert (one.rule, one.object, one.line, two.line) == ("duplicate-key", None, 6, 8)
    assert (
        one.fingerprint
        == two.fingerprint
        == fingerprint("duplicate-key", one.message, None, None, "  k: w")
    )


def test_a_finding_on_an_object_is_fingerprinted_when_asked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, "one.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: My_Map}\n")
    config = default_config()
    result = lint(
        discover([str(tmp_path)], config.excludes), config, Settings(resolve_version(None))
    )
    (found,) = [f for f in result.findings if f.rule == "api-validation"]
    assert found.fingerprint is None  # JSON and text reports never ask
    assert of(found) == fingerprint(found.rule, found.message, found.object, found.path)


def test_a_matrix_finding_keeps_the_identity_of_the_finding_as_found() -> None:
    found = Finding("r", Severity.ERROR, "nodePort 80 is too low", "svc.yaml", 9, 17, REF, "p")
    clean = found._replace(rule="other")

    def run(options: ChartOptions) -> Result:
        dev = options.values.files[-1] == "dev.yaml"
        return Result([found, clean] if dev else [clean])

    (named,) = [
        f
        for f in lint_matrix(run, ChartOptions(), [Path("dev.yaml"), Path("prod.yaml")]).findings
        if f.rule == "r"
    ]
    assert named.message == "nodePort 80 is too low [values: dev.yaml]"
    assert of(named) == of(found)
