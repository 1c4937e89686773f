"""Reading a chart's files, from a folder or a `.tgz` archive, into memory, within bounds.

A folder is walked as Helm's loader walks it (helm's internal/sympath): in name order, a
symbolic link to a folder walked under the link's own name, so `a -> templates` gives both
`a/…` and `templates/…` and hides nothing. A link that resolves outside the chart is an error
naming the link, and its target is never opened; so is a link to a folder it is already in (a
loop). `.helmignore` applies during the walk: an ignored folder is not read at all.

Every file counts against `limits.max-file-size`, and all of one chart's files — subcharts, and
what their archives expand to, included — against `limits.max-chart-size`, each checked before
the bytes are read or allocated (a file reached by several links is read once, but counts each
time); each file and folder costs 512 bytes more, as a tar header does, so that links to links
cannot make a walk endless. In an archive, a member outside its folder or a link is an error,
and a GNU long-name or pax header counts as a file: a header of gigabytes in a small `.tgz` is
refused before it is read.
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import tarfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pathspec

from kubelint.errors import ChartError, InputError
from kubelint.fileio import inside, read_file
from kubelint.limits import Limits

_ALWAYS_IGNORED = ("templates/.?*",)  # Helm ignores hidden files in templates/
# What each file or folder costs beyond its data, in a folder as in an archive (a tar header):
# so that a walk through links to links, or an archive of empty members, is bounded too.
_ENTRY = tarfile.BLOCKSIZE
_PATH_MAX = 4096  # characters of a path, as on Linux: an archive member's name is no longer


@dataclass(slots=True)
class Budget:
    """What one chart's files may add up to: each within `max-file-size`, all within
    `max-chart-size`. One budget is shared by a chart and every subchart and archive in it."""

    limits: Limits
    used: int = 0

    def check(self, size: int, where: str, what: str = "the file") -> None:
        """Raise ChartError naming the limit that `size` more bytes of `where` would pass."""
        if size > self.limits.max_file_size:
            said = self.limits.exceeded("max_file_size", f"{what} is {size:,} bytes")
            raise ChartError(f"{where}: {said}")
        if self.used + size > self.limits.max_chart_size:
            total = f"the chart's files come to {self.used + size:,} bytes with this one"
            raise ChartError(f"{where}: {self.limits.exceeded('max_chart_size', total)}")

    def take(self, size: int, where: str, what: str = "the file") -> None:
        """Count `size` bytes of `where`, within the limits."""
        self.check(size, where, what)
        self.used += size

    def entry(self, where: str) -> None:
        """Count a file's or folder's entry (what a tar header costs), within the total."""
        self.used += _ENTRY
        self.check(0, where)


def ignore_spec(helmignore: bytes | None) -> pathspec.GitIgnoreSpec:
    """The files a chart leaves out: its `.helmignore` (gitignore syntax) and Helm's defaults."""
    lines = list(_ALWAYS_IGNORED)
    if helmignore is not None:
        lines += helmignore.decode("utf-8", "replace").splitlines()
    return pathspec.GitIgnoreSpec.from_lines(lines)


def ignored_files(files: Mapping[str, bytes]) -> pathspec.GitIgnoreSpec:
    return ignore_spec(files.get(".helmignore"))


def read_folder(root: Path, location: str, budget: Budget) -> dict[str, bytes]:
    """The files of the chart folder `root` (shown as `location`) by path relative to it, less
    what its `.helmignore` leaves out."""
    try:
        return _Folder(root, location, budget).files()
    except RecursionError:
        raise ChartError(f"{location}: folders nest too deep to read") from None


Entry = tuple[str, str, os.stat_result]  # a name in a folder, its real path, what it is


