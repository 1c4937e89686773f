"""Behaviour of the peer-parity rules beyond their fixtures: severities that depend on the
rest of the input, and options."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import kubelint, write

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}, namespace: shop}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
      containers: [{{name: {name}, image: "{name}:1.0.0"}}]
---
"""
POLICY = """\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
---
"""


def _lint(tmp_path: Path, text: str, rule: str, config: str = "") -> list[dict[str, Any]]:
    write(tmp_path, "in.yaml", text)
    args = ["lint", str(tmp_path / "in.yaml"), "--format", "json"]
    if config:
        args += ["--config", str(write(tmp_path, "kubelint.yaml", config))]
    run = kubelint(*args)
    assert run.exit_code in (0, 1), run.stderr
    return [f for f in run.json()["findings"] if f["rule"] == rule]


def _seen(found: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return [(f["object"]["name"], f["severity"], f["message"]) for f in found]


def test_networkpolicy_coverage_is_a_warning_only_where_the_namespace_has_policies(
    tmp_path: Path,
) -> None:
    text = DEPLOYMENT.format(name="web", replicas=1) + DEPLOYMENT.format(name="admin", replicas=1)
    assert _lint(tmp_path, text, "networkpolicy-coverage") == []  # no policy: not checked
    elsewhere = POLICY.replace("namespace: shop", "namespace: other")
    found = _seen(_lint(tmp_path, elsewhere + text, "networkpolicy-coverage"))
    assert [(name, severity) for name, severity, _ in found] == [("web", "info"), ("admin", "info")]
    found = _seen(_lint(tmp_path, POLICY + text, "networkpolicy-coverage"))
    assert found == [
        # selected for ingress (the default policyType), not egress
        (
            "web",
            "info",
            'no NetworkPolicy of namespace "shop" in the input selects its pods for egress',
        ),
        (
            "admin",
            "warning",
            'no NetworkPolicy of namespace "shop" in the input selects its pods for ingress or egress',
        ),
    ]


def test_anti_affinity_threshold_and_autoscaler(tmp_path: Path) -> None:
    text = DEPLOYMENT.format(name="web", replicas=2) + DEPLOYMENT.format(name="api", replicas=1)
    assert [n for n, *_ in _seen(_lint(tmp_path, text, "anti-affinity"))] == ["web"]
    config = "rules:\n  anti-affinity:\n    options: {min-replicas: 3}\n"
    assert _lint(tmp_path, text, "anti-affinity", config) == []
    hpa = (
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"
        "metadata: {name: api, namespace: shop}\n"
        "spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api},"
        " minReplicas: 4, maxReplicas: 8}\n---\n"
    )
    found = _seen(_lint(tmp_path, hpa + text, "anti-affinity", config))
    assert [(n, m.split(",")[0]) for n, _, m in found] == [("api", "4 replicas")]


def test_hpa_scaling_min_replicas_option(tmp_path: Path) -> None:
    hpa = (
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: api}\n"
        "spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api},"
        " maxReplicas: 8}\n"
    )
    assert _lint(tmp_path, hpa, "hpa-scaling") == []
    config = "rules:\n  hpa-scaling:\n    options: {min-replicas: 2}\n"
    found = _lint(tmp_path, hpa, "hpa-scaling", config)
    assert [f["message"].split(":")[0] for f in found] == ["minReplicas 1 is below 2"]


def test_plaintext_secret_names_option(tmp_path: Path) -> None:
    text = DEPLOYMENT.format(name="web", replicas=1).replace(
        'image: "web:1.0.0"', 'image: "web:1.0.0", env: [{name: DSN, value: "pg://u:p@db"}]'
    )
    assert _lint(tmp_path, text, "plaintext-secret") == []
    config = 'rules:\n  plaintext-secret:\n    options: {names: ["^DSN$"]}\n'
    found = _lint(tmp_path, text, "plaintext-secret", config)
    assert [f["message"].split(" of ")[0] for f in found] == ["environment variable DSN"]


def test_an_invalid_regular_expression_in_options_is_a_configuration_error(
    tmp_path: Path,
) -> None:
    write(tmp_path, "kubelint.yaml", 'rules:\n  plaintext-secret:\n    options: {names: ["("]}\n')
    write(tmp_path, "in.yaml", DEPLOYMENT.format(name="web", replicas=1))
    run = kubelint("lint", str(tmp_path / "in.yaml"), "--config", str(tmp_path / "kubelint.yaml"))
    assert run.exit_code == 2
    assert "names[0]: '(' is not a 'regex'" in run.stderr


def test_fields_of_the_wrong_type_are_no_crash() -> None:
    malformed = Path(__file__).parent / "malformed" / "fields.yaml"
    run = kubelint("lint", str(malformed), "--format", "json")
    assert run.exit_code == 1, run.stderr
    rules = {f["rule"] for f in run.json()["findings"]}
    assert {"pod-security", "rbac-wildcard", "anti-affinity", "probes-identical"} <= rules
