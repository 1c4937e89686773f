"""`kubelint lint` flags of schema validation: --no-strict, --strict-kinds, --crd, versions."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import FIXTURES, kubelint, write

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          imagePullPolcy: Always
"""
BACKUP = "apiVersion: example.com/v1\nkind: Backup\nmetadata: {name: b}\nspec: {schedule: x, retian: 1}\n"
CRD = FIXTURES / "schema" / "pass-crd" / "crd.yaml"


def _rules(run_json: dict[str, list[dict[str, object]]]) -> list[tuple[object, ...]]:
    return [(f["rule"], f["severity"], f["line"], f["column"]) for f in run_json["findings"]]


def test_strict_by_default_and_no_strict_relaxes(tmp_path: Path) -> None:
    path = str(write(tmp_path, "d.yaml", DEPLOYMENT))
    strict = kubelint("lint", path, "--format", "json")
    assert strict.exit_code == 1
    assert ("schema", "error", 12, 11) in _rules(strict.json())
    relaxed = kubelint("lint", path, "--format", "json", "--no-strict")
    assert relaxed.exit_code == 0, relaxed.stdout
    assert [f for f in relaxed.json()["findings"] if f["rule"] == "schema"] == []


def test_strict_in_configuration_and_the_flag_wins(tmp_path: Path) -> None:
    path = str(write(tmp_path, "d.yaml", DEPLOYMENT))
    config = str(write(tmp_path, "k.yaml", "strict: false\n"))
    assert kubelint("lint", path, "--config", config).exit_code == 0
    assert kubelint("lint", path, "--config", config, "--strict").exit_code == 1
    bad = str(write(tmp_path, "bad.yaml", "strict: maybe\n"))
    run = kubelint("lint", path, "--config", bad)
    assert run.exit_code == 2
    assert "strict" in run.stderr


def test_unknown_kind_is_a_warning_and_an_error_with_strict_kinds(tmp_path: Path) -> None:
    path = str(write(tmp_path, "b.yaml", BACKUP))
    run = kubelint("lint", path, "--format", "json")
    assert run.exit_code == 0
    assert _rules(run.json()) == [("unknown-kind", "warning", 2, 7)]
    run = kubelint("lint", path, "--format", "json", "--strict-kinds")
    assert run.exit_code == 1
    assert _rules(run.json()) == [("unknown-kind", "error", 2, 7)]


def test_crd_flag_loads_schemas(tmp_path: Path) -> None:
    path = str(write(tmp_path, "b.yaml", BACKUP))
    run = kubelint("lint", path, "--format", "json", "--crd", str(CRD), "--crd", str(CRD.parent))
    assert run.exit_code == 1
    findings = run.json()["findings"]
    assert _rules(run.json()) == [("schema", "error", 4, 21)]
    assert findings[0]["message"] == 'spec: unknown field "retian" (did you mean "retain"?)'


def test_crd_flag_errors_are_one_line(tmp_path: Path) -> None:
    path = str(write(tmp_path, "b.yaml", BACKUP))
    run = kubelint("lint", path, "--crd", str(tmp_path / "missing.yaml"))
    assert run.exit_code == 2
    assert run.stderr.count("\n") == 1
    assert "missing.yaml" in run.stderr
    bad = write(tmp_path, "bad.yaml", "a: [\n")
    run = kubelint("lint", path, "--crd", str(bad))
    assert run.exit_code == 2
    assert "bad.yaml" in run.stderr


def test_target_version_changes_deprecations(tmp_path: Path) -> None:
    text = (
        "apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\n"
        "metadata: {name: f}\nspec: {priorityLevelConfiguration: {name: p}}\n"
    )
    path = str(write(tmp_path, "f.yaml", text))
    run = kubelint("lint", path, "--format", "json", "--kubernetes-version", "1.29")
    assert run.exit_code == 0
    (finding,) = run.json()["findings"]
    assert finding["severity"] == "warning"
    assert finding["message"] == (
        "flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema is deprecated since Kubernetes 1.29 "
        "and removed in 1.32: use flowcontrol.apiserver.k8s.io/v1"
    )
    run = kubelint("lint", path, "--format", "json", "--kubernetes-version", "1.32")
    assert run.exit_code == 1
    assert _rules(run.json()) == [("deprecated-api", "error", 1, 13)]
    run = kubelint("lint", path, "--format", "json", "--kubernetes-version", "1.26")
    assert "use flowcontrol.apiserver.k8s.io/v1" not in run.stdout  # v1 arrived in 1.29
    assert run.exit_code == 0


def test_unsupported_version_lists_the_supported_ones(tmp_path: Path) -> None:
    path = str(write(tmp_path, "d.yaml", DEPLOYMENT))
    run = kubelint("lint", path, "--kubernetes-version", "1.12")
    assert run.exit_code == 2
    assert "supported: 1.25, 1.26" in run.stderr
