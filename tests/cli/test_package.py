"""`kubelint package` and `kubelint repo index`, through the real CLI."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
import yaml

from tests.chart.charts import make_chart
from tests.conftest import kubelint


def test_package_is_reproducible_respects_helmignore_and_renders(tmp_path: Path) -> None:
    chart = make_chart(
        tmp_path,
        {".helmignore": "*.bak\n", "templates/cm.yaml": "kind: ConfigMap\n", "old.bak": "x"},
    )
    run = kubelint("package", str(chart), "-d", str(tmp_path / "a"))
    assert run.exit_code == 0, run.stderr
    archive = tmp_path / "a" / "mychart-0.1.0.tgz"
    assert run.stdout == f"Successfully packaged chart and saved it to: {archive}\n"
    kubelint("package", str(chart), "-d", str(tmp_path / "b"))
    assert archive.read_bytes() == (tmp_path / "b" / "mychart-0.1.0.tgz").read_bytes()
    with tarfile.open(archive) as opened:
        assert opened.getnames() == [
            "mychart/.helmignore",
            "mychart/Chart.yaml",
            "mychart/templates/cm.yaml",
        ]
    assert "# Source: mychart/templates/cm.yaml" in kubelint("template", str(archive)).stdout


def test_package_refuses_a_broken_chart(tmp_path: Path) -> None:
    chart = make_chart(tmp_path, {"Chart.yaml": "apiVersion: v2\nname: x\n"})
    run = kubelint("package", str(chart), "-d", str(tmp_path))
    assert run.exit_code == 1
    assert "chart.metadata.version is required" in run.stderr


def test_repo_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    repo = tmp_path / "repo"
    for version in ("0.1.0", "0.10.0", "0.2.0"):
        chart = make_chart(
            tmp_path / version,
            {"Chart.yaml": f"apiVersion: v2\nname: web\nversion: {version}\nappVersion: '1'\n"},
            name="web",
        )
        kubelint("package", str(chart), "-d", str(repo))
    run = kubelint("repo", "index", str(repo), "--url", "https://charts.example.com/")
    assert run.exit_code == 0, run.stderr
    index = yaml.safe_load((repo / "index.yaml").read_text())
    assert index["apiVersion"] == "v1"
    assert index["generated"] == "2023-11-14T22:13:20Z"
    versions = index["entries"]["web"]
    assert [v["version"] for v in versions] == ["0.10.0", "0.2.0", "0.1.0"]
    assert versions[0]["urls"] == ["https://charts.example.com/web-0.10.0.tgz"]
    assert len(versions[0]["digest"]) == 64
    assert versions[0]["appVersion"] == "1"


def test_lint_a_packaged_chart(tmp_path: Path) -> None:
    chart = make_chart(tmp_path, {"templates/cm.yaml": "kind: ConfigMap\n"})
    kubelint("package", str(chart), "-d", str(tmp_path))
    run = kubelint("lint", str(tmp_path / "mychart-0.1.0.tgz"), "--format", "json")
    findings = {(f["rule"], f["file"], f["line"]) for f in run.json()["findings"]}
    where = f"{tmp_path.as_posix()}/mychart-0.1.0.tgz/templates/cm.yaml"
    assert findings == {("required-fields", where, 1)}


def test_package_refuses_an_archive(tmp_path: Path) -> None:
    chart = make_chart(tmp_path, {"templates/cm.yaml": "kind: ConfigMap\n"})
    kubelint("package", str(chart), "-d", str(tmp_path / "a"))
    archive = tmp_path / "a" / "mychart-0.1.0.tgz"
    before = archive.read_bytes()
    run = kubelint("package", str(archive), "-d", str(tmp_path / "a"))
    assert run.exit_code == 2
    assert run.stderr == (
        f"kubelint: error: {archive}: not a chart folder (package writes an archive of one)\n"
    )
    assert archive.read_bytes() == before


def test_repo_index_refuses_an_archive_linked_from_outside(tmp_path: Path) -> None:
    chart = make_chart(tmp_path, {"Chart.yaml": "apiVersion: v2\nname: other\nversion: 9.9.9\n"})
    kubelint("package", str(chart), "-d", str(tmp_path / "elsewhere"))
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "other-9.9.9.tgz").symlink_to(tmp_path / "elsewhere" / "other-9.9.9.tgz")
    run = kubelint("repo", "index", str(repo))
    assert run.exit_code == 1
    assert run.stderr == (
        f"kubelint: error: {repo}/other-9.9.9.tgz: symbolic link out of the repository folder;"
        " an index lists only the archives in it\n"
    )
    assert not (repo / "index.yaml").exists()
