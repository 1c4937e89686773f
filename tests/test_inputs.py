"""The inputs a folder holds, named as the user's path names them (pathlib's own spelling)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kubelint.inputs import discover
from tests.conftest import write

FILES = ("a.yaml", "c.json", "sub/b.yml", "sub/deeper/Kustomization")  # in the order walked


@pytest.mark.parametrize("given", [".", "./", "app", "app/", "./app//", "app/../app", "ABS"])
def test_files_in_a_folder_are_named_as_pathlib_joins_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    for name in FILES:
        write(tmp_path, f"app/{name}", "{}\n")
    monkeypatch.chdir(tmp_path / "app" if given in (".", "./") else tmp_path)
    folder = str(tmp_path / "app") if given == "ABS" else given
    names = [item.name for item in discover([folder], lambda _: False)]
    assert names == [(Path(folder) / name).as_posix() for name in FILES]
    assert all(os.path.isfile(name) for name in names)
