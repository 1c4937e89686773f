"""The loader: plain data fast, positions on the side, problems with their lines."""

from __future__ import annotations

import codecs
import pickle
from array import array

import pytest

from kubelint.findings import Position
from kubelint.limits import Limits
from kubelint.yamlbounds import may_have_alias, may_share_nodes
from kubelint.yamlload import LoadFailure, format_path, load, load_single

NESTED = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, tier: "front"}
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
          args: [--port, "8080"]
          command:
          - sh
        - name: sidecar
          env:
            - {name: A, value: "1"}
      script: |
        line one
        line two
      folded: >-
        folded
"""


def _doc(text: str, index: int = 0):  # type: ignore[no-untyped-def]
    loaded = load("f.yaml", text.encode())
    assert not loaded.problems, loaded.problems
    return loaded.documents[index]


@pytest.mark.parametrize(
    ("path", "key", "expected"),
    [
        ((), False, (1, 1)),
        (("kind",), False, (2, 7)),
        (("kind",), True, (2, 1)),
        (("metadata", "name"), False, (4, 9)),
        (("metadata", "labels", "app"), False, (5, 17)),  # flow mapping
        (("metadata", "labels", "tier"), True, (5, 22)),
        (("spec", "template", "spec", "containers", 0, "image"), False, (11, 18)),
        (("spec", "template", "spec", "containers", 0, "args", 1), False, (12, 26)),  # flow seq
        (("spec", "template", "spec", "containers", 0, "command", 0), False, (14, 13)),
        (("spec", "template", "spec", "containers", 1, "name"), False, (15, 17)),
        (("spec", "template", "spec", "containers", 1, "env", 0, "value"), False, (17, 32)),
        (("spec", "template", "spec", "script"), False, (18, 15)),  # block scalar
        (("spec", "template", "spec", "folded"), True, (21, 7)),
    ],
)
def test_positions(path: tuple[str | int, ...], key: bool, expected: tuple[int, int]) -> None:
    assert _doc(NESTED).position(path, key) == Position(*expected)


def test_missing_path_points_at_the_deepest_existing_key() -> None:
    doc = _doc(NESTED)
    assert doc.position(("metadata", "namespace")) == Position(3, 1)
    assert doc.position(("spec", "template", "spec", "containers", 7, "name")) == Position(9, 7)
    assert doc.position(("nothing",)) == Position(1, 1)


def test_a_path_names_a_key_of_its_own_type_first_else_one_written_alike() -> None:
    doc = _doc('m:\n  1: int\n  "1": str\n  false: no\nn:\n  2: two\n')
    assert isinstance(doc.positions, array)  # built by the one walk, not left to PyYAML
    assert doc.position(("m", 1)) == Position(2, 6)
    assert doc.position(("m", "1")) == Position(3, 8)
    assert doc.position(("m", False)) == Position(4, 10)
    assert doc.position(("m", 0)) == Position(1, 1)  # no key 0 (false is none): at `m`
    assert doc.position(("n", "2")) == Position(6, 6)  # no str key "2": the int key


def test_multi_document_positions_and_empty_documents() -> None:
    text = "# head\n---\n---\na: 1\n---\n\nb:\n  c: 2\n---\n# only a comment\n"
    loaded = load("m.yaml", text.encode())
    assert [d.data for d in loaded.documents] == [{"a": 1}, {"b": {"c": 2}}]
    assert [d.line for d in loaded.documents] == [4, 7]
    assert loaded.documents[1].position(("b", "c")) == Position(8, 6)


def test_merge_keys_resolve_to_the_merged_mapping() -> None:
    doc = _doc("base: &b\n  x: 1\nuse:\n  <<: *b\n  y: 2\n")
    assert doc.data["use"] == {"x": 1, "y": 2}
    assert doc.position(("use", "x")) == Position(2, 6)
    assert doc.position(("use", "y")) == Position(5, 6)


def test_timestamps_stay_strings_as_in_kubernetes() -> None:
    assert _doc("date: 2024-01-02\n").data == {"date": "2024-01-02"}


def test_duplicate_keys_are_problems_at_the_second_key() -> None:
    loaded = load("d.yaml", b"a: 1\nb:\n  c: 1\n  c: 2\na: 3\n")
    assert {(p.rule, p.position) for p in loaded.problems} == {
        ("duplicate-key", Position(4, 3)),
        ("duplicate-key", Position(5, 1)),
    }
    messages = sorted(p.message for p in loaded.problems)
    assert messages[0].startswith('duplicate key "a" (first defined at line 1)')
    assert messages[1].startswith('duplicate key "c" (first defined at line 3)')


def test_syntax_error_keeps_the_documents_before_it() -> None:
    loaded = load("s.yaml", b"a: 1\n---\nb: [1, 2\n")
    assert [d.data for d in loaded.documents] == [{"a": 1}]
    (problem,) = loaded.problems
    assert problem.rule == "yaml-syntax"
    assert problem.position is not None
    assert problem.position.line == 3


@pytest.mark.parametrize(
    ("raw", "data"),
    [
        (codecs.BOM_UTF8 + b"a: 1\n", {"a": 1}),
        ("a: é\n".encode("utf-16"), {"a": "é"}),
        ("a: é\n".encode("utf-32"), {"a": "é"}),
    ],
)
def test_byte_order_marks_are_accepted(raw: bytes, data: object) -> None:
    loaded = load("bom.yaml", raw)
    assert not loaded.problems
    assert loaded.documents[0].data == data


def test_invalid_utf8_is_a_problem_at_the_byte() -> None:
    loaded = load("bin.yaml", b"a: 1\nb: \xff\xfe\n")
    (problem,) = loaded.problems
    assert problem.rule == "yaml-syntax"
    assert problem.position == Position(2, 4)
    assert "0xff" in problem.message


def test_control_characters_are_a_problem_with_a_position() -> None:
    loaded = load("nul.yaml", b"a: 1\nb: \x00\n")
    (problem,) = loaded.problems
    assert problem.position == Position(2, 4)


def test_nesting_beyond_the_parser_is_a_problem_not_a_crash() -> None:
    loaded = load("deep.yaml", b"[" * 100_000 + b"]" * 100_000)
    (problem,) = loaded.problems
    assert problem.rule == "input-limit"
    assert problem.message == (
        "mappings and lists nest more than 1,000 levels deep, beyond what the YAML parser reads"
        " at all"
    )


def test_nesting_is_bounded_at_the_first_node_too_deep() -> None:
    text = b"a: 1\nb:\n  c:\n    d: [[1]]\n"
    assert load("ok.yaml", text, Limits(max_depth=5)).problems == []
    (problem,) = load("deep.yaml", text, Limits(max_depth=4)).problems
    assert problem.rule == "input-limit"
    assert problem.position == Position(4, 9)
    assert problem.message == (
        "mappings and lists nest too deep here"
        " (over limits.max-depth: 4 levels; raise it in .kubelint.yaml)"
    )


@pytest.mark.parametrize(
    ("text", "position"),
    [
        (b"a: [[{b: 1}]]\nc: {<<: {x: 1}}\n", Position(1, 6)),  # a merge key after the deep part
        (b"a: !!set {x}\nb: [[{c: 1}]]\n", Position(2, 6)),  # a tag left to PyYAML before it
        (b"a: [[{b: 1}]]\nc: 1\nc: 2\n", Position(1, 6)),  # a duplicate key after it
    ],
)
def test_nesting_is_bounded_whichever_constructor_builds_the_document(
    text: bytes, position: Position
) -> None:
    assert load("ok.yaml", text, Limits(max_depth=4)).documents
    (problem,) = load("deep.yaml", text, Limits(max_depth=3)).problems
    assert (problem.rule, problem.position) == ("input-limit", position)


@pytest.mark.parametrize("text", ["*a", "x: *a", "[*a]", "{k: *a}", "- *a", "a *b", "x:\n  *a"])
def test_a_text_with_an_alias_is_read_with_aliases_in_mind(text: str) -> None:
    assert may_have_alias(text)


@pytest.mark.parametrize("text", ["", "a", "x: '*'", 'x: "*"', "a*b", "x: * ", "x: *", "#*"])
def test_a_text_without_an_alias_is_read_as_a_tree(text: str) -> None:
    assert not may_have_alias(text)


@pytest.mark.parametrize(
    ("text", "shared"),
    [
        ("a: &x 1\nb: *x", True),
        ("&x [1, *x]", True),  # the anchor at the very start
        ("- &x {a: 1}\n- [*x]", True),
        ("a: {k: &x 1, j: *x}", True),
        ("description: files with extensions (e.g. *.yaml.sealed)", False),  # no anchor
        ("a: *x\nb: &x 1", False),  # an alias before any anchor is libyaml's error, not ours
        ("cmd: a && b; case $x in *) ;; esac", True),  # looks like both: the slow path, safely
    ],
)
def test_a_document_may_share_nodes_only_after_an_anchor(text: str, shared: bool) -> None:
    assert may_share_nodes(text, 0, len(text)) is shared
    before = "x: 1\n---\n"
    assert may_share_nodes(before + text, len(before), len(before + text)) is shared


def test_a_star_in_one_document_leaves_the_others_to_the_fast_walk() -> None:
    """A description's `*` put every document of a file (Argo CD's install.yaml: 1.9 MB) on
    PyYAML's slow path; now only a document with an anchor of its own goes there, and an alias
    bomb after such a document is still bounded."""
    text = b"description: see *.yaml files\n---\na: &a [1, 2, 3, 4]\nb: [*a, *a, *a]\n"
    loaded = load("mixed.yaml", text)
    assert [d.data for d in loaded.documents] == [
        {"description": "see *.yaml files"},
        {"a": [1, 2, 3, 4], "b": [[1, 2, 3, 4]] * 3},
    ]
    assert isinstance(loaded.documents[0].positions, array)  # the walk's table, not nodes
    (problem,) = load("bomb.yaml", text, Limits(max_alias_nodes=10)).problems
    assert (problem.rule, problem.position) == ("input-limit", Position(3, 1))


def test_nesting_counts_what_aliases_expand_to() -> None:
    text = b"a: &a [[[1]]]\nb: [[*a]]\n"
    assert load("ok.yaml", text, Limits(max_depth=6)).problems == []
    (problem,) = load("deep.yaml", text, Limits(max_depth=5)).problems
    assert problem.position == Position(1, 9)


def test_a_nul_byte_hints_at_utf16_without_a_byte_order_mark() -> None:
    (problem,) = load("u16.yaml", "a: 1\n".encode("utf-16-le")).problems
    assert problem.position == Position(1, 2)
    assert problem.message.endswith("(UTF-16 text without a byte-order mark, or a binary file?)")


@pytest.mark.parametrize(
    ("raw", "data"),
    [
        (b"", None),
        (b"a: 1\n", {"a": 1}),
        ("a: 1\n".encode("utf-16"), {"a": 1}),
        (b"created: 2024-01-01\n", {"created": "2024-01-01"}),
    ],
)
def test_load_single_reads_one_document(raw: bytes, data: object) -> None:
    assert load_single(raw) == data


@pytest.mark.parametrize(
    ("raw", "limits", "rule", "position"),
    [
        (b"a: [1\n", Limits(), "yaml-syntax", Position(1, 4)),
        (b"a: 1\n---\nb: 2\n", Limits(), "yaml-syntax", Position(2, 1)),
        (b"a: caf\xe9\n", Limits(), "yaml-syntax", Position(1, 7)),
        (b"a: 1\n" * 10, Limits(max_file_size=20), "input-limit", None),
        (b"a: &a [1, 2]\nb: [*a, *a]\n", Limits(max_alias_nodes=2), "input-limit", Position(1, 1)),
        (b"a: [[1]]\n", Limits(max_depth=2), "input-limit", Position(1, 5)),
    ],
)
def test_load_single_refuses_what_load_refuses(
    raw: bytes, limits: Limits, rule: str, position: Position | None
) -> None:
    with pytest.raises(LoadFailure) as caught:
        load_single(raw, limits)
    assert (caught.value.problem.rule, caught.value.problem.position) == (rule, position)


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (("spec", "containers", 0, "image"), "spec.containers[0].image"),
        (
            ("metadata", "labels", "app.kubernetes.io/name"),
            'metadata.labels["app.kubernetes.io/name"]',
        ),
        (("items", 3), "items[3]"),
        ((), ""),
    ],
)
def test_format_path(path: tuple[str | int, ...], text: str) -> None:
    assert format_path(path) == text


def test_file_over_the_size_limit_is_not_parsed() -> None:
    loaded = load("big.yaml", b"a: 1\n" * 10, Limits(max_file_size=20))
    (problem,) = loaded.problems
    assert problem.rule == "input-limit"
    assert problem.message == (
        "the file is 50 bytes (over limits.max-file-size: 20 bytes; raise it in .kubelint.yaml)"
    )
    assert loaded.documents == []


def test_alias_expansion_is_bounded_per_document() -> None:
    text = b"a: &a [1, 2, 3, 4]\nb: [*a, *a, *a]\n---\nc: 1\n"
    assert load("ok.yaml", text).problems == []
    loaded = load("bomb.yaml", text, Limits(max_alias_nodes=10))
    (problem,) = loaded.problems
    assert problem.rule == "input-limit"
    assert problem.position == Position(1, 1)
    assert problem.message == (
        "aliases expand this document by 15 nodes"
        " (over limits.max-alias-nodes: 10 nodes; raise it in .kubelint.yaml)"
    )


def test_plain_scalars_read_as_go_yaml_reads_them() -> None:
    data = _doc(
        "a: =\nb: 1:30\nc: 1e3\nd: 0o17\ne: 0X1f\nf: 0777\ng: 1_000\nh: 2024-01-01\n"
        "i: yes\nj: n\nk: -.inf\nl: [=, '=']\n"
    ).data
    assert data == {
        "a": "=",  # PyYAML: no constructor for tag:yaml.org,2002:value
        "b": "1:30",  # PyYAML: sexagesimal 90
        "c": 1000.0,  # PyYAML: the string "1e3"
        "d": 15,
        "e": 31,
        "f": 511,
        "g": 1000,
        "h": "2024-01-01",  # timestamps stay strings
        "i": True,  # YAML 1.1 booleans stay
        "j": "n",
        "k": float("-inf"),
        "l": ["=", "="],
    }


def test_a_separator_glued_to_content_starts_a_document_as_in_helm() -> None:
    text = "a: 1\n---apiVersion: v1\nkind: Service\n--- kind: Pod\nmetadata: {name: x, name: y}\n"
    loaded = load("f.yaml", text.encode())
    assert [d.data for d in loaded.documents] == [
        {"a": 1},
        {"apiVersion": "v1", "kind": "Service"},
        {"kind": "Pod", "metadata": {"name": "y"}},
    ]
    assert [d.line for d in loaded.documents] == [1, 2, 4]
    second, third = loaded.documents[1:]
    assert second.position(("apiVersion",)) == Position(2, 16)
    assert second.position(("kind",)) == Position(3, 7)
    assert third.position(("kind",), key=True) == Position(4, 5)
    assert third.position(("metadata", "name")) == Position(5, 18)
    assert [(p.rule, p.position) for p in loaded.problems] == [("duplicate-key", Position(5, 21))]


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("---a: 1\n", [1]),  # at the very start
        ("x: '---b'\n----c: 2\n", [1, 2]),  # `---` inside a line is none; `----c` is one
        ("a: 1\n--- # note\nb: 2\n---\t\n\nc: 3\n", [1, 3, 6]),  # YAML's own separators
        ("a: |\n  ---\n---d: 4\n", [1, 3]),
        ("a: 1\n---# note\nb: 2\n", [1, 3]),  # a comment glued on (cert-manager's chart)
    ],
)
def test_glued_separators_are_found_at_line_starts_only(text: str, lines: list[int]) -> None:
    assert [d.line for d in load("f.yaml", text.encode()).documents] == lines


def test_a_syntax_error_after_a_glued_separator_points_at_its_line() -> None:
    loaded = load("f.yaml", b"a: 1\n---b: x: y\n---\nc: 3\n")
    assert [d.data for d in loaded.documents] == [{"a": 1}]
    assert [(p.rule, p.position) for p in loaded.problems] == [("yaml-syntax", Position(2, 8))]


def test_positions_come_from_the_one_parse_not_from_the_text_again() -> None:
    loaded = load("f.yaml", NESTED.encode())
    loaded.source.text = ""  # what a second parse would read: nothing
    (document,) = pickle.loads(pickle.dumps(loaded)).documents  # as a worker sends it
    assert document.position(("spec", "template", "spec", "containers", 0, "image")) == Position(
        11, 18
    )
    assert document.position(("metadata", "labels", "tier"), key=True) == Position(5, 22)


@pytest.mark.parametrize(
    ("text", "path", "key", "expected"),
    [
        # keys that are no strings, named by the path as they are or as text
        ("80: a\n443:\n  - x\n", (443, 0), False, (3, 5)),
        ("80: a\n443:\n  - x\n", ("80",), True, (1, 1)),
        ("true: a\nnull: b\n", (None,), False, (2, 7)),
        # a value that is a scalar: the path ends there, at its key
        ("a: 1\n", ("a", "b"), False, (1, 1)),
        ("a: [1, 2]\n", ("a", 5), False, (1, 1)),
        # what the table leaves to PyYAML's nodes: a set, a duplicate key
        ("s: !!set {x, y}\nb: 2\n", ("b",), False, (2, 4)),
        ("a: 1\nb:\n  c: 1\n  c: 2\n  d: 3\n", ("b", "d"), False, (5, 6)),
        # tagged scalars the table builds
        ("a: !!binary aGk=\nb: !!str 1\nc: !!float 2\n", ("c",), False, (3, 4)),
    ],
)
def test_positions_of_unusual_documents(
    text: str, path: tuple[object, ...], key: bool, expected: tuple[int, int]
) -> None:
    (document,) = load("u.yaml", text.encode()).documents
    assert document.position(path, key) == Position(*expected)  # type: ignore[arg-type]


def test_positions_past_what_two_bytes_hold() -> None:
    text = "\n" * 40_000 + "a:\n  b: [x, " + " " * 40_000 + "y]\n"
    (document,) = load("far.yaml", text.encode()).documents
    assert document.position(("a", "b", 1)) == Position(40_002, 40_010)
    assert document.position(("a",), key=True) == Position(40_001, 1)


def test_nesting_deeper_than_the_walk_recurses_is_still_read() -> None:
    depth = 900  # within what libyaml reads, beyond Python's recursion for the walk
    text = "".join("  " * i + "k:\n" for i in range(depth)) + "  " * depth + "v\n"
    (document,) = load("deep.yaml", text.encode(), Limits(max_depth=depth + 1)).documents
    assert document.position(("k",) * depth) == Position(depth + 1, 2 * depth + 1)


@pytest.mark.parametrize(
    "text",
    [
        NESTED.encode(),
        b"a: 1\n---\n- [x, 'y', 0x1F, 1.5, null, true, 2024-01-01]\n---\nk: {1: one, ~: none}\n",
        b"a: [[{b: 1}]]\nc: 1\nc: 2\n",  # a duplicate key: a problem either way
        b"a: [[{b: 1}]]\nc: {<<: {x: 1}}\n",  # a merge key: PyYAML's constructor either way
        b"a: [[[1]]]\n",  # too deep for the limit below
    ],
)
def test_without_positions_the_same_data_and_problems(text: bytes) -> None:
    limits = Limits(max_depth=4)
    whole, lean = load("f.yaml", text, limits), load("f.yaml", text, limits, positions=False)
    assert [(d.index, d.line, d.data) for d in lean.documents] == [
        (d.index, d.line, d.data) for d in whole.documents
    ]
    assert lean.problems == whole.problems
    assert all(not isinstance(d.positions, array) for d in lean.documents)  # no table built


def test_explicit_tags_build_as_the_untagged_nodes_do() -> None:
    # the walk dispatches on the resolver's own tag objects; tags written out take its
    # general path, to the same data and positions
    text = "!!map\na: !!seq [x, !!str 1]\n!!str b: !!map {c: d}\n"
    (document,) = load("t.yaml", text.encode()).documents
    assert document.data == {"a": ["x", "1"], "b": {"c": "d"}}
    assert isinstance(document.positions, array)
    assert document.position(("a", 1)) == Position(2, 14)
    assert document.position(("b", "c"), key=True) == Position(3, 17)
    problems = load("t.yaml", b"? !!str [e]\n: f\n").problems
    assert [(p.message, p.position) for p in problems] == [
        ("expected a scalar node, but found sequence", Position(1, 3))
    ]


def test_a_file_pickled_as_a_worker_sends_it_comes_back_whole() -> None:
    loaded = load("f.yaml", b"a: 1\n---b: [x]\n---\nc: ~\na: 1\na: 2\n")
    back = pickle.loads(pickle.dumps(loaded))
    assert (back.source.name, back.source.text) == (loaded.source.name, loaded.source.text)
    assert [(d.index, d.data, d.line) for d in back.documents] == [
        (d.index, d.data, d.line) for d in loaded.documents
    ]
    assert back.documents[1].positions == loaded.documents[1].positions  # a table
    assert all(d.source is back.source for d in back.documents)  # one source, as loaded
    assert back.source.segments == loaded.source.segments != ()
    assert [p.rule for p in back.problems] == ["duplicate-key"]
