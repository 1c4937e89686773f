"""Changed files: the charts they belong to, and what changed since a git ref (real repositories)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kubelint.changes import affected, changed_since_ref, only_changed
from kubelint.errors import UsageError
from kubelint.inputs import ChartInput, ManifestInput
from tests.conftest import write
from tests.gitrepo import commit, git, init

CHART = "apiVersion: v2\nname: {name}\nversion: 0.1.0\n"
MANIFEST = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """charts/web (a chart with a subchart db and an archived one), deploy/ (plain manifests),
    and a folder named charts/ that is no chart's."""
    write(tmp_path, "charts/web/Chart.yaml", CHART.format(name="web"))
    write(tmp_path, "charts/web/values.yaml", "replicas: 1\n")
    write(tmp_path, "charts/web/templates/deployment.yaml", "kind: {{ x }}\n")
    write(tmp_path, "charts/web/templates/_helpers.tpl", "")
    write(tmp_path, "charts/web/charts/db/Chart.yaml", CHART.format(name="db"))
    write(tmp_path, "charts/web/charts/db/templates/statefulset.yaml", "")
    write(tmp_path, "charts/web/charts/cache-1.0.0.tgz", b"")
    write(tmp_path, "charts/web/charts/db/charts/x/Chart.yaml", CHART.format(name="x"))
    write(tmp_path, "charts/web/charts/db/charts/x/values.yaml", "")
    write(tmp_path, "deploy/app.yaml", MANIFEST)
    write(tmp_path, "deploy/app.json", "{}")
    write(tmp_path, "deploy/README.md", "")
    return tmp_path


def test_manifests_outside_charts(tree: Path) -> None:
    files = ["deploy/app.yaml", "charts/web/values.yaml", "deploy/README.md", "deploy/app.json"]
    assert affected(files, "manifests") == ["deploy/app.yaml", "deploy/app.json"]


def test_a_chart_file_stands_for_its_chart_once(tree: Path) -> None:
    files = [
        "charts/web/templates/_helpers.tpl",
        "deploy/app.yaml",
        "charts/web/values.yaml",
        "charts/web/Chart.yaml",
    ]
    assert affected(files, "charts") == ["charts/web"]
    assert affected(files, "all") == ["charts/web", "deploy/app.yaml"]


@pytest.mark.parametrize(
    "file",
    [
        "charts/web/charts/db/templates/statefulset.yaml",
        "charts/web/charts/cache-1.0.0.tgz",
        "charts/web/charts/db/charts/x/values.yaml",
        "charts/web/charts/db",
    ],
)
def test_a_subchart_file_stands_for_the_chart_that_renders_it(tree: Path, file: str) -> None:
    assert affected([file], "charts") == ["charts/web"]


def test_a_chart_folder_is_its_own_chart_and_paths_keep_their_form(tree: Path) -> None:
    absolute = str(tree / "charts/web/values.yaml")
    assert affected(["charts/web", absolute], "charts") == ["charts/web", str(tree / "charts/web")]
    os.chdir(tree / "charts/web/templates")
    assert affected(["deployment.yaml"], "charts") == [".."]


def test_only_changed_keeps_changed_manifests_and_charts_holding_a_change(tree: Path) -> None:
    inputs = [ChartInput("charts/web"), ManifestInput("deploy/app.yaml"), ManifestInput("x.yaml")]
    assert only_changed(inputs, ["charts/web/charts/db/templates/statefulset.yaml"]) == [
        ChartInput("charts/web")
    ]
    assert only_changed(inputs, [str(tree / "deploy/app.yaml"), "deploy/README.md"]) == [
        ManifestInput("deploy/app.yaml")
    ]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """main: base.yaml, gone.yaml, old.yaml; branch `feature` forked from it."""
    init(tmp_path)
    for name in ("base.yaml", "gone.yaml", "old.yaml", "sub/kept.yaml"):
        write(tmp_path, name, MANIFEST)
    write(tmp_path, ".gitignore", "ignored.yaml\n")
    commit(tmp_path, "base")
    git(tmp_path, "checkout", "--quiet", "-b", "feature")
    return tmp_path


def test_changes_since_the_merge_base_committed_or_not(repo: Path) -> None:
    write(repo, "committed.yaml", MANIFEST)
    git(repo, "mv", "old.yaml", "renamed.yaml")
    git(repo, "rm", "--quiet", "gone.yaml")
    commit(repo, "feature work")
    git(repo, "checkout", "--quiet", "main")  # main moves on after the fork: not our change
    write(repo, "on-main.yaml", MANIFEST)
    commit(repo, "main work")
    git(repo, "checkout", "--quiet", "feature")
    write(repo, "staged.yaml", MANIFEST)
    git(repo, "add", "staged.yaml")
    write(repo, "base.yaml", MANIFEST + "data: {a: b}\n")  # unstaged
    write(repo, "untracked.yaml", MANIFEST)
    write(repo, "ignored.yaml", MANIFEST)
    (repo / "sub/kept.yaml").unlink()  # deleted, not committed

    changed = changed_since_ref("main")
    assert sorted(changed) == [
        "base.yaml",
        "committed.yaml",
        "renamed.yaml",
        "staged.yaml",
        "untracked.yaml",
    ]


def test_changed_paths_are_relative_to_the_current_folder(repo: Path) -> None:
    write(repo, "sub/new.yaml", MANIFEST)
    write(repo, "top.yaml", MANIFEST)
    os.chdir(repo / "sub")
    assert sorted(changed_since_ref("main")) == ["../top.yaml", "new.yaml"]


def test_nothing_changed(repo: Path) -> None:
    assert changed_since_ref("main") == []
    assert changed_since_ref("HEAD") == []


def test_an_unknown_ref_is_a_usage_error_naming_it(repo: Path) -> None:
    with pytest.raises(
        UsageError, match=r'^--changed-since origin/main: no commit named "origin/main"'
    ):
        changed_since_ref("origin/main")


def test_an_option_like_ref_is_not_passed_to_git_as_an_option(repo: Path) -> None:
    with pytest.raises(UsageError, match='no commit named "--output=x"'):
        changed_since_ref("--output=x")
    assert not (repo / "x").exists()


def test_outside_a_git_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    with pytest.raises(UsageError, match=r"--changed-since main: .* is not in a git repository"):
        changed_since_ref("main")


def test_unrelated_history_names_the_shallow_clone_fix(repo: Path) -> None:
    git(repo, "checkout", "--quiet", "--orphan", "other")
    commit(repo, "unrelated")
    with pytest.raises(UsageError, match=r"no common commit .*fetch-depth: 0"):
        changed_since_ref("main")
