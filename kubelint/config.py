"""Configuration: `.kubelint.yaml`, `--config FILE`, or `[tool.kubelint]` in pyproject.toml.

Without `--config`, the file is looked for in the working directory, then in each folder above
it up to the repository's root (the folder holding `.git`), as ruff and yamllint do: the
nearest wins. Paths in the file (excludes, the baseline) are relative to its folder.

The file is checked against a JSON schema built from the rule registry, so a typo in a key, a
rule id, an option name or an option's type is an error that names the key (and its line).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from kubelint.bundled import offline_validator
from kubelint.dataload import DataError, toml_loads
from kubelint.errors import ConfigError
from kubelint.fileio import read_file
from kubelint.findings import Severity
from kubelint.limits import DEFAULT_LIMITS, Limits
from kubelint.rules import REGISTRY
from kubelint.yamlload import format_path, load

if TYPE_CHECKING:
    import pathspec

CONFIG_FILES = (".kubelint.yaml", ".kubelint.yml")
_SEVERITIES = ["error", "warning", "info"]


class RuleSettings(NamedTuple):
    """One rule as the configuration sets it: on or off, severity, options, excluded paths."""

    enabled: bool
    severity: Severity
    options: Mapping[str, Any]
    exclude: pathspec.GitIgnoreSpec | None = None


class Config(NamedTuple):
    """The configuration of a run: `.kubelint.yaml` (or its defaults), with the command line's
    settings."""

    rules: Mapping[str, RuleSettings]
    base: Path  # the configuration's folder (the working directory without one)
    exclude: pathspec.GitIgnoreSpec | None = None
    fail_on: Severity | None = None
    kubernetes_version: str | None = None
    limits: Limits = DEFAULT_LIMITS
    source: str | None = None
    strict: bool = True  # schema: unknown fields are errors
    baseline: str | None = None  # a baseline file (kubelint.baseline), from the configuration
    jobs: int | None = None  # worker processes that parse and check files (default: one per core)
    units: pathspec.GitIgnoreSpec | None = None  # folders that are one unit each (kubelint.units)
    non_objects: str = "skip"  # YAML documents that are no Kubernetes object: "skip" or "error"

    def with_severity(self, rule: str, severity: Severity) -> Config:
        """The same configuration with one rule at another severity (e.g. --strict-kinds)."""
        rules = dict(self.rules)
        rules[rule] = rules[rule]._replace(severity=severity)
        return self._replace(rules=rules)

    def relative(self, path: str) -> str:
        """The path as patterns see it: relative to the configuration's folder when inside it."""
        absolute = os.path.abspath(path)
        base = str(self.base)
        if absolute == base or absolute.startswith(base + os.sep):
            return os.path.relpath(absolute, base).replace(os.sep, "/")
        return path.replace(os.sep, "/")

    def is_unit(self, folder: str) -> bool:
        """Whether the configuration makes a folder (`a/b`) one unit with all below it."""
        return self.units is not None and self.units.match_file(self.relative(folder) + "/")

    def excludes(self, path: str, rule: str | None = None) -> bool:
        spec = self.exclude if rule is None else self.rules[rule].exclude
        if spec is None:
            return False
        relative = self.relative(path)
        if os.path.isdir(path):  # a chart's folder: `chart/` (a folder pattern) matches it
            relative = relative.rstrip("/") + "/"
        return spec.match_file(relative)


def schema() -> dict[str, Any]:
    """The JSON schema of the configuration file, generated from the registry."""
    severity = {"enum": _SEVERITIES}
    patterns = {"type": "array", "items": {"type": "string"}}
    rules: dict[str, Any] = {}
    for rule in REGISTRY.values():
        options = {
            name: dict(opt.schema, description=opt.help) for name, opt in rule.options.items()
        }
        rules[rule.id] = {
            "description": rule.summary,
            "oneOf": [
                {"enum": [*_SEVERITIES, "off", False]},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "enabled": {"type": "boolean"},
                        "severity": severity,
                        "exclude": patterns,
                        "options": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": options,
                        },
                    },
                },
            ],
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://kubelint.dev/schemas/config.schema.json",
        "title": "kubelint configuration (.kubelint.yaml, or [tool.kubelint] in pyproject.toml)",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "rules": {"type": "object", "additionalProperties": False, "properties": rules},
            "exclude": dict(patterns, description="gitignore-style patterns of paths not linted"),
            "fail-on": dict(severity, description="lowest severity that fails the run"),
            "kubernetes-version": {"type": "string", "pattern": r"^1\.[0-9]+$"},
            "strict": {
                "type": "boolean",
                "description": "schema: unknown fields are errors (default true; --no-strict)",
            },
            "baseline": {
                "type": "string",
                "description": "baseline file whose findings are not reported (--baseline), "
                "relative to this file's folder",
            },
            "jobs": {
                "type": "integer",
                "minimum": 1,
                "description": "processes that parse and check files (--jobs; default: the cores)",
            },
            "units": dict(
                patterns,
                description="gitignore-style patterns of folders that are each one unit with "
                "everything below them: rules across objects see all of it (by default a unit is "
                "a chart, a Kustomize root, or one folder's own files; see README, Units)",
            ),
            "non-objects": {
                "enum": ["skip", "error"],
                "description": "YAML documents with neither apiVersion nor kind (a config file, "
                "a package.json): skipped and counted (default), or checked as objects "
                "(--non-objects)",
            },
            "limits": {
                "type": "object",
                "additionalProperties": False,
                "description": "bounds that keep hostile input cheap (rule input-limit)",
                "properties": {
                    key.removeprefix("limits."): {
                        "type": "integer",
                        "minimum": minimum,
                        "default": default,
                        "description": f"{doc} In {unit}.",
                    }
                    for key, default, unit, doc, minimum in Limits.documented()
                },
            },
        },
    }


