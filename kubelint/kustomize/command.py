"""`kubelint build DIR`: the YAML `kustomize build DIR` prints, or one line naming the file
and line of the first error."""

from __future__ import annotations

import os

from kubelint.errors import EXIT_FINDINGS, InputError, KubelintError
from kubelint.fileio import inside
from kubelint.kustomize.build import Builder
from kubelint.kustomize.files import Files
from kubelint.kustomize.model import BuildError
from kubelint.kustomize.output import to_yaml
from kubelint.limits import DEFAULT_LIMITS, Limits


class BuildFailure(KubelintError):
    """A Kustomization that does not build: exit 1, like a finding."""

    exit_code = EXIT_FINDINGS


def top_for(directory: str) -> str:
    """The folder a build may read: the working folder, or the folder built when it lies
    elsewhere."""
    here = os.path.realpath(".")
    return "." if inside(os.path.realpath(directory), here) else directory


def build_text(
    directory: str, reorder: str = "legacy", root_only: bool = True, limits: Limits = DEFAULT_LIMITS
) -> str:
    if not os.path.isdir(directory):
        raise InputError(
            f"{directory}: not a folder (kubelint build takes a Kustomization's folder)"
        )
    files = Files(top_for(directory), limits=limits, root_only=root_only)
    try:
        return to_yaml(Builder(files).build(directory, reorder))
    except BuildError as exc:
        raise BuildFailure(where(exc, files)) from None


def where(error: BuildError, files: Files) -> str:
    """`file:line:column: message` (or less, as far as the error says where)."""
    if error.file is None:
        return error.message
    try:
        loaded = files.yaml(error.file)
    except BuildError:
        return f"{error.file}: {error.message}"
    if not loaded.documents:
        return f"{error.file}: {error.message}"
    position = loaded.documents[0].position(error.at)
    return f"{error.file}:{position.line}:{position.column}: {error.message}"
