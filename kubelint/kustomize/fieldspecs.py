"""Field specs: which fields of which kinds a transformer touches (kustomize's `FieldSpec`).

The defaults are kustomize's own (`defaults.yaml`); a Kustomization's `configurations:` files
add to them in the same format. A path is `/`-separated (`\\/` is a slash in a name); `[]`
marks a list, and a list met on the way is walked through item by item either way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from kubelint.kustomize.model import BuildError, Gvk

JsonPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    gvk: Gvk
    path: tuple[str, ...]
    create: bool = False

    @classmethod
    def parse(cls, entry: Any) -> FieldSpec:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("path"), str):
            raise BuildError(f"a field spec is a mapping with a path, not {entry!r}")
        gvk = Gvk(
            str(entry.get("group") or ""),
            str(entry.get("version") or ""),
            str(entry.get("kind") or ""),
        )
        return cls(gvk, split_path(entry["path"]), bool(entry.get("create")))

    def applies(self, data: Mapping[str, Any]) -> bool:
        return Gvk.of(data).selected_by(self.gvk)


def split_path(path: str) -> tuple[str, ...]:
    """`a/b\\/c/d` → ("a", "b/c", "d")."""
    return tuple(part.replace("\\/", "/") for part in re.split(r"(?<!\\)/", path) if part)


@dataclass(frozen=True, slots=True)
class NameBackReference:
    """The fields (`referrers`) that name an object of a kind (`gvk`)."""

    gvk: Gvk
    referrers: tuple[FieldSpec, ...]


@dataclass(slots=True)
class Config:
    """The field specs of each transformer (the keys of a `configurations:` file)."""

    specs: dict[str, list[FieldSpec]] = field(default_factory=dict)
    name_reference: list[NameBackReference] = field(default_factory=list)

    def of(self, key: str) -> list[FieldSpec]:
        return self.specs.get(key, [])

    def merge(self, other: Config) -> Config:
        specs = {key: list(value) for key, value in self.specs.items()}
        for key, value in other.specs.items():
            _extend(specs.setdefault(key, []), value)
        refs = list(self.name_reference)
        for ref in other.name_reference:
            same = next((i for i, r in enumerate(refs) if r.gvk == ref.gvk), None)
            if same is None:
                refs.append(ref)
            else:
                mine_refs = list(refs[same].referrers)
                _extend(mine_refs, ref.referrers)
                refs[same] = NameBackReference(ref.gvk, tuple(mine_refs))
        return Config(specs, refs)


def _extend(mine: list[FieldSpec], more: Iterable[FieldSpec]) -> None:
    """Append the specs not there yet, in order (a set: a base with `configurations` carries the
    hundreds of default specs too, and a list's `in` compared each with each on every merge)."""
    known = set(mine)
    for spec in more:
        if spec not in known:
            known.add(spec)
            mine.append(spec)


def parse_config(data: Any, name: str) -> Config:
    """A `configurations:` file's data as a Config."""
    if data is None:
        return Config()
    if not isinstance(data, Mapping):
        raise BuildError(f"{name}: a transformer configuration is a mapping")
    config = Config()
    for key, value in data.items():
        if not isinstance(value, list):
            continue
        if key == "nameReference":
            for entry in value:
                if not isinstance(entry, Mapping):
                    raise BuildError(f"{name}: a nameReference entry is a mapping")
                gvk = Gvk(
                    str(entry.get("group") or ""),
                    str(entry.get("version") or ""),
                    str(entry.get("kind") or ""),
                )
                referrers = tuple(FieldSpec.parse(s) for s in entry.get("fieldSpecs") or ())
                config = config.merge(Config({}, [NameBackReference(gvk, referrers)]))
        else:
            config.specs[str(key)] = [FieldSpec.parse(entry) for entry in value]
    return config


@cache
def defaults() -> Config:
    text = files("kubelint.kustomize").joinpath("defaults.yaml").read_text()
    # (libyaml's loader: the pure-Python one took 70 ms of every run that builds)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return parse_config(yaml.load(text, Loader=loader), "defaults.yaml")


# What a transformer does at a field: given the mapping (or list) holding it, its key and the
# field's JSON path in the object.
Setter = Callable[[Any, Any, JsonPath], None]


def visit(
    data: dict[str, Any], spec: FieldSpec, setter: Setter, create: type | None = None
) -> None:
    """Call `setter` at each field `spec` names in the object `data` (when it applies to its
    kind). With `spec.create` and a `create` type (dict or str), missing fields on the way are
    made (mappings) and the last one as that type; a null one is made too."""
    if not spec.applies(data):
        return
    _walk(data, spec.path, (), spec, setter, create)


def _walk(
    node: Any,
    path: tuple[str, ...],
    at: JsonPath,
    spec: FieldSpec,
    setter: Setter,
    create: type | None,
) -> None:
    if isinstance(node, list):
        for i, item in enumerate(node):
            _walk(item, path, (*at, i), spec, setter, create)
        return
    if not isinstance(node, dict):
        raise BuildError(
            f"considering field '{'/'.join(spec.path)}': expected sequence or mapping node"
        )
    name = path[0]
    listed = name.endswith("[]")
    name = name.removesuffix("[]")
    rest = path[1:]
    making = spec.create and create is not None and not listed
    if name not in node or node[name] is None:
        if not making:
            return
        node[name] = create() if not rest and create is not None else {}
    if not rest:
        setter(node, name, (*at, name))
        return
    _walk(node[name], rest, (*at, name), spec, setter, create)
