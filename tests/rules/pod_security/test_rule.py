"""How `pod-security` picks the level, version and severity: the namespace's labels as the
admission controller reads them, else the rule's options."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import kubelint, write

POD = """\
apiVersion: v1
kind: Pod
metadata: {name: app, namespace: shop}
spec:
  containers:
    - name: app
      image: app:1.0.0
      ports: [{containerPort: 80, hostPort: 80}]
"""
HOST_PORT = 'hostPort (container "app" uses hostPort 80)'
PRIVILEGE = (
    'allowPrivilegeEscalation != false (container "app" must set '
    "securityContext.allowPrivilegeEscalation=false)"
)


def _namespace(**labels: str) -> str:
    lines = "".join(
        f"    pod-security.kubernetes.io/{k.replace('_', '-')}: {v}\n" for k, v in labels.items()
    )
    return f"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n{lines}---\n"


def _findings(tmp_path: Path, text: str, *args: str, options: str = "") -> list[dict[str, Any]]:
    write(tmp_path, "in.yaml", text)
    config = f"rules:\n  pod-security:\n    options: {{{options}}}\n"
    write(tmp_path, "kubelint.yaml", config)
    run = kubelint(
        "lint", str(tmp_path / "in.yaml"), "--format", "json",
        "--config", str(tmp_path / "kubelint.yaml"), *args,
    )  # fmt: skip
    assert run.exit_code in (0, 1), run.stderr
    return [f for f in run.json()["findings"] if f["rule"] == "pod-security"]


def _seen(findings: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(f["severity"], f["message"]) for f in findings]


def test_without_a_namespace_the_configured_level_is_a_warning_at_the_target_version(
    tmp_path: Path,
) -> None:
    found = _findings(tmp_path, POD, "--kubernetes-version", "1.31")
    assert _seen(found) == [("warning", f'violates PodSecurity "baseline:v1.31": {HOST_PORT}')]
    assert (found[0]["line"], found[0]["column"]) == (8, 45)  # at the hostPort


def test_configured_level_and_version(tmp_path: Path) -> None:
    found = _findings(tmp_path, POD, options="level: restricted, version: v1.24")
    assert {f["message"].split(": ", 1)[0] for f in found} == {
        'violates PodSecurity "restricted:v1.24"'
    }
    assert any(PRIVILEGE in f["message"] for f in found)
    assert _findings(tmp_path, POD, options="level: privileged") == []


def test_enforced_level_is_an_error_at_latest_when_no_version_is_labelled(tmp_path: Path) -> None:
    found = _findings(tmp_path, _namespace(enforce="restricted") + POD)
    assert ("error", f'violates PodSecurity "restricted:latest": {PRIVILEGE}') in _seen(found)
    assert all(f["severity"] == "error" for f in found)


def test_warn_and_audit_labels_report_what_enforce_lets_through(tmp_path: Path) -> None:
    text = _namespace(enforce="baseline", enforce_version="v1.30", warn="restricted") + POD
    found = _seen(_findings(tmp_path, text))
    assert ("error", f'violates PodSecurity "baseline:v1.30": {HOST_PORT}') in found
    assert ("warning", f'violates PodSecurity "restricted:latest": {PRIVILEGE}') in found
    assert not any("restricted" in m and "hostPort" in m for _, m in found)  # once only
    audit = _seen(_findings(tmp_path, _namespace(audit="baseline") + POD))
    assert audit == [("info", f'violates PodSecurity "baseline:latest": {HOST_PORT}')]


def test_a_namespace_privileged_by_label_checks_nothing(tmp_path: Path) -> None:
    text = _namespace(enforce="privileged") + POD
    assert _findings(tmp_path, text, options="level: restricted") == []


def test_invalid_labels_read_as_the_admission_controller_reads_them(tmp_path: Path) -> None:
    # An invalid enforce level fails closed (restricted), an invalid version is latest.
    found = _findings(tmp_path, _namespace(enforce="strict", enforce_version="1.30") + POD)
    assert ("error", f'violates PodSecurity "restricted:latest": {PRIVILEGE}') in _seen(found)
    # An invalid warn level fails open (privileged).
    assert _findings(tmp_path, _namespace(warn="strict") + POD) == []


def test_a_label_version_too_long_to_read_is_latest_not_a_crash(tmp_path: Path) -> None:
    found = _findings(
        tmp_path, _namespace(enforce="baseline", enforce_version="v1." + "9" * 5000) + POD
    )
    assert ("error", f'violates PodSecurity "baseline:latest": {HOST_PORT}') in _seen(found)


def test_a_label_version_newer_than_the_target_is_the_target(tmp_path: Path) -> None:
    probe = POD.replace(
        "      ports: [{containerPort: 80, hostPort: 80}]\n",
        "      livenessProbe: {httpGet: {host: example.com, port: 80}}\n",
    )
    text = _namespace(enforce="baseline", enforce_version="v1.34") + probe
    assert _findings(tmp_path, text, "--kubernetes-version", "1.33") == []
    found = _findings(tmp_path, text, "--kubernetes-version", "1.34")
    assert [m for _, m in _seen(found)] == [
        'violates PodSecurity "baseline:v1.34": probe or lifecycle host '
        '(container "app" uses probe or lifecycle host "example.com")'
    ]


def test_a_windows_pod_skips_linux_only_restricted_checks(tmp_path: Path) -> None:
    text = POD.replace(
        "spec:\n", "spec:\n  os: {name: windows}\n  securityContext: {runAsNonRoot: true}\n", 1
    )
    found = _findings(tmp_path, text, options="level: restricted")
    assert [m for _, m in _seen(found)] == [f'violates PodSecurity "restricted:v1.37": {HOST_PORT}']
