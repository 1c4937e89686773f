"""`pvc-bindable` and a folder of alternative files: two claims of two files competing for the
one PersistentVolume is a warning (both files applied), the same in one file an error."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import kubelint

VOLUME = """\
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv0001}
spec:
  storageClassName: fast
  capacity: {storage: 5Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /data}
"""


def _claim(name: str) -> str:
    return f"""\
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {{name: {name}}}
spec:
  storageClassName: fast
  accessModes: [ReadWriteOnce]
  resources: {{requests: {{storage: 5Gi}}}}
"""


def _severities(folder: Path) -> list[tuple[str, str]]:
    run = kubelint("lint", str(folder), "--format", "json")
    found = run.json()["findings"]
    return [(Path(f["file"]).name, f["severity"]) for f in found if f["rule"] == "pvc-bindable"]


def test_claims_of_two_files_competing_for_one_volume_warn(tmp_path: Path) -> None:
    (tmp_path / "pv.yaml").write_text(VOLUME)
    (tmp_path / "static-pvc.yaml").write_text(_claim("pvc0001"))
    (tmp_path / "other-pvc.yaml").write_text(_claim("pvc0002"))
    assert _severities(tmp_path) == [("static-pvc.yaml", "warning")]


def test_claims_of_one_file_competing_for_one_volume_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "pv.yaml").write_text(VOLUME)
    (tmp_path / "pvcs.yaml").write_text(_claim("pvc0001") + "---\n" + _claim("pvc0002"))
    assert _severities(tmp_path) == [("pvcs.yaml", "error")]
