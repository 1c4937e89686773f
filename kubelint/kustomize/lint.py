"""Kustomize roots built for `kubelint lint`: each root of a run (a folder whose Kustomization
is no Component) is built, and its objects are linted as one unit in place of its files'.

A built object's fields trace to the file and line that set them (the base, a patch, the
Kustomization), so a finding on it points there. A root that does not build is linted file by
file as before, with one finding on the line at fault: an error when `kustomize build` would
fail there, a note for a remote resource (never fetched) and for what kubelint does not build
yet. A file is linted on its own only when some root that applies it did not build.

A build reads below the working folder, or, for a root outside it (`kubelint lint
/elsewhere/app`), below the folder holding every file of the run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial

from kubelint.findings import Position, Severity
from kubelint.kustomize import reading_folder
from kubelint.kustomize.build import Builder, Built
from kubelint.kustomize.files import Files
from kubelint.kustomize.model import BuildError, Res
from kubelint.limits import Limits
from kubelint.objects import Resource, make_ref
from kubelint.yamlload import Document, JsonPath, LoadedFile, SourceFile


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a root did not build: its finding (severity, message, file, position)."""

    severity: Severity
    message: str
    source: SourceFile
    position: Position
    read: frozenset[str]  # the files the build read before it failed


@dataclass(slots=True)
class Builds:
    """The roots of a run built: their objects by root, the files they read, the failures."""

    objects: dict[str, list[Resource]] = field(default_factory=dict)
    read: dict[str, frozenset[str]] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)

    def replaced(self, applied: Mapping[str, frozenset[str]]) -> frozenset[str]:
        """The files whose objects the builds stand for: read by a build, and applied by no
        root that failed."""
        failed = [files for root, files in applied.items() if root not in self.objects]
        read = frozenset().union(*self.read.values()) if self.read else frozenset()
        return read - frozenset().union(*failed) if failed else read


def build_roots(
    roots: Iterable[str],
    parsed: Mapping[str, LoadedFile],
    namespace: str,
    limits: Limits,
    common: str,
) -> Builds:
    """Build each root (`common`: the folder holding every file of the run, `run_folder`)."""
    out = Builds()
    built: dict[tuple[str, str], Built] = {}  # each folder's build, for every root naming it
    for root in roots:
        top = reading_folder(root, common)
        # as `kustomize build --load-restrictor LoadRestrictionsNone`: samples name `../x.yaml`
        files = Files(top, parsed, limits, root_only=False)
        try:
            objects = Builder(files, built).build(root)
        except BuildError as exc:
            out.failures.append(_failure(exc, root, files))
            continue
        name = files.kustomization(root)
        kustomization = files.yaml(name)
        out.objects[root] = [
            _resource(obj, kustomization, i, namespace) for i, obj in enumerate(objects)
        ]
        out.read[root] = frozenset(files.read)
    return out


def _resource(obj: Res, kustomization: LoadedFile, index: int, namespace: str) -> Resource:
    """A built object as rules see it: its file is the Kustomization that built it."""
    document = Document(kustomization.source, index, obj.data, 1)
    fallback = kustomization.documents[0] if kustomization.documents else document
    return Resource(
        obj.data,
        document,
        (),
        make_ref(obj.data, namespace),
        locator=partial(_locate, obj, fallback),
    )


def _locate(obj: Res, fallback: Document, path: JsonPath, key: bool) -> tuple[SourceFile, Position]:
    site = obj.trace.locate(obj.data, path, key)
    if site is None:
        return fallback.source, fallback.position(())
    return site.locate(key)


def _failure(error: BuildError, root: str, files: Files) -> Failure:
    message = error.message
    if (
        message.startswith(("remote resource", "kubelint does not build"))
        or "outside the" in message
    ):
        severity = Severity.INFO
        message += "; the Kustomization is linted file by file"
    else:
        severity = Severity.ERROR
        message = f"does not build: {message}"
    try:
        loaded = files.yaml(error.file or files.kustomization(root))
    except BuildError:
        loaded = files.yaml(files.kustomization(root))
    read = frozenset(files.read)
    if not loaded.documents:
        return Failure(severity, message, loaded.source, Position(1, 1), read)
    return Failure(severity, message, loaded.source, loaded.documents[0].position(error.at), read)
