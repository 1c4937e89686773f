"""Units: which objects a rule across objects lets see each other, the way a user deploys them.

A *unit* is what is applied as one:

- a chart (every rendered template);
- a Kustomize root (a folder with `kustomization.yaml`): the files its `resources` and
  `components` name, and, through folders that are Kustomizations themselves, what those name;
- a folder matched by the configuration's `units:` patterns: every file under it;
- otherwise a folder's own files, as `kubectl apply -f FOLDER` applies them.

Rules about conflicts (the same object twice, a nodePort taken twice, claims competing for a
volume) look within each unit. A reference (a name, a selector) resolves to the nearest
candidate: the same file, then the same folder, then below it, then the parent folder and its
other subfolders (an app split into sibling folders), then the files of the folders further up
(never their other subfolders: other samples). Within a chart, a Kustomize root or a configured
unit only its members are candidates; plain folders never see into one, nor out of one.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

# How far up a reference made in a plain folder looks into other folders' subtrees: its own
# folder's (0) and its parent's (1: an app split into sibling folders). Further up, only the
# folders' own files (shared configuration), never their other subfolders (other samples).
REACH = 1


class Place(NamedTuple):
    """Where an object's file sits: its closed unit (None: plain folders), folder and file."""

    unit: str | None
    folder: tuple[str, ...]
    file: str

    def distance(self, other: Place) -> tuple[int, int]:
        """How near `other` is: (-1, 0) the same file; else (folders up from here to the
        nearest common folder, folders down from there to `other`)."""
        if self.file == other.file:
            return (-1, 0)
        common = 0
        for mine, theirs in zip(self.folder, other.folder, strict=False):
            if mine != theirs:
                break
            common += 1
        return (len(self.folder) - common, len(other.folder) - common)


def folder_of(file: str) -> tuple[str, ...]:
    """A file's folder as its parts: `a/b/c.yaml` → ("a", "b")."""
    parent = posixpath.dirname(posixpath.normpath(file))
    return tuple(part for part in parent.split("/") if part not in ("", "."))


class Units(NamedTuple):
    """The place of every file of a run, and the files of each closed unit."""

    places: Mapping[str, Place]
    members: Mapping[str, frozenset[str]]  # closed unit → its files (pulled-in ones too)

    def place(self, file: str) -> Place:
        return self.places.get(file) or Place(None, folder_of(file), file)

    def sees(self, viewer: Place, file: str) -> bool:
        """Whether an object of `file` is a candidate for a reference made at `viewer`: in a
        closed unit, a member of it; in plain folders, a plain file within reach (`REACH`)."""
        place = self.place(file)
        if viewer.unit is None:
            if place.unit is not None:
                return False
            up, down = viewer.distance(place)
            return down == 0 or up <= REACH
        return file in self.members[viewer.unit]

    def groups(self, files: Iterable[str]) -> list[tuple[list[str], bool]]:
        """The units as lists of files, in the order of `files`, each with whether its files
        are surely applied together: each closed unit (with the files it pulls in), yes; each
        plain folder's own files, not surely (its files may be alternatives)."""
        by_key: dict[tuple[str | None, tuple[str, ...]], list[str]] = {}
        ordered = list(files)
        for file in ordered:
            place = self.place(file)
            if place.unit is None:
                by_key.setdefault((None, place.folder), []).append(file)
        closed = [[f for f in ordered if f in members] for members in self.members.values()]
        plain = [(group, False) for group in by_key.values()]
        return plain + [(group, True) for group in closed if group]


def _folder_place(folder: str) -> Place:
    return Place(None, folder_of(f"{folder}/-"), f"{folder}/")


def plan(
    files: Iterable[str],
    charts: Mapping[str, str],
    kustomizations: Mapping[str, frozenset[str]],
    configured: Callable[[str], bool],
) -> Units:
    """The units of a run's files.

    `charts` maps a rendered file to its chart; `kustomizations` maps each Kustomize root to
    the files it applies; `configured` says whether a folder (`a/b`) is a configured unit.
    A file's own unit is its chart, else the nearest Kustomize root applying it, else the
    outermost configured folder holding it.
    """
    members: dict[str, set[str]] = {f"chart:{chart}": set() for chart in charts.values()}
    for file, chart in charts.items():
        members[f"chart:{chart}"].add(file)
    for root, applied in kustomizations.items():
        members[f"kustomize:{root}"] = set(applied)
    places: dict[str, Place] = {}
    outermost: dict[tuple[str, ...], str | None] = {}  # folder → its configured unit, if any
    for file in files:
        folder = folder_of(file)
        unit: str | None = f"chart:{charts[file]}" if file in charts else None
        if unit is None:
            here = Place(None, folder, file)
            roots = [root for root, applied in kustomizations.items() if file in applied]
            if roots:
                nearest = min(roots, key=lambda root: here.distance(_folder_place(root)))
                unit = f"kustomize:{nearest}"
        if unit is None:
            if folder not in outermost:
                prefix = "/" if file.startswith("/") else ""
                paths = (prefix + "/".join(folder[:depth]) for depth in range(1, len(folder) + 1))
                outermost[folder] = next((path for path in paths if configured(path)), None)
            if (path := outermost[folder]) is not None:
                unit = f"folder:{path}"
                members.setdefault(unit, set()).add(file)
        places[file] = Place(unit, folder, file)
    return Units(places, {key: frozenset(value) for key, value in members.items()})
