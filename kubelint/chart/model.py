"""A chart as a tree of plain data: Chart.yaml, values, schema, templates, files, subcharts.

A chart is read once, from a folder or a `.tgz` archive, into memory; rendering never touches the
filesystem. A symbolic link that leaves the chart is an error, as is an archive member outside
its folder. Chart.yaml errors use Helm's wording (`chart.metadata.name is required`, …).
"""

from __future__ import annotations

import io
import json
import os
import tarfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

import jsonschema_rs
import pathspec

from kubelint.bundled import load_schema
from kubelint.chart import semver
from kubelint.dataload import DataError, json_loads
from kubelint.errors import ChartError, InputError
from kubelint.fileio import read_file
from kubelint.objects import describe
from kubelint.yamlload import DEFAULT_LIMITS, Limits, LoadFailure, format_path, load_single

MAX_CHART_BYTES = 100 * 1024 * 1024  # what an archive may expand to (Helm's default, too)
_SPECIAL = frozenset(
    {
        "Chart.yaml",
        "Chart.lock",
        "values.yaml",
        "values.schema.json",
        "requirements.yaml",
        "requirements.lock",
    }
)
_ALWAYS_IGNORED = ("templates/.?*",)  # Helm ignores hidden files in templates/


@dataclass(frozen=True, slots=True)
class Dependency:
    """An entry of Chart.yaml's `dependencies` (requirements.yaml for apiVersion v1)."""

    name: str
    version: str | None = None
    repository: str | None = None
    condition: str | None = None
    tags: tuple[str, ...] = ()
    alias: str | None = None
    import_values: tuple[Any, ...] = ()

    @property
    def key(self) -> str:
        return self.alias or self.name


@dataclass(frozen=True, slots=True)
class Chart:
    name: str  # what templates and values see: the alias of an aliased dependency
    metadata: Mapping[str, Any]
    location: str  # the chart's folder (or archive) as findings show it
    values: Mapping[str, Any]
    schema: Mapping[str, Any] | None
    templates: Mapping[str, str]  # "templates/service.yaml" → text, in path order
    files: Mapping[str, bytes]  # what `Files` sees
    dependencies: tuple[Dependency, ...] = ()
    subcharts: tuple[Chart, ...] = field(default=())
    archived: bool = False  # read from a .tgz: `location` is no folder

    @property
    def is_library(self) -> bool:
        return self.metadata.get("type") == "library"

    @property
    def version(self) -> str:
        return str(self.metadata.get("version", ""))

    def template_path(self, name: str) -> str:
        """Where template `name` (e.g. `templates/x.yaml`) is, as findings show it."""
        return f"{self.location}/{name}"


def load_chart(path: str, limits: Limits = DEFAULT_LIMITS) -> Chart:
    """Read the chart at `path`: a folder with Chart.yaml, or a `.tgz` made by `helm package`.
    Chart.yaml, values.yaml and requirements.yaml are read within `limits`."""
    root = Path(path)
    location = path.rstrip("/") or path
    if root.is_file() and path.endswith((".tgz", ".tar.gz")):
        try:
            raw = read_file(root)
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror}") from None
        return _from_archive(raw, location, limits)
    if not root.is_dir():
        raise InputError(f"{path}: no such chart folder")
    if (root / "Chart.yaml").is_dir():  # any other kind of file fails to read, as it should
        raise InputError(f"{location}/Chart.yaml: cannot read: Is a directory")
    return _build(dict(read_folder(root, location)), location, limits)


