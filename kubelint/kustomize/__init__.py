"""Kustomize: Kustomization files checked (kubelint.kustomize.checks) and built in Python as
`kustomize build` builds them (kubelint.kustomize.build), each built object tracing its fields
to the file and line that set them (kubelint.kustomize.trace).

Here is what every lint run asks of Kustomize: which files are Kustomizations, and the layout
they make (empty without one). The checks and the build, some twenty modules, load when a run
has a Kustomization.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable
from typing import NamedTuple

from kubelint.fileio import inside
from kubelint.rules.base import Problem

FILE_NAMES = ("kustomization.yaml", "kustomization.yml", "Kustomization")


def run_folder(names: Iterable[str]) -> str:
    """The real folder holding every file of a run (the working folder for none)."""
    given = [os.path.realpath(name) for name in names]
    return os.path.commonpath(given) if given else os.path.realpath(".")


def reading_folder(root: str, common: str) -> str:
    """The folder below which a root's build reads, and its Kustomizations' paths are looked
    up: the working folder, or, for a root outside it (`kubelint lint /elsewhere/app`),
    `common`, the folder holding every file of the run (never the file system's root)."""
    if inside(os.path.realpath(root), os.path.realpath(".")) or common == os.sep:
        return "."
    return common


def is_kustomization(name: str) -> bool:
    return posixpath.basename(name) in FILE_NAMES


# A generator's behaviors; kustomize reads any other word as none ("unspecified"), which acts
# as create (rule `kustomization` warns of it).
BEHAVIORS = ("create", "replace", "merge")


class KustomizeProblem(NamedTuple):
    """A problem of a Kustomize file: its rule, message, file, document and path in it."""

    rule: str
    file: str
    document: int
    problem: Problem


class Layout:
    """What the Kustomizations of a run say: the files each root applies (its unit), the roots
    each holds (folders among its resources, at any depth), the files named as patches (by
    kind: "strategic" or "json6902"), the files read as data (a generator's files, a plugin's
    configuration: no objects), and their problems."""

    __slots__ = ("applied", "data", "holds", "patches", "problems")

    def __init__(self) -> None:
        self.applied: dict[str, frozenset[str]] = {}
        self.holds: dict[str, frozenset[str]] = {}
        self.patches: dict[str, str] = {}
        self.data: set[str] = set()
        self.problems: list[KustomizeProblem] = []
