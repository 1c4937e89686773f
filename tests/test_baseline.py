"""Baselines: findings recorded once stay hidden when lines move; only new ones are reported."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from kubelint import baseline
from kubelint.findings import Finding, ObjectRef, Severity
from kubelint.fingerprint import fingerprint
from tests.conftest import kubelint, write

FILES = 20


def _documents(i: int) -> dict[str, list[str]]:
    """Five documents, five findings: schema (2), duplicate-key (no object),
    service-nodeport-range, api-validation; each document as its top-level entries."""
    ns = ["  namespace: shop"]
    return {
        "a": ["apiVersion: v1", "kind: ConfigMap", "metadata:", f"  name: cm-{i}-a", *ns,
              "data:", "  replicas: 3"],
        "b": ["apiVersion: v1", "kind: ConfigMap", "metadata:", f"  name: cm-{i}-b", *ns,
              "data:", "  mode: fast", "  mode: slow"],
        "c": ["apiVersion: v1", "kind: Service", "metadata:", f"  name: svc-{i}", *ns,
              "spec:", "  type: NodePort",
              f"  ports: [{{port: 80, nodePort: {100 + i}}}]"],
        "d": ["apiVersion: v1", "kind: ConfigMap", "metadata:", f"  name: Bad_{i}", *ns,
              "data: {}"],
        "e": ["apiVersion: v1", "kind: ConfigMap", "metadata:", f"  name: cm-{i}-e", *ns,
              "data:", "  enabled: true"],
    }  # fmt: skip


def _top_level(lines: list[str]) -> list[list[str]]:
    """A document's top-level keys, each with its indented lines."""
    entries: list[list[str]] = []
    for line in lines:
        if line.startswith(" "):
            entries[-1].append(line)
        else:
            entries.append([line])
    return entries


def _file(i: int, moved: bool, defect: bool) -> str:
    documents = _documents(i)
    if defect and i == 7:  # one new finding: a string field given a number
        documents["e"].append("  size: 10")
    order = ["e", "c", "a", "d", "b"] if moved else ["a", "b", "c", "d", "e"]
    texts = []
    for name in order:
        lines = documents[name]
        if moved:  # comments and blank lines above, keys reordered
            entries = _top_level(lines)
            lines = ["# moved", "", *[line for entry in reversed(entries) for line in entry]]
        texts.append("\n".join(lines) + "\n")
    return "---\n".join(texts)


def _corpus(root: Path, moved: bool = False, defect: bool = False) -> None:
    for i in range(FILES):
        write(root, f"team-{i % 4}/app-{i:02d}.yaml", _file(i, moved, defect))


def test_moved_lines_keep_old_findings_hidden_and_show_the_new_one(tmp_path: Path) -> None:
    root = tmp_path / "deploy"
    _corpus(root)
    before = kubelint("lint", str(root), "--format", "json")
    assert before.exit_code == 1
    assert len(before.json()["findings"]) == 100
    assert {f["rule"] for f in before.json()["findings"]} == {
        "schema", "duplicate-key", "service-nodeport-range", "api-validation"
    }  # fmt: skip

    written = kubelint("lint", str(root), "--write-baseline", "baseline.json")
    assert written.exit_code == 0, written.stdout
    assert "wrote 100 findings to the baseline baseline.json" in written.stderr

    _corpus(root, moved=True, defect=True)
    moved = kubelint("lint", str(root), "--format", "json", "--baseline", "baseline.json")
    [new] = moved.json()["findings"]
    assert (new["rule"], new["file"]) == ("schema", f"{root}/team-3/app-07.yaml")
    assert new["object"]["name"] == "cm-7-e"
    assert new["path"] == "data.size"
    assert moved.exit_code == 1
    assert "hid 100 known findings" in moved.stderr

    _corpus(root, moved=True)
    clean = kubelint("lint", str(root), "--format", "json", "--baseline", "baseline.json")
    assert clean.exit_code == 0, clean.stdout
    assert clean.json()["findings"] == []


