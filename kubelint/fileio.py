"""Reading the files kubelint is given, and writing the files it produces (reports, rendered
charts, baselines, archives): atomically.

A read takes regular files only: a FIFO, a device or a socket named where a file belongs would
block or never end, so it is an error instead. A write goes to a temporary file in the target's
folder, is flushed to disk, and only then replaces the target in one `os.replace`. A crash, a
full disk or a kill half-way leaves the old file (or none) in place, never half of a new one.
A target that is there and is no regular file (`/dev/null`, `/dev/stdout`, a FIFO) is written
as it is: replaced, it would become a regular file (and, run as root, /dev/null one for all).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from kubelint.errors import InputError


def read_file(path: str | Path) -> bytes:
    """The bytes of a regular file (symbolic links followed). Anything else is an OSError, as
    is a file that cannot be opened: a FIFO is opened without waiting for a writer, and refused."""
    _check_name(path)
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        status = os.fstat(handle)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory")
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        # read to the end with os.read, the size known: a file object around the descriptor
        # (fdopen) cost a third of reading a manifest, a thousand of them in a lint
        parts = [os.read(handle, status.st_size + 1)]
        while parts[-1]:  # (a file that grew since, or one whose size says nothing: /proc)
            parts.append(os.read(handle, 1 << 16))
        return b"".join(parts)
    finally:
        os.close(handle)


def inside(path: str, folder: str) -> bool:
    """Whether the real path `path` is the real folder `folder` or within it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write `data` (text as UTF-8) to `path`, creating its folders; an OSError becomes a
    one-line InputError naming the path."""
    with writing(path) as out:
        out.write(data.encode("utf-8") if isinstance(data, str) else data)
    return Path(path)


@contextlib.contextmanager
def writing(path: str | Path) -> Iterator[BinaryIO]:
    """A binary file whose content replaces `path`'s once the block ends (nothing of it if the
    block fails), as `write_atomic` writes it: for what is written a piece at a time."""
    target = Path(path)
    try:
        _check_name(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_dir():
            raise IsADirectoryError(21, "Is a directory")
        if target.exists() and not target.is_file():
            with open(target, "wb") as device:
                yield device
            return
        mode = target.stat().st_mode & 0o777 if target.exists() else _default_mode()
        import tempfile  # only to write: with shutil and random, 3 ms of every start-up

        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with io.BufferedWriter(_WrittenBack(handle, "w")) as out:
                yield out
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, mode)
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError as exc:
        raise InputError(f"{target}: cannot write: {exc.strerror or exc}") from None


# Bytes written between two requests that the system start writing a file to the disk.
WRITE_BACK = 1 << 20


class _WrittenBack(io.FileIO):
    """A file whose pages the system is asked to start writing to the disk as it is written,
    a WRITE_BACK at a time (`POSIX_FADV_DONTNEED` does, on Linux): the `fsync` that ends a
    write then waits for little of it (an 8 MB report: 6-9 ms less, of 7-11)."""

    _unsent = 0

    def write(self, data: Any) -> int:
        written = super().write(data) or 0
        self._unsent += written
        if self._unsent >= WRITE_BACK and hasattr(os, "posix_fadvise"):
            self._unsent = 0
            os.posix_fadvise(self.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
        return written


def _check_name(path: str | Path) -> None:
    """A name the system cannot take (from a chart's name or a configuration) is an OSError,
    not the ValueError Python raises for it."""
    if "\0" in str(path):
        raise OSError(errno.EINVAL, "a file name cannot hold a NUL character")


def _default_mode() -> int:
    """What `open(path, "w")` would give a new file: 0o666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
