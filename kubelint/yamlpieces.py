"""A large YAML file parsed in pieces on several cores, where it can be cut without changing
what it says.

What `kubectl get nodes -o yaml` prints is one `List` whose `items` are thousands of mappings,
each opening on a line of its own that starts with `- `; a file of many documents has a `---`
line before each. libyaml and the building of the data take seconds for a cluster of 5,000
Nodes (18 MB); cut at such lines, the pieces are parsed at once by this process and forked
workers, and their data put together. A caller with work of its own to do meanwhile (`kubelint
schedule` reads its workloads) starts a worker for every piece and collects them later
(`start_in_pieces`). The workers build data only, without the positions that nobody will ask
of pieces that read as planned.

A cut is only made where one parse of the whole file reads the same data:
- nothing that reads otherwise on its own: no alias (`*a` needs its anchor), no directive
  (`%TAG`), no separator Helm sees and YAML does not (`kubelint.yamlgo.segments`);
- a `List`: the line `items:` at the first column, its entries each opening with `- ` at the
  first column, up to the next line that starts with a key; the rest of the document parsed on
  its own with `items: []`. A piece of entries is a sequence one level less deep (its depth is
  checked one level lower). The file has no other document;
- documents: cut at `---` lines (libyaml starts a document at each, whatever comes before).
  The file has no `...` line, so every document but the first starts at such a line.
Each piece must parse without any problem (a duplicate key, a limit) and hold as many entries or
documents as the lines it was cut at say: a `- ` line that is no entry (inside a quoted
string) fails that count, or leaves a quote or bracket open where its piece ends.

Otherwise the caller parses the file whole (None), as it does for any problem: that parse
reports it with its place. The documents carry their data and first line only, no positions;
whoever finds a mistake in them parses the file whole for its place.
"""

from __future__ import annotations

import dataclasses
import gc
import itertools
import os
import re
import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kubelint.limits import Limits
from kubelint.yamlbounds import may_have_alias
from kubelint.yamlgo import segments
from kubelint.yamlload import Document, LoadedFile, SourceFile, load
from kubelint.yamlproblems import decode

if TYPE_CHECKING:  # multiprocessing is imported when workers start
    from multiprocessing.connection import Connection

# Below this many bytes, starting a worker costs more than it saves.
PIECES_BYTES = 1_000_000

_ITEMS = re.compile(r"^items:[ \t]*$", re.MULTILINE)
_CONTENT = re.compile(r"^[ \t]*[^\s#]", re.MULTILINE)  # a line of more than a comment
_OPENS = re.compile(r"[\"'{\[]")  # what may leave a quote or a bracket open
_BLANKS = " \t\n"


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    line: int  # lines of the file before a piece of documents (entries keep no line)
    count: int  # entries (of `items`), or documents, it holds
    entries: bool  # a piece of `items` entries, else of documents


@dataclass(frozen=True, slots=True)
class Plan:
    pieces: list[Piece]
    rest: str | None  # a List's document without its entries (`items: []`); None: documents


def plan(text: str, count: int) -> Plan | None:
    """The text cut into at most `count` pieces of about equal size (None: not cut)."""
    if text.startswith("%") or "\n%" in text or _find(text, "...", 0, len(text)) >= 0:
        return None
    if may_have_alias(text):
        return None
    dashes = text.startswith("---") or "\n---" in text  # else no `---` line: one scan less
    if dashes and len(segments(text)) > 1:
        return None
    first = _find(text, "---", 0, len(text)) if dashes else -1
    if first < 0:
        return _entries(text, count)
    if _CONTENT.search(text, 0, first) is None and _find(text, "---", first + 1, len(text)) < 0:
        return _entries(text, count)  # one document
    return _documents(text, first, count)


