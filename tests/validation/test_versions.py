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


CLAIM = """apiVersion: resource.k8s.io/{version}
kind: ResourceClaim
metadata: {{name: c, namespace: ns}}
spec:
  devices:
    requests: [{{name: gpu, exactly: {{deviceClassName: Gpu_Class}}}}]
"""


def _messages(tmp_path: Path, version: str, manifest: str = POD) -> list[str]:
    path = tmp_path / "manifest.yaml"
    path.write_text(manifest)
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


def test_dra_kinds_are_checked_at_the_versions_serving_them(tmp_path: Path) -> None:
    expected = ['spec.devices.requests[0].exactly.deviceClassName: Invalid value: "Gpu_Class"']
    v1, beta2 = CLAIM.format(version="v1"), CLAIM.format(version="v1beta2")
    for manifest, version, errors in (
        (v1, "1.34", expected),
        (v1, "1.33", []),  # not served yet: deprecated-api / unknown-kind say so
        (beta2, "1.33", expected),
        (beta2, "1.32", []),
    ):
        found = _messages(tmp_path, version, manifest)
        assert [m[: len(e)] for m, e in zip(found, errors, strict=True)] == errors, version


CIDR = """apiVersion: networking.k8s.io/{version}
kind: ServiceCIDR
metadata: {{name: c}}
spec: {{cidrs: [10.0.0.1/8]}}
"""


def test_beta_networking_kinds_are_checked_until_their_removal(tmp_path: Path) -> None:
    expected = 'spec.cidrs[0]: Invalid value: "10.0.0.1/8": must not have bits set beyond'
    beta = CIDR.format(version="v1beta1")
    assert [m[: len(expected)] for m in _messages(tmp_path, "1.36", beta)] == [expected]
    assert _messages(tmp_path, "1.37", beta) == []  # removed: deprecated-api reports it
    assert len(_messages(tmp_path, "1.37", CIDR.format(version="v1"))) == 1


DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  strategy: {rollingUpdate: {maxUnavailable: 110%}}
  template:
    metadata: {labels: {app: api, tier: front}}
    spec:
      containers: [{name: web, image: nginx}]
"""


def test_values_are_printed_as_the_target_versions_server_prints_them(tmp_path: Path) -> None:
    """Go syntax (`%#v`) up to 1.33, JSON from 1.34 (apimachinery c58e197e)."""
    labels = "spec.template.metadata.labels: Invalid value: "
    percent = "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "
    old = _messages(tmp_path, "1.33", DEPLOYMENT)
    go_map = 'map[string]string{"app":"api", "tier":"front"}'
    assert any(m.startswith(f"{labels}{go_map}: `selector` does not") for m in old), old
    assert any(
        m.startswith(f'{percent}intstr.IntOrString{{Type:1, IntVal:0, StrVal:"110%"}}: ')
        for m in old
    ), old
    for version in ("1.34", "1.37"):
        new = _messages(tmp_path, version, DEPLOYMENT)
        assert any(m.startswith(f'{labels}{{"app":"api","tier":"front"}}: ') for m in new), new
        assert any(m.startswith(f'{percent}"110%": must not be') for m in new), new
