"""Where each field of a built object was set: the base file, a patch, or a Kustomization line.

A built object keeps, beside its data, the layers that made it, oldest first:

- a document layer: a YAML document (a resource file, a patch) whose data at `root` was laid
  onto the object; it accounts for every field it holds;
- a sites layer: fields a Kustomization set (`namespace:`, `images:`, `labels:`, a generator's
  literal), each path of the object with the node of the Kustomization that set it.

Nothing is computed while building: a position is looked up only for a finding. A path of the
built object is followed down each layer's own data. A list item is found by its identity (the
value of its `name`, `containerPort`, `mountPath`… or, for a scalar or a mapping without such a
field, an RBAC rule, itself), else by its index when the lists are as long, as patches keep or
move items: a rule of a ClusterRole a JSON patch adds rules to is found at its line. The layer
that holds the whole path wins: for a scalar, the newest (it set the value), for a mapping or a
list, the oldest (it defined it; later layers only touched it). When no layer holds it all (a
field that is missing), the layer that holds the most of it wins, the oldest on a tie.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kubelint.findings import Position
from kubelint.yamlload import Document, JsonPath, SourceFile

# Fields that identify an item of a list of mappings (the patch merge keys of the built-in
# kinds, most common first)
_IDENTITY = ("name", "containerPort", "mountPath", "devicePath", "ip", "topologyKey", "port")


@dataclass(frozen=True, slots=True)
class Inline:
    """Where a text held in a file begins (an inline patch in a Kustomization): the file, the
    line before its first line, and the indentation of its lines."""

    source: SourceFile
    line: int
    indent: int


@dataclass(frozen=True, slots=True)
class Site:
    """A node of a file: a document and the JSON path in it (a document parsed from a text
    held in another file says where that text is)."""

    document: Document
    path: JsonPath
    inline: Inline | None = None

    def locate(self, key: bool = False) -> tuple[SourceFile, Position]:
        position = self.document.position(self.path, key)
        if self.inline is None:
            return self.document.source, position
        inline = self.inline
        return inline.source, Position(inline.line + position.line, inline.indent + position.column)


@dataclass(frozen=True, slots=True)
class DocumentLayer:
    """A document's data (at `root` in it) laid onto the object at `at`."""

    document: Document
    root: JsonPath = ()
    at: JsonPath = ()
    inline: Inline | None = None
    patch: bool = False  # a patch: the fields naming its target or a list item set nothing

    def data(self) -> Any:
        node = self.document.data
        for part in self.root:
            node = node[part]
        return node


@dataclass(slots=True)
class SitesLayer:
    """Fields set by a Kustomization: a path of the object → the node that set it."""

    sites: dict[JsonPath, Site] = field(default_factory=dict)


Layer = DocumentLayer | SitesLayer


@dataclass(slots=True)
class Trace:
    layers: list[Layer] = field(default_factory=list)

    def add_document(
        self,
        document: Document,
        root: JsonPath = (),
        at: JsonPath = (),
        inline: Inline | None = None,
        patch: bool = False,
    ) -> None:
        self.layers.append(DocumentLayer(document, root, at, inline, patch))

    def copy(self) -> Trace:
        """A trace to change apart from this one (its document layers are immutable)."""
        return Trace(
            [
                SitesLayer(dict(lay.sites)) if isinstance(lay, SitesLayer) else lay
                for lay in self.layers
            ]
        )

    def set(self, path: JsonPath, site: Site | None) -> None:
        """Record that `site` set the field at `path` (nothing when there is no site)."""
        if site is None:
            return
        if not self.layers or not isinstance(self.layers[-1], SitesLayer):
            self.layers.append(SitesLayer())
        last = self.layers[-1]
        assert isinstance(last, SitesLayer)
        last.sites[path] = site

    def locate(self, built: Any, path: JsonPath, key: bool = False) -> Site | None:
        """The node that set the field at `path` of the built data `built` (None: no layer)."""
        leaf = not isinstance(_at(built, path), Mapping | list)
        best: tuple[int, int, Site] | None = None
        for order, layer in enumerate(self.layers):
            found = _match(layer, built, path)
            if found is None:
                continue
            depth, site = found
            full = depth == len(path)
            # rank: deeper first; on a full match of a scalar the newest, else the oldest
            rank = (depth, order if full and leaf else -order)
            if best is None or rank > best[:2]:
                best = (*rank, site)
        return None if best is None else best[2]


def _at(data: Any, path: JsonPath) -> Any:
    for part in path:
        if isinstance(data, list):
            if not isinstance(part, int) or not 0 <= part < len(data):
                return None
            data = data[part]
        elif isinstance(data, Mapping) and part in data:
            data = data[part]
        else:
            return None
    return data


def _match(layer: Layer, built: Any, path: JsonPath) -> tuple[int, Site] | None:
    """How much of `path` the layer holds, and the node of it that holds the most."""
    if isinstance(layer, SitesLayer):
        for depth in range(len(path), -1, -1):
            site = layer.sites.get(path[:depth])
            if site is not None:
                return depth, site
        return None
    if path[: len(layer.at)] != layer.at:
        return None
    if layer.patch and _names_target(path):
        path = path[:-1]
    mine, theirs = layer.data(), _at(built, layer.at)
    walked: list[str | int] = []
    for part in path[len(layer.at) :]:
        step = _step(mine, theirs, part)
        if step is None:
            break
        walked.append(step)
        mine, theirs = mine[step], theirs[part]
    return len(layer.at) + len(walked), Site(
        layer.document, layer.root + tuple(walked), layer.inline
    )


def _names_target(path: JsonPath) -> bool:
    """A field by which a patch names what it patches: the object's kind and name, or the
    identity (`name`…) of a list item."""
    if path in (("kind",), ("apiVersion",), ("metadata", "name"), ("metadata", "namespace")):
        return True
    return len(path) >= 2 and isinstance(path[-2], int) and path[-1] in _IDENTITY


def _step(mine: Any, theirs: Any, part: str | int) -> str | int | None:
    """The key or index in this layer's node `mine` of the built node's child `part` (None
    when either lacks it: a finding may name a field the object lacks, which a layer sets and a
    later one removed)."""
    if isinstance(part, str):
        found = isinstance(mine, Mapping) and part in mine
        return part if found and isinstance(theirs, Mapping) and part in theirs else None
    if not isinstance(mine, list) or not isinstance(theirs, list) or part >= len(theirs):
        return None
    item = theirs[part]
    if isinstance(item, Mapping):
        for name in _IDENTITY:
            if name in item:
                same = [
                    i
                    for i, x in enumerate(mine)
                    if isinstance(x, Mapping) and x.get(name) == item[name]
                ]
                return same[0] if len(same) == 1 else None
    # an item without identity (a scalar, an RBAC rule) that this layer holds as it is built
    same = [i for i, x in enumerate(mine) if x == item]
    if len(same) == 1:
        return same[0]
    return part if len(mine) == len(theirs) else None
