"""Building a Kustomization as `kustomize build` does.

A folder's Kustomization accumulates its `resources` (files, and folders that are
Kustomizations, each built on its own first), its generators' objects, then its `components`
(each applied onto what was accumulated so far), and runs its transformers over them in
kustomize's order: strategic-merge patches, `patches`, namespace, name prefix, name suffix,
labels, annotations, JSON patches, replicas, images, replacements, then declares its `vars`.
Only the folder built (the top) then adds the generators' hash suffixes, updates the name
references, replaces the vars, and orders the output:
kustomize's legacy order (Namespaces first, webhooks last) as `kustomize build` does by
default, or the order read (`reorder="none"`, as kustomize's own tests build).
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from kubelint.k8s.data import copy_data
from kubelint.k8s.kinds import is_list_kind
from kubelint.kustomize import generators, nameref, patches, replacements, transformers
from kubelint.kustomize.checks import convert_all
from kubelint.kustomize.fieldspecs import Config, defaults, parse_config
from kubelint.kustomize.files import Files, join, unreadable
from kubelint.kustomize.model import BuildError, Res, metadata
from kubelint.kustomize.order import legacy_order
from kubelint.kustomize.trace import Trace
from kubelint.kustomize.vars import Var
from kubelint.kustomize.vars import declare as declare_vars
from kubelint.kustomize.vars import merge as merge_vars
from kubelint.kustomize.vars import resolve as resolve_vars
from kubelint.yamlload import Document, JsonPath

# Fields kubelint does not build (yet): a Kustomization using one is not built
UNSUPPORTED = (
    "helmCharts",
    "generators",
    "transformers",
    "validators",
)
_LOCAL_CONFIG = "config.kubernetes.io/local-config"
# Kustomizations within Kustomizations (bases of bases…): real trees nest a few deep
MAX_DEPTH = 50


@dataclass(slots=True)
class _Accumulated:
    objects: list[Res] = field(default_factory=list)
    config: Config = field(default_factory=defaults)
    vars: list[Var] = field(default_factory=list)

    def append(self, more: list[Res]) -> None:
        # the ids as a set: comparing each new object with every one before was quadratic
        known = {o.cur_id().key() for o in self.objects}
        for obj in more:
            cur = obj.cur_id()
            if cur.key() in known:
                raise BuildError(f"may not add resource with an already registered id: {cur}")
            known.add(cur.key())
            self.objects.append(obj)

    def absorb(self, other: _Accumulated) -> None:
        """Another Kustomization's accumulation: its objects, field specs and vars."""
        self.append(other.objects)
        if other.config is not self.config and other.config is not defaults():
            self.config = self.config.merge(other.config)
        self.vars = merge_vars(self.vars, other.vars)

    def copy(self) -> _Accumulated:
        """An accumulation to build on apart from this one (a var still names the copy of
        its object, kept apart or not)."""
        copies: dict[int, Res] = {}

        def copied(obj: Res) -> Res:
            if id(obj) not in copies:
                copies[id(obj)] = obj.copy()
            return copies[id(obj)]

        objects = [copied(obj) for obj in self.objects]
        kept = [v if v.target is None else replace(v, target=copied(v.target)) for v in self.vars]
        return _Accumulated(objects, self.config, kept)


@dataclass(frozen=True, slots=True)
class Built:
    """A folder built as a resource, kept to be copied when another Kustomization names it
    again (Kubeflow's bases are each built by a dozen overlays): what it accumulated, the
    files it read, the folders it built and how deep below itself they nested (under another
    stack of folders it may meet a cycle or the depth limit: it is then built again)."""

    accumulated: _Accumulated
    read: frozenset[str]
    folders: frozenset[str]
    depth: int


