"""Kubernetes versions whose API schemas ship in the `kubernetes-validate` package."""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path

from kubelint.errors import UsageError
from kubelint.printable import quote

_SCHEMA_DIR = re.compile(r"^v(1)\.(\d+)\.\d+-local$")


@functools.cache
def schema_root() -> Path:
    spec = importlib.util.find_spec("kubernetes_validate")
    if spec is None or not spec.submodule_search_locations:
        raise UsageError("the kubernetes-validate package is not installed; reinstall kubelint")
    return Path(next(iter(spec.submodule_search_locations))) / "kubernetes-json-schema"


@functools.cache
def supported_versions() -> tuple[str, ...]:
    """`("1.25", …, "1.37")`, oldest first, read from the installed package's folders."""
    found = {
        (int(m.group(1)), int(m.group(2)))
        for entry in schema_root().iterdir()
        if (m := _SCHEMA_DIR.match(entry.name))
    }
    return tuple(f"{major}.{minor}" for major, minor in sorted(found))


def resolve_version(requested: str | None) -> str:
    """The version asked for (X.Y, or X.Y.Z of which the patch is ignored), or the newest."""
    versions = supported_versions()
    if requested is None:
        return versions[-1]
    match = re.fullmatch(r"v?(\d+)\.(\d+)(?:\.\d+)?", requested.strip())
    version = f"{match.group(1)}.{match.group(2)}" if match else requested
    if version not in versions:
        raise UsageError(
            f"Kubernetes version {quote(requested)} is not supported; "
            f"supported: {', '.join(versions)}"
        )
    return version
