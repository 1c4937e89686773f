"""YAML loading: plain data, and the positions of its fields on the side, from one parse.

A file's text is cut where Helm starts documents (`kubelint.yamlgo.segments`) and each piece
is read by `kubelint.yamlloader.Loader` (libyaml): its nodes are built into plain dicts and
lists by `kubelint.yamlpos.construct`, which records where each key and value starts in a
compact table as it goes; when a finding needs the line of a field, its JSON path is looked up
there. A document that walk leaves to PyYAML's constructor (aliases, merge keys, duplicate keys,
unusual tags) keeps its nodes instead. What cannot be read is a `LoadProblem`
(`kubelint.yamlproblems`); the bounds on hostile input are `kubelint.limits.Limits`.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from typing import Any, NamedTuple

import yaml
from yaml.nodes import Node

from kubelint.findings import Position
from kubelint.gcpause import uncollected
from kubelint.limits import DEFAULT_LIMITS, Limits
from kubelint.yamlbounds import may_have_alias
from kubelint.yamlgo import Segment, segments
from kubelint.yamlloader import Loader, OverLimit, failure, size_problem
from kubelint.yamlpos import JsonPath, PathPart, Table, find, locate, mark_position
from kubelint.yamlproblems import LoadProblem, decode
from kubelint.yamlsubst import placeholder_syntax_message, quote_placeholders

# where callers have always found them
__all__ = ["JsonPath", "PathPart", "mark_position"]


# Records on lint's import path are NamedTuples or plain classes, never dataclasses: those cost
# 0.4 ms each to create and `dataclasses` imports `inspect` (tests/cli/test_startup.py).
class Origin(NamedTuple):
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


class SourceFile:
    """One input file's text."""

    __slots__ = ("name", "origin", "segments", "text")

    def __init__(
        self,
        name: str,
        text: str,
        origin: Origin | None = None,  # a rendered chart template: findings point at it
        # The pieces parsed on their own (cut at the separators Helm sees and YAML does not).
        segments: tuple[Segment, ...] = (),
    ) -> None:
        self.name = name
        self.text = text
        self.origin = origin
        self.segments = segments


class Document:
    """One YAML document of a file: its plain data, where it starts, and where its fields
    are (a table of `kubelint.yamlpos`, or the document's nodes; None: nowhere known)."""

    __slots__ = ("data", "index", "line", "positions", "source")

    def __init__(
        self,
        source: SourceFile,
        index: int,
        data: Any,
        line: int,  # 1-based line of the document's first node
        positions: Table[int] | Node | None = None,
    ) -> None:
        self.source = source
        self.index = index
        self.data = data
        self.line = line
        self.positions = positions

    def __reduce__(self) -> tuple[type[Document], tuple[Any, ...]]:
        """Pickled as a call (a worker sends every document it parsed): faster to load than
        an object's default, which sets each slot through a loop."""
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


class LoadedFile:
    """A file's source, its documents (each of that source) and the problems reading it found."""

    __slots__ = ("documents", "problems", "source")

    def __init__(
        self, source: SourceFile, documents: list[Document], problems: list[LoadProblem]
    ) -> None:
        self.source = source
        self.documents = documents
        self.problems = problems

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled flat, rebuilt by one call (a worker sends every file it parsed): a sixth
        less to pickle than the source and each document as objects of their own."""
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


def load(
    name: str, raw: bytes, limits: Limits = DEFAULT_LIMITS, positions: bool = True
) -> LoadedFile:
    """Parse every document of a file; a syntax error ends the file but keeps what came before.
    Without `positions`, documents whose data PyYAML's constructor need not build carry none."""
    with uncollected():  # a tenth of the parse's time otherwise
        return _load(name, raw, limits, positions)


def _load(name: str, raw: bytes, limits: Limits, positions: bool) -> LoadedFile:
    too_big = size_problem(raw, limits)
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
    loader = Loader(text, limits, may_have_alias(text), positions)
    try:
        while loader.check_data():
            data = loader.get_data()
            if data is not None:
                line = loader.document_line + 1
                found.documents.append(Document(source, index, data, line, loader.positions))
            index += 1
    except (yaml.YAMLError, RecursionError, OverLimit) as exc:
        found.problems.append(failure(exc, text))
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


def load_single(raw: bytes, limits: Limits = DEFAULT_LIMITS) -> Any:
    """The data of a file of one YAML document (a values file, Chart.yaml; None when empty),
    read within the same limits as manifests; LoadFailure when it cannot be."""
    problem = size_problem(raw, limits)
    if problem is None:
        text, problem = decode(raw)
        if text is not None:
            loader = Loader(text, limits, may_have_alias(text))
            try:
                return loader.get_single_data()
            except (yaml.YAMLError, RecursionError, OverLimit) as exc:
                problem = failure(exc, text)
            finally:
                loader.dispose()
    assert problem is not None
    raise LoadFailure(problem)


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
