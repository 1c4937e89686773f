"""Files Kubernetes and Helm read without a complaint are read alike: a plain `=` (an enum
value of the Prometheus operator's CRDs) and a separator glued to content (`---apiVersion`)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import kubelint, write

# As in prometheus-operator's monitoring.coreos.com_prometheusrules CRD (relabel actions).
CRD = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: matchers.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: matchers, singular: matcher, kind: Matcher}
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
                matchType:
                  type: string
                  enum:
                  - "!="
                  - =
                  - =~
"""
MATCHERS = """\
apiVersion: example.com/v1
kind: Matcher
metadata: {name: equal}
spec: {matchType: =}
---
apiVersion: example.com/v1
kind: Matcher
metadata: {name: wrong}
spec: {matchType: ==}
"""


def _findings(run_json: dict[str, list[dict[str, object]]]) -> list[tuple[object, ...]]:
    return [(f["rule"], f["line"], f["column"]) for f in run_json["findings"]]


def test_a_plain_equals_sign_is_a_string_in_a_crd_and_its_objects(tmp_path: Path) -> None:
    crd = write(tmp_path, "crd.yaml", CRD)
    run = kubelint("lint", str(crd), "--format", "json")
    assert run.exit_code == 0, run.stdout
    assert [f for f in run.json()["findings"] if f["rule"] == "yaml-syntax"] == []
    objects = write(tmp_path, "objects.yaml", MATCHERS)
    run = kubelint("lint", str(objects), "--crd", str(crd), "--format", "json")
    assert run.exit_code == 1, run.stderr
    assert [f for f in _findings(run.json()) if f[0] == "schema"] == [("schema", 9, 19)]


def test_a_separator_glued_to_content_starts_a_document(tmp_path: Path) -> None:
    manifest = write(
        tmp_path,
        "cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"
        "---apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {k: 1}\n",
    )
    run = kubelint("lint", str(manifest), "--format", "json")
    assert run.json()["summary"]["documents"] == 2
    # the one finding: data.k is an integer, a ConfigMap's data holds strings
    assert _findings(run.json()) == [("schema", 7, 11)]
