"""The configuration is found from the working directory up to the repository's root, and its
paths (excludes) are relative to its folder; a folder pattern (`chart/`) excludes a chart."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import kubelint, write

# A Deployment with an untagged image: image-tag reports it unless the configuration says not.
UNTAGGED = """\
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: web, image: nginx}]
"""


def _rules(*args: str) -> set[str]:
    run = kubelint("lint", *args, "--format", "json")
    assert run.exit_code in (0, 1), run.stderr
    return {f["rule"] for f in run.json()["findings"]}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    write(root / "apps" / "web", "pod.yaml", UNTAGGED)
    write(root / "apps" / "web", "skip.yaml", "not: [valid\n")
    return root


def test_config_of_the_repository_root_applies_in_a_subfolder(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo, ".kubelint.yaml", "rules: {image-tag: off}\nexclude: [apps/web/skip.yaml]\n")
    monkeypatch.chdir(repo / "apps" / "web")
    found = _rules(".")
    assert "image-tag" not in found
    assert "yaml-syntax" not in found  # excluded by a path relative to the config's folder
    assert "image-tag" in _rules(".", "--config", str(write(repo, "empty.yaml", "{}\n")))


def test_pyproject_table_is_found_above_and_the_nearest_file_wins(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo, "pyproject.toml", '[tool.kubelint]\nrules = {image-tag = "off"}\n')
    monkeypatch.chdir(repo / "apps" / "web")
    assert "image-tag" not in _rules("pod.yaml")
    write(repo / "apps", ".kubelint.yaml", "rules: {run-as-non-root: off}\n")
    found = _rules("pod.yaml")
    assert "image-tag" in found
    assert "run-as-non-root" not in found


def test_search_stops_at_the_repository_root(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo.parent, ".kubelint.yaml", "rules: {image-tag: off}\n")
    monkeypatch.chdir(repo / "apps" / "web")
    assert "image-tag" in _rules("pod.yaml")


def test_a_folder_pattern_excludes_a_chart(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chart = repo / "helm-chart"
    write(chart, "Chart.yaml", "apiVersion: v2\nname: broken\nversion: 0.1.0\n")
    write(chart / "templates", "cm.yaml", '{{ fail "this chart is excluded" }}\n')
    monkeypatch.chdir(repo)
    assert "chart-render" in _rules(".")
    write(repo, ".kubelint.yaml", "exclude: [helm-chart/]\n")
    assert "chart-render" not in _rules(".")
