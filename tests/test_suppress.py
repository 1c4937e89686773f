"""Suppressions: annotation, line comments, file comments."""

from __future__ import annotations

from kubelint.suppress import ignored_by_annotation, parse_comments


def test_annotation() -> None:
    meta = {"annotations": {"kubelint.io/ignore": "a, b"}}
    assert ignored_by_annotation(meta) == {"a", "b"}
    assert ignored_by_annotation({}) == frozenset()
    assert ignored_by_annotation({"annotations": "x"}) == frozenset()


def test_trailing_comment_covers_its_line_and_own_line_comment_the_next() -> None:
    comments = parse_comments(
        "a: 1  # kubelint: disable-line=rule-a\n"
        "# kubelint: disable-line=rule-b,rule-c\n"
        "b: 2\n"
        'c: "# kubelint: not a directive"\n'
    )
    assert comments.suppresses("rule-a", 1)
    assert not comments.suppresses("rule-a", 3)
    assert comments.suppresses("rule-b", 3)
    assert comments.suppresses("rule-c", 3)
    assert not comments.suppresses("rule-b", 2)


def test_file_comment_and_all() -> None:
    comments = parse_comments(
        "a: 1\n# kubelint: disable-file=rule-a\nb: 2 # kubelint: disable-line=all\n"
    )
    assert comments.suppresses("rule-a", 1)
    assert comments.suppresses("rule-a", None)
    assert comments.suppresses("anything", 3)
    assert not comments.suppresses("anything", 1)