@dataclass(slots=True)
class Builder:
    files: Files
    # folders built before, by folder and `files.top`, shared by builders of the same files
    # (lint's roots; None: each folder is built each time it is named)
    built: dict[tuple[str, str], Built] | None = None
    # the folders being built, outermost first (a cycle is an error)
    _stack: list[str] = field(default_factory=list)
    # the folders the current resource's build built, and its deepest stack
    _folders: set[str] = field(default_factory=set)
    _deepest: int = 0

    def build(self, folder: str, reorder: str = "legacy") -> list[Res]:
        """The objects `kustomize build FOLDER` outputs."""
        folder = posixpath.normpath(folder)
        document = self._kustomization(folder)  # a Component may be built directly
        found = self._target(folder, document, _Accumulated())
        objects = found.objects
        for obj in objects:
            if obj.hash_suffix:
                obj.store_previous()
                obj.set_name(f"{obj.name}-{generators.name_hash(obj.data)}")
        nameref.fix(objects, found.config)
        self._at(document.source.name, ("vars",), resolve_vars, objects, found.vars, found.config)
        objects = [o for o in objects if str(o.annotations.get(_LOCAL_CONFIG)) != "true"]
        sort = document.data.get("sortOptions")
        if isinstance(sort, Mapping):
            order = sort.get("order")
            if order == "legacy":
                legacy = sort.get("legacySortOptions") or {}
                return legacy_order(objects, legacy.get("orderFirst"), legacy.get("orderLast"))
            if order != "fifo":
                raise BuildError("the field 'sortOptions.order' must be one of [fifo, legacy]")
            return objects
        return legacy_order(objects) if reorder == "legacy" else objects

    def _kustomization(self, folder: str) -> Document:
        name = self.files.kustomization(folder)
        loaded = self.files.yaml(name)
        if broken := unreadable(loaded):
            raise BuildError(broken, name)
        if not loaded.documents or not isinstance(loaded.documents[0].data, dict):
            raise BuildError("kustomization.yaml is empty", name)
        document = _canonical(loaded.documents[0])
        for problem in convert_all(document.data):  # a field of the wrong type: kustomize
            if not problem.key:  # refuses it as it reads it (an unknown field it ignores)
                raise BuildError(f"invalid Kustomization: {problem.message}", name, problem.path)
        if wrong := _enforced(document.data):
            raise BuildError(wrong[1], name, (wrong[0],))
        for key in UNSUPPORTED:
            if document.data.get(key):
                raise BuildError(f"kubelint does not build `{key}` (yet)", name, (key,))
        return document

    def _target(self, folder: str, document: Document, into: _Accumulated) -> _Accumulated:
        if folder in self._stack:
            raise BuildError(
                f"cycle detected: {' -> '.join([*self._stack, folder])}", document.source.name
            )
        if len(self._stack) >= MAX_DEPTH:
            raise BuildError(
                f"Kustomizations nest more than {MAX_DEPTH} deep here", document.source.name
            )
        self._folders.add(folder)
        self._deepest = max(self._deepest, len(self._stack))
        self._stack.append(folder)
        try:
            return self._accumulate(folder, document, into)
        finally:
            self._stack.pop()

    def _accumulate(self, folder: str, document: Document, acc: _Accumulated) -> _Accumulated:
        data: dict[str, Any] = document.data
        name = document.source.name
        entries = [("resources", i, e) for i, e in enumerate(data.get("resources") or ())]
        entries += [("bases", i, e) for i, e in enumerate(data.get("bases") or ())]
        for key, i, entry in entries:
            try:
                acc.absorb(self._resource(folder, str(entry)))
            except BuildError as exc:
                raise BuildError(exc.message, exc.file or name, exc.at or (key, i)) from None
        for i, entry in enumerate(data.get("configurations") or ()):
            path = join(folder, str(entry))
            self._check(path, folder, str(entry), name, ("configurations", i))
            loaded = self.files.yaml(path)
            own = loaded.documents[0].data if loaded.documents else None
            acc.config = acc.config.merge(parse_config(own, path))
        for key in ("configMapGenerator", "secretGenerator"):
            made = self._at(name, (key,), generators.generate, key, document, folder, self.files)
            for obj in made:
                self._at(name, (key,), _absorb, acc.objects, obj)
        for i, entry in enumerate(data.get("components") or ()):
            path = join(folder, str(entry))
            self._check(path, folder, str(entry), name, ("components", i), file=False)
            if posixpath.isfile(path):
                raise BuildError(
                    f"must build at directory: '{path}': file is not directory",
                    name,
                    ("components", i),
                )
            component = self._kustomization(path)
            if component.data.get("kind") != "Component":
                raise BuildError(
                    f"expected kind 'Component' for path '{path}'"
                    f" but got '{component.data.get('kind') or 'Kustomization'}'",
                    name,
                    ("components", i),
                )
            acc = self._target(path, component, acc)
        self._transform(acc, document, folder)
        declared = self._at(name, ("vars",), declare_vars, acc.objects, document)
        acc.vars = self._at(name, ("vars",), merge_vars, acc.vars, declared)
        return acc

    def _check(
        self, path: str, folder: str, entry: str, name: str, at: JsonPath, file: bool = True
    ) -> None:
        try:
            self.files.check(path, folder, entry, file)
        except BuildError as exc:
            raise BuildError(exc.message, name, at) from None

    def _resource(self, folder: str, entry: str) -> _Accumulated:
        path = join(folder, entry)
        self.files.check(path, folder, entry, file=False)
        if not posixpath.exists(path):
            raise BuildError(f"accumulating resources from '{entry}': no such file or directory")
        if posixpath.isdir(path):
            try:
                document = self._kustomization(path)
            except BuildError as exc:
                if exc.file is not None:
                    raise
                raise BuildError(f"accumulating resources from '{entry}': {exc.message}") from None
            if document.data.get("kind") == "Component":
                raise BuildError(f"expected kind != 'Component' for path '{path}'")
            return self._folder(path, document)
        self.files.check(path, folder, entry)
        return _Accumulated(read_objects(self.files, path), defaults())

    def _folder(self, path: str, document: Document) -> _Accumulated:
        """A folder's build, copied from its earlier build where it cannot differ (each copy
        saves reading its files and running its transformers again)."""
        if self.built is None:
            return self._target(path, document, _Accumulated())
        key = (path, self.files.top)
        done = self.built.get(key)
        here = len(self._stack)
        if done and not done.folders & set(self._stack) and here + done.depth < MAX_DEPTH:
            self.files.read |= done.read
            self._folders |= done.folders
            self._deepest = max(self._deepest, here + done.depth)
            return done.accumulated.copy()
        outer = self.files.read, self._folders, self._deepest
        self.files.read, self._folders, self._deepest = set(), set(), here
        try:
            acc = self._target(path, document, _Accumulated())
            self.built[key] = Built(
                acc.copy(),
                frozenset(self.files.read),
                frozenset(self._folders),
                self._deepest - here,
            )
            return acc
        finally:
            outer[0].update(self.files.read)
            outer[1].update(self._folders)
            self.files.read, self._folders = outer[0], outer[1]
            self._deepest = max(outer[2], self._deepest)

    def _transform(self, acc: _Accumulated, document: Document, folder: str) -> None:
        data, config = document.data, acc.config
        name = document.source.name
        objects = acc.objects
        for i, entry in enumerate(data.get("patchesStrategicMerge") or ()):
            text = str(entry)
            read = patches.read(
                text,
                ("patchesStrategicMerge", i),
                document,
                folder,
                self.files,
                patches.is_inline(text),
            )
            if not read:
                raise BuildError(
                    f"patch appears to be empty; files=[{text}]", name, ("patchesStrategicMerge", i)
                )
            for patch in read:
                objects = self._at(
                    name, ("patchesStrategicMerge", i), patches.strategic, objects, patch, None, {}
                )
        for i, entry in enumerate(data.get("patches") or ()):
            objects = self._patch(objects, entry, ("patches", i), document, folder)
        acc.objects = objects
        self._at(name, ("namespace",), transformers.namespace, objects, config, document)
        self._at(name, ("namePrefix",), transformers.affix, objects, config, document, "namePrefix")
        self._at(name, ("nameSuffix",), transformers.affix, objects, config, document, "nameSuffix")
        self._at(name, ("labels",), transformers.labels, objects, config, document)
        self._at(
            name, ("commonAnnotations",), transformers.common_annotations, objects, config, document
        )
        for i, entry in enumerate(data.get("patchesJson6902") or ()):
            self._json6902(objects, entry, ("patchesJson6902", i), document, folder)
        self._at(name, ("replicas",), transformers.replicas, objects, config, document)
        self._at(name, ("images",), transformers.images, objects, config, document)
        self._at(
            name, ("replacements",), replacements.replace, objects, document, folder, self.files
        )

    @staticmethod
    def _at(name: str, at: JsonPath, step: Any, *args: Any) -> Any:
        """Run a step; its error points at the Kustomization's entry unless it says where."""
        try:
            return step(*args)
        except BuildError as exc:
            raise BuildError(exc.message, exc.file or name, exc.at or at) from None

    def _patch(
        self, objects: list[Res], entry: Any, at: JsonPath, document: Document, folder: str
    ) -> list[Res]:
        name = document.source.name
        if not isinstance(entry, Mapping):
            raise BuildError("a patch is a mapping of path or patch, target and options", name, at)
        path, text = entry.get("path"), entry.get("patch")
        if bool(path) == bool(text):
            message = (
                "patch and path can't be set at the same time"
                if path
                else "must specify one of patch and path"
            )
            raise BuildError(message, name, at)
        if text:
            read = patches.read(
                str(text).strip(), (*at, "patch"), document, folder, self.files, True
            )
        else:
            read = patches.read(str(path), (*at, "path"), document, folder, self.files, False)
        target = entry.get("target")
        options = entry.get("options") if isinstance(entry.get("options"), Mapping) else {}
        if read and isinstance(read[0].data, list):
            if not isinstance(target, Mapping):
                raise BuildError("must specify a target for JSON patch", name, at)
            self._at(name, at, patches.json6902, objects, read[0], patches.select(objects, target))
            return objects
        if isinstance(target, Mapping):
            if len(read) > 1:
                raise BuildError(
                    "Multiple Strategic-Merge Patches in one `patches` entry is not allowed"
                    " to set `patches.target` field",
                    name,
                    at,
                )
            chosen = self._at(name, at, patches.select, objects, target)
            return (
                self._at(name, at, patches.strategic, objects, read[0], chosen, options)
                if read
                else objects
            )
        for patch in read:
            objects = self._at(name, at, patches.strategic, objects, patch, None, options)
        return objects

    def _json6902(
        self, objects: list[Res], entry: Any, at: JsonPath, document: Document, folder: str
    ) -> None:
        name = document.source.name
        if not isinstance(entry, Mapping) or not isinstance(entry.get("target"), Mapping):
            raise BuildError("must specify a target for a JSON patch", name, at)
        target = entry["target"]
        if not target.get("name"):
            raise BuildError("must specify the target name", name, (*at, "target"))
        path, text = entry.get("path"), entry.get("patch")
        if text:
            read = patches.read(str(text), (*at, "patch"), document, folder, self.files, True)
        elif path:
            read = patches.read(str(path), (*at, "path"), document, folder, self.files, False)
        else:
            raise BuildError("empty file path and empty jsonOp", name, at)
        if not read or not isinstance(read[0].data, list):
            raise BuildError("a JSON patch is a list of operations", name, at)
        self._at(name, at, patches.json6902, objects, read[0], patches.select(objects, target))


