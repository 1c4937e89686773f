"""Parsing on two cores gives exactly what a sequential parse gives, errors included."""

from __future__ import annotations

from pathlib import Path

import pytest

from kubelint import parallel
from kubelint.errors import InputError
from kubelint.inputs import STDIN_NAME, ManifestInput
from kubelint.yamlload import Limits, LoadedFile, load
from tests.conftest import kubelint, write

DOC = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\ndata: {{k: v{i}}}\n"


def _files(tmp_path: Path, count: int = 12) -> list[ManifestInput]:
    items = []
    for i in range(count):
        text = "---\n".join(DOC.format(i=f"{i}-{j}") for j in range(i + 1))
        if i == 7:
            text += "---\nkind: [\n"  # a syntax error keeps the documents before it
        items.append(ManifestInput(str(write(tmp_path, f"f{i:02d}.yaml", text))))
    return items


def _summary(loaded: list[LoadedFile]) -> list[object]:
    return [
        (f.source.name, f.source.text, [(d.index, d.line, d.data) for d in f.documents],
         [(p.rule, p.message, p.position) for p in f.problems])
        for f in loaded
    ]  # fmt: skip


def test_two_cores_give_the_sequential_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = _files(tmp_path)
    sequential = _summary([load(item.name, item.read()) for item in items])
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 1)
    assert parallel._can_fork()
    assert _summary(parallel.load_files(items, Limits())) == sequential


def test_an_unreadable_file_raises_as_sequentially(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = _files(tmp_path)
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 1)
    monkeypatch.setattr(parallel, "_sizes", lambda found: [1] * len(found))
    for broken in (2, 10):  # in the first half, then in the worker's
        missing = [*items[:broken], ManifestInput(str(tmp_path / "gone.yaml")), *items[broken:]]
        with pytest.raises(InputError, match=r"gone\.yaml: cannot read"):
            parallel.load_files(missing, Limits())


def test_stdin_is_read_here(tmp_path: Path) -> None:
    items = [*_files(tmp_path, 2), ManifestInput(STDIN_NAME)]
    assert parallel._sizes(items) is None


def test_the_cli_result_is_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _files(tmp_path)
    write(tmp_path, "bad.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: 1x}\nspec: {}\n")
    sequential = kubelint("lint", str(tmp_path), "--format", "json")
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 1)
    assert kubelint("lint", str(tmp_path), "--format", "json").stdout == sequential.stdout
    assert sequential.json()["findings"]
