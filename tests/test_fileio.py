from __future__ import annotations

import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from kubelint.errors import InputError
from kubelint.fileio import WRITE_BACK, read_file, write_atomic, writing


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


def test_what_is_written_a_piece_at_a_time_replaces_the_file_once_complete(
    tmp_path: Path,
) -> None:
    target = tmp_path / "out.json"
    target.write_text("good")
    with writing(target) as out:
        out.write(b"new ")
        assert target.read_text() == "good"
        out.write(b"text")
    assert target.read_text() == "new text"

    def fails() -> None:
        with writing(target) as out:
            out.write(b"half")
            raise RuntimeError("the report failed")

    with pytest.raises(RuntimeError):
        fails()
    assert target.read_text() == "new text"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


@pytest.mark.skipif(not hasattr(os, "posix_fadvise"), reason="no posix_fadvise here")
def test_a_large_file_is_sent_to_the_disk_as_it_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    advised: list[tuple[int, int]] = []
    real = os.posix_fadvise

    def fadvise(fd: int, offset: int, length: int, advice: int) -> None:
        advised.append((os.fstat(fd).st_size, advice))
        real(fd, offset, length, advice)

    monkeypatch.setattr(os, "posix_fadvise", fadvise)
    piece = bytes(range(256)) * 1000
    target = tmp_path / "report.json"
    with writing(target) as out:
        for _ in range(25):
            out.write(piece)
    assert target.read_bytes() == piece * 25
    # a request once a WRITE_BACK more is written: after 5 pieces of 256 kB each time
    sizes = [size for size, advice in advised if advice == os.POSIX_FADV_DONTNEED]
    assert len(sizes) == len(advised) == 5
    assert all(size >= (n + 1) * WRITE_BACK for n, size in enumerate(sizes))


def test_a_folder_in_the_way_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot write: Is a directory"):
        write_atomic(tmp_path, "x")


def test_what_is_no_regular_file_is_written_in_place(tmp_path: Path) -> None:
    # replaced, /dev/null would become a regular file: a FIFO stands for it here
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_atomic(fifo, "report\n")
    reader.join(timeout=10)
    assert received == [b"report\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_read_file_reads_regular_files_and_links_to_them(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(b"a: 1\n")
    os.symlink("a.yaml", tmp_path / "link.yaml")
    assert read_file(tmp_path / "link.yaml") == b"a: 1\n"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (os.mkfifo, "not a regular file"),  # opened without waiting for a writer
        (os.mkdir, "Is a directory"),
        (lambda path: os.symlink(path, path), "Too many levels of symbolic links"),
    ],
)
def test_read_file_refuses_what_is_not_a_regular_file(
    tmp_path: Path, make: Callable[[Path], None], reason: str
) -> None:
    make(tmp_path / "x.yaml")
    with pytest.raises(OSError, match=reason):
        read_file(tmp_path / "x.yaml")
