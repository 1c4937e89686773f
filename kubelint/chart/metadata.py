"""Chart.yaml's checks, Helm's (pkg/chart/metadata.go) in Helm's order and words, then kubelint's
schema of it (`schemas/chart.schema.json`).

As Helm does, the free-text fields are cleaned: white space becomes a space and other
characters that do not print (control characters, NUL) are dropped, so nothing a chart says
can forge a line of a report or of an index. A name or a version is not cleaned but checked:
with a control character it is invalid (Helm's semver rejects such a version; kubelint rejects
such a name too, where Helm would quietly change it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from kubelint.chart import semver
from kubelint.chart.schemas import chart_yaml_violations
from kubelint.errors import ChartError

_TEXT_FIELDS = (
    "description",
    "home",
    "icon",
    "condition",
    "tags",
    "appVersion",
    "kubeVersion",
    "sources",
    "keywords",
)


def _clean(text: str) -> str:
    return "".join(" " if c.isspace() else c for c in text if c.isspace() or c.isprintable())


def _sanitize(data: dict[str, Any], keys: Iterable[str]) -> None:
    """Helm's sanitizeString on the text (or list of texts) under each of `keys`."""
    for key in keys:
        value = data.get(key)
        if isinstance(value, str):
            data[key] = _clean(value)
        elif isinstance(value, list):
            data[key] = [_clean(v) if isinstance(v, str) else v for v in value]


def validate_metadata(md: dict[str, Any], where: str) -> None:
    """Helm's checks of Chart.yaml, in Helm's order and words; then kubelint's schema."""

    def fail(message: str) -> ChartError:
        return ChartError(f"{where}: {message}")

    if md.get("appVersion") is not None and not isinstance(md["appVersion"], str):
        md["appVersion"] = str(md["appVersion"])  # `appVersion: 1.10` is meant as text
    _sanitize(md, _TEXT_FIELDS)
    if not md.get("apiVersion"):
        raise fail("chart.metadata.apiVersion is required")
    name = md.get("name")
    if name is None or name == "":
        raise fail("chart.metadata.name is required")
    if name in (".", ".."):
        raise fail(f"chart.metadata.name {json.dumps(str(name))} is not allowed")
    if not isinstance(name, str) or "/" in name or "\\" in name:
        raise fail(f"chart.metadata.name {json.dumps(str(name))} is invalid")
    if not name.isprintable():
        raise fail(
            f"chart.metadata.name {json.dumps(name)} is invalid: control characters are not allowed"
        )
    version = md.get("version")
    if version is None or version == "":
        raise fail("chart.metadata.version is required")
    if not semver.is_valid(str(version)):
        raise fail(f"chart.metadata.version {json.dumps(str(version))} is invalid")
    md["version"] = str(version)
    if md.get("type", "") not in ("", "application", "library"):
        raise fail("chart.metadata.type must be application or library")
    for maintainer in md.get("maintainers") or ():
        if maintainer is None:
            raise fail("maintainers must not contain empty or null nodes")
        if isinstance(maintainer, dict):
            _sanitize(maintainer, ("name", "email", "url"))
    seen: set[str] = set()
    for dependency in md.get("dependencies") or ():
        if dependency is None:
            raise fail("dependencies must not contain empty or null nodes")
        if not isinstance(dependency, dict):
            continue
        _sanitize(dependency, ("name", "version", "repository", "condition", "tags"))
        alias = dependency.get("alias")
        if alias is not None and not _alias_ok(str(alias)):
            raise fail(
                f"dependency {json.dumps(str(dependency.get('name')))} has disallowed characters"
                " in the alias"
            )
        key = str(alias or dependency.get("name"))
        if key in seen:
            raise fail(f"more than one dependency with name or alias {json.dumps(key)}")
        seen.add(key)
    kube_version = md.get("kubeVersion")
    if kube_version is not None:
        try:
            semver.parse_constraint(str(kube_version))
        except semver.ConstraintError:
            raise fail(
                f"kubeVersion {json.dumps(str(kube_version))} is not a valid constraint"
            ) from None
    # a field left empty (`dependencies:` with nothing under it) is null, which Helm reads as
    # the field's zero value, not as a value of the wrong type (Bitnami's kube-prometheus-crds)
    errors = chart_yaml_violations({key: value for key, value in md.items() if value is not None})
    if errors:
        raise fail(errors[0])


def _alias_ok(alias: str) -> bool:
    return bool(alias) and all(c.isalnum() or c in "-_" for c in alias) and alias.isascii()
