"""Kustomize: Kustomization files checked (kubelint.kustomize.checks) and built in Python as
`kustomize build` builds them (kubelint.kustomize.build), each built object tracing its fields
to the file and line that set them (kubelint.kustomize.trace).

Here is what every lint run asks of Kustomize: which files are Kustomizations, and the layout
they make (empty without one). The checks and the build, some twenty modules, load when a run
has a Kustomization.
"""

from __future__ import annotations

import posixpath
from typing import NamedTuple

from kubelint.rules.base import Problem

FILE_NAMES = ("kustomization.yaml", "kustomization.yml", "Kustomization")


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
    """What the Kustomizations of a run say: the files each root applies (its unit), the files
    named as patches (by kind: "strategic" or "json6902"), the files read as data (a
    generator's files, a plugin's configuration: no objects), and their problems."""

    __slots__ = ("applied", "data", "patches", "problems")

    def __init__(self) -> None:
        self.applied: dict[str, frozenset[str]] = {}
        self.patches: dict[str, str] = {}
        self.data: set[str] = set()
        self.problems: list[KustomizeProblem] = []