def _entries(text: str, count: int) -> Plan | None:
    """A List's entries in pieces, and the rest of it; None unless the line `items:` is a key
    of the document's block mapping (nothing before it may leave a quote or a bracket open)
    followed by entries."""
    found = _ITEMS.search(text)
    if found is None or _OPENS.search(text, 0, found.start()):
        return None
    begin = found.end() + 1  # past the line `items:`
    first = _CONTENT.search(text, begin)
    if first is None or not first.group().endswith("-") or "\t" in first.group():
        return None
    entry = first.group()  # the entries' indentation and `-`
    # they end at the first line less indented than they are after the last of them
    less = rf" {{0,{len(entry) - 2}}}[^\s#]" if len(entry) > 1 else r"[^\s#-]"
    after = re.compile(f"^{less}", re.MULTILINE).search(text, text.rfind("\n" + entry) + 1)
    end = after.start() if after is not None else len(text)
    cuts = _cuts(text, begin, end, entry, count)
    if cuts is None:
        return None
    pieces = [
        Piece(text[a:b], 0, _count(text, entry, a, b), entries=True)
        for a, b in itertools.pairwise(cuts)
    ]
    return Plan(pieces, text[: found.start()] + "items: []\n" + text[end:])


def _documents(text: str, first: int, count: int) -> Plan | None:
    """Whole documents in pieces (`first`: where the first `---` line starts)."""
    cuts = _cuts(text, 0, len(text), "---", count)
    if cuts is None:
        return None
    pieces = []
    for a, b in itertools.pairwise(cuts):
        documents = _count(text, "---", a, b)
        if a == 0 and _CONTENT.search(text, 0, first):
            documents += 1  # one before the first `---`
        pieces.append(Piece(text[a:b], text.count("\n", 0, a), documents, entries=False))
    return Plan(pieces, None)


