"""SemVer versions and constraints, with the leniency of Helm's library."""

from __future__ import annotations

import pytest

from kubelint.chart.semver import ConstraintError, is_valid, parse_constraint, parse_version


@pytest.mark.parametrize(
    ("text", "valid"),
    [("1.2.3", True), ("v1.2", True), ("1", True), ("1.2.3-rc.1+build.5", True),
     ("x", False), ("1.2.3.4", False), ("01.2.3", False), ("", False)],
)  # fmt: skip
def test_versions(text: str, valid: bool) -> None:
    assert is_valid(text) is valid


def test_precedence() -> None:
    order = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta", "1.0.0-rc.1", "1.0.0", "1.10.0"]
    parsed = [parse_version(v) for v in order]
    assert parsed == sorted(parsed)  # type: ignore[type-var]


@pytest.mark.parametrize(
    ("constraint", "version", "allowed"),
    [
        (">=1.19.0-0", "1.31.0", True),
        (">=1.19.0-0", "1.18.9", False),
        (">=1.19", "1.20.0-beta.1", False),  # a pre-release only matches a pre-release constraint
        ("^1.2", "1.9.0", True),
        ("^1.2", "2.0.0", False),
        ("^0.2.3", "0.3.0", False),
        ("~1.2.3", "1.2.9", True),
        ("~1.2.3", "1.3.0", False),
        ("~1", "1.9.0", True),
        ("1.x", "1.5.0", True),
        ("1.2", "1.2.1", False),
        (">1, <2", "1.5.0", True),
        (">1.x", "1.5.0", False),
        ("<=1.2.x", "1.2.7", True),
        ("1.2 - 1.4", "1.4.0", True),
        ("<1.20 || >=1.25", "1.22.0", False),
        ("<1.20 || >=1.25", "1.26.1", True),
        ("!=1.2.3", "1.2.3", False),
        ("*", "3.0.0", True),
    ],
)
def test_constraints(constraint: str, version: str, allowed: bool) -> None:
    parsed = parse_version(version)
    assert parsed is not None
    assert parse_constraint(constraint).check(parsed) is allowed


@pytest.mark.parametrize("text", ["", ">= nope", "1.2 ||", "=>"])
def test_bad_constraints(text: str) -> None:
    with pytest.raises(ConstraintError):
        parse_constraint(text)
