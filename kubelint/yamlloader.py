"""libyaml's safe loader as kubelint reads manifests: plain scalars as Go's YAML reads them;
untagged documents built, with their positions, by `kubelint.yamlpos.construct`, others by
PyYAML's constructor within bounds on aliases' expansion and nesting. Duplicate mapping keys
are detected during the parse itself, at almost no cost: a mapping whose dict is shorter than
its list of pairs is the only one examined.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator, Sequence
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from kubelint.limits import Limits
from kubelint.printable import json_quote
from kubelint.yamlbounds import count_nodes, may_nest, may_share_nodes, too_deep
from kubelint.yamlgo import construct_go_int, read_as_go
from kubelint.yamlpos import (
    MAP_TAG,
    MERGE_TAG,
    SEQ_TAG,
    STR_TAG,
    Table,
    TooDeep,
    Unusual,
    construct,
    construct_data,
    mark_position,
)
from kubelint.yamlproblems import LoadProblem, syntax_problem

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Integers beyond Python's `int_max_str_digits` (4,300 digits) cannot be read or printed
INT_DIGITS = 4_300
_INT_BOUND = 10**INT_DIGITS


class OverLimit(Exception):
    """A document beyond `max-alias-nodes` or `max-depth`: the node, and the message."""

    def __init__(self, node: Node, message: str) -> None:
        super().__init__(node, message)
        self.node, self.message = node, message


# The tags of plain scalars already resolved (their regular expressions are the costly part of
# a parse); cleared when full.
_RESOLVED: dict[str, str] = {}
_RESOLVED_SIZE = 50_000


def _resolve(kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
    """The tag of an untagged node (libyaml asks for each), as PyYAML's resolver gives it: of a
    plain scalar, its first implicit resolver (by its first character) that matches, looked up
    once per distinct text; else the tag of its kind. STR_TAG, MAP_TAG and SEQ_TAG are these
    very objects (see yamlpos._Builder)."""
    if kind is not ScalarNode:
        return MAP_TAG if kind is MappingNode else SEQ_TAG
    if not implicit[0] or value[:1] not in _IMPLICIT_FIRST:
        return STR_TAG
    tag = _RESOLVED.get(value)
    if tag is None:
        resolvers = Loader.yaml_implicit_resolvers[value[:1]]
        tag = next((t for t, pattern in resolvers if pattern.match(value)), STR_TAG)
        tag = STR_TAG if tag == STR_TAG else tag
        if len(_RESOLVED) >= _RESOLVED_SIZE:
            _RESOLVED.clear()
        _RESOLVED[value] = tag
    return tag


class Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """libyaml's safe loader that also records duplicate keys and where each document starts,
    and refuses documents whose aliases expand them beyond a limit ("billion laughs")."""

    # libyaml's composer looks up the resolver's three on the loader for each node, to tell
    # where it goes and to ask for a tag: held in slots, they are found without a miss in the
    # instance's __dict__ first (a few per cent of a parse). This loader has no path
    # resolvers: C functions that do nothing stand in for PyYAML's descend and ascend (a
    # Python method would cost a call per node, each way).
    __slots__ = (
        "aliases",
        "ascend_resolver",
        "descend_resolver",
        "document_line",
        "duplicates",
        "limits",
        "positions",
        "resolve",
        "stream_text",
        "want_positions",
    )

    def __init__(
        self, stream: str, limits: Limits, aliases: bool = True, positions: bool = True
    ) -> None:
        super().__init__(stream)
        self.descend_resolver = operator.is_  # (parent, index) -> bool, ignored
        self.ascend_resolver = int  # () -> 0, ignored
        self.resolve = _resolve
        self.duplicates: list[LoadProblem] = []
        self.document_line = 0
        self.positions: Table[int] | Node | None = None  # of the document constructed last
        self.limits = limits
        self.aliases = aliases  # whether the text may hold an alias at all
        self.want_positions = positions  # else a tree's data is built alone, in half the time
        self.stream_text = stream

    def construct_document(self, node: Node) -> Any:
        self.document_line = node.start_mark.line
        aliases = self.aliases and may_share_nodes(
            self.stream_text, node.start_mark.index, node.end_mark.index
        )
        if not aliases:  # a tree: built with its positions, its depth bounded, in one walk
            try:
                if not self.want_positions:
                    self.positions = None
                    return construct_data(node, self.yaml_constructors, self, self.limits.max_depth)
                data, self.positions = construct(
                    node, self.yaml_constructors, self, self.limits.max_depth
                )
                return data
            except (Unusual, TooDeep, RecursionError):  # the walk recurses; PyYAML's does not
                pass
        self._bound(node, aliases)
        self.positions = node
        return super().construct_document(node)

    def _bound(self, node: Node, aliases: bool) -> None:
        """Raise OverLimit for a document whose aliases expand it too much, or that nests
        too deep (at its first collection too deep)."""
        if aliases:
            expanded, unique = count_nodes(node)
            if expanded - unique > self.limits.max_alias_nodes:
                what = f"aliases expand this document by {expanded - unique:,} nodes"
                raise OverLimit(node, self.limits.exceeded("max_alias_nodes", what))
        deep = aliases or may_nest(self.stream_text, node, self.limits.max_depth)
        deepest = too_deep(node, self.limits.max_depth) if deep else None
        if deepest is not None:
            what = "mappings and lists nest too deep here"
            raise OverLimit(deepest, self.limits.exceeded("max_depth", what))

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        pairs = node.value  # flatten_mapping may replace node.value; this list keeps own keys
        count = len(pairs)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep)
        if len(mapping) != count:
            self.duplicates.extend(_duplicate_keys(pairs))
        return mapping

    def construct_yaml_int(self, node: ScalarNode) -> int:
        """An integer, or a syntax error at it when it is too long to read or print."""
        try:
            value = construct_go_int(self, node)
        except ValueError:  # a decimal of more than INT_DIGITS digits
            value = _INT_BOUND
        if abs(value) >= _INT_BOUND:
            raise yaml.constructor.ConstructorError(
                None, None, f"an integer of more than {INT_DIGITS:,} digits", node.start_mark
            )
        return value


read_as_go(Loader)
Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)  # Go's, bounded
# Kubernetes decodes YAML into JSON: a timestamp is a string there, never a date object.
Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_str)
# The first characters of the plain scalars some implicit resolver may claim ('' for the empty
# one): any other is a string, told at the cost of a set lookup. `_resolve` does without
# PyYAML's wildcard resolvers and path resolvers: this loader has none.
_IMPLICIT_FIRST = frozenset(Loader.yaml_implicit_resolvers)
assert None not in _IMPLICIT_FIRST
assert not Loader.yaml_path_resolvers


def _duplicate_keys(pairs: Sequence[tuple[Node, Node]]) -> Iterator[LoadProblem]:
    seen: dict[tuple[str, str], Node] = {}
    for key, _ in pairs:
        if not isinstance(key, ScalarNode) or key.tag == MERGE_TAG:
            continue
        ident = (key.tag, key.value)
        first = seen.setdefault(ident, key)
        if first is not key:
            yield LoadProblem(
                "duplicate-key",
                f"duplicate key {json_quote(key.value, ascii=False)} (first defined at line "
                f"{first.start_mark.line + 1});"
                " the API server rejects it, YAML parsers silently keep the last one",
                mark_position(key),
            )


def size_problem(raw: bytes, limits: Limits) -> LoadProblem | None:
    """The problem of a file over `max-file-size` (not parsed at all), or None."""
    if len(raw) <= limits.max_file_size:
        return None
    message = limits.exceeded("max_file_size", f"the file is {len(raw):,} bytes")
    return LoadProblem("input-limit", message, None)


def failure(exc: yaml.YAMLError | RecursionError | OverLimit, text: str) -> LoadProblem:
    """The problem that stopped a `Loader` reading `text`."""
    if isinstance(exc, OverLimit):
        return LoadProblem("input-limit", exc.message, mark_position(exc.node))
    if isinstance(exc, RecursionError):
        return LoadProblem("input-limit", "the document is nested too deeply to read", None)
    return syntax_problem(exc, text)
