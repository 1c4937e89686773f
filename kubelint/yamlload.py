"""YAML loading: plain data, and the positions of its fields on the side, from one parse.

Documents are parsed with libyaml (`CSafeLoader`): its nodes are built into plain dicts and
lists by `kubelint.yamlpos.construct`, which records where each key and value starts in a
compact table as it goes; when a finding needs the line of a field, its JSON path is looked up
there. A document that walk leaves to PyYAML's constructor (aliases, merge keys, duplicate keys,
unusual tags) keeps its nodes instead. Duplicate mapping keys are detected during the parse
itself, at almost no cost: a mapping whose dict is shorter than its list of pairs is the only
one examined.
"""

from __future__ import annotations

import codecs
import operator
import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from kubelint.findings import Position
from kubelint.gcpause import uncollected
from kubelint.printable import json_quote
from kubelint.yamlbounds import count_nodes, may_have_alias, may_nest, too_deep
from kubelint.yamlgo import Segment, construct_go_int, read_as_go, segments
from kubelint.yamlpos import (
    MAP_TAG,
    MERGE_TAG,
    SEQ_TAG,
    STR_TAG,
    JsonPath,
    PathPart,
    Table,
    TooDeep,
    Unusual,
    construct,
    construct_data,
    find,
    locate,
    mark_position,
)
from kubelint.yamlsubst import placeholder_syntax_message, quote_placeholders

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_LIBYAML_DEPTH = "exceeded maximum nesting depth"  # libyaml stops at 1,000 levels
# Integers beyond Python's `int_max_str_digits` (4,300 digits) cannot be read or printed
INT_DIGITS = 4_300
_INT_BOUND = 10**INT_DIGITS

__all__ = ["JsonPath", "PathPart", "mark_position"]  # where callers have always found them


@dataclass(frozen=True, slots=True)
class LoadProblem:
    """A problem found while reading a file, before any rule runs."""

    rule: str
    message: str
    position: Position | None

    def where(self, name: str) -> str:
        """The problem as a one-line error: `file:line:column: message`."""
        if self.position is None:
            return f"{name}: {self.message}"
        return f"{name}:{self.position.line}:{self.position.column}: {self.message}"


