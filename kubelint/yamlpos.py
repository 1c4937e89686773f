"""Positions of a document's fields, recorded while its data is built from libyaml's nodes.

libyaml composes each document into nodes that carry their marks; the data is built from them
once. `construct` builds the plain data of a document (its dicts, lists and scalars) in one
walk and, in the same walk, writes where each key and value starts into a flat table of ints:
no second parse, and a table small enough to send from a worker process with the data.
Strings are interned as they are built: the keys and common values of many documents are then
one object each (a third less memory for a corpus of manifests, and less to pickle).

The table holds one block per mapping or sequence, children before their parent:
a mapping of n pairs is `n` then, per pair in the dict's order, `key line, key column, value
line, value column, child block` (5 ints); a sequence of n items is `n` then, per item,
`line, column, child block` (3 ints). A child block is -1 for a scalar. The table ends with
the root's block (-1 for a scalar root), line and column. Lines and columns are 0-based, as in
libyaml's marks; the ints take 2 bytes each when they all fit, else 4. `find` walks a JSON
path down the data and the table together.

A document this walk does not build as PyYAML would (an alias or merge key, a duplicate key, a
tag other than the plain ones, a key that is no scalar) raises `Unusual`: the loader builds it
with PyYAML's constructor and keeps its nodes for positions (`locate`). The walk also bounds the
nesting: a collection `limit` levels below the root raises `TooDeep` (the loader then names the
first such collection, `kubelint.yamlbounds.too_deep`), so a document needs no walk of its own
to be measured.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Mapping
from operator import indexOf
from struct import error as StructError
from struct import pack
from sys import intern
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kubelint.findings import Position

PathPart = str | int
JsonPath = tuple[PathPart, ...]
Table = array  # of signed ints ("i")

STR_TAG = "tag:yaml.org,2002:str"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
MERGE_TAG = "tag:yaml.org,2002:merge"
_MAP_SIZE, _SEQ_SIZE = 5, 3


class Unusual(Exception):
    """A document for PyYAML's own constructor (see the module's docstring)."""


class TooDeep(Exception):
    """A document whose collections nest beyond the limit given to `construct`."""


def construct(
    root: Node,
    scalars: Mapping[Any, Callable[[Any, ScalarNode], Any]],
    loader: Any,
    limit: int,
) -> tuple[Any, Table[int]]:
    """The data of a document and its table of positions. `scalars` are the loader's
    constructors by tag (called as `constructor(loader, node)`), for scalars not tagged str;
    a collection `limit` levels below the root raises TooDeep."""
    build = _Builder(scalars, loader, limit)
    data, block = build.node(root, 0)
    mark, table = root.start_mark, build.table
    table += (block, mark.line, mark.column)
    try:  # 2 bytes an entry, as most documents allow; packed by struct, at a third of the
        # cost of array("h", table), which parses each int as a function's argument
        return data, array("h", pack(f"{len(table)}h", *table))
    except StructError:  # a line or an offset past 32,767
        return data, array("i", table)


def construct_data(
    root: Node,
    scalars: Mapping[Any, Callable[[Any, ScalarNode], Any]],
    loader: Any,
    limit: int,
) -> Any:
    """The data of a document as `construct` builds it, raising as it does, without the table
    of positions (half the time of `construct`: for data whose positions nobody will ask)."""
    return _DataBuilder(scalars, loader, limit).node(root, 0)[0]


class _Builder:
    """The walk of `construct`. Each method gives a node's data and its block (-1 for a
    scalar); a collection's block is appended to the table after its children's.

    The loops dispatch on a child's tag by identity: the loader's resolver gives an untagged
    node exactly the objects STR_TAG, MAP_TAG and SEQ_TAG, and each only to nodes of its kind,
    so `tag is STR_TAG` says at once that the node is a scalar whose data is its text (a
    class check and a call less per node, a quarter of the walk). Any other tag, an explicit
    `!!str` among them, takes `node`, which checks classes and compares tags by value."""

    __slots__ = ("limit", "loader", "scalars", "table")

    def __init__(
        self, scalars: Mapping[Any, Callable[[Any, ScalarNode], Any]], loader: Any, limit: int
    ):
        self.scalars, self.loader, self.limit = scalars, loader, limit
        self.table: list[int] = []

    def node(self, node: Node, depth: int) -> tuple[Any, int]:
        """Any node `depth` levels below the root."""
        kind = node.__class__
        if kind is ScalarNode:
            return self.scalar(node), -1
        if depth >= self.limit:
            raise TooDeep
        if kind is MappingNode and node.tag == MAP_TAG:
            return self.mapping(node, depth)
        if kind is SequenceNode and node.tag == SEQ_TAG:
            return self.sequence(node, depth)
        raise Unusual(node.tag)

    def scalar(self, node: Node) -> Any:
        """A scalar's data (a string is interned: see the module's docstring)."""
        tag = node.tag
        if tag == STR_TAG:
            return intern(node.value)
        constructor = self.scalars.get(tag)
        if constructor is None or tag == MERGE_TAG:
            raise Unusual(tag)
        return constructor(self.loader, node)  # type: ignore[arg-type]

    def key(self, node: Node) -> Any:
        if node.__class__ is not ScalarNode:
            raise Unusual("a key that is no scalar")
        return self.scalar(node)

    def mapping(self, node: Node, depth: int) -> tuple[Any, int]:
        """A mapping node tagged map."""
        if depth >= self.limit:
            raise TooDeep
        depth += 1
        pairs: list[tuple[Node, Node]] = node.value
        data: dict[Any, Any] = {}
        entries: list[int] = []
        for key_node, value_node in pairs:
            key = intern(key_node.value) if key_node.tag is STR_TAG else self.key(key_node)
            tag = value_node.tag
            if tag is STR_TAG:
                data[key], child = intern(value_node.value), -1
            elif tag is MAP_TAG:
                data[key], child = self.mapping(value_node, depth)
            elif tag is SEQ_TAG:
                data[key], child = self.sequence(value_node, depth)
            else:
                data[key], child = self.node(value_node, depth)
            key_mark, value_mark = key_node.start_mark, value_node.start_mark
            entries += (key_mark.line, key_mark.column, value_mark.line, value_mark.column, child)
        if len(data) != len(pairs):
            raise Unusual("a duplicate key")
        table = self.table
        block = len(table)
        table.append(len(data))
        table += entries
        return data, block

    def sequence(self, node: Node, depth: int) -> tuple[Any, int]:
        """A sequence node tagged seq."""
        if depth >= self.limit:
            raise TooDeep
        depth += 1
        data: list[Any] = []
        push = data.append
        entries: list[int] = []
        for item in node.value:
            tag = item.tag
            if tag is STR_TAG:
                push(intern(item.value))
                child = -1
            else:
                if tag is MAP_TAG:
                    value, child = self.mapping(item, depth)
                elif tag is SEQ_TAG:
                    value, child = self.sequence(item, depth)
                else:
                    value, child = self.node(item, depth)
                push(value)
            mark = item.start_mark
            entries += (mark.line, mark.column, child)
        table = self.table
        block = len(table)
        table.append(len(data))
        table += entries
        return data, block


class _DataBuilder(_Builder):
    """`_Builder` without the table: the same walk, its blocks all -1."""

    __slots__ = ()

    def mapping(self, node: Node, depth: int) -> tuple[Any, int]:
        if depth >= self.limit:
            raise TooDeep
        depth += 1
        pairs: list[tuple[Node, Node]] = node.value
        data: dict[Any, Any] = {}
        for key_node, value_node in pairs:
            key = intern(key_node.value) if key_node.tag is STR_TAG else self.key(key_node)
            tag = value_node.tag
            if tag is STR_TAG:
                data[key] = intern(value_node.value)
            elif tag is MAP_TAG:
                data[key] = self.mapping(value_node, depth)[0]
            elif tag is SEQ_TAG:
                data[key] = self.sequence(value_node, depth)[0]
            else:
                data[key] = self.node(value_node, depth)[0]
        if len(data) != len(pairs):
            raise Unusual("a duplicate key")
        return data, -1

    def sequence(self, node: Node, depth: int) -> tuple[Any, int]:
        if depth >= self.limit:
            raise TooDeep
        depth += 1
        data: list[Any] = []
        push = data.append
        for item in node.value:
            tag = item.tag
            if tag is STR_TAG:
                push(intern(item.value))
            elif tag is MAP_TAG:
                push(self.mapping(item, depth)[0])
            elif tag is SEQ_TAG:
                push(self.sequence(item, depth)[0])
            else:
                push(self.node(item, depth)[0])
        return data, -1


def find(table: Table[int], data: Any, path: JsonPath, key: bool = False) -> Position:
    """Position of the value at `path` in a document built by `construct`; of its key with
    `key`. A path that does not exist gives the deepest part that does, at its key."""
    block, line, column = table[-3], table[-2], table[-1]
    key_line = key_column = -1  # -1: no key on the way (the root, or an item of a list)
    current = data
    found = True
    # (runs for each field a finding names: the usual step, a str key of a dict, comes first)
    for part in path:
        if block < 0:
            found = False
            break
        if isinstance(current, dict):
            if type(part) is str and part in current:  # no other key equals a str
                name = part  # (indexOf: the key's place in the dict without a list of its keys)
                at = block + 1 + _MAP_SIZE * indexOf(current, part)
            elif (entry := _key_of(current, part)) is not None:
                name = entry[1]
                at = block + 1 + _MAP_SIZE * entry[0]
            else:
                found = False
                break
            key_line, key_column, line, column, block = table[at : at + _MAP_SIZE]
            current = current[name]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            at = block + 1 + _SEQ_SIZE * part
            key_line = -1
            line, column, block = table[at : at + _SEQ_SIZE]
            current = current[part]
        else:
            found = False
            break
    if key_line >= 0 and (key or not found):
        line, column = key_line, key_column
    return Position(line + 1, column + 1)


def _key_of(mapping: dict[Any, Any], part: PathPart) -> tuple[int, Any] | None:
    """The index of a key in a mapping's order, and the key, for a part that is not a str key
    of it (`find` tests that case first): a key of the part's own type equal to it, else a key
    written as `part` (a path may name an integer key with a string)."""
    for index, key in enumerate(mapping):
        if key == part and type(key) is type(part):
            return index, key
    name = str(part)
    for index, key in enumerate(mapping):
        if str(key) == name:
            return index, key
    return None


def mark_position(node: Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def locate(root: Node, path: JsonPath, key: bool = False) -> Position:
    """Position of the node at `path` in composed nodes (a document `construct` left to
    PyYAML); of its key with `key`. Merge keys are followed; a path that does not exist gives
    the deepest node that does, at its key."""
    current: Node = root
    current_key: Node | None = None
    for part in path:
        found = _child(current, part)
        if found is None:
            return mark_position(current_key or current)
        current_key, current = found
    return mark_position(current_key if key and current_key is not None else current)


def _child(node: Node, part: PathPart) -> tuple[Node | None, Node] | None:
    if isinstance(node, MappingNode):
        return _mapping_child(node, str(part))
    if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    return None


def _mapping_child(node: MappingNode, name: str) -> tuple[Node, Node] | None:
    merges: list[Node] = []
    for key, value in node.value:
        if key.tag == MERGE_TAG:
            merges.append(value)
        elif isinstance(key, ScalarNode) and key.value == name:
            return key, value
    for merged in merges:
        sources = merged.value if isinstance(merged, SequenceNode) else [merged]
        for source in sources:
            if isinstance(source, MappingNode) and (found := _mapping_child(source, name)):
                return found
    return None
