"""`--changed-since REF` and `--changed-files SCOPE` through the real CLI, in real git repositories."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, kubelint, write
from tests.gitrepo import commit, git, init

GOOD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata: {{a: b}}\n"
BAD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata: {{a: 1}}\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """main: deploy/old.yaml (broken, committed long ago), deploy/ok.yaml, charts/example;
    checked out on a branch `feature` forked from main."""
    init(tmp_path)
    write(tmp_path, "deploy/old.yaml", BAD.format(name="old"))
    write(tmp_path, "deploy/ok.yaml", GOOD.format(name="ok"))
    write(tmp_path, "other/x.yaml", GOOD.format(name="x"))
    shutil.copytree(ROOT / "charts/example", tmp_path / "charts/example")
    commit(tmp_path, "base")
    git(tmp_path, "checkout", "--quiet", "-b", "feature")
    return tmp_path


def test_only_changed_manifests_are_linted(repo: Path) -> None:
    write(repo, "deploy/new.yaml", BAD.format(name="new"))
    run = kubelint("lint", "--changed-since", "main", ".", "--format", "json")
    assert run.exit_code == 1
    assert {f["file"] for f in run.json()["findings"]} == {"deploy/new.yaml"}
    assert run.json()["summary"]["files"] == 1


DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "nginx:1.27", ports: [{containerPort: 80}]}]}
"""
SERVICE = """\
apiVersion: v1
kind: Service
metadata: {{name: {name}}}
spec: {{selector: {{app: {app}}}, ports: [{{port: 80}}]}}
"""


def test_rules_across_objects_see_the_files_that_did_not_change(repo: Path) -> None:
    """A changed Service is checked against the Deployment that did not change; only the
    changed file is reported, and counted."""
    write(repo, "deploy/web.yaml", DEPLOYMENT)
    commit(repo, "the workload")
    git(repo, "checkout", "--quiet", "-b", "service")
    write(repo, "deploy/web-svc.yaml", SERVICE.format(name="web", app="web"))
    write(repo, "deploy/lost-svc.yaml", SERVICE.format(name="lost", app="nothing"))
    run = kubelint("lint", "--changed-since", "HEAD", ".", "--format", "json")
    findings = run.json()["findings"]
    assert {(f["file"], f["rule"]) for f in findings if f["severity"] != "info"} == {
        ("deploy/lost-svc.yaml", "service-selector-matches")
    }, findings  # not the Service in front of web, and nothing of deploy/web.yaml or old.yaml
    assert run.json()["summary"]["files"] == 2
    assert run.json()["summary"]["documents"] == 2
    (repo / "deploy/lost-svc.yaml").unlink()
    gate = kubelint("lint", "--changed-since", "HEAD", ".", "--ci")
    assert gate.exit_code == 0, gate.stdout + gate.stderr
    assert "checked 1 file and 1 object" in gate.stderr


def test_what_changed_is_the_duplicate(repo: Path) -> None:
    """A new file that sorts before the old one defines the same object again: the new one is
    the duplicate, reported in the changed file (the folder is one unit: an error)."""
    write(repo, ".kubelint.yaml", "units: [deploy]\n")
    write(repo, "deploy/a-copy.yaml", GOOD.format(name="ok"))
    run = kubelint("lint", "--changed-since", "main", ".", "--format", "json")
    assert [(f["file"], f["rule"], f["message"]) for f in run.json()["findings"]] == [
        (
            "deploy/a-copy.yaml",
            "duplicate-object",
            "ConfigMap/default/ok is already defined at deploy/ok.yaml:4",
        )
    ]
    assert run.exit_code == 1


CLAIM = """\
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {{name: {name}}}
spec: {{storageClassName: "", accessModes: [ReadWriteOnce], resources: {{requests: {{storage: 1Gi}}}}}}
"""
VOLUME = """\
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-1}
spec: {storageClassName: "", accessModes: [ReadWriteOnce], capacity: {storage: 5Gi}, hostPath: {path: /data}}
"""


