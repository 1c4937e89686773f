"""A file parsed in pieces reads exactly as one parse reads it, or is not cut: `List`s and
streams of documents generated from lines that make entries and documents, with now and then
one that looks like a cut line and is none (a quoted string or a flow collection going on at
the first column) or breaks the file."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kubelint.limits import DEFAULT_LIMITS
from kubelint.yamlload import load
from kubelint.yamlpieces import load_in_pieces

ENTRIES = [
    "- a: 1",
    "  k: v",
    "- b: 'x\n  y'",
    "# c",
    "",
    "- m:\n  - z",
    "- k: [1,\n  2]",
    "- |\n  text\n  - more",
    "-\n  a: b",
]
DOCUMENTS = [
    "---\na: 1",
    "---",
    "--- |\n  t",
    "---\n- x\n- y",
    "# c",
    "--- {a: 1}",
    "---\nb: 'x\n  y'",
]
TRICKY = [
    '- "t\n- u"',
    "- 'q\n- r'",
    "- k: [1,\n- 2]",
    'b: "x\n---\ny"',
    "e: [1,\n---\n2]",
    "f: g",
    "--- a",
    "- &x 1",
]


def _text(head: str, lines: list[str], tricky: list[tuple[int, str]], tail: str) -> str:
    for at, line in tricky:
        lines.insert(at % (len(lines) + 1), line)
    return head + "\n".join(lines) + tail


LISTS = st.builds(
    _text,
    st.sampled_from(["apiVersion: v1\nitems:\n", "items:\n", "---\nitems:\n# first\n"]),
    st.lists(st.sampled_from(ENTRIES), min_size=4, max_size=30),
    st.lists(st.tuples(st.integers(0, 30), st.sampled_from(TRICKY)), max_size=1),
    st.sampled_from(["", "\n", "\nkind: List\nmetadata: {}\n"]),
)
STREAMS = st.builds(
    _text,
    st.sampled_from(["", "a: 1\n", "# h\n"]),
    st.lists(st.sampled_from(DOCUMENTS), min_size=4, max_size=30),
    st.lists(st.tuples(st.integers(0, 30), st.sampled_from(TRICKY)), max_size=1),
    st.sampled_from(["", "\n"]),
)


@given(LISTS | STREAMS, st.sampled_from([2, 3]))
def test_pieces_read_as_one_parse_or_not_at_all(text: str, jobs: int) -> None:
    raw = text.encode()
    pieces = load_in_pieces("f.yaml", raw, DEFAULT_LIMITS, jobs, least=0)
    if pieces is None:
        return
    whole = load("f.yaml", raw)
    assert not whole.problems
    assert [(d.index, d.line, d.data) for d in pieces.documents] == [
        (d.index, d.line, d.data) for d in whole.documents
    ]