# The fields a build reads: kustomize reads a Kustomization's field names in any case
_FIELDS = [
    "resources",
    "bases",
    "components",
    "namespace",
    "namePrefix",
    "nameSuffix",
    "commonLabels",
    "labels",
    "commonAnnotations",
    "images",
    "replicas",
    "patches",
    "patchesStrategicMerge",
    "patchesJson6902",
    "configMapGenerator",
    "secretGenerator",
    "generatorOptions",
    "replacements",
    "configurations",
    "sortOptions",
    "vars",
    "helmCharts",
    "generators",
    "transformers",
    "validators",
]
_CANONICAL = {name.lower(): name for name in _FIELDS}


def _canonical(document: Document) -> Document:
    """The Kustomization with its field names as kustomize reads them (`nameprefix` is
    `namePrefix`, as Go's JSON decoding reads it)."""
    data = document.data
    renamed = {k: _CANONICAL.get(k.lower(), k) if isinstance(k, str) else k for k in data}
    if all(k == v for k, v in renamed.items()):
        return document
    fixed = {renamed[k]: v for k, v in data.items()}
    return Document(document.source, document.index, fixed, document.line)


def read_objects(files: Files, path: str) -> list[Res]:
    """The objects of a resource file (a `List` gives its items)."""
    loaded = files.yaml(path)
    if broken := unreadable(loaded):
        raise BuildError(f"{path}: {broken}")
    out = []
    for document in loaded.documents:
        data = document.data
        if not isinstance(data, dict):
            raise BuildError(f"{path}: a resource is a mapping, not {type(data).__name__}")
        items = data.get("items")
        if is_list_kind(data.get("kind")) and isinstance(items, list):
            for j, item in enumerate(items):
                if isinstance(item, dict):
                    out.append(_res(item, document, ("items", j)))
        else:
            out.append(_res(data, document, ()))
    return out


