"""cel-python's parser kept in kubelint's cache folder (kubelint/validation/cel_parser.py): built
and saved by the first process, loaded by the next, a bad file a miss, nothing written with
the cache off; the loaded parser parses as the built one."""

from __future__ import annotations

from pathlib import Path

import pytest
from celpy.celparser import CELParser

from kubelint.chart import codecache
from kubelint.validation import cel_parser

EXPRESSIONS = [
    "self.a == 1",
    "has(self.x) ? [1, 2].all(x, x > 0) : {'a': b'x', 2: -1.5e3}",
    "self.items.map(i, i.name).join(',').lowerAscii() != '' || true",
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KUBELINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(codecache, "_READ", {})
    monkeypatch.setattr(CELParser, "CEL_PARSER", None)  # (restored after the test)
    return tmp_path


def _saved(folder: Path) -> list[Path]:
    return sorted(folder.glob("cel/*.parser"))


def _never(*_: object) -> None:
    pytest.fail("the parser was built again")


def test_the_first_process_saves_the_parser_and_the_next_loads_it(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cel_parser.prepare()
    built = CELParser.CEL_PARSER
    assert built is not None
    (saved,) = _saved(cache)
    CELParser.CEL_PARSER = None
    codecache._READ.clear()
    monkeypatch.setattr(CELParser, "__init__", _never)
    cel_parser.prepare()
    loaded = CELParser.CEL_PARSER
    assert loaded is not None
    assert loaded is not built
    assert _saved(cache) == [saved]
    for expression in EXPRESSIONS:
        assert loaded.parse(expression) == built.parse(expression)
    (token,) = loaded.parse("true").scan_values(lambda _: True)
    assert token.type == "BOOL_LIT"  # cel-python's lexer callback came along


def test_a_file_that_cannot_be_read_is_a_miss(cache: Path) -> None:
    cel_parser.prepare()
    (saved,) = _saved(cache)
    saved.write_bytes(b"not a parser")
    CELParser.CEL_PARSER = None
    codecache._READ.clear()
    cel_parser.prepare()
    assert CELParser.CEL_PARSER is not None
    assert CELParser.CEL_PARSER.parse("1 + 2") is not None
    assert saved.read_bytes() != b"not a parser"  # built again, and saved


def test_nothing_is_written_with_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUBELINT_CACHE_DIR", "")
    monkeypatch.setattr(CELParser, "CEL_PARSER", None)
    monkeypatch.setenv("HOME", str(tmp_path))
    cel_parser.prepare()
    assert CELParser.CEL_PARSER is not None
    assert list(tmp_path.rglob("*")) == []


def test_a_parser_that_cannot_be_saved_is_built_and_used(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object) -> None:
        raise TypeError("cannot pickle")

    monkeypatch.setattr("lark.Lark.save", refuse)
    cel_parser.prepare()
    assert CELParser.CEL_PARSER is not None
    assert CELParser.CEL_PARSER.parse("self.a") is not None
    assert _saved(cache) == []
