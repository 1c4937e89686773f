"""The translated krusty cases (tests/kustomize/krusty) are well formed: each parses, names its
source, the folder to build (which holds a kustomization) and its files, and expects exactly one
of an output (a YAML stream) or an error."""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).parent / "krusty"
CASES = sorted(DATA.glob("*.yaml"))
KUSTOMIZATIONS = ("kustomization.yaml", "kustomization.yml", "Kustomization")


def test_the_suite_is_there() -> None:
    assert len(CASES) >= 180
    assert len({path.name.split("__")[0] for path in CASES}) >= 40


def _documents() -> list[object]:
    out = []
    for path in CASES:
        for i, case in enumerate(yaml.safe_load_all(path.read_text(encoding="utf-8"))):
            if case is not None:
                out.append(pytest.param(path, case, id=f"{path.stem}-{i}"))
    return out


@pytest.mark.parametrize(("path", "case"), _documents())
def test_case_is_well_formed(path: Path, case: object) -> None:
    assert isinstance(case, dict)
    outcome = {"expected", "error"} & set(case)
    assert set(case) - {"reorder", "kubelint"} == {"source", "run", "files"} | outcome
    assert len(outcome) == 1
    go_file, _, test = case["source"].partition(" ")
    assert go_file.startswith("api/krusty/")
    assert go_file.endswith("_test.go")
    if "__" in path.stem:  # one case a file, named after its test function
        assert test.startswith(path.name.split("__")[1].removesuffix(".yaml"))
    files = case["files"]
    assert isinstance(files, dict)
    assert files
    for name, content in files.items():
        assert isinstance(content, str)
        assert not name.startswith("/"), name
        assert ".." not in name.split("/"), name
    run = posixpath.normpath(case["run"])
    assert any(
        posixpath.join(run, name) in files or (run == "." and name in files)
        for name in KUSTOMIZATIONS
    )
    if "expected" in case:
        documents = list(yaml.safe_load_all(case["expected"]))
        assert all(isinstance(document, dict) for document in documents if document is not None)
    else:
        assert isinstance(case["error"], str)
