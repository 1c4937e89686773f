"""The files a build reads, within bounds.

A build reads only below the folder it was allowed (`top`: the working folder for `lint` and
`build`): a Kustomization's path that leads elsewhere, by `..` or by a symbolic link, is a
build error naming the entry, and the file is never opened. Within that, kustomize's own rule
holds unless lifted (`root_only`): a file a Kustomization names (a resource, a patch, a
generator's source) lies in or below the Kustomization's folder; only folders (other
Kustomizations) may lie beside it.
Remote resources (URLs, git) are never fetched.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field

from kubelint.fileio import inside, read_file
from kubelint.kustomize import FILE_NAMES
from kubelint.kustomize.checks import is_remote
from kubelint.kustomize.model import BuildError
from kubelint.limits import DEFAULT_LIMITS, Limits
from kubelint.yamlload import LoadedFile, load


def join(folder: str, entry: str) -> str:
    return posixpath.normpath(posixpath.join(folder, entry))


@dataclass(slots=True)
class Files:
    """Reads a build's files: those of the run already parsed (`parsed`, by name), else from
    disk, below `top` only."""

    top: str
    parsed: Mapping[str, LoadedFile] = field(default_factory=dict)
    limits: Limits = DEFAULT_LIMITS
    # kustomize's default load restriction: a file lies in or below its Kustomization's folder
    # (`kustomize build --load-restrictor LoadRestrictionsNone` lifts it; `top` always holds)
    root_only: bool = True
    read: set[str] = field(default_factory=set)  # every file read as YAML, by name
    _loaded: dict[str, LoadedFile] = field(default_factory=dict)
    # `top` resolved once: resolving it took as long as resolving each path checked
    _real_top: str = field(init=False)

    def __post_init__(self) -> None:
        self._real_top = os.path.realpath(self.top)

    def within(self, path: str) -> bool:
        return inside(os.path.realpath(path), self._real_top)

    def check(self, path: str, folder: str, entry: str, file: bool = True) -> None:
        """Refuse a path outside `top`, or a file outside its Kustomization's folder."""
        if is_remote(entry):
            raise BuildError(
                f"remote resource {entry!r} is not fetched (kubelint reads no network)"
            )
        if not self.within(path):
            raise BuildError(f"{entry!r} is outside the folder kubelint reads ({self.top})")
        if self.root_only and file and not inside(os.path.realpath(path), os.path.realpath(folder)):
            raise BuildError(f"security; file {entry!r} is not in or below {folder!r}")

    def kustomization(self, folder: str) -> str:
        """The Kustomization file of a folder."""
        found = [join(folder, name) for name in FILE_NAMES if os.path.isfile(join(folder, name))]
        if not found:
            raise BuildError(
                f"unable to find one of 'kustomization.yaml', 'kustomization.yml' or"
                f" 'Kustomization' in directory '{folder}'"
            )
        if len(found) > 1:
            raise BuildError(f"Found multiple kustomization files under: {folder}")
        return found[0]

    def yaml(self, path: str) -> LoadedFile:
        self.read.add(path)
        if path in self.parsed:
            return self.parsed[path]
        if path not in self._loaded:
            self._loaded[path] = load(path, self.raw(path), self.limits)
        return self._loaded[path]

    def raw(self, path: str) -> bytes:
        if not self.within(path):
            raise BuildError(f"{path!r} is outside the folder kubelint reads ({self.top})")
        try:
            return read_file(path)
        except OSError as exc:
            raise BuildError(f"{path}: cannot read: {exc.strerror or exc}") from None


def unreadable(loaded: LoadedFile) -> str | None:
    """Why a file cannot be read as YAML (a duplicate key is kubelint's finding, not
    kustomize's error): `line:column: message`, or None."""
    for problem in loaded.problems:
        if problem.rule != "duplicate-key":
            where = problem.position
            return f"{where.line}:{where.column}: {problem.message}" if where else problem.message
    return None
