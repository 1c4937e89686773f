"""Name and label syntax, as the API server checks it."""

from __future__ import annotations

import pytest

from kubelint.k8s import names


@pytest.mark.parametrize("value", ["web", "a", "0-web-9", "a" * 63])
def test_valid_dns1123_labels(value: str) -> None:
    assert names.dns1123_label(value) == ()


@pytest.mark.parametrize("value", ["Web", "-web", "web-", "we.b", "we_b", ""])
def test_invalid_dns1123_labels(value: str) -> None:
    assert "lowercase RFC 1123 label" in names.dns1123_label(value)[0]


def test_label_length() -> None:
    assert names.dns1123_label("a" * 64) == ("must be no more than 63 characters",)


def test_subdomain() -> None:
    assert names.dns1123_subdomain("web.example.com") == ()
    assert names.dns1123_subdomain("web..com")
    assert names.dns1123_subdomain(".".join(["a" * 60] * 5))[0] == (
        "must be no more than 253 characters"
    )


def test_dns1035_label_starts_with_a_letter() -> None:
    assert names.dns1035_label("web-1") == ()
    assert "DNS-1035" in names.dns1035_label("1web")[0]


@pytest.mark.parametrize(
    "key", ["app", "App_1.x", "example.com/name", "kubernetes.io/os", "a/" + "b" * 63]
)
def test_valid_qualified_names(key: str) -> None:
    assert names.qualified_name(key) == ()


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("example.com/", "name part must be non-empty"),
        ("/name", "prefix part must be non-empty"),
        ("Example.com/name", "prefix part a lowercase RFC 1123 subdomain"),
        ("a/b/c", "a qualified name must consist"),
        ("-app", "name part must consist"),
        ("x" * 64, "name part must be no more than 63 characters"),
    ],
)
def test_invalid_qualified_names(key: str, reason: str) -> None:
    assert names.qualified_name(key)[0].startswith(reason)


def test_label_values() -> None:
    assert names.label_value("") == ()
    assert names.label_value("v1.2_x-Y") == ()
    assert "a valid label" in names.label_value("-x")[0]
    assert names.label_value("x" * 64) == ("must be no more than 63 characters",)


@pytest.mark.parametrize(
    ("value", "reasons"),
    [
        ("http", []),
        ("metrics-9090", []),
        ("http-metrics-port", ["must be no more than 15 characters"]),
        (
            "HTTP",
            [
                "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "must contain at least one letter (a-z)",
            ],
        ),
        ("8080", ["must contain at least one letter (a-z)"]),
        ("a--b", ["must not contain consecutive hyphens"]),
        ("-ab", ["must not begin or end with a hyphen"]),
    ],
)
def test_port_names(value: str, reasons: list[str]) -> None:
    assert list(names.port_name(value)) == reasons


def test_answers_are_remembered_and_immutable() -> None:
    first = names.qualified_name("Bad Key")
    assert names.qualified_name("Bad Key") is first
    assert isinstance(first, tuple)  # a cached answer cannot be changed by a caller
