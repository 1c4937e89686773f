"""Each limit is a configuration key that reaches what it bounds, and each refusal names it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.chart.charts import make_chart
from tests.conftest import kubelint, write

LOOP = "{% for i in range(20) %}{{ i }}{% endfor %}\n"
HELPERS = "{% macro one() %}x{% endmacro %}{% macro two() %}{{ include('one') }}{% endmacro %}\n"


@pytest.mark.parametrize(
    ("limits", "template", "message"),
    [
        ("max-render-size: 10", "a: 12345678901234567890\n", "over limits.max-render-size: 10 characters"),
        ("max-loop-iterations: 10", f"a: {LOOP}", "over limits.max-loop-iterations: 10 iterations"),
        ("max-template-depth: 1", "a: {{ include('two') }}\n", "over limits.max-template-depth: 1 levels"),
    ],
)  # fmt: skip
def test_chart_limits_reach_template_and_lint(
    tmp_path: Path, limits: str, template: str, message: str
) -> None:
    chart = make_chart(tmp_path, {"templates/t.yaml": template, "templates/_h.tpl": HELPERS})
    config = write(tmp_path, "limits.yaml", f"limits: {{{limits}}}\n")
    assert kubelint("template", str(chart)).exit_code == 0  # the defaults allow it
    run = kubelint("template", str(chart), "--config", str(config))
    assert run.exit_code == 1
    assert message in run.stderr
    assert "raise it in .kubelint.yaml" in run.stderr
    run = kubelint("lint", str(chart), "--config", str(config), "--format", "json")
    assert [f["rule"] for f in run.json()["findings"] if message in f["message"]] == [
        "chart-render"
    ]


def test_file_limits_reach_values_files(tmp_path: Path) -> None:
    chart = make_chart(tmp_path, {"templates/t.yaml": "a: {{ Values.a | toJson }}\n"})
    values = write(tmp_path, "values.yaml", "a: [[[1]]]\n")
    config = write(tmp_path, "limits.yaml", "limits: {max-depth: 3}\n")
    assert kubelint("template", str(chart), "-f", str(values)).exit_code == 0
    run = kubelint("template", str(chart), "-f", str(values), "--config", str(config))
    assert run.exit_code == 2
    assert run.stderr == (
        f"kubelint: error: failed to parse {values}:1: mappings and lists nest too deep here"
        " (over limits.max-depth: 3 levels; raise it in .kubelint.yaml)\n"
    )


def test_file_limits_reach_manifests_and_cluster_files(tmp_path: Path) -> None:
    manifest = write(tmp_path, "m.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")
    write(tmp_path, ".kubelint.yaml", "limits: {max-file-size: 20}\n")
    run = kubelint("lint", str(manifest))
    assert run.exit_code == 1
    assert "the file is 51 bytes (over limits.max-file-size: 20 bytes" in run.stdout
    run = kubelint("schedule", str(manifest))  # a manifest is skipped, as lint goes on
    assert run.exit_code == 1
    assert run.stderr.startswith(f"kubelint: error: {manifest}: the file is 51 bytes (over")
    run = kubelint("schedule", "--cluster", str(manifest), str(manifest))
    assert run.exit_code == 2
    assert run.stderr.startswith(f"kubelint: error: {manifest}: the file is 51 bytes (over")


def test_an_unknown_limit_is_a_configuration_error(tmp_path: Path) -> None:
    config = write(tmp_path, "c.yaml", "limits: {max-deepness: 3}\n")
    run = kubelint("lint", str(config), "--config", str(config))
    assert run.exit_code == 2
    assert 'limits.max-deepness: unknown key (did you mean "max-depth"?)' in run.stderr
