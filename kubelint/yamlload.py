"""YAML loading: plain data on the fast path, positions composed lazily on the side.

Documents are parsed with libyaml (`CSafeLoader`) into plain dicts and lists. Positions are not
kept during that parse: when a finding needs the line of a field, the file is composed into
nodes once (cached per file) and the JSON path is looked up there. Duplicate mapping keys are
detected during the parse itself, at almost no cost: a mapping whose dict is shorter than its
list of pairs is the only one examined.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kubelint.findings import Position

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE_TAG = "tag:yaml.org,2002:merge"

PathPart = str | int
JsonPath = tuple[PathPart, ...]


@dataclass(frozen=True, slots=True)
class LoadProblem:
    """A problem found while reading a file, before any rule runs."""

    rule: str
    message: str
    position: Position | None


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep hostile input cheap; each is a configuration key under `limits:`."""

    max_file_size: int = 50_000_000  # bytes of one file
    max_alias_nodes: int = 100_000  # nodes a document gains by expanding its aliases


class _AliasBomb(Exception):
    def __init__(self, node: Node, extra: int) -> None:
        super().__init__(node, extra)
        self.node, self.extra = node, extra


# Something that may be an alias (`*name`) where a value can start; false positives only cost a
# count of the document's nodes.
_MAY_HAVE_ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*[^\s,\[\]{}]")


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """libyaml's safe loader that also records duplicate keys and where each document starts,
    and refuses documents whose aliases expand them beyond a limit ("billion laughs")."""

    def __init__(self, stream: str, max_alias_nodes: int | None = None) -> None:
        super().__init__(stream)
        self.duplicates: list[LoadProblem] = []
        self.document_line = 0
        self.max_alias_nodes = max_alias_nodes

    def construct_document(self, node: Node) -> Any:
        self.document_line = node.start_mark.line
        if self.max_alias_nodes is not None:
            expanded, unique = _count_nodes(node)
            if expanded - unique > self.max_alias_nodes:
                raise _AliasBomb(node, expanded - unique)
        return super().construct_document(node)

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        pairs = node.value  # flatten_mapping may replace node.value; this list keeps own keys
        count = len(pairs)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep)
        if len(mapping) != count:
            self.duplicates.extend(_duplicate_keys(pairs))
        return mapping


# Kubernetes decodes YAML into JSON: a timestamp is a string there, never a date object.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_str)


def _count_nodes(root: Node) -> tuple[int, int]:
    """(nodes once aliases are expanded, distinct nodes), without expanding anything."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children: list[Node] = []
        if isinstance(node, SequenceNode):
            children = node.value
        elif isinstance(node, MappingNode):
            children = [part for pair in node.value for part in pair]
        if children_done or not children:
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)], len(sizes)


def _duplicate_keys(pairs: Sequence[tuple[Node, Node]]) -> Iterator[LoadProblem]:
    seen: dict[tuple[str, str], Node] = {}
    for key, _ in pairs:
        if not isinstance(key, ScalarNode) or key.tag == _MERGE_TAG:
            continue
        ident = (key.tag, key.value)
        first = seen.setdefault(ident, key)
        if first is not key:
            yield LoadProblem(
                "duplicate-key",
                f'duplicate key "{key.value}" (first defined at line {first.start_mark.line + 1});'
                " the API server rejects it, YAML parsers silently keep the last one",
                mark_position(key),
            )


def mark_position(node: Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


_BOMS = (  # UTF-32 first: its little-endian BOM starts like UTF-16's
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(raw: bytes) -> tuple[str | None, LoadProblem | None]:
    """Bytes to text: UTF-8 (a BOM is accepted), or UTF-16/32 with a BOM."""
    encoding = next((enc for bom, enc in _BOMS if raw.startswith(bom)), "utf-8")
    try:
        return raw.decode(encoding), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = raw[exc.start]
        problem = LoadProblem(
            "yaml-syntax",
            f"not {encoding.upper()} text: invalid byte 0x{byte:02x} (is this a binary file?)",
            Position(line, column),
        )
        return None, problem


def syntax_problem(exc: yaml.YAMLError, text: str) -> LoadProblem:
    """Turn a PyYAML error into a finding with the line and column PyYAML reports."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and mark and mark.line >= text.count("\n"):
            mark = exc.context_mark  # "unexpected end of stream": point where the construct began
        message = exc.problem or exc.context or str(exc)
        if exc.problem and exc.context:
            started = (
                f" that starts at line {exc.context_mark.line + 1}" if exc.context_mark else ""
            )
            message = f"{exc.problem} ({exc.context}{started})"
        position = Position(mark.line + 1, mark.column + 1) if mark else None
        return LoadProblem("yaml-syntax", message, position)
    if isinstance(exc, yaml.reader.ReaderError):
        index = min(exc.position, len(text))
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        return LoadProblem(
            "yaml-syntax",
            f"unacceptable character #x{exc.character:04x}: {exc.reason}",
            Position(line, column),
        )
    return LoadProblem("yaml-syntax", str(exc), None)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where the lines of a rendered file came from: for a chart, the template that made them."""

    file: str  # the template file findings name
    # per rendered line (index 0 = line 1): (template line, template column or 0 for "the
    # rendered column", as for a line of static template text)
    lines: Sequence[tuple[int, int]]

    def locate(self, rendered: Position) -> Position:
        if not self.lines:
            return rendered
        line, column = self.lines[min(max(rendered.line, 1), len(self.lines)) - 1]
        return Position(line, column or rendered.column)


@dataclass(slots=True)
class SourceFile:
    """One input file's text, with its YAML nodes composed on first use."""

    name: str
    text: str
    origin: Origin | None = None  # a rendered chart template: findings point at the template
    _nodes: list[Node] = field(default_factory=list)
    _composer: Iterator[Node] | None = None

    def node(self, index: int) -> Node | None:
        """The composed root node of document `index`, or None if it cannot be composed."""
        if self._composer is None:
            self._composer = yaml.compose_all(self.text, Loader=_BaseLoader)
        if index >= len(self._nodes):
            try:
                self._nodes.extend(islice(self._composer, index + 1 - len(self._nodes)))
            except yaml.YAMLError:
                self._composer = iter(())
        return self._nodes[index] if index < len(self._nodes) else None