class _Folder:
    """One walk of a chart folder. Each real folder is listed, and each of its links resolved,
    once however many paths lead to it: the budget bounds how many paths are walked."""

    def __init__(self, root: Path, location: str, budget: Budget) -> None:
        self.location, self.budget = location, budget
        self.real_root = os.path.realpath(root)
        self.listed: dict[str, list[Entry]] = {}
        self.read: dict[tuple[int, int], bytes] = {}  # by (device, inode)
        self.helmignore = None
        if os.path.lexists(root / ".helmignore"):
            _, real, info = self._entry(self.real_root, ".helmignore", ".helmignore")
            self.helmignore = self._read(real, ".helmignore", info)
        self.spec = ignore_spec(self.helmignore)

    def files(self) -> dict[str, bytes]:
        files = {} if self.helmignore is None else {".helmignore": self.helmignore}
        self._walk(self.real_root, "", (self.real_root,), files)
        return dict(sorted(files.items()))

    def _walk(
        self, folder: str, under: str, ancestors: tuple[str, ...], out: dict[str, bytes]
    ) -> None:
        for name, real, info in self._entries(folder, under):
            relative = f"{under}{name}"
            if relative == ".helmignore":
                continue
            if stat.S_ISDIR(info.st_mode):
                if self.spec.match_file(relative + "/"):
                    continue
                self.budget.entry(f"{self.location}/{relative}")
                if real in ancestors:
                    raise ChartError(
                        f"{self.location}/{relative}: symbolic link to a folder it is in (a loop)"
                    )
                self._walk(real, relative + "/", (*ancestors, real), out)
            elif not self.spec.match_file(relative):
                out[relative] = self._read(real, relative, info)

    def _entries(self, folder: str, under: str) -> list[Entry]:
        if folder not in self.listed:
            try:
                names = sorted(os.listdir(folder))
            except OSError as exc:
                shown = f"{self.location}/{under}"
                raise InputError(f"{shown}: cannot read: {exc.strerror}") from None
            self.listed[folder] = [self._entry(folder, name, under + name) for name in names]
        return self.listed[folder]

    def _entry(self, folder: str, name: str, relative: str) -> Entry:
        """`name` in the real folder `folder`: a link that leaves the chart is refused before
        anything reads it."""
        shown = f"{self.location}/{relative}"
        real = os.path.join(folder, name)
        if os.path.islink(real):
            real = os.path.realpath(real)
            if not inside(real, self.real_root):
                raise ChartError(
                    f"{shown}: symbolic link out of the chart; a chart may only use its own files"
                )
        try:
            return name, real, os.stat(real)
        except OSError as exc:
            raise InputError(f"{shown}: cannot read: {exc.strerror}") from None

    def _read(self, real: str, relative: str, info: os.stat_result) -> bytes:
        """A regular file's bytes, counted in the budget; read once however many links lead to
        it (Helm reads each, but counts each too)."""
        shown = f"{self.location}/{relative}"
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{shown}: cannot read: not a regular file")
        self.budget.entry(shown)
        self.budget.take(info.st_size, shown)
        key = (info.st_dev, info.st_ino)
        if key not in self.read:
            try:
                self.read[key] = read_file(real)
            except OSError as exc:
                raise InputError(f"{shown}: cannot read: {exc.strerror or exc}") from None
        return self.read[key]


def read_archive(raw: bytes, location: str, budget: Budget) -> dict[str, bytes]:
    """The files of a chart archive (`helm package` output: gzip, or a plain tar) by path
    relative to its top folder."""
    files: dict[str, bytes] = {}
    try:
        stream = _Stream(raw, location, budget)
        with tarfile.open(fileobj=stream, mode="r:") as archive:
            for member in archive:
                if len(member.name) > _PATH_MAX:
                    raise ChartError(
                        f"{location}: an archive member's name is {len(member.name):,} characters"
                        f" long (a path has at most {_PATH_MAX:,})"
                    )
                parts = PurePosixPath(member.name).parts
                where = f"{location}: {member.name}"
                if member.name.startswith("/") or ".." in parts:
                    raise ChartError(f"{location}: archive member {member.name!r} leaves the chart")
                budget.take(member.offset_data - member.offset, where, "its header")
                if not member.isfile():
                    if member.issym() or member.islnk():
                        raise ChartError(f"{location}: archive member {member.name!r} is a link")
                    continue
                budget.check(member.size, where)
                data = archive.extractfile(member)
                if data is not None and len(parts) > 1:
                    files["/".join(parts[1:])] = data.read()
                budget.take(member.size, where)
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise ChartError(f"{location}: not a chart archive: {exc}") from None
    except RecursionError:
        raise ChartError(f"{location}: not a chart archive: headers chained too deep") from None
    return files


class _Stream(io.BufferedIOBase):
    """An archive's tar bytes, as tarfile reads them. Members are counted in the budget before
    their data is read, so a read beyond what the budget allows is an extended header's (a GNU
    long name, pax records): it is refused before anything is decompressed or allocated."""

    def __init__(self, raw: bytes, location: str, budget: Budget) -> None:
        super().__init__()
        source = io.BytesIO(raw)
        self.inner: Any = gzip.GzipFile(fileobj=source) if raw[:2] == b"\x1f\x8b" else source
        self.location, self.budget = location, budget

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            size = self.budget.limits.max_chart_size + 1
        self.budget.check(size, self.location, "an archive header")
        data: bytes = self.inner.read(size)
        return data

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        position: int = self.inner.seek(offset, whence)
        return position

    def tell(self) -> int:
        position: int = self.inner.tell()
        return position
