"""A chart as a tree of plain data: Chart.yaml, values, schema, templates, files, subcharts.

A chart is read once, from a folder or a `.tgz` archive, into memory (`loader`, within bounds);
rendering never touches the filesystem. Chart.yaml errors use Helm's wording
(`chart.metadata.name is required`, …).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kubelint.chart.loader import Budget, ignored_files, read_archive, read_folder
from kubelint.chart.metadata import validate_metadata
from kubelint.chart.schemas import Validator, compile_schema, parse_schema
from kubelint.errors import ChartError, InputError
from kubelint.fileio import read_file
from kubelint.inputs import CHART_ARCHIVES
from kubelint.limits import DEFAULT_LIMITS, Limits
from kubelint.objects import describe
from kubelint.yamlload import LoadFailure, load_single

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
    schema: Validator | None  # values.schema.json, compiled
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
    Its files are read within `limits` (see `loader`), Chart.yaml, values.yaml and
    requirements.yaml parsed within them."""
    root = Path(path)
    location = path.rstrip("/") or path
    budget = Budget(limits)
    if root.is_file() and path.endswith(CHART_ARCHIVES):
        try:
            budget.check(root.stat().st_size, location)
            raw = read_file(root)
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror}") from None
        return _build(read_archive(raw, location, budget), location, budget, archived=True)
    if not root.is_dir():
        raise InputError(f"{path}: no such chart folder")
    if (root / "Chart.yaml").is_dir():  # any other kind of file fails to read, as it should
        raise InputError(f"{location}/Chart.yaml: cannot read: Is a directory")
    return _build(read_folder(root, location, budget), location, budget)


def _yaml(files: Mapping[str, bytes], name: str, location: str, limits: Limits) -> Any:
    try:
        return load_single(files[name], limits)
    except LoadFailure as exc:
        position = exc.problem.position
        line = f":{position.line}" if position else ""
        raise ChartError(f"{location}/{name}{line}: {exc.problem.message}") from None


def _build(files: dict[str, bytes], location: str, budget: Budget, archived: bool = False) -> Chart:
    limits = budget.limits
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
    schema = None
    if "values.schema.json" in files:
        where = f"{location}/values.schema.json"
        schema = compile_schema(parse_schema(files["values.schema.json"], where), where)
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
        _build(group, f"{location}/charts/{folder}", budget, archived)
        for folder, group in sorted(groups.items())
        if "Chart.yaml" in group
    ]
    for name, data in archives:
        where = f"{location}/charts/{name}"
        subcharts.append(_build(read_archive(data, where, budget), where, budget, archived=True))
    deps = tuple(_dependency(d) for d in dependencies if isinstance(d, dict))
    _all_present(deps, subcharts, files, location)
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


def aliased(chart: Chart, name: str) -> Chart:
    """The same chart under another name (a dependency's `alias`)."""
    return replace(chart, name=name)


def _all_present(
    deps: tuple[Dependency, ...], subcharts: list[Chart], files: dict[str, bytes], location: str
) -> None:
    """Helm's check that every dependency is in charts/ (`helm dependency build` puts it there)."""
    present = {sub.name for sub in subcharts}
    missing = [d.name for d in deps if d.name not in present]
    if missing:
        listed = "requirements.yaml" if "requirements.yaml" in files else "Chart.yaml"
        line = _line_naming(files.get(listed, b""), missing[0])
        raise ChartError(
            f"{location}/{listed}{f':{line}' if line else ''}: "
            "found in Chart.yaml, but missing in charts/ directory: "
            + ", ".join(missing)
            + " (fetch them with `helm dependency build`)"
        )


def _line_naming(text: bytes, name: str) -> int | None:
    """The line of the dependency entry `name: <name>`, under `dependencies:`."""
    entry = re.compile(rf"""^\s*(?:-\s*)?name:\s*['"]?{re.escape(name)}['"]?\s*(?:#.*)?$""")
    lines = text.decode("utf-8", "replace").splitlines()
    begin = next((n for n, line in enumerate(lines) if line.startswith("dependencies:")), None)
    if begin is None:
        return None
    return next((n for n, line in enumerate(lines[begin:], begin + 1) if entry.match(line)), None)
