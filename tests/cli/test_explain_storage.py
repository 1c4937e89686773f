"""`kubelint lint --explain-storage` prints the binding plan on stderr."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import FIXTURES, kubelint, write


def test_explain_storage_prints_each_claim() -> None:
    run = kubelint(
        "lint",
        str(FIXTURES / "pvc-bindable" / "fail.yaml"),
        "--explain-storage",
        "--format",
        "json",
    )
    assert run.json()["summary"]["errors"] >= 1  # stdout stays the report
    lines = run.stderr.splitlines()
    assert lines[0] == "storage: 5 claim(s), 1 volume(s), 1 class(es)"
    assert any(
        "default/shared" in line and "offers ReadWriteOnce, claim asks ReadWriteMany" in line
        for line in lines
    )


def test_explain_storage_names_the_volume_and_the_class() -> None:
    run = kubelint("lint", str(FIXTURES / "pvc-bindable" / "pass.yaml"), "--explain-storage")
    assert "default/small (" in run.stderr
    assert 'binds PersistentVolume "pv-small"' in run.stderr
    assert "default/dynamic" in run.stderr
    assert 'is provisioned by StorageClass "standard"' in run.stderr


def test_explain_storage_lists_each_replica_claim_of_a_statefulset() -> None:
    run = kubelint(
        "lint", str(FIXTURES / "pvc-bindable" / "fail-statefulset.yaml"), "--explain-storage"
    )
    lines = run.stderr.splitlines()
    assert lines[0] == "storage: 7 claim(s), 2 volume(s), 1 class(es)"
    template = "fail-statefulset.yaml:39)"
    assert any(
        "default/data-db-1 of StatefulSet db (" in line
        and template in line
        and 'binds PersistentVolume "local-b"' in line
        for line in lines
    )
    assert any(
        "default/data-db-2 of StatefulSet db (" in line
        and 'stays Pending: PV "local-a" is already bound to claim default/data-db-0' in line
        for line in lines
    )


def test_each_sample_binds_its_own_volumes(tmp_path: Path) -> None:
    """Two samples that reuse a claim and a volume's names: each claim binds its own sample's
    volume (as pvc-bindable plans it), not the one the other sample's claim took."""
    sample = (
        "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv0001}\n"
        "spec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /d}}\n"
        "---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\n"
        "spec: {accessModes: [ReadWriteOnce], storageClassName: '', "
        "resources: {requests: {storage: 1Gi}}}\n"
    )
    write(tmp_path, "a/storage.yaml", sample)
    write(tmp_path, "b/storage.yaml", sample)
    run = kubelint("lint", str(tmp_path), "--explain-storage", "--format", "json")
    assert [f for f in run.json()["findings"] if f["rule"] == "pvc-bindable"] == []
    lines = run.stderr.splitlines()
    assert lines.count("storage: 1 claim(s), 1 volume(s), 0 class(es)") == 2
    assert sum('binds PersistentVolume "pv0001"' in line for line in lines) == 2