def test_what_changed_goes_without_the_volume_taken_before(repo: Path) -> None:
    write(repo, "deploy/z-storage.yaml", VOLUME + "---\n" + CLAIM.format(name="old"))
    commit(repo, "a volume and its claim")
    git(repo, "checkout", "--quiet", "-b", "claim")
    write(repo, "deploy/a-claim.yaml", CLAIM.format(name="new"))  # first in file order
    run = kubelint("lint", "--changed-since", "HEAD", ".", "--format", "json")
    assert {(f["file"], f["rule"]) for f in run.json()["findings"]} == {
        ("deploy/a-claim.yaml", "pvc-bindable")
    }, run.stdout


def test_a_changed_values_file_lints_its_chart_whole(repo: Path) -> None:
    values = repo / "charts/example/values.yaml"
    values.write_text(values.read_text().replace("replicaCount: 2", 'replicaCount: "2"'))
    commit(repo)
    run = kubelint("lint", "--changed-since", "main", ".", "--format", "json")
    assert run.exit_code == 1, run.stderr
    assert [f["rule"] for f in run.json()["findings"]] == ["chart-render"]
    assert "replicaCount" in run.json()["findings"][0]["message"]


def test_a_changed_chart_is_reported_at_its_templates(repo: Path) -> None:
    values = repo / "charts/example/values.yaml"
    values.write_text(values.read_text().replace('tag: ""', "tag: latest"))
    run = kubelint("lint", "--changed-since", "main", ".", "--format", "json")
    found = {(f["file"], f["rule"]) for f in run.json()["findings"]}
    assert ("charts/example/templates/deployment.yaml", "image-tag") in found, found
    assert {file for file, _ in found} <= {
        "charts/example/templates/deployment.yaml", "charts/example/values.yaml"
    }  # fmt: skip
    summary = run.json()["summary"]
    assert summary["files"] == 1
    assert summary["documents"] >= 3  # the chart's rendered documents


def test_the_paths_given_bound_the_changes(repo: Path) -> None:
    write(repo, "other/y.yaml", BAD.format(name="y"))
    write(repo, "deploy/new.yaml", GOOD.format(name="new"))
    run = kubelint("lint", "--changed-since", "main", "deploy", "--format", "json")
    assert run.exit_code == 0
    assert run.json()["summary"]["files"] == 1


def test_nothing_changed_says_so_and_passes(repo: Path) -> None:
    run = kubelint("lint", "--changed-since", "main", ".")
    assert run.exit_code == 0
    assert "nothing to check: no manifest or chart among the paths given changed since main" in (
        run.stderr
    )
    assert "0 documents in 0 files" in run.stdout


def test_an_unknown_ref_is_a_one_line_usage_error(repo: Path) -> None:
    run = kubelint("lint", "--changed-since", "origin/main", ".")
    assert run.exit_code == 2
    assert run.stderr == (
        'kubelint: error: --changed-since origin/main: no commit named "origin/main" in this '
        "repository (fetch it first?)\n"
    )


def test_stdin_cannot_be_a_changed_file(repo: Path) -> None:
    run = kubelint("lint", "--changed-since", "main", "-", stdin=GOOD.format(name="a"))
    assert run.exit_code == 2
    assert "'-' (stdin) cannot be combined with --changed-since" in run.stderr


def test_changed_files_scopes(repo: Path) -> None:
    files = ["deploy/old.yaml", "charts/example/templates/_helpers.tpl", "README.md"]
    manifests = kubelint("lint", "--changed-files", "manifests", *files, "--format", "json")
    assert {f["file"] for f in manifests.json()["findings"]} == {"deploy/old.yaml"}
    charts = kubelint("lint", "--changed-files", "charts", *files, "--format", "json")
    assert charts.exit_code == 0
    assert charts.json()["summary"]["files"] == 1  # the chart, rendered whole
    assert charts.json()["summary"]["documents"] > 1
    nothing = kubelint("lint", "--changed-files", "charts", "deploy/ok.yaml", "README.md")
    assert nothing.exit_code == 0
    assert "nothing to check: none of the files given belongs to a chart" in nothing.stderr


def test_schedule_the_changed_workloads(repo: Path) -> None:
    run = kubelint(
        "schedule",
        "--changed-files",
        "all",
        "charts/example/values.yaml",
        "deploy/ok.yaml",
        "--nodes",
        "1x100m,1Gi",
    )
    assert run.exit_code == 1
    assert "Insufficient cpu" in run.stdout
    quiet = kubelint("schedule", "--changed-since", "main", ".")
    assert quiet.exit_code == 0
    assert "nothing to check" in quiet.stderr
