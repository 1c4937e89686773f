"""Findings as workers send them: pickled and loaded, every field kept."""

from __future__ import annotations

import pickle

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