def read_folder(root: Path, location: str) -> Iterator[tuple[str, bytes]]:
    real_root = os.path.realpath(root)
    seen: set[str] = set()
    for folder, dirs, files in os.walk(root, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen or not _inside(real, real_root):
            dirs[:] = []
            if not _inside(real, real_root):
                shown = Path(folder).relative_to(root).as_posix()
                raise ChartError(
                    f"{location}/{shown}: symbolic link out of the chart (to {real}); a chart may"
                    " only use its own files"
                )
            continue
        seen.add(real)
        dirs.sort()
        under = Path(folder).relative_to(root).as_posix()
        for name in sorted(files):
            full = os.path.join(folder, name)
            relative = name if under == "." else f"{under}/{name}"
            # a file that is no link is where its folder is, inside the chart
            target = os.path.realpath(full) if os.path.islink(full) else real
            if not _inside(target, real_root):
                raise ChartError(
                    f"{location}/{relative}: symbolic link out of the chart (to {target}); a"
                    " chart may only use its own files"
                )
            try:
                yield relative, read_file(full)
            except OSError as exc:
                raise InputError(f"{location}/{relative}: cannot read: {exc.strerror}") from None


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _from_archive(raw: bytes, location: str, limits: Limits) -> Chart:
    files: dict[str, bytes] = {}
    total = 0
    try:
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r:*") as archive:
            for member in archive:
                parts = PurePosixPath(member.name).parts
                if member.name.startswith("/") or ".." in parts:
                    raise ChartError(f"{location}: archive member {member.name!r} leaves the chart")
                if not member.isfile():
                    if member.issym() or member.islnk():
                        raise ChartError(f"{location}: archive member {member.name!r} is a link")
                    continue
                total += member.size
                if total > MAX_CHART_BYTES:
                    raise ChartError(f"{location}: archive expands to more than 100 MiB")
                data = archive.extractfile(member)
                if data is not None and len(parts) > 1:
                    files["/".join(parts[1:])] = data.read()
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise ChartError(f"{location}: not a chart archive: {exc}") from None
    return _build(files, location, limits, archived=True)


def ignored_files(files: Mapping[str, bytes]) -> pathspec.GitIgnoreSpec:
    lines = list(_ALWAYS_IGNORED)
    if ".helmignore" in files:
        lines += files[".helmignore"].decode("utf-8", "replace").splitlines()
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _yaml(files: Mapping[str, bytes], name: str, location: str, limits: Limits) -> Any:
    try:
        return load_single(files[name], limits)
    except LoadFailure as exc:
        position = exc.problem.position
        line = f":{position.line}" if position else ""
        raise ChartError(f"{location}/{name}{line}: {exc.problem.message}") from None


def _values_schema(raw: bytes, location: str) -> Any:
    """The chart's values.schema.json: JSON read within bounds (kubelint.dataload)."""
    where = f"{location}/values.schema.json"
    try:
        return json_loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ChartError(f"{where}: not valid JSON: not UTF-8 text") from None
    except DataError as exc:
        raise ChartError(f"{exc.where(where)}: not valid JSON: {exc}") from None


def _build(files: dict[str, bytes], location: str, limits: Limits, archived: bool = False) -> Chart:
    spec = ignored_files(files)
    files = {name: data for name, data in files.items() if not spec.match_file(name)}
    if "Chart.yaml" not in files:
        raise ChartError(f"{location}: Chart.yaml file is missing")
    metadata = _yaml(files, "Chart.yaml", location, limits)
    if metadata is None:
        raise ChartError(f"{location}/Chart.yaml: chart.metadata is required")
    if not isinstance(metadata, dict):
        raise ChartError(f"{location}/Chart.yaml: expected a mapping, found {describe(metadata)}")
    validate_metadata(metadata, f"{location}/Chart.yaml")
    dependencies = metadata.get("dependencies") or []
    if metadata.get("apiVersion") == "v1" and "requirements.yaml" in files:
        requirements = _yaml(files, "requirements.yaml", location, limits) or {}
        dependencies = (
            requirements.get("dependencies") or [] if isinstance(requirements, dict) else []
        )
    values = _yaml(files, "values.yaml", location, limits) if "values.yaml" in files else None
    if values is None:
        values = {}
    if not isinstance(values, dict):
        raise ChartError(
            f"{location}/values.yaml: values must be a mapping, found {describe(values)}"
        )
    schema = (
        _values_schema(files["values.schema.json"], location)
        if "values.schema.json" in files
        else None
    )
    templates: dict[str, str] = {}
    own: dict[str, bytes] = {}
    groups: dict[str, dict[str, bytes]] = {}
    archives: list[tuple[str, bytes]] = []
    for name in sorted(files):
        data = files[name]
        if name.startswith("templates/"):
            templates[name] = data.decode("utf-8", "replace")
        elif name.startswith("charts/"):
            rest = name[len("charts/") :]
            if "/" in rest:
                folder, _, inner = rest.partition("/")
                groups.setdefault(folder, {})[inner] = data
            elif rest.endswith((".tgz", ".tar.gz")):
                archives.append((rest, data))
        elif name not in _SPECIAL:
            own[name] = data
    subcharts = [
        _build(group, f"{location}/charts/{folder}", limits, archived)
        for folder, group in sorted(groups.items())
        if "Chart.yaml" in group
    ] + [_from_archive(data, f"{location}/charts/{name}", limits) for name, data in archives]
    deps = tuple(_dependency(d) for d in dependencies if isinstance(d, dict))
    present = {sub.name for sub in subcharts}
    missing = [d.name for d in deps if d.name not in present]
    if missing:
        raise ChartError(
            f"{location}: found in Chart.yaml, but missing in charts/ directory: "
            + ", ".join(missing)
        )
    name = str(metadata["name"])
    return Chart(
        name=name,
        metadata=metadata,
        location=location,
        values=values,
        schema=schema,
        templates=templates,
        files=own,
        dependencies=deps,
        subcharts=tuple(subcharts),
        archived=archived,
    )


def _dependency(data: Mapping[str, Any]) -> Dependency:
    tags = data.get("tags") or ()
    imports = data.get("import-values") or ()
    return Dependency(
        name=str(data.get("name", "")),
        version=_text(data.get("version")),
        repository=_text(data.get("repository")),
        condition=_text(data.get("condition")),
        tags=tuple(str(t) for t in tags) if isinstance(tags, list) else (),
        alias=_text(data.get("alias")),
        import_values=tuple(imports) if isinstance(imports, list) else (),
    )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def validate_metadata(md: dict[str, Any], where: str) -> None:
    """Helm's checks of Chart.yaml, in Helm's order and words; then kubelint's schema."""

    def fail(message: str) -> ChartError:
        return ChartError(f"{where}: {message}")

    if md.get("appVersion") is not None and not isinstance(md["appVersion"], str):
        md["appVersion"] = str(md["appVersion"])  # `appVersion: 1.10` is meant as text
    if not md.get("apiVersion"):
        raise fail("chart.metadata.apiVersion is required")
    name = md.get("name")
    if name is None or name == "":
        raise fail("chart.metadata.name is required")
    if name in (".", ".."):
        raise fail(f"chart.metadata.name {json.dumps(str(name))} is not allowed")
    if not isinstance(name, str) or "/" in name or "\\" in name:
        raise fail(f"chart.metadata.name {json.dumps(str(name))} is invalid")
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
    seen: set[str] = set()
    for dependency in md.get("dependencies") or ():
        if dependency is None:
            raise fail("dependencies must not contain empty or null nodes")
        if not isinstance(dependency, dict):
            continue
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
    errors = schema_errors(load_schema("chart.schema.json"), md)
    if errors:
        raise fail(errors[0])


def _alias_ok(alias: str) -> bool:
    return bool(alias) and all(c.isalnum() or c in "-_" for c in alias) and alias.isascii()


def schema_errors(schema: Mapping[str, Any], instance: Any) -> list[str]:
    """Every violation of JSON schema `schema` by `instance`, as `field.path: message`, sorted."""
    try:
        validator = jsonschema_rs.validator_for(dict(schema))
    except (ValueError, jsonschema_rs.ValidationError) as exc:
        raise ChartError(f"invalid JSON schema: {exc}") from None
    found = sorted(
        (format_path(tuple(e.instance_path)) or "(root)", e.message)
        for e in validator.iter_errors(instance)
    )
    return [f"{path}: {message}" for path, message in found]


def aliased(chart: Chart, name: str) -> Chart:
    """The same chart under another name (a dependency's `alias`)."""
    return replace(chart, name=name)
