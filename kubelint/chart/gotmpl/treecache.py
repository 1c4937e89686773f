"""Parsed Go templates kept on disk between runs, beside the Jinja2 code cache (`codecache`).

Parsing is most of a Go chart's first render in a process. Each chart folder has one pack of
trees (the `.trees` file next to its `.pack`), each file's trees under a key of its text and of
everything that shapes them (Python and kubelint versions, the node classes' fields, the
function names the parser accepts). The trees are pickled (their nodes load by a plain call of
their class, see `nodes.Node.__reduce__`); the pack is read only when it is private to this
user, as the code pack is. A pack that cannot be read is ignored, one that cannot be written
is skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import sys
from collections.abc import Iterable

from kubelint import __version__
from kubelint.chart.codecache import pack_path, read_pack, write_pack
from kubelint.chart.gotmpl import nodes
from kubelint.chart.gotmpl.nodes import Tree
from kubelint.gcpause import uncollected

_FORMAT = 1
# Characters of template text one pack keeps trees for: a giant chart is parsed each run.
_MAX_PACK_TEXT = 8_000_000

Parsed = tuple[str, dict[str, Tree]]  # the name a file was parsed under, and its trees
# The fields of every node class, in order: trees pickled by a kubelint whose nodes differ (a
# development build of the same version) are not read back into the wrong fields.
_SHAPE = repr(
    sorted(
        (kind.__name__, kind.__match_args__)
        for kind in vars(nodes).values()
        if isinstance(kind, type) and hasattr(kind, "__match_args__")
    )
)


def _load(data: bytes) -> dict[str, Parsed]:
    """The entries of a pack's bytes (none if it is of another format). The collector is
    paused while the nodes are built: it would scan the young tree over and over."""
    with uncollected():
        stored = pickle.loads(data)  # a private pack only (read_pack), as the code pack
    return stored[1] if isinstance(stored, tuple) and stored[:1] == (_FORMAT,) else {}


class TreePack:
    """The parsed templates of one chart folder, by the key of their text."""

    def __init__(self, location: str, function_names: Iterable[str]) -> None:
        self.path = pack_path(location, ".trees")
        settings = "\0".join((sys.version, __version__, _SHAPE, *sorted(function_names)))
        self.settings = hashlib.sha256(settings.encode()).digest()
        self.entries: dict[str, Parsed] = {}
        self.used: set[str] = set()
        self.dirty = False
        if self.path is not None:
            with contextlib.suppress(OSError, ValueError, EOFError, TypeError, pickle.PickleError):
                self.entries = dict(read_pack(self.path, _load))

    def key(self, text: str) -> str:
        return hashlib.sha256(self.settings + text.encode()).hexdigest()

    def get(self, key: str) -> Parsed | None:
        return self.entries.get(key)

    def keep(self, key: str, parsed: Parsed) -> None:
        """Note that this render uses the trees of `key` (parsed here, or found)."""
        if key not in self.entries:
            self.entries[key] = parsed
            self.dirty = True
        self.used.add(key)

    def save(self) -> None:
        """Write the pack if it gained trees or holds some this render did not use."""
        if self.path is None or not (self.dirty or set(self.entries) - self.used):
            return
        kept: dict[str, Parsed] = {}
        size = 0
        for key in self.used:
            name, trees = self.entries[key]
            text = next(iter(trees.values())).text if trees else ""
            if size + len(text) <= _MAX_PACK_TEXT:
                kept[key] = (name, trees)
                size += len(text)
        with contextlib.suppress(RecursionError, pickle.PickleError):
            write_pack(self.path, pickle.dumps((_FORMAT, kept), protocol=pickle.HIGHEST_PROTOCOL))
