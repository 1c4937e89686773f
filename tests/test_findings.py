"""Findings as workers send them: pickled and loaded, every field kept."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from kubelint.findings import Finding, ObjectRef, Position, Severity


def test_a_finding_survives_pickling_whole() -> None:
    finding = Finding(
        rule="image-tag",
        severity=Severity.WARNING,
        message="uses the mutable tag latest",
        file="chart/templates/web.yaml",
        line=12,
        column=16,
        object=ObjectRef("apps/v1", "Deployment", None, "web"),
        path="spec.template.spec.containers[0].image",
        rendered=("chart/templates/web.yaml (rendered)", Position(40, 16)),
        fingerprint="0123456789abcdef",
    )
    loaded = pickle.loads(pickle.dumps(finding))
    assert loaded == finding
    assert loaded.severity is Severity.WARNING
    assert pickle.loads(pickle.dumps(Finding("yaml-syntax", Severity.ERROR, "m", None))) == (
        Finding("yaml-syntax", Severity.ERROR, "m", None)
    )


def test_a_finding_is_made_field_by_field_and_stays_frozen() -> None:
    """A Finding takes every field, in order; those after the file default to None."""
    values: list[Any] = [
        "r",
        Severity.INFO,
        "m",
        "f.yaml",
        1,
        2,
        ObjectRef("v1", "Pod", None, "p"),
        "spec",
    ]
    values += [("out.yaml", Position(3, 4)), "0123456789abcdef"]
    finding = Finding(*values)
    assert [getattr(finding, name) for name in Finding._fields] == values
    assert Finding("r", Severity.INFO, "m", None)[4:] == (None,) * 6
    assert finding._replace(line=9).line == 9
    with pytest.raises(AttributeError):
        finding.line = 3  # type: ignore[misc]
