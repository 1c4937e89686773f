"""cel-python's parser kept on disk between runs, as kubelint keeps compiled chart templates
(`kubelint.chart.codecache`: `$KUBELINT_CACHE_DIR`, else `~/.cache/kubelint`; empty turns it
off).

cel-python builds one LALR parser from CEL's grammar with lark, the first time a process needs
it: about 90 ms, more than evaluating every rule of a repository of custom resources. lark can
save a built parser and load it again (`Lark.save`, `Lark.load`: 6 ms). The file is keyed by
everything that shapes the parser (Python's and lark's versions, cel-python's grammar and the
module that sets lark's options, kubelint's version), private to the user and written
atomically; one that cannot be read is a miss, and the parser is then built as cel-python
builds it, and saved. Either way it is the same lark parser: the cache skips its building only.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import sys
from pathlib import Path
from typing import Any

from kubelint import __version__


def _path() -> Path | None:
    """The parser's file in the cache folder, or None when the cache is off."""
    import celpy.celparser
    import lark

    from kubelint.chart.codecache import cache_dir

    try:
        folder = cache_dir()
    except RuntimeError:  # no home folder to hold it
        return None
    if folder is None:
        return None
    digest = hashlib.sha256("\0".join((sys.version, lark.__version__, __version__)).encode())
    source = Path(celpy.celparser.__file__)
    for shaping in (source, source.with_name("cel.lark")):
        with contextlib.suppress(OSError):
            digest.update(shaping.read_bytes())
    return folder / "cel" / f"{digest.hexdigest()[:32]}.parser"


def _load(data: bytes) -> Any:
    from lark import Lark

    parser = Lark.load(io.BytesIO(data))
    if not isinstance(parser, Lark):
        raise TypeError("not a parser")
    return parser


def prepare() -> None:
    """Give cel-python its parser before its first use: from the cache, else built (and
    saved)."""
    from celpy.celparser import CELParser

    from kubelint.chart.codecache import read_pack, write_pack

    if CELParser.CEL_PARSER is not None:
        return
    path = _path()
    if path is not None:
        with contextlib.suppress(Exception):  # whatever the file holds, a miss
            CELParser.CEL_PARSER = read_pack(path, _load)
    if CELParser.CEL_PARSER is None:
        CELParser()  # builds the parser, as cel-python's Environment does
        if path is not None and CELParser.CEL_PARSER is not None:
            with contextlib.suppress(Exception):  # one lark cannot save is built each time
                saved = io.BytesIO()
                CELParser.CEL_PARSER.save(saved)
                write_pack(path, saved.getvalue())
