"""`deprecated-api` on an add-on's removed API: an error, unless `--crd` serves it."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import kubelint, write

CERTIFICATE = """\
apiVersion: cert-manager.io/v1alpha2
kind: Certificate
metadata: {name: web}
spec: {secretName: web-tls}
"""
CRD = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: certificates.cert-manager.io}
spec:
  group: cert-manager.io
  scope: Namespaced
  names: {plural: certificates, singular: certificate, kind: Certificate}
  versions:
    - name: v1alpha2
      served: true
      storage: true
      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
"""


def _deprecated(*args: str) -> list[tuple[str, int]]:
    run = kubelint("lint", *args, "--format", "json")
    return [
        (f["severity"], f["line"]) for f in run.json()["findings"] if f["rule"] == "deprecated-api"
    ]


def test_an_add_on_api_its_releases_no_longer_serve_is_an_error(tmp_path: Path) -> None:
    path = str(write(tmp_path, "cert.yaml", CERTIFICATE))
    assert _deprecated(path) == [("error", 1)]
    assert _deprecated(path, "--kubernetes-version", "1.25") == [("error", 1)]


def test_a_crd_given_with_the_flag_serves_it(tmp_path: Path) -> None:
    path = str(write(tmp_path, "cert.yaml", CERTIFICATE))
    crd = str(write(tmp_path, "crd.yaml", CRD))
    assert _deprecated(path, "--crd", crd) == []