def _cuts(text: str, begin: int, end: int, marker: str, count: int) -> list[int] | None:
    """Where to cut text[begin:end] into at most `count` pieces of about equal size, each but
    the first at a line that `marker` opens (with `begin` and `end`); None for one piece."""
    cuts = [begin]
    for k in range(1, count):
        found = _find(text, marker, max(begin + (end - begin) * k // count, cuts[-1] + 1), end)
        if found < 0:
            break
        cuts.append(found)
    return [*cuts, end] if len(cuts) > 1 else None


def _opens(text: str, marker: str, at: int) -> bool:
    """Whether `marker` and a blank (or the end of the text) are at `at`."""
    after = at + len(marker)
    return text.startswith(marker, at) and (after == len(text) or text[after] in _BLANKS)


def _line(text: str, marker: str, at: int, end: int) -> int:
    """Where the next line after `at` that starts with `marker` starts, before `end`; or -1."""
    found = text.find("\n" + marker, at, end)
    return found + 1 if found >= 0 else -1


def _find(text: str, marker: str, begin: int, end: int) -> int:
    """Where the first line that `marker` opens starts, from `begin` on and before `end`;
    -1 for none."""
    starts = begin == 0 or text[begin - 1] == "\n"
    at = (
        begin if starts and text.startswith(marker, begin, end) else _line(text, marker, begin, end)
    )
    while at >= 0 and not _opens(text, marker, at):
        at = _line(text, marker, at, end)
    return at


def _count(text: str, marker: str, begin: int, end: int) -> int:
    """How many lines of text[begin:end] `marker` opens (`begin` starts a line)."""
    count, at = 0, _find(text, marker, begin, end)
    while at >= 0:
        count, at = count + 1, _find(text, marker, at + 1, end)
    return count


# A document's (or an entry's) index in its piece, data and line in the file (0 for an entry)
Parsed = list[tuple[int, Any, int]]


def parse(piece: Piece, limits: Limits) -> Parsed | None:
    """The data of a piece's documents (or entries); None when it does not read as planned."""
    if piece.entries:  # one level below the document
        limits = limits._replace(max_depth=limits.max_depth - 1)
    loaded = load("", piece.text.encode(), limits, positions=False)
    if loaded.problems:
        return None
    if piece.entries:
        if len(loaded.documents) != 1:
            return None
        items = loaded.documents[0].data
        if not isinstance(items, list) or len(items) != piece.count:
            return None
        return [(i, item, 0) for i, item in enumerate(items)]
    if any(document.index >= piece.count for document in loaded.documents):
        return None
    return [(d.index, d.data, d.line + piece.line) for d in loaded.documents]


def _serve(conn: Connection, piece: Piece, limits: Limits) -> None:
    """A worker: parse one piece, send what it gave, end."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    gc.disable()  # what it builds lives until it is sent: collections would only walk it
    try:
        conn.send(parse(piece, limits))
    except BaseException:  # whatever it is: the main process parses the piece again
        os._exit(1)
    os._exit(0)


@dataclass(slots=True)
class Pending:
    """A file being parsed in pieces by forked workers; `result` gives what `load_in_pieces`
    does. With `here`, this process parses the first piece itself, in `result`; else every
    piece has a worker, and this process is free for other work meanwhile."""

    name: str
    text: str | None  # None: the file is not parsed in pieces
    found: Plan | None
    limits: Limits
    here: bool
    workers: list[tuple[Any, Connection]] = dataclasses.field(default_factory=list)

    def result(self) -> LoadedFile | None:
        if self.text is None or self.found is None:
            return None
        pieces = self.found.pieces
        first = [parse(pieces[0], self.limits)] if self.here else []
        out = first + _collect(pieces[len(first) :], self.workers, self.limits)
        return _joined(self.name, self.text, self.found, out, self.limits)


def _start(pieces: Sequence[Piece], limits: Limits) -> list[tuple[Any, Connection]]:
    """A forked worker parsing each piece, and the pipe it answers on."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    workers = []
    for piece in pieces:
        mine, theirs = context.Pipe(duplex=False)
        process = context.Process(target=_serve, args=(theirs, piece, limits), daemon=True)
        process.start()
        theirs.close()
        workers.append((process, mine))
    return workers


def _collect(
    pieces: Sequence[Piece], workers: Sequence[tuple[Any, Connection]], limits: Limits
) -> list[Parsed | None]:
    """What each piece's worker parsed (a piece whose worker failed is parsed here)."""
    out = []
    for piece, (process, conn) in zip(pieces, workers, strict=True):
        try:
            out.append(conn.recv())
        except (EOFError, OSError):
            out.append(parse(piece, limits))
        conn.close()
        process.join()
    return out


def start_in_pieces(
    name: str, raw: bytes, limits: Limits, jobs: int, here: bool, least: int = PIECES_BYTES
) -> Pending:
    """The parse of `load_in_pieces` begun: its workers started (see `Pending`)."""
    # forking is safe on Linux (macOS's system libraries may not survive it)
    if jobs < 2 or not least <= len(raw) <= limits.max_file_size or sys.platform != "linux":
        return Pending(name, None, None, limits, here)
    text, _ = decode(raw)
    found = plan(text, jobs) if text is not None else None
    if text is None or found is None:
        return Pending(name, None, None, limits, here)
    workers = _start(found.pieces[1:] if here else found.pieces, limits)
    return Pending(name, text, found, limits, here, workers)


def load_in_pieces(
    name: str, raw: bytes, limits: Limits, jobs: int, least: int = PIECES_BYTES
) -> LoadedFile | None:
    """The file's documents, parsed in pieces by `jobs` processes, when it is at least `least`
    bytes, can be cut, and every piece reads as planned; else None (parse it whole)."""
    return start_in_pieces(name, raw, limits, jobs, True, least).result()


def _joined(
    name: str, text: str, found: Plan, parts: list[Parsed | None], limits: Limits
) -> LoadedFile | None:
    """The file's documents from what its pieces gave; None when a piece did not read as
    planned."""
    parsed = [part for part in parts if part is not None]
    if len(parsed) != len(found.pieces):
        return None
    source = SourceFile(name, text)
    if found.rest is None:
        documents: list[Document] = []
        start = 0
        for piece, part in zip(found.pieces, parsed, strict=True):
            documents.extend(Document(source, start + i, data, line) for i, data, line in part)
            start += piece.count
        return LoadedFile(source, documents, [])
    rest = load(name, found.rest.encode(), limits)
    if rest.problems or len(rest.documents) != 1:
        return None
    document = rest.documents[0]
    if not isinstance(document.data, dict) or document.data.get("items") != []:
        return None
    document.data["items"] = [item for part in parsed for _, item, _ in part]
    return LoadedFile(source, [Document(source, 0, document.data, document.line)], [])
