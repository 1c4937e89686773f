"""Compiled templates kept on disk between runs, as Python keeps `.pyc` files.

Compiling is most of a first render's time. Each chart folder has one pack file in the cache
folder (`$KUBELINT_CACHE_DIR`, else `$XDG_CACHE_HOME/kubelint`, else `~/.cache/kubelint`;
`KUBELINT_CACHE_DIR=` with no value turns it off) holding the compiled code of its templates,
each under a key of its source, name and everything that shapes the compiled code (Python,
Jinja2 and kubelint versions, the engine's settings); the parsed trees of its Go templates are
kept beside it, in a pack of their own (`gotmpl.treecache`). A pack that cannot be read is
ignored, one that cannot be written is skipped: the cache never changes what a render gives,
only how fast.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import CodeType
from typing import Any

from kubelint import __version__
from kubelint.errors import InputError
from kubelint.fileio import read_file, write_atomic

_FORMAT = 1
_MAX_PACKS = 256  # chart folders remembered; the oldest half goes when there are more
# Characters of compiled Python source one pack keeps (its code is about as large again): a
# giant template is compiled again each run rather than written to the cache.
_MAX_PACK_SOURCE = 8_000_000


def cache_dir() -> Path | None:
    setting = os.environ.get("KUBELINT_CACHE_DIR")
    if setting is not None:
        return Path(setting) if setting else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kubelint"


def template_key(settings: str, name: str, source: str) -> str:
    import jinja2  # (here: the cache folder serves runs that render no template too)

    text = "\0".join((sys.version, jinja2.__version__, __version__, settings, name, source))
    return hashlib.sha256(text.encode()).hexdigest()


def _with_filename(code: CodeType, filename: str) -> CodeType:
    """The code (and the functions within it) as if compiled from `filename`."""
    consts = tuple(
        _with_filename(c, filename) if isinstance(c, CodeType) else c for c in code.co_consts
    )
    return code.replace(co_filename=filename, co_consts=consts)


# Packs this process has read, by path: the file's (mtime, size) then, and its entries. A
# process rendering many charts, or one chart many times, reads each pack once.
_READ: dict[Path, tuple[tuple[int, int], Any]] = {}
_READ_SIZE = 64


def pack_path(location: str, suffix: str) -> Path | None:
    """The pack file of the chart folder `location` (one per kind of pack: `suffix`), or None
    when the cache is off."""
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(os.path.realpath(location).encode()).hexdigest()[:32]
    return folder / "templates" / f"{digest}{suffix}"


def read_pack(path: Path, loads: Callable[[bytes], Any]) -> Any:
    """A pack's entries (`loads` of its bytes), only if this user owns it and nobody else may
    change it or its folder: cached templates run as the user, like a `.pyc` file (anything
    else is an OSError, taken as a miss)."""
    for place in (path.parent, path):
        info = place.stat()
        if info.st_uid != os.getuid() or info.st_mode & 0o022:
            raise OSError(f"{place}: not private to this user")
    stamp = (info.st_mtime_ns, info.st_size)
    known = _READ.get(path)
    if known is not None and known[0] == stamp:
        return known[1]
    entries = loads(read_file(path))
    if len(_READ) >= _READ_SIZE:
        _READ.clear()
    _READ[path] = (stamp, entries)
    return entries


def write_pack(path: Path, data: bytes) -> None:
    """Write a pack (a failure is skipped) and forget the oldest of its kind past `_MAX_PACKS`."""
    with contextlib.suppress(InputError, OSError):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(path, data)
        packs = sorted(path.parent.glob("*" + path.suffix), key=lambda p: p.stat().st_mtime)
        for old in packs[: len(packs) - _MAX_PACKS // 2] if len(packs) > _MAX_PACKS else ():
            old.unlink()


def _code_entries(data: bytes) -> dict[str, tuple[str, CodeType]]:
    stored = marshal.loads(data)
    return stored[1] if isinstance(stored, tuple) and stored[:1] == (_FORMAT,) else {}


class CodePack:
    """The compiled templates of one chart: (Python source lines, code) by template key."""

    def __init__(self, location: str) -> None:
        self.path = pack_path(location, ".pack")
        self.entries: dict[str, tuple[str, CodeType]] = {}
        self.used: set[str] = set()
        self.dirty = False
        if self.path is not None:
            with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
                self.entries = dict(read_pack(self.path, _code_entries))

    def get(self, key: str, filename: str) -> tuple[str, CodeType] | None:
        found = self.entries.get(key)
        if found is None:
            return None
        text, code = found
        return text, _with_filename(code, filename)

    def keep(self, key: str, text: str, code: CodeType) -> None:
        """Note that this render uses the template of `key` (compiled here or found)."""
        if len(text) > _MAX_PACK_SOURCE:
            return
        if key not in self.entries:
            self.entries[key] = (text, code)
            self.dirty = True
        self.used.add(key)

    def save(self) -> None:
        """Write the pack if it gained templates (keeping only those this render used)."""
        if self.path is None or not (self.dirty or set(self.entries) - self.used):
            return
        kept: dict[str, tuple[str, CodeType]] = {}
        size = 0
        for key, (text, code) in self.entries.items():
            if key in self.used and size + len(text) <= _MAX_PACK_SOURCE:
                kept[key] = (text, code)
                size += len(text)
        write_pack(self.path, marshal.dumps((_FORMAT, kept)))
