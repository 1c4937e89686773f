"""A lint of one file imports only what it uses: Typer itself (the console script parses the
everyday `lint` alone, kubelint.entry), Pydantic (Typer's coercion), Rich (its help, tables,
progress bars and colours), gitignore patterns, the chart engines, the interpreted JSON
Schema validator and the CEL evaluator (for CustomResourceDefinitions' rules), Kustomize's checks
and build (for a run with a Kustomization), multiprocessing (for worker processes), subprocess
(for git) and the cluster file's reader (for a lint that schedules) wait until a command needs
them (each is milliseconds of every start-up).

A lint also makes no dataclass on its way (`dataclasses` imports `inspect`, 7 ms, and a frozen
dataclass takes 0.4 ms to create: records there are NamedTuples or plain classes with
`__slots__`), and leaves what it seldom needs to where it is needed: `tempfile` (writing a
file), `traceback`, `zoneinfo` (a CronJob's time zone), the claims' binding planner (volumes or
storage classes in the input) and the checks of custom resources' string formats."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, write
from tests.schema.test_cel import BAD, CRD

NOT_AT_START = (
    "typer",
    "rich",
    "typer.rich_utils",
    "pydantic",
    "rich.table",
    "rich.progress",
    "rich.markdown",
    "pathspec",
    "tomllib",
    "xml.etree.ElementTree",
    "kubelint.report.junit",
    "jinja2",
    "jsonschema",
    "kubelint.chart.loader",
    "kubelint.schedule.scheduler",
    "kubelint.schedule.cluster",
    "celpy",
    "kubelint.kustomize.checks",
    "kubelint.kustomize.build",
    "kubelint.patch.strategic",
    "multiprocessing",
    "subprocess",
)
# ... and, for a lint, neither these
NOT_IN_LINT = (
    "dataclasses",
    "inspect",
    "tempfile",
    "traceback",
    "zoneinfo",
    "kubelint.k8s.binding",
    "kubelint.schema.formats",
)
DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "nginx:1.27", ports: [{containerPort: 80}]}]}
"""
CRON = """apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  timeZone: Europe/Paris
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: job, image: "busybox:1.36"}]
"""
PV = """apiVersion: v1
kind: PersistentVolume
metadata: {name: data}
spec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /data}}
"""
PROGRAM = """
import os, sys
from kubelint.entry import main
def stop(code):  # the console script ends the process at once: here, the modules are listed
    raise SystemExit(code)
os._exit = stop
try:
    main()
except SystemExit:
    pass
print(" ".join(sorted(sys.modules)), file=sys.stderr)
"""


def modules_of(tmp_path: Path, *args: str) -> set[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    run = subprocess.run(
        [sys.executable, "-c", PROGRAM, *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    assert run.stdout, run.stderr
    return set(run.stderr.split("\n")[-2].split())


def test_lint_of_one_file_imports_only_what_it_uses(tmp_path: Path) -> None:
    write(tmp_path, "cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
    write(tmp_path, "deploy.yaml", DEPLOYMENT)
    for report in (["--format", "json"], ["--format", "sarif"], []):  # text, to a pipe
        for file in ("cm.yaml", "deploy.yaml"):
            loaded = modules_of(tmp_path, "lint", file, *report)
            assert "kubelint.rules" in loaded
            assert sorted(loaded.intersection(NOT_AT_START + NOT_IN_LINT)) == []


def test_schedule_imports_no_typer_nor_rich(tmp_path: Path) -> None:
    write(tmp_path, "pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {}\n")
    for report in (["--format", "json"], []):
        loaded = modules_of(tmp_path, "schedule", "pod.yaml", *report)
        assert "kubelint.schedule.scheduler" in loaded
        assert sorted(loaded.intersection(NOT_AT_START)) == [
            "kubelint.schedule.cluster",
            "kubelint.schedule.scheduler",
        ]


def test_what_waits_is_there_when_needed(tmp_path: Path) -> None:
    write(tmp_path, "cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
    write(tmp_path, ".kubelint.yaml", "exclude: [vendor/]\n")
    assert "rich.table" in modules_of(tmp_path, "rules")
    assert "pathspec" in modules_of(tmp_path, "lint", "cm.yaml")
    assert "typer" in modules_of(tmp_path, "lint", "cm.yaml", "--set", "a=1")
    write(tmp_path, "crd.yaml", CRD + "---\n" + BAD)
    assert {"celpy", "kubelint.schema.formats"} <= modules_of(tmp_path, "lint", "crd.yaml")
    write(tmp_path, "cron.yaml", CRON)
    assert "zoneinfo" in modules_of(tmp_path, "lint", "cron.yaml")
    write(tmp_path, "pv.yaml", PV)
    assert "kubelint.k8s.binding" in modules_of(tmp_path, "lint", "pv.yaml")
    assert "tempfile" in modules_of(tmp_path, "lint", "cm.yaml", "--output", "out.txt")
    write(tmp_path, "app/kustomization.yaml", "resources: [cm.yaml]\n")
    write(tmp_path, "app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
    assert "kubelint.kustomize.build" in modules_of(tmp_path, "lint", "app")
