"""Chart.yaml's checks, Helm's: control characters make a name or version invalid (one line,
naming Chart.yaml), and free text is cleaned as Helm's sanitizeString cleans it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.chart.charts import make_chart
from tests.conftest import kubelint


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ('name: mychart\nversion: "0.1.0\\n"', 'chart.metadata.version "0.1.0\\n" is invalid'),
        ('name: mychart\nversion: " 0.1.0"', 'chart.metadata.version " 0.1.0" is invalid'),
        ('name: "a\\nb"\nversion: 0.1.0', 'chart.metadata.name "a\\nb" is invalid: control characters'),
        ('name: "a\\rb"\nversion: 0.1.0', 'chart.metadata.name "a\\rb" is invalid: control characters'),
        ('name: "a\\0b"\nversion: 0.1.0', 'chart.metadata.name "a\\u0000b" is invalid: control'),
        ('name: "a\\eb"\nversion: 0.1.0', 'chart.metadata.name "a\\u001bb" is invalid: control'),
    ],
)  # fmt: skip
def test_control_characters_in_name_or_version(tmp_path: Path, fields: str, message: str) -> None:
    chart = make_chart(
        tmp_path, {"Chart.yaml": f"apiVersion: v2\n{fields}\n", "templates/t.yaml": "a: 1\n"}
    )
    for command in ("template", "package"):
        run = kubelint(
            command, str(chart), *(("-d", str(tmp_path)) if command == "package" else ())
        )
        assert run.exit_code == 1
        (line,) = run.stderr.splitlines()
        assert line.startswith(f"kubelint: error: {chart}/Chart.yaml: {message}")
    assert list(tmp_path.glob("*.tgz")) == []


def test_free_text_is_cleaned_as_helm_does(tmp_path: Path) -> None:
    chart_yaml = (
        'apiVersion: v2\nname: mychart\nversion: 0.1.0\ndescription: "one\\ntwo\\u0007\\tthree"\n'
        'keywords: ["a\\rb"]\nmaintainers: [{name: "x\\u0000y"}]\n'
    )
    template = "a: {{ Chart.Description | quote }}\nb: {{ Chart.Keywords[0] | quote }}\n"
    template += "c: {{ Chart.Maintainers[0].name | quote }}\n"
    chart = make_chart(tmp_path, {"Chart.yaml": chart_yaml, "templates/t.yaml": template})
    run = kubelint("template", str(chart))
    assert run.exit_code == 0, run.stderr
    assert 'a: "one two three"\nb: "a b"\nc: "xy"\n' in run.stdout


def test_a_field_left_empty_is_its_zero_value_as_in_helm(tmp_path: Path) -> None:
    """`dependencies:` with nothing under it is null: Helm reads it as no dependency (Bitnami's
    kube-prometheus-crds), not as a value of the wrong type."""
    chart_yaml = "apiVersion: v2\nname: mychart\nversion: 0.1.0\ndependencies:\nkeywords:\n"
    chart = make_chart(tmp_path, {"Chart.yaml": chart_yaml, "templates/t.yaml": "a: 1\n"})
    run = kubelint("template", str(chart))
    assert run.exit_code == 0, run.stderr
    assert run.stdout == "---\n# Source: mychart/templates/t.yaml\na: 1\n"
