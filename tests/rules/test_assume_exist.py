"""Objects declared to exist in the cluster (`assume-exist`) are not reported missing."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import kubelint, write

POD = """\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  serviceAccountName: platform-runner
  containers:
    - name: c
      image: busybox:1.36
      envFrom: [{secretRef: {name: vault-db}}, {secretRef: {name: db}}]
"""


def test_assumed_names_are_not_reported(tmp_path: Path) -> None:
    config = write(
        tmp_path,
        "kubelint.yaml",
        "rules:\n"
        "  secret-ref-exists: {options: {assume-exist: ['vault-*']}}\n"
        "  service-account-exists: {options: {assume-exist: [platform-runner]}}\n",
    )
    manifest = write(tmp_path, "pod.yaml", POD)
    run = kubelint("lint", str(manifest), "--config", str(config), "--format", "json")
    missing = [
        f["message"]
        for f in run.json()["findings"]
        if f["rule"] in ("secret-ref-exists", "service-account-exists")
    ]
    assert missing == [
        'Secret "db" is not in namespace "default" of the input (mark the reference optional: '
        "true if it may be absent)"
    ]