def _res(data: dict[str, Any], document: Document, root: JsonPath) -> Res:
    trace = Trace()
    trace.add_document(document, root)
    own = copy_data(data)
    meta = own.get("metadata")
    for key in ("labels", "annotations"):
        values = meta.get(key) if isinstance(meta, dict) else None
        if isinstance(meta, dict) and isinstance(values, dict):  # strings, as kustomize reads
            meta[key] = {k: _as_string(v) for k, v in values.items()}
    return Res(own, trace)


def _as_string(value: Any) -> Any:
    if isinstance(value, bool):
        return str(value).lower()
    return str(value) if isinstance(value, int | float) else value


def _absorb(objects: list[Res], made: Res) -> None:
    """Add a generated object, or merge it into (or replace) the one of its id."""
    cur = made.cur_id()
    matches = [i for i, o in enumerate(objects) if any(cur.equals(x) for x in o.all_ids())]
    if not matches:
        if made.behavior in ("merge", "replace"):
            raise BuildError(f"id {cur} does not exist; cannot merge or replace")
        objects.append(made)
        return
    if len(matches) > 1:
        raise BuildError(f"found multiple objects {cur} to merge into")
    index = matches[0]
    old = objects[index]
    if made.behavior not in ("merge", "replace"):
        raise BuildError(
            f"id {cur} exists; can not use behavior: '{made.behavior}', behavior must be merge or"
            " replace"
        )
    meta, old_meta = metadata(made.data), metadata(old.data)
    for key in ("labels", "annotations"):
        merged = {**(old_meta.get(key) or {}), **(meta.get(key) or {})}
        if merged:
            meta[key] = merged
    meta["name"] = old.name
    if old.namespace:
        meta["namespace"] = old.namespace
    else:
        meta.pop("namespace", None)
    if made.behavior == "merge":
        for key in ("data", "binaryData"):
            merged = {**(old.data.get(key) or {}), **(made.data.get(key) or {})}
            if merged:
                made.data[key] = merged
        layers = old.trace.layers + made.trace.layers
        made.trace = Trace(layers)
    # kustomize's bookkeeping is the old object's: the hash only if both want one
    made.previous, made.prefixes = list(old.previous), list(old.prefixes)
    made.suffixes, made.behavior = list(old.suffixes), old.behavior
    made.hash_suffix = old.hash_suffix and made.hash_suffix
    objects[index] = made


def _enforced(data: dict[str, Any]) -> tuple[str, str] | None:
    """kustomize's EnforceFields: the kind is a Kustomization or a Component, of its version
    (the field at fault, and kustomize's message)."""
    kind, version = data.get("kind"), data.get("apiVersion")
    if kind and kind not in ("Kustomization", "Component"):
        return "kind", "kind should be Kustomization or Component"
    wanted = "kustomize.config.k8s.io/v1" + ("alpha1" if kind == "Component" else "beta1")
    if version and version != wanted:
        return "apiVersion", f"apiVersion for {kind or 'Kustomization'} should be {wanted}"
    return None
