from __future__ import annotations

import json

import pytest

from kubelint.findings import Finding, ObjectRef, Position, Severity, printable_findings
from kubelint.fingerprint import of
from kubelint.printable import (
    MESSAGE_LIMIT,
    QUOTE_LIMIT,
    capped,
    cut,
    escape,
    json_quote,
    printable_data,
    quote,
)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain — ünïcode ✓", "plain — ünïcode ✓"),
        ("a\nb\rc\td", "a\\nb\\rc\\td"),
        ("\x00\x07\x1b[31m\x7f", "\\x00\\x07\\x1b[31m\\x7f"),
        ("\x85\x9f", "\\x85\\x9f"),  # C1: NEL splits lines for str.splitlines
        ("\u2028\u2029", "\\u2028\\u2029"),
        ("\u202eevil\u2066", "\\u202eevil\\u2066"),  # bidirectional overrides
        ("\ud800", "\\ud800"),  # a lone surrogate: no UTF-8 can carry it
    ],
)
def test_escape_leaves_one_inert_line(text: str, shown: str) -> None:
    assert escape(text) == shown
    assert escape(text).isprintable()


def test_printable_data_reaches_keys_and_nested_strings() -> None:
    data = {"a\nb": ["x\ry", {"k": "\x1b"}], "n": 3, "none": None}
    assert printable_data(data) == {"a\\nb": ["x\\ry", {"k": "\\x1b"}], "n": 3, "none": None}


def test_cut_and_quote_bound_a_quoted_value() -> None:
    assert cut("short") == "short"
    long = "x" * 10_000
    assert cut(long) == "x" * QUOTE_LIMIT + "…"
    assert quote(long) == repr("x" * QUOTE_LIMIT + "…")
    assert quote("a\nb") == "'a\\nb'"
    assert quote([1] * 10_000) == repr([1] * 10_000)[:QUOTE_LIMIT] + "…"
    assert json_quote(long) == json.dumps("x" * QUOTE_LIMIT + "…")
    assert json_quote("é", ascii=False) == '"é"'
    assert json_quote({"a": 1}) == '{"a": 1}'


def test_capped_counts_what_it_leaves_out() -> None:
    assert capped("m" * MESSAGE_LIMIT) == "m" * MESSAGE_LIMIT
    assert capped("m" * (MESSAGE_LIMIT + 5)) == "m" * MESSAGE_LIMIT + "… (5 more characters)"


def test_a_printable_finding_escapes_what_came_from_the_input() -> None:
    finding = Finding(
        rule="r",
        severity=Severity.ERROR,
        message="bad\n::error::x" + "y" * (2 * MESSAGE_LIMIT),
        file="a\rb.yaml",
        line=1,
        column=1,
        object=ObjectRef("v1", "Pod", "ns\u2028", "n\x1b"),
        path="data.k\n",
        rendered=("t\n.yaml", Position(2, 3)),
        fingerprint="f",
    )
    shown = finding.printable()
    assert shown.message.startswith("bad\\n::error::x")
    assert shown.message.endswith(f"… ({len(finding.message) - MESSAGE_LIMIT:,} more characters)")
    assert shown.file == "a\\rb.yaml"
    assert shown.object == ObjectRef("v1", "Pod", "ns\\u2028", "n\\x1b")
    assert shown.path == "data.k\\n"
    assert shown.rendered == ("t\\n.yaml", Position(2, 3))
    assert shown.fingerprint == "f"  # the finding's identity is the one found


def test_a_printable_finding_keeps_the_fingerprint_of_the_finding_as_found() -> None:
    finding = Finding(
        "r", Severity.ERROR, "bad\nname", "a.yaml", 1, 1, ObjectRef("v1", "Pod", None, "p")
    )
    assert finding.fingerprint is None  # made when asked
    assert finding.printable().fingerprint == of(finding)


def test_a_finding_with_nothing_to_escape_is_printed_as_it_is() -> None:
    finding = Finding(
        "r", Severity.INFO, "fine", "a.yaml", object=ObjectRef("v1", "Pod", None, "p")
    )
    assert finding.printable() is finding


def test_names_and_paths_a_finding_carries_are_capped_too() -> None:
    name = "n" * (3 * MESSAGE_LIMIT)
    finding = Finding("r", Severity.INFO, "m", name, object=ObjectRef("v1", "Pod", None, name))
    shown = finding.printable()
    assert shown.file == capped(name)
    assert shown.object == ObjectRef("v1", "Pod", None, capped(name))


def test_printable_findings_is_printable_of_each_finding() -> None:
    web = ObjectRef("apps/v1", "Deployment", "shop", "web")
    odd = ObjectRef("v1", "Pod", "ns", "n\x1b")
    long_file = "f" * 800
    long_object = ObjectRef("v1", "Pod", None, "p" * 800)

    def at(message: str, file: str | None = "a.yaml", **more: object) -> Finding:
        return Finding("r", Severity.WARNING, message, file, 1, 1, **more)  # type: ignore[arg-type]

    findings = [
        at("no object, no file", None),
        at("fine", object=web),
        at("a no-break\u00a0space prints as it is", object=web, path="spec.replicas"),
        at("bidi \u202e in the message", object=web),
        at("fine again", object=web, path="data.k\n"),
        at("rendered", rendered=("t\n.yaml", Position(2, 3))),
        at("rendered, nothing to escape", rendered=("t.yaml", Position(2, 3))),
        at("an object with ESC", object=odd),
        at("the same object again", object=odd),
        at("short parts, too long together: " + "m" * 500, long_file, object=long_object),
        at("m" * MESSAGE_LIMIT, object=web),
        at("m" * (MESSAGE_LIMIT - len("a.yaml")), None),
    ]
    shown = printable_findings(findings)
    assert shown == [f.printable() for f in findings]
    kept = [s is f for s, f in zip(shown, findings, strict=True)]
    assert kept == [True, True, True, False, False, False, True, False, False, False, False, True]
    assert shown[3].message == "bidi \\u202e in the message"
    assert shown[9].message.endswith("m" * 500)  # capped as a whole: each part kept
