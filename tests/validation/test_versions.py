"""What the target Kubernetes version changes in api-validation, through the real CLI."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import kubelint

POD = """apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: c
      image: busybox
      env: [{name: 1st-value, value: x}]
"""


def _messages(tmp_path: Path, version: str) -> list[str]:
    path = tmp_path / "pod.yaml"
    path.write_text(POD)
    args = ("lint", str(path), "--kubernetes-version", version, "--format", "json")
    findings = kubelint(*args).json()["findings"]
    return [f["message"] for f in findings if f["rule"] == "api-validation"]


def test_env_names_are_relaxed_from_1_32(tmp_path: Path) -> None:
    (message,) = _messages(tmp_path, "1.31")
    assert message.startswith(
        'spec.containers[0].env[0].name: Invalid value: "1st-value": a valid environment '
        "variable name must consist of alphabetic characters"
    )
    assert _messages(tmp_path, "1.32") == []
