"""`--ci` and `--fail-if-no-objects`: a gate that never passes without having checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.chart.charts import make_chart
from tests.conftest import kubelint, write

CLEAN = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {a: b}\n"
# a Service selecting no pod: a warning only
WARNING = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n"


@pytest.fixture(autouse=True)
def _not_on_github(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests may themselves run on GitHub Actions: start from a neutral environment."""
    for name in ("GITHUB_ACTIONS", "FORCE_COLOR", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


def test_ci_fails_on_warnings_and_says_so_on_stderr(tmp_path: Path) -> None:
    write(tmp_path, "svc.yaml", WARNING)
    assert kubelint("lint", "svc.yaml").exit_code == 0
    run = kubelint("lint", "svc.yaml", "--ci")
    assert run.exit_code == 1
    assert "warning service-selector-matches" in run.stdout
    assert run.stderr.splitlines()[-1] == (
        "kubelint: failed: checked 1 file and 1 object; 0 errors, 1 warning, 0 infos "
        "(--fail-on warning)"
    )


def test_fail_on_from_the_flag_or_the_configuration_wins_over_the_preset(tmp_path: Path) -> None:
    write(tmp_path, "svc.yaml", WARNING)
    run = kubelint("lint", "svc.yaml", "--ci", "--fail-on", "error")
    assert run.exit_code == 0
    assert run.stderr.splitlines()[-1].startswith("kubelint: passed: checked 1 file")
    write(tmp_path, ".kubelint.yaml", "fail-on: error\n")
    assert kubelint("lint", "svc.yaml", "--ci").exit_code == 0


def test_a_clean_run_passes(tmp_path: Path) -> None:
    write(tmp_path, "cm.yaml", CLEAN)
    run = kubelint("lint", "cm.yaml", "--ci")
    assert run.exit_code == 0
    assert run.stderr == (
        "kubelint: passed: checked 1 file and 1 object; 0 errors, 0 warnings, 0 infos "
        "(--fail-on warning)\n"
    )


def test_github_annotations_on_github_actions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "svc.yaml", WARNING)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    run = kubelint("lint", "svc.yaml", "--ci")
    assert run.stdout.startswith("::warning file=svc.yaml,line=6,col=3,")
    assert kubelint("lint", "svc.yaml", "--ci", "--format", "json").json()["findings"]
    assert kubelint("lint", "svc.yaml").stdout.startswith("svc.yaml:6:3 warning")  # only --ci


def test_no_colours_in_ci_even_when_forced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "svc.yaml", WARNING)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in kubelint("lint", "svc.yaml").stdout
    assert "\x1b[" not in kubelint("lint", "svc.yaml", "--ci").stdout


@pytest.mark.parametrize(
    ("files", "paths"),
    [
        ({"empty.yaml": ""}, ["empty.yaml"]),
        ({"comments.yaml": "# nothing here\n---\n# nor here\n"}, ["comments.yaml"]),
        ({"deploy/cm.yaml": CLEAN, ".kubelint.yaml": "exclude: [deploy/]\n"}, ["deploy"]),
        ({"empty/.keep": ""}, ["empty"]),
    ],
    ids=["empty-file", "only-comments", "excluded-tree", "empty-folder"],
)
def test_no_objects_fails_the_gate(tmp_path: Path, files: dict[str, str], paths: list[str]) -> None:
    for name, text in files.items():
        write(tmp_path, name, text)
    assert kubelint("lint", *paths).exit_code == 0
    for flag in ("--fail-if-no-objects", "--ci"):
        run = kubelint("lint", *paths, flag)
        assert run.exit_code == 1
        assert "kubelint: no Kubernetes object found in " in run.stderr
        assert "nothing was checked (--fail-if-no-objects)" in run.stderr


def test_no_changed_manifest_is_not_a_failure(tmp_path: Path) -> None:
    """With --changed-files, an empty selection is a decision, not an input that went missing."""
    write(tmp_path, "notes.txt", "not a manifest\n")
    run = kubelint("lint", "notes.txt", "--changed-files", "all", "--ci")
    assert run.exit_code == 0
    assert "nothing to check" in run.stderr
    assert "no Kubernetes object" not in run.stderr


def test_an_unparseable_file_fails_the_gate(tmp_path: Path) -> None:
    write(tmp_path, "cm.yaml", CLEAN)
    write(tmp_path, "broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n")
    run = kubelint("lint", "cm.yaml", "broken.yaml", "--ci")
    assert run.exit_code == 1
    assert "broken.yaml:4:9 error yaml-syntax" in run.stdout


def test_a_chart_that_does_not_render_fails_the_gate(tmp_path: Path) -> None:
    write(tmp_path, "cm.yaml", CLEAN)
    make_chart(tmp_path, {"templates/cm.yaml": "{{ fail('no values') }}\n"})
    run = kubelint("lint", "cm.yaml", "mychart", "--ci")
    assert run.exit_code == 1
    assert "mychart/templates/cm.yaml:1:1 error chart-render" in run.stdout


def test_a_kind_without_schema_fails_the_gate_under_strict_kinds(tmp_path: Path) -> None:
    write(tmp_path, "cr.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n")
    run = kubelint("lint", "cr.yaml", "--ci", "--strict-kinds", "--format", "json")
    assert run.exit_code == 1
    assert [(f["rule"], f["severity"]) for f in run.json()["findings"]] == [
        ("unknown-kind", "error")
    ]
    relaxed = kubelint("lint", "cr.yaml", "--ci", "--fail-on", "error")
    assert relaxed.exit_code == 0  # a warning, under the error gate: --strict-kinds is the lever


def test_a_values_matrix_keeps_the_objects_it_checked(tmp_path: Path) -> None:
    make_chart(
        tmp_path,
        {
            "Chart.yaml": "apiVersion: v2\nname: mychart\nversion: 0.1.0\nicon: https://x.io/i.png\n",
            "templates/cm.yaml": CLEAN.replace("settings", "{{ Values.name }}"),
        },
    )
    write(tmp_path, "matrix/a.yaml", "name: one\n")
    write(tmp_path, "matrix/b.yaml", "name: two\n")
    run = kubelint("lint", "mychart", "--values-matrix", "matrix", "--fail-if-no-objects")
    assert run.exit_code == 0, run.stderr
