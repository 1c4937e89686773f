"""What is not a Kubernetes object is not linted as one: skipped and counted, or (asked for)
checked as an object."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import kubelint, write

CASSANDRA = "cluster_name: 'Test Cluster'\nnum_tokens: 256\nseed_provider:\n  - class_name: x\n"
PACKAGE = json.dumps({"name": "web", "version": "1.0.0", "scripts": {"start": "node ."}})
CONFIGMAP = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n"


SKAFFOLD = "apiVersion: skaffold/v2beta4\nkind: Config\nbuild:\n  artifacts: [{image: web}]\n"
KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters: []\ncurrent-context: ''\n"
KIND_CLUSTER = "apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\nnodes: [{role: control-plane}]\n"


def repository(root: Path) -> None:
    write(root, "app/cassandra.yaml", CASSANDRA)
    write(root, "app/package.json", PACKAGE)
    write(root, "app/settings.yaml", CONFIGMAP + "---\n- 1\n- 2\n")  # a list of data too


def test_documents_without_apiversion_and_kind_are_skipped_and_counted(tmp_path: Path) -> None:
    repository(tmp_path)
    run = kubelint("lint", str(tmp_path), "--format", "json")
    assert run.exit_code == 0, run.stdout
    assert run.json()["findings"] == []
    assert run.json()["summary"]["skipped"] == 3
    assert run.json()["summary"]["documents"] == 4
    text = kubelint("lint", str(tmp_path)).stdout.strip().splitlines()[-1]
    assert text == "no problems found (4 documents in 3 files, 3 skipped as no Kubernetes object)"


def test_strict_checks_every_document_as_an_object(tmp_path: Path) -> None:
    repository(tmp_path)
    flagged = kubelint("lint", str(tmp_path), "--format", "json", "--non-objects", "error")
    assert flagged.exit_code == 1
    assert {(Path(f["file"]).name, f["rule"]) for f in flagged.json()["findings"]} == {
        ("cassandra.yaml", "required-fields"),
        ("package.json", "required-fields"),
        ("settings.yaml", "required-fields"),
    }
    assert flagged.json()["summary"]["skipped"] == 0
    write(tmp_path, "strict.yaml", "non-objects: error\n")
    configured = kubelint("lint", str(tmp_path / "app"), "--config", str(tmp_path / "strict.yaml"))
    assert configured.exit_code == 1


def test_a_document_that_tries_to_be_an_object_is_still_checked(tmp_path: Path) -> None:
    write(tmp_path, "half.yaml", "kind: ConfigMap\nmetadata: {name: x}\n")
    write(tmp_path, "list.yaml", "- apiVersion: v1\n  kind: ConfigMap\n")
    run = kubelint("lint", str(tmp_path), "--format", "json")
    assert sorted((Path(f["file"]).name, f["rule"]) for f in run.json()["findings"]) == [
        ("half.yaml", "required-fields"),
        ("list.yaml", "required-fields"),
    ]


def test_configuration_files_of_tools_are_no_objects(tmp_path: Path) -> None:
    """skaffold.yaml, a kubeconfig, kind's cluster: apiVersion and kind, but no API object."""
    write(tmp_path, "skaffold.yaml", SKAFFOLD)
    write(tmp_path, "kubeconfig.yaml", KUBECONFIG)
    write(tmp_path, "kind.yaml", KIND_CLUSTER)
    run = kubelint("lint", str(tmp_path), "--format", "json")
    assert run.json()["findings"] == []
    assert run.json()["summary"]["skipped"] == 3


def test_a_broken_file_that_names_no_apiversion_or_kind_is_skipped(tmp_path: Path) -> None:
    write(
        tmp_path, "dashboard.json", '/* Copyright */\n# Licensed\n\n{"displayName": "Overview"}\n'
    )
    write(
        tmp_path, "broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   y: 1\n"
    )
    run = kubelint("lint", str(tmp_path), "--format", "json")
    found = [(Path(f["file"]).name, f["rule"]) for f in run.json()["findings"]]
    assert found == [("broken.yaml", "yaml-syntax")]
    assert run.json()["summary"]["skipped"] == 1
    strict = kubelint("lint", str(tmp_path), "--format", "json", "--non-objects", "error")
    strict_found = {(Path(f["file"]).name, f["rule"]) for f in strict.json()["findings"]}
    assert ("dashboard.json", "yaml-syntax") in strict_found


def test_a_broken_kustomize_patch_stays_an_error(tmp_path: Path) -> None:
    write(tmp_path, "kustomization.yaml", "resources: [d.yaml]\npatches:\n  - path: patch.yaml\n")
    write(tmp_path, "d.yaml", CONFIGMAP)
    write(tmp_path, "patch.yaml", "- op: add\n  path: /x\n  value: [\n")
    run = kubelint("lint", str(tmp_path), "--format", "json")
    assert [(Path(f["file"]).name, f["rule"]) for f in run.json()["findings"]] == [
        ("patch.yaml", "yaml-syntax")
    ]


def test_broken_text_on_standard_input_stays_an_error() -> None:
    """What is piped in was sent to be checked: not skipped as no Kubernetes object."""
    run = kubelint("lint", "-", stdin="a: [\n")
    assert run.exit_code == 1
    assert run.stdout.startswith("<stdin>:2:1 error yaml-syntax ")