@dataclass(frozen=True, slots=True)
class Document:
    """One YAML document of a file: its plain data, and where it starts."""

    source: SourceFile
    index: int
    data: Any
    line: int  # 1-based line of the document's first node

    def position(self, path: JsonPath, key: bool = False) -> Position:
        node = self.source.node(self.index)
        if node is None:
            return Position(self.line, 1)
        return locate(node, path, key)


@dataclass(slots=True)
class LoadedFile:
    source: SourceFile
    documents: list[Document]
    problems: list[LoadProblem]


def load(name: str, raw: bytes, limits: Limits = Limits()) -> LoadedFile:
    """Parse every document of a file; a syntax error ends the file but keeps what came before."""
    if len(raw) > limits.max_file_size:
        message = (
            f"file is {len(raw):,} bytes, over the limit of {limits.max_file_size:,} "
            "(raise limits.max-file-size in the configuration to read it)"
        )
        return LoadedFile(SourceFile(name, ""), [], [LoadProblem("input-limit", message, None)])
    text, problem = decode(raw)
    source = SourceFile(name, text or "")
    if text is None:
        assert problem is not None
        return LoadedFile(source, [], [problem])
    documents: list[Document] = []
    problems: list[LoadProblem] = []
    loader = _Loader(text, limits.max_alias_nodes if _MAY_HAVE_ALIAS.search(text) else None)
    try:
        index = 0
        while loader.check_data():
            data = loader.get_data()
            if data is not None:
                documents.append(Document(source, index, data, loader.document_line + 1))
            index += 1
    except yaml.YAMLError as exc:
        problems.append(syntax_problem(exc, text))
    except RecursionError:
        problems.append(LoadProblem("yaml-syntax", "document is nested too deeply", None))
    except _AliasBomb as bomb:
        message = (
            f"aliases expand this document by {bomb.extra:,} nodes, over the limit of "
            f"{limits.max_alias_nodes:,} (raise limits.max-alias-nodes in the configuration)"
        )
        problems.append(LoadProblem("input-limit", message, mark_position(bomb.node)))
    finally:
        loader.dispose()
    problems.extend(loader.duplicates)
    return LoadedFile(source, documents, problems)


def locate(root: Node, path: JsonPath, key: bool = False) -> Position:
    """Position of the node at `path`; of its key with `key`.

    When the path does not exist, the deepest node that does is returned, at its key: for a
    missing field, that is the line of the mapping that lacks it.
    """
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
        if key.tag == _MERGE_TAG:
            merges.append(value)
        elif isinstance(key, ScalarNode) and key.value == name:
            return key, value
    for merged in merges:
        sources = merged.value if isinstance(merged, SequenceNode) else [merged]
        for source in sources:
            if isinstance(source, MappingNode) and (found := _mapping_child(source, name)):
                return found
    return None


def format_path(path: JsonPath) -> str:
    """`("spec", "containers", 0, "image")` → `spec.containers[0].image`."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif part and all(c.isalnum() or c in "-_" for c in part):
            out.append(f".{part}" if out else part)
        else:
            out.append(f'["{part}"]')
    return "".join(out)