def default_config() -> Config:
    return Config(
        rules={r.id: RuleSettings(True, r.severity, r.defaults()) for r in REGISTRY.values()},
        base=Path.cwd(),
    )


Locator = Callable[[Sequence[str | int]], str]


def load_config(path: str | None = None, cwd: Path | None = None) -> Config:
    """The configuration named, or the nearest found from `cwd` up to the repository's root,
    or the defaults."""
    if path is not None:
        return _read(Path(path))
    for folder in _upwards((cwd or Path.cwd()).resolve()):
        for name in CONFIG_FILES:
            if (folder / name).is_file():
                return _read(folder / name)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _toml_table(pyproject) is not None:
            return _read(pyproject)
    return default_config()


def _upwards(start: Path) -> list[Path]:
    """`start` and the folders above it, up to the first that holds `.git` (a repository's
    root; a file in a worktree) or the file system's root."""
    folders: list[Path] = []
    for folder in (start, *start.parents):
        folders.append(folder)
        if (folder / ".git").exists():
            break
    return folders


def _read(path: Path) -> Config:
    if path.name == "pyproject.toml":
        return _build(_toml_table(path) or {}, path, lambda _: str(path))
    loaded = load(str(path), _bytes(path))
    if loaded.problems:
        problem = loaded.problems[0]
        pos = f":{problem.position.line}:{problem.position.column}" if problem.position else ""
        raise ConfigError(f"{path}{pos}: {problem.message}")
    if not loaded.documents:
        return _build({}, path, lambda _: str(path))
    document = loaded.documents[0]

    def where(json_path: Sequence[str | int]) -> str:
        pos = document.position(tuple(json_path), key=True)
        return f"{path}:{pos.line}:{pos.column}"

    return _build(document.data, path, where)


def _bytes(path: Path) -> bytes:
    try:
        return read_file(path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None


def _toml_table(path: Path) -> Any:
    """The `[tool.kubelint]` table of a pyproject.toml, or None."""
    try:
        document = toml_loads(_bytes(path).decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8 text") from None
    except DataError as exc:
        raise ConfigError(f"{exc.where(str(path))}: invalid TOML: {exc}") from None
    return document.get("tool", {}).get("kubelint")


def _build(data: Any, path: Path, where: Locator) -> Config:
    _validate(data, where)
    rules: dict[str, RuleSettings] = {}
    for rule in REGISTRY.values():
        entry = data.get("rules", {}).get(rule.id)
        enabled, severity, options, exclude = True, rule.severity, rule.defaults(), None
        if entry is False or entry == "off":
            enabled = False
        elif isinstance(entry, str):
            severity = Severity.parse(entry)
        elif isinstance(entry, dict):
            enabled = entry.get("enabled", True)
            severity = Severity.parse(entry.get("severity", rule.severity.label))
            options.update(entry.get("options", {}))
            exclude = _spec(entry.get("exclude"))
        rules[rule.id] = RuleSettings(enabled, severity, options, exclude)
    fail_on = data.get("fail-on")
    limits = {key.replace("-", "_"): value for key, value in data.get("limits", {}).items()}
    baseline = data.get("baseline")
    return Config(
        rules=rules,
        exclude=_spec(data.get("exclude")),
        base=path.parent.resolve(),
        fail_on=Severity.parse(fail_on) if fail_on else None,
        kubernetes_version=data.get("kubernetes-version"),
        limits=Limits(**limits),
        source=str(path),
        strict=data.get("strict", True),
        baseline=str(path.parent / baseline) if baseline else None,
        jobs=data.get("jobs"),
        units=_spec(data.get("units")),
        non_objects=data.get("non-objects", "skip"),
    )


def _spec(patterns: list[str] | None) -> pathspec.GitIgnoreSpec | None:
    if not patterns:
        return None
    import pathspec  # only for a file that has patterns: 20 ms of a start-up otherwise

    return pathspec.GitIgnoreSpec.from_lines(patterns)


def _validate(data: Any, where: Locator) -> None:
    import jsonschema  # imported only when there is a configuration to check

    validator = offline_validator(schema(), formats=True)
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is None:
        return
    path = list(error.absolute_path)
    if error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        for key in error.instance:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = (
                    f' (did you mean "{close[0]}"?)'
                    if close
                    else f" (expected one of: {', '.join(allowed)})"
                )
                what = "rule" if path == ["rules"] else "key"
                label = format_path((*path, key))
                raise ConfigError(f"{where([*path, key])}: {label}: unknown {what}{hint}")
    if error.validator == "oneOf" and path[:1] == ["rules"] and len(path) == 2:
        message = (
            "expected off, error, warning, info, or a mapping of enabled/severity/exclude/options"
        )
    else:
        message = error.message
    label = format_path(tuple(path)) or "configuration"
    raise ConfigError(f"{where(path)}: {label}: {message}")