def _limit(default: int, unit: str, doc: str, minimum: int = 1) -> Any:
    return field(default=default, metadata={"unit": unit, "doc": doc, "minimum": minimum})


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep hostile input cheap; each is a configuration key under `limits:`
    (`max_file_size` is `limits.max-file-size`), documented by its metadata."""

    max_file_size: int = _limit(
        50_000_000,
        "bytes",
        "Size of one input file: a manifest, a values file, any file of a chart (an archive's"
        " members and headers included).",
    )
    max_chart_size: int = _limit(
        104_857_600,
        "bytes",
        "All files of one chart, with its subcharts and what their `.tgz` archives expand to,"
        " each file and folder counting 512 bytes more (Helm's limit, 100 MiB).",
    )
    max_alias_nodes: int = _limit(
        100_000,
        "nodes",
        "Nodes a YAML document gains by expanding its aliases (the billion-laughs attack).",
        minimum=0,
    )
    max_depth: int = _limit(100, "levels", "Nesting of mappings and lists in a YAML document.")
    max_render_size: int = _limit(
        20_000_000, "characters", "Output of one chart's templates, together."
    )
    max_template_depth: int = _limit(
        50, "levels", "Helpers (`include`) and `tpl` called within each other."
    )
    max_loop_iterations: int = _limit(
        1_000_000, "iterations", "Iterations of all `{% for %}` loops of one chart's render."
    )
    max_render_operations: int = _limit(
        500_000,
        "operations",
        "Work of one chart's render: each call of a function or macro is one operation, each"
        " item or 100 characters a function is given one more, costly functions (key"
        " generation, bcrypt) many.",
    )
    max_render_memory: int = _limit(
        200_000_000,
        "bytes",
        "Strings and lists one chart's render builds (with operators and functions, and"
        " printed), in total: a value over what is left is refused before it is built.",
    )
    max_render_seconds: int = _limit(
        10,
        "seconds",
        "Processor time of one chart's render, a last resort: the operations and memory bounds"
        " stop a costly chart first.",
    )
    max_integer_digits: int = _limit(
        1_000,
        "digits",
        "Digits of an integer a template computes with `*`, `**` or `mul` (Go's have 19).",
    )
    max_schedule_pods: int = _limit(
        20_000, "pods", "Pods `schedule` (and `lint --schedule`) places in one run, in total."
    )
    max_jobs: int = _limit(64, "processes", "Worker processes of `--jobs` and `jobs:`.")

    @staticmethod
    def key(name: str) -> str:
        """The configuration key of a field: `max_file_size` → `limits.max-file-size`."""
        return "limits." + name.replace("_", "-")

    def exceeded(self, name: str, what: str) -> str:
        """A message about a limit: what happened, which limit, and how to raise it."""
        value, unit = getattr(self, name), _FIELDS[name].metadata["unit"]
        return f"{what} (over {self.key(name)}: {value:,} {unit}; raise it in .kubelint.yaml)"

    @staticmethod
    def documented() -> list[tuple[str, int, str, str, int]]:
        """Each limit: (configuration key, default, unit, what it bounds, lowest value)."""
        return [
            (
                Limits.key(f.name),
                getattr(DEFAULT_LIMITS, f.name),
                f.metadata["unit"],
                f.metadata["doc"],
                f.metadata["minimum"],
            )
            for f in fields(Limits)
        ]


_FIELDS = {f.name: f for f in fields(Limits)}


DEFAULT_LIMITS = Limits()


class _OverLimit(Exception):
    """A document beyond `max-alias-nodes` or `max-depth`: the node, and the message."""

    def __init__(self, node: Node, message: str) -> None:
        super().__init__(node, message)
        self.node, self.message = node, message


# The tags of plain scalars already resolved (their regular expressions are the costly part of
# a parse); cleared when full.
_RESOLVED: dict[str, str] = {}
_RESOLVED_SIZE = 50_000


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """libyaml's safe loader that also records duplicate keys and where each document starts,
    and refuses documents whose aliases expand them beyond a limit ("billion laughs")."""

    def __init__(
        self, stream: str, limits: Limits, aliases: bool = True, positions: bool = True
    ) -> None:
        super().__init__(stream)
        self.duplicates: list[LoadProblem] = []
        self.document_line = 0
        self.positions: Table[int] | Node | None = None  # of the document constructed last
        self.limits = limits
        self.aliases = aliases  # whether the text may hold an alias at all
        self.want_positions = positions  # else a tree's data is built alone, in half the time
        self.stream_text = stream

    # libyaml's composer tells the resolver where it goes, node by node: this loader has no
    # path resolvers, so C functions that do nothing stand in for PyYAML's (a Python method
    # would cost a call per node, each way).
    descend_resolver = staticmethod(operator.is_)  # (parent, index) -> bool, ignored
    ascend_resolver = staticmethod(int)  # () -> 0, ignored

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        """The tag of an untagged node (libyaml asks for each): of a plain scalar, looked up
        once per distinct text."""
        if kind is not ScalarNode:
            return MAP_TAG if kind is MappingNode else SEQ_TAG
        if not implicit[0] or value[:1] not in _IMPLICIT_FIRST:
            return STR_TAG
        tag = _RESOLVED.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            tag = STR_TAG if tag == STR_TAG else tag  # this object (see yamlpos._Builder)
            if len(_RESOLVED) >= _RESOLVED_SIZE:
                _RESOLVED.clear()
            _RESOLVED[value] = tag
        return tag

    def construct_document(self, node: Node) -> Any:
        self.document_line = node.start_mark.line
        if not self.aliases:  # a tree: built with its positions, its depth bounded, in one walk
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
        self._bound(node)
        self.positions = node
        return super().construct_document(node)

    def _bound(self, node: Node) -> None:
        """Raise _OverLimit for a document whose aliases expand it too much, or that nests
        too deep (at its first collection too deep)."""
        if self.aliases:
            expanded, unique = count_nodes(node)
            if expanded - unique > self.limits.max_alias_nodes:
                what = f"aliases expand this document by {expanded - unique:,} nodes"
                raise _OverLimit(node, self.limits.exceeded("max_alias_nodes", what))
        deep = self.aliases or may_nest(self.stream_text, node, self.limits.max_depth)
        deepest = too_deep(node, self.limits.max_depth) if deep else None
        if deepest is not None:
            what = "mappings and lists nest too deep here"
            raise _OverLimit(deepest, self.limits.exceeded("max_depth", what))

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


read_as_go(_Loader)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)  # Go's, bounded
# Kubernetes decodes YAML into JSON: a timestamp is a string there, never a date object.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_str)
# The first characters of the plain scalars some implicit resolver may claim ('' for the empty
# one; the table has no wildcard): any other is a string, told at the cost of a set lookup.
_IMPLICIT_FIRST = frozenset(_Loader.yaml_implicit_resolvers)
assert None not in _IMPLICIT_FIRST


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
        if exc.problem == _LIBYAML_DEPTH:
            message = (
                "mappings and lists nest more than 1,000 levels deep, beyond what the YAML parser"
                " reads at all"
            )
            position = Position(mark.line + 1, mark.column + 1) if mark else None
            return LoadProblem("input-limit", message, position)
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
        hint = (
            " (UTF-16 text without a byte-order mark, or a binary file?)"
            if not exc.character
            else ""
        )
        return LoadProblem(
            "yaml-syntax",
            f"unacceptable character #x{exc.character:04x}: {exc.reason}{hint}",
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
    """One input file's text."""

    name: str
    text: str
    origin: Origin | None = None  # a rendered chart template: findings point at the template
    # The pieces parsed on their own (cut at the separators Helm sees and YAML does not).
    segments: tuple[Segment, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """One YAML document of a file: its plain data, where it starts, and where its fields
    are (a table of `kubelint.yamlpos`, or the document's nodes; None: nowhere known)."""

    source: SourceFile
    index: int
    data: Any
    line: int  # 1-based line of the document's first node
    positions: Table[int] | Node | None = None

    def __reduce__(self) -> tuple[type[Document], tuple[Any, ...]]:
        """Pickled as a call (a worker sends every document it parsed): faster to load than
        the default of a frozen dataclass."""
        return Document, (self.source, self.index, self.data, self.line, self.positions)

    def position(self, path: JsonPath, key: bool = False) -> Position:
        where = self.positions
        if isinstance(where, array):
            found = find(where, self.data, path, key)
        elif where is not None:
            found = locate(where, path, key)
        else:
            return Position(self.line, 1)
        return shifted(found, self.source.segments)


def shifted(position: Position, parts: Sequence[Segment]) -> Position:
    """A position in a segment's text as a position of the file: on the line of a glued
    separator, the content stands right of the `---`."""
    for part in parts:
        if part.shift and part.line == position.line:
            return Position(position.line, position.column + part.shift)
    return position


@dataclass(slots=True)
class LoadedFile:
    """A file's source, its documents (each of that source) and the problems reading it found."""

    source: SourceFile
    documents: list[Document]
    problems: list[LoadProblem]

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled flat, rebuilt by one call (a worker sends every file it parsed): a fifth
        less to unpickle than the source and each document as objects of their own."""
        source = self.source
        assert all(d.source is source for d in self.documents)
        documents = [(d.index, d.data, d.line, d.positions) for d in self.documents]
        fields = (source.name, source.text, source.origin, source.segments)
        return _loaded_file, (fields, documents, self.problems)


def _loaded_file(
    fields: tuple[str, str, Origin | None, tuple[Segment, ...]],
    documents: list[tuple[int, Any, int, Table[int] | Node | None]],
    problems: list[LoadProblem],
) -> LoadedFile:
    source = SourceFile(*fields)
    return LoadedFile(source, [Document(source, *d) for d in documents], problems)


def load(name: str, raw: bytes, limits: Limits = Limits(), positions: bool = True) -> LoadedFile:
    """Parse every document of a file; a syntax error ends the file but keeps what came before.
    Without `positions`, documents whose data PyYAML's constructor need not build carry none."""
    with uncollected():  # a tenth of the parse's time otherwise
        return _load(name, raw, limits, positions)


def _load(name: str, raw: bytes, limits: Limits, positions: bool) -> LoadedFile:
    too_big = _size_problem(raw, limits)
    if too_big is not None:
        return LoadedFile(SourceFile(name, ""), [], [too_big])
    text, problem = decode(raw)
    source = SourceFile(name, text or "")
    if text is None:
        assert problem is not None
        return LoadedFile(source, [], [problem])
    parts = segments(text)
    if len(parts) > 1:
        source.segments = tuple(parts)
    documents: list[Document] = []
    problems: list[LoadProblem] = []
    index = 0
    for part in parts:  # a syntax error ends its segment; the documents before it are kept
        found, failed, index_after = _read(part.text, source, index, limits, positions)
        quoted = quote_placeholders(part.text) if failed else None
        if quoted is not None:  # a plain {{name}} value, meant for sed (kubelint.yamlsubst)
            again, still, index_again = _read(quoted.text, source, index, limits, positions)
            if not still:
                found, failed, index_after = again, still, index_again
                found.problems.extend(
                    LoadProblem("placeholder", placeholder_syntax_message(v), p)
                    for p, v in quoted.places
                )
        documents.extend(found.documents)
        problems.extend(found.problems)
        index = index_after
    if source.segments:
        problems = [_shifted_problem(p, parts) for p in problems]
    return LoadedFile(source, documents, problems)


def _read(
    text: str, source: SourceFile, index: int, limits: Limits, positions: bool = True
) -> tuple[LoadedFile, bool, int]:
    """A segment's documents (numbered from `index`) and problems; whether it failed to parse,
    and the index after its documents."""
    found = LoadedFile(source, [], [])
    failed = False
    loader = _Loader(text, limits, may_have_alias(text), positions)
    try:
        while loader.check_data():
            data = loader.get_data()
            if data is not None:
                line = loader.document_line + 1
                found.documents.append(Document(source, index, data, line, loader.positions))
            index += 1
    except (yaml.YAMLError, RecursionError, _OverLimit) as exc:
        found.problems.append(_failure(exc, text))
        failed = isinstance(exc, yaml.YAMLError)
    finally:
        loader.dispose()
    found.problems.extend(loader.duplicates)
    return found, failed, index


def _shifted_problem(problem: LoadProblem, parts: Sequence[Segment]) -> LoadProblem:
    if problem.position is None:
        return problem
    return LoadProblem(problem.rule, problem.message, shifted(problem.position, parts))


class LoadFailure(Exception):
    """A file of one YAML document (values, Chart.yaml) that cannot be read as one."""

    def __init__(self, problem: LoadProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def load_single(raw: bytes, limits: Limits = Limits()) -> Any:
    """The data of a file of one YAML document (a values file, Chart.yaml; None when empty),
    read within the same limits as manifests; LoadFailure when it cannot be."""
    problem = _size_problem(raw, limits)
    if problem is None:
        text, problem = decode(raw)
        if text is not None:
            loader = _Loader(text, limits, may_have_alias(text))
            try:
                return loader.get_single_data()
            except (yaml.YAMLError, RecursionError, _OverLimit) as exc:
                problem = _failure(exc, text)
            finally:
                loader.dispose()
    assert problem is not None
    raise LoadFailure(problem)


def _size_problem(raw: bytes, limits: Limits) -> LoadProblem | None:
    if len(raw) <= limits.max_file_size:
        return None
    message = limits.exceeded("max_file_size", f"the file is {len(raw):,} bytes")
    return LoadProblem("input-limit", message, None)


def _failure(exc: yaml.YAMLError | RecursionError | _OverLimit, text: str) -> LoadProblem:
    if isinstance(exc, _OverLimit):
        return LoadProblem("input-limit", exc.message, mark_position(exc.node))
    if isinstance(exc, RecursionError):
        return LoadProblem("input-limit", "the document is nested too deeply to read", None)
    return syntax_problem(exc, text)


# A key printed as `.key`: letters, digits, `_` and `-` (\w is str.isalnum() or "_")
_PLAIN_KEY = re.compile(r"[\w-]+")
# Whether each key seen is plain (the same few recur in every finding's path); cleared when full.
_PLAIN: dict[str, bool] = {}
_PLAIN_SIZE = 10_000


def format_path(path: JsonPath) -> str:
    """`("spec", "containers", 0, "image")` → `spec.containers[0].image`."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
            continue
        plain = _PLAIN.get(part)
        if plain is None:
            if len(_PLAIN) >= _PLAIN_SIZE:
                _PLAIN.clear()
            plain = _PLAIN[part] = _PLAIN_KEY.fullmatch(part) is not None
        out.append((f".{part}" if out else part) if plain else f'["{part}"]')
    return "".join(out)
