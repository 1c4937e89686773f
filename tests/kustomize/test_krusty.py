"""Kustomize's own table tests (api/krusty), as data: each case writes its files, builds a
folder, and compares the objects with what `kustomize build` outputs (or the error it gives).

A case file (tests/kustomize/krusty/*.yaml) holds one case per YAML document:

    source: api/krusty/<file>_test.go <TestName>
    run: overlay            # the folder built, relative to the case's root
    files: {path: content}  # every file the test writes
    expected: |             # kustomize's output, or instead
    error: "a substring of kustomize's error"
    reorder: legacy         # optional: the output order asked (krusty's default: none)
    kubelint:               # optional, where kubelint knowingly differs: what it gives
      error: "…"            #   instead (an error, or `expected`), and `reason`
      reason: "…"

Documents are compared parsed, in order: kustomize's own tests build with no reordering
(objects in the order read) unless they ask for the legacy order, which `kubelint build`
uses by default like `kustomize build`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from kubelint.kustomize.build import Builder
from kubelint.kustomize.command import where
from kubelint.kustomize.files import Files
from kubelint.kustomize.model import BuildError
from tests.conftest import kubelint

CASES = Path(__file__).parent / "krusty"


def _cases() -> list[Any]:
    out = []
    for path in sorted(CASES.glob("*.yaml")):
        for i, case in enumerate(yaml.safe_load_all(path.read_text())):
            if case:
                name = str(case.get("source", "")).rpartition(" ")[2] or str(i)
                out.append(pytest.param(case, id=f"{path.stem}-{i}-{name}"))
    return out


ALL = _cases()


def _write(root: Path, files: dict[str, str]) -> None:
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content)


def _expected(case: dict[str, Any]) -> dict[str, Any]:
    return case.get("kubelint") or case


def _documents(text: str) -> list[Any]:
    return [d for d in yaml.safe_load_all(text) if d is not None]


def build(root: Path, case: dict[str, Any]) -> list[Any]:
    files = Files(".")
    run = str(Path(case.get("run") or "."))
    assert Path.cwd() == root
    try:
        return [o.data for o in Builder(files).build(run, case.get("reorder", "none"))]
    except BuildError as exc:
        raise AssertionError(where(exc, files)) from exc


@pytest.mark.parametrize("case", ALL)
def test_case(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, case["files"])
    monkeypatch.chdir(tmp_path)
    want = _expected(case)
    if "error" in want:
        with pytest.raises(AssertionError) as failed:
            build(tmp_path, case)
        assert want["error"] in str(failed.value)
    else:
        assert build(tmp_path, case) == _documents(want["expected"])


# a few through the real command: every tenth of the cases written here
OWN = [c for c in ALL if "own_" in str(c.id)][::10]


@pytest.mark.parametrize("case", OWN)
def test_case_through_the_cli(
    case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kubelint build` prints what the build gives (krusty's order asked with --reorder)."""
    _write(tmp_path, case["files"])
    monkeypatch.chdir(tmp_path)
    run = kubelint("build", case.get("run") or ".", "--reorder", case.get("reorder", "none"))
    want = _expected(case)
    if "error" in want:
        assert run.exit_code == 1
        assert want["error"] in run.stderr
    else:
        assert run.exit_code == 0, run.stderr
        assert _documents(run.stdout) == _documents(want["expected"])


def test_most_cases_match_kustomize() -> None:
    """The cases where kubelint gives kustomize's own output or error (the others say why)."""
    matching = [c for c in ALL if "kubelint" not in c.values[0]]
    assert len(matching) >= min(150, len(ALL))
