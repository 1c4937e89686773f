"""CustomResourceDefinition validation rules (`x-kubernetes-validations`) evaluated in CEL on
custom resources, through the real CLI, with the API server's wording."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import kubelint

CRD = """apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              x-kubernetes-validations:
                - rule: "self.replicas <= self.maxReplicas"
                  message: replicas must not exceed maxReplicas
                - rule: "!has(self.mode) || self.mode != 'legacy'"
                  reason: FieldValueForbidden
                  fieldPath: .mode
                  message: legacy mode is gone
              properties:
                replicas:
                  type: integer
                  x-kubernetes-validations: [{rule: "self >= 0"}]
                maxReplicas: {type: integer}
                mode: {type: string}
                tags:
                  type: array
                  items:
                    type: string
                    x-kubernetes-validations: [{rule: "self.size() <= 5", message: tags are short}]
                labels:
                  type: object
                  additionalProperties:
                    type: string
                    x-kubernetes-validations: [{rule: "self != ''"}]
                image:
                  type: string
                  x-kubernetes-validations: [{rule: "self == oldSelf", message: immutable}]
                ratio:
                  type: string
                  x-kubernetes-validations:
                    - rule: "quantity(self).isGreaterThan(quantity('1'))"
"""

BAD = """apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
spec:
  replicas: -2
  maxReplicas: -5
  mode: legacy
  tags: [ok, toolong]
  labels: {a: "", b: x}
  image: nginx
  ratio: "0"
"""

GOOD = """apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
spec:
  replicas: 2
  maxReplicas: 5
  mode: modern
  tags: [ok]
  labels: {b: x}
  image: nginx
"""


def _schema_findings(tmp_path: Path, resource: str, *args: str) -> list[tuple[int, str]]:
    (tmp_path / "widget.yaml").write_text(resource)
    run = kubelint("lint", str(tmp_path / "widget.yaml"), *args, "--format", "json")
    findings = run.json()["findings"]
    return [(f["line"], f["message"]) for f in findings if f["rule"] == "schema"]


def test_failed_rules_are_reported_in_the_api_servers_words(tmp_path: Path) -> None:
    found = _schema_findings(tmp_path, f"{CRD}---\n{BAD}")
    base = CRD.count("\n") + 1  # the resource's first line is base + 1
    assert found == [
        (base + 5, 'spec: Invalid value: "object": replicas must not exceed maxReplicas'),
        (base + 5, 'spec.replicas: Invalid value: "integer": failed rule: self >= 0'),
        (base + 7, "spec.mode: Forbidden: legacy mode is gone"),
        (base + 8, 'spec.tags[1]: Invalid value: "string": tags are short'),
        (base + 9, "spec.labels[a]: Invalid value: \"string\": failed rule: self != ''"),
        (
            base + 11,
            'spec.ratio: Invalid value: "string": failed rule: '
            "quantity(self).isGreaterThan(quantity('1'))",
        ),
    ]


def test_transition_rules_are_skipped_and_good_objects_pass(
    tmp_path: Path,
) -> None:
    assert _schema_findings(tmp_path, f"{CRD}---\n{GOOD}") == []


def test_rules_of_a_crd_given_with_the_crd_option(tmp_path: Path) -> None:
    crd = tmp_path / "crds" / "widget.yaml"
    crd.parent.mkdir()
    crd.write_text(CRD)
    found = _schema_findings(tmp_path, BAD, "--crd", str(crd))
    assert [message.split(":")[0] for _, message in found] == [
        "spec", "spec.replicas", "spec.mode", "spec.tags[1]", "spec.labels[a]", "spec.ratio"
    ]  # fmt: skip


FIXTURES = Path(__file__).parent / "fixtures"
GATEWAY_CASES = yaml.safe_load((FIXTURES / "gateway-api-gateway-cases.yaml").read_text())


@pytest.mark.parametrize(
    "case", GATEWAY_CASES["cases"], ids=[c["name"] for c in GATEWAY_CASES["cases"]]
)
def test_gateway_api_cel_cases(tmp_path: Path, case: dict[str, Any]) -> None:
    """The real Gateway CRD's rules on upstream's own cases: rejected ones get upstream's
    messages, accepted ones nothing."""
    gateway = copy.deepcopy(GATEWAY_CASES["base"])
    for key in ("listeners", "addresses"):
        if key in case:
            gateway["spec"][key] = case[key]
    crd = str(FIXTURES / "gateway-api-gateways.yaml")
    found = _schema_findings(tmp_path, yaml.safe_dump(gateway), "--crd", crd)
    messages = [message for _, message in found]
    expected = case.get("errors") or []
    assert bool(messages) == bool(expected), messages
    for text in expected:
        assert any(text in message for message in messages), (text, messages)


def test_rules_are_not_checked_when_a_wrong_type_blocks_them(tmp_path: Path) -> None:
    """As the server: a type or enum error stops the rules, and says so once."""
    bad_type = GOOD.replace("replicas: 2", "replicas: two").replace(
        "maxReplicas: 5", "maxReplicas: -1"
    )
    # The server's nil value: `"null"` up to 1.33, `null` from 1.34 (apimachinery c58e197e).
    for version, shown in (("1.37", "null"), ("1.33", '"null"')):
        args = ("--kubernetes-version", version)
        found = _schema_findings(tmp_path, f"{CRD}---\n{bad_type}", *args)
        messages = [message for _, message in found]
        assert any("replicas" in m and "integer" in m for m in messages), messages
        blocked = f"Invalid value: {shown}: some validation rules were not checked"
        assert sum(m.startswith(blocked) for m in messages) == 1, messages
        assert not any("maxReplicas" in m for m in messages)
