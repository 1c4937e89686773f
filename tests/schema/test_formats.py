"""The string formats the API server checks in a CRD's schema (kubelint/schema/formats.py),
unit by unit and through the real CLI with a CRD."""

from __future__ import annotations

from pathlib import Path

import pytest

from kubelint.schema.formats import FORMATS, format_errors
from tests.conftest import kubelint


@pytest.mark.parametrize(
    ("format_name", "valid", "invalid"),
    [
        (
            "datetime",
            ["2014-12-15T19:30:20.000Z", "2024-02-29t23:59:59+02:00"],
            ["2014-12-15", "2023-02-29T00:00:00Z", "2014-12-15T24:00:00Z", "2014-12-15T19:30:20"],
        ),
        ("date", ["2006-01-02", "2024-02-29"], ["2006-1-2", "2023-02-29", "02-01-2006"]),
        ("duration", ["1h30m", "300ms", "-1.5h", "0", "3 days", "2 weeks"], ["1", "1y", "soon"]),
        ("ipv4", ["10.0.0.1", "010.0.0.1", "::ffff:1.2.3.4"], ["300.1.1.1", "10.0.0", "fd00::1"]),
        ("ipv6", ["fd00::1", "::ffff:1.2.3.4"], ["10.0.0.1", "fe80::1%eth0", "fd00:::1"]),
        ("cidr", ["10.0.0.0/8", "10.0.0.1/8", "fd00::/64"], ["10.0.0.0", "10.0.0.0/33", "x/8"]),
        (
            "mac",
            ["01:23:45:67:89:ab", "01-23-45-67-89-AB", "0123.4567.89ab"],
            ["01:23:45:67:89", "01:23-45:67:89:ab"],
        ),
        (
            "uuid",
            ["a8098c1a-f86e-11da-bd1a-00112444be1e", "A8098C1AF86E11DABD1A00112444BE1E"],
            ["a8098c1a-f86e-11da-bd1a"],
        ),
        (
            "uuid4",
            ["f47ac10b-58cc-4372-a567-0e02b2c3d479"],
            ["f47ac10b-58cc-3372-a567-0e02b2c3d479"],
        ),
        ("hostname", ["example.com", "a-b", "localhost"], ["a-b-c", "-x", "example.c"]),
        ("email", ["a@example.com", "Name <a@example.com>"], ["no-at-sign", "a@b@c"]),
        (
            "uri",
            ["https://example.com/x?y=1", "/absolute/path", "mailto:a@b"],
            ["relative/path", "http://a b", "http://x/%zz"],
        ),
        ("byte", ["aGVsbG8=", "aGVsbG8h"], ["hello!", "aGVsbG8"]),
        ("bsonobjectid", ["507f1f77bcf86cd799439011"], ["507f1f77bcf86cd79943901"]),
        ("hexcolor", ["#FFF", "a1b2c3"], ["#FFFF", "xyz"]),
        ("rgbcolor", ["rgb(255, 0, 10)"], ["rgb(256,0,0)"]),
        ("ssn", ["123-45-6789", "123 45 6789"], ["123456789", "12-345-6789"]),
        ("k8sshortname", ["my-name"], ["My-Name", "a" * 64]),
        ("k8slongname", ["my.name-1"], ["My.Name", "-a.b"]),
    ],
)
def test_format_checks(format_name: str, valid: list[str], invalid: list[str]) -> None:
    check, _ = FORMATS[format_name]
    assert [v for v in valid if not check(v)] == []
    assert [v for v in invalid if check(v)] == []


def test_paths_and_words_are_kube_openapis() -> None:
    schema = {
        "type": "object",
        "properties": {
            "spec": {
                "type": "object",
                "properties": {
                    "ips": {"type": "array", "items": {"type": "string", "format": "ipv4"}},
                    "when": {"type": "string", "format": "date-time"},
                    "count": {"type": "integer", "format": "int32"},
                    "free": {"type": "string", "format": "no-such-format"},
                    "labels": {"type": "object", "additionalProperties": {"format": "uuid"}},
                },
            }
        },
    }
    data = {"spec": {"ips": ["10.0.0.1", "300.1.1.1"], "when": "", "count": 3, "free": "x",
                     "labels": {"a": "nope"}}}  # fmt: skip
    assert list(format_errors(schema, data, 37)) == [
        (
            'spec.ips[1]: Invalid value: "300.1.1.1": spec.ips[1] in body must be of type '
            'ipv4: "300.1.1.1"',
            ("spec", "ips", 1),
        ),
        (
            'spec.labels.a: Invalid value: "nope": spec.labels.a in body must be of type '
            'uuid: "nope"',
            ("spec", "labels", "a"),
        ),
    ]


CRD = """apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: endpoints.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Endpoint, plural: endpoints}
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
              properties:
                address: {type: string, format: ipv4}
                since: {type: string, format: date-time}
                owner: {type: string, format: k8s-short-name}
---
apiVersion: example.com/v1
kind: Endpoint
metadata: {name: e, namespace: ns}
spec:
  address: 300.1.1.1
  since: "2024-01-01T10:00:00Z"
  owner: Team_A
"""


def _schema_findings(tmp_path: Path, version: str) -> list[tuple[int, str]]:
    path = tmp_path / "endpoint.yaml"
    path.write_text(CRD)
    args = ("lint", str(path), "--kubernetes-version", version, "--format", "json")
    findings = kubelint(*args).json()["findings"]
    return [(f["line"], f["message"]) for f in findings if f["rule"] == "schema"]


def test_custom_resources_are_checked_against_their_formats(tmp_path: Path) -> None:
    address = (
        27,
        'spec.address: Invalid value: "300.1.1.1": spec.address in body must be of type '
        'ipv4: "300.1.1.1"',
    )
    owner = (
        29,
        'spec.owner: Invalid value: "Team_A": spec.owner in body must be of type '
        'k8s-short-name: "Team_A"',
    )
    assert _schema_findings(tmp_path, "1.34") == [address, owner]
    # k8s-short-name is known from 1.34: before, the server strips it from the schema
    assert _schema_findings(tmp_path, "1.33") == [address]
