"""Deprecated and removed API versions: the table in `deprecations.yaml`, read once."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import NamedTuple

import yaml

_TABLE = Path(__file__).with_name("deprecations.yaml")
KUBERNETES = "Kubernetes"


def version_key(version: str) -> tuple[int, ...]:
    """`"1.9"` < `"1.16"`: Kubernetes versions compared as numbers."""
    return tuple(int(part) for part in version.split("."))


class Deprecation(NamedTuple):
    """An apiVersion of a kind that is deprecated or removed, and what replaces it."""

    api_version: str
    kind: str
    removed: str  # the first Kubernetes version that no longer serves it
    deprecated: str | None = None  # the first version that warns, when within reach
    replacements: tuple[str, ...] = ()  # newest first
    note: str | None = None
    # An add-on's API (cert-manager, Istio): `removed` is the add-on's release, and no supported
    # release serves it, whatever the Kubernetes version.
    component: str = KUBERNETES

    def removed_in(self, version: str) -> bool:
        """Whether Kubernetes `version` (with today's releases of an add-on) no longer serves it."""
        return self.component != KUBERNETES or version_key(version) >= version_key(self.removed)

    def deprecated_in(self, version: str) -> bool:
        return self.deprecated is not None and version_key(version) >= version_key(self.deprecated)


@functools.cache
def table() -> dict[tuple[str, str], Deprecation]:
    """`(apiVersion, kind)` → its deprecation, from the packaged data file."""
    entries = yaml.load(_TABLE.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    found: dict[tuple[str, str], Deprecation] = {}
    for entry in entries:
        for kind in entry["kinds"]:
            found[(entry["apiVersion"], kind)] = Deprecation(
                api_version=entry["apiVersion"],
                kind=kind,
                removed=entry["removed"],
                deprecated=entry.get("deprecated"),
                replacements=tuple(entry.get("replacements", ())),
                note=entry.get("note"),
                component=entry.get("component", KUBERNETES),
            )
    return found
