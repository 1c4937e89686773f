from __future__ import annotations

import os
from pathlib import Path

import pytest

from kubelint.errors import InputError
from kubelint.fileio import write_atomic


def test_writes_text_and_creates_folders(tmp_path: Path) -> None:
    target = write_atomic(tmp_path / "a" / "b" / "report.txt", "héllo\n")
    assert target.read_bytes() == "héllo\n".encode()


def test_replaces_keeping_the_mode_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    target.chmod(0o600)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.json"
    target.write_text("good")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(InputError, match=r"out\.json: cannot write: No space left on device"):
        write_atomic(target, "half")
    assert target.read_text() == "good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_a_folder_in_the_way_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot write: Is a directory"):
        write_atomic(tmp_path, "x")
