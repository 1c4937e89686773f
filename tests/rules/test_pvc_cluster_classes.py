"""`pvc-bindable` and the cluster's own StorageClasses: unknown unless the configuration names
them, and then a class the input lacks is a warning, not an error."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import kubelint, write

# The input ships one StorageClass; its claims use the cluster's classes.
MANIFEST = """\
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast-ssd}
provisioner: pd.csi.storage.gke.io
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: named}
spec:
  storageClassName: standard-rwo
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: unnamed}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
"""


def _storage(tmp_path: Path, config: str) -> list[tuple[str, int]]:
    manifest = write(tmp_path, "storage.yaml", MANIFEST)
    lines = [
        "rules:",
        "  pvc-bindable:",
        "    options:",
        *(f"      {o}" for o in config.split("\n") if o),
    ]
    conf = write(tmp_path, "kubelint.yaml", "\n".join(lines) + "\n" if config else "{}\n")
    run = kubelint("lint", str(manifest), "--config", str(conf), "--format", "json")
    return [
        (f["severity"], f["line"]) for f in run.json()["findings"] if f["rule"] == "pvc-bindable"
    ]


def test_classes_the_input_lacks_are_warnings_while_the_cluster_is_unknown(tmp_path: Path) -> None:
    assert _storage(tmp_path, "") == [("warning", 10), ("warning", 17)]


def test_classes_the_configuration_names_provision_claims(tmp_path: Path) -> None:
    config = "cluster-storage-classes: [standard-rwo]\ncluster-default-storage-class: standard"
    assert _storage(tmp_path, config) == []


def test_what_neither_input_nor_cluster_has_is_an_error(tmp_path: Path) -> None:
    assert _storage(tmp_path, "cluster-storage-classes: [premium-rwo]") == [
        ("error", 10),
        ("error", 17),
    ]


def test_the_cluster_default_class_provisions_a_claim_of_no_class(tmp_path: Path) -> None:
    assert _storage(tmp_path, "cluster-default-storage-class: standard-rwo") == []