def test_the_baseline_is_sorted_one_finding_a_line_with_relative_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _corpus(tmp_path / "deploy")
    kubelint("lint", "deploy", "--write-baseline", "ci/baseline.json")
    text = (tmp_path / "ci" / "baseline.json").read_text()
    document = json.loads(text)
    entries = document["findings"]
    assert document["kubelint-baseline"] == 1
    assert len(entries) == 100
    assert len(text.splitlines()) == 100 + 5  # one line a finding, and the frame
    assert entries[0]["file"] == "../deploy/team-0/app-00.yaml"
    assert entries == sorted(entries, key=lambda e: (e["file"], e["rule"]))
    assert set(entries[0]) == {"rule", "file", "object", "path", "message", "fingerprint"}
    # a run from another folder, naming the files another way, still matches them
    monkeypatch.chdir(tmp_path / "ci")
    inner = kubelint("lint", str(tmp_path / "deploy" / "team-0"), "--baseline", "baseline.json")
    assert inner.exit_code == 0, inner.stdout
    assert "hid 25 known findings; 75 of its entries no longer occur" in inner.stderr


def test_the_configuration_names_the_baseline(tmp_path: Path) -> None:
    _corpus(tmp_path / "deploy")
    write(tmp_path, ".kubelint.yaml", "baseline: .kubelint-baseline.json\n")
    # writing it does not need the (missing) baseline the configuration names
    assert kubelint("lint", "deploy", "--write-baseline", ".kubelint-baseline.json").exit_code == 0
    run = kubelint("lint", "deploy")
    assert run.exit_code == 0, run.stdout
    assert "hid 100 known findings" in run.stderr


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (None, "missing.json: cannot read baseline: No such file or directory"),
        ("{not json", "missing.json:1: not a kubelint baseline: invalid JSON"),
        ('{"findings": []}', 'missing.json: not a kubelint baseline (expected "kubelint-baseline"'),
        ('{"kubelint-baseline": 1, "findings": {}}', '"findings" is not a list'),
        ('{"kubelint-baseline": 1, "findings": [{"file": "a"}]}', "finding 1 lacks"),
    ],
)
def test_a_bad_baseline_is_a_one_line_error(
    tmp_path: Path, content: str | None, error: str
) -> None:
    write(tmp_path, "a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
    if content is not None:
        write(tmp_path, "missing.json", content)
    run = kubelint("lint", "a.yaml", "--baseline", "missing.json")
    assert run.exit_code == 2
    assert error in run.stderr
    assert len(run.stderr.splitlines()) == 1


def _finding(name: str, line: int) -> Finding:
    ref = ObjectRef("v1", "ConfigMap", "shop", name)
    message = "data.x: expected string"
    return Finding(
        "schema", Severity.ERROR, message, "a.yaml", line, 3, ref, "data.x",
        fingerprint=fingerprint("schema", message, ref, "data.x"),
    )  # fmt: skip


def test_matching_counts_equal_findings(tmp_path: Path) -> None:
    path = str(tmp_path / "b.json")
    assert baseline.write(path, [_finding("a", 1), _finding("a", 5)]) == 2
    known = baseline.read(path)
    three = [_finding("a", 10), _finding("a", 20), _finding("a", 30)]
    outcome = baseline.apply(path, three, known)
    assert outcome.findings == three[2:]
    assert (outcome.hidden, outcome.gone) == (2, 0)
    outcome = baseline.apply(path, [_finding("b", 1)], known)
    assert (len(outcome.findings), outcome.hidden, outcome.gone) == (1, 0, 2)
    assert baseline.read(path) == Counter(known)


def test_an_empty_baseline_is_valid_json(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    assert baseline.write(str(path), []) == 0
    assert json.loads(path.read_text()) == {"kubelint-baseline": 1, "findings": []}


def test_rewriting_after_lines_moved_changes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "deploy"
    _corpus(root)
    kubelint("lint", str(root), "--write-baseline", "before.json")
    _corpus(root, moved=True)
    kubelint("lint", str(root), "--write-baseline", "after.json")
    before = (tmp_path / "before.json").read_text()
    assert before == (tmp_path / "after.json").read_text()
    assert "first defined at line #" in before


def test_a_fifo_as_baseline_is_refused_without_waiting(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
    os.mkfifo(tmp_path / "pipe.json")
    run = kubelint("lint", "a.yaml", "--baseline", "pipe.json")
    assert run.exit_code == 2
    assert "pipe.json: cannot read baseline: not a regular file" in run.stderr


@pytest.mark.parametrize("partial", [["--changed-files", "all"], ["--changed-since", "HEAD"]])
def test_a_baseline_is_written_from_the_whole_input_only(
    tmp_path: Path, partial: list[str]
) -> None:
    write(tmp_path, "deploy/web.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n")
    run = kubelint("lint", "deploy", "--write-baseline", "baseline.json", *partial)
    assert run.exit_code == 2
    assert "--write-baseline records the findings of the whole input" in run.stderr
    assert not (tmp_path / "baseline.json").exists()
