"""`kubelint lint` on Kustomizations: each root is built and linted; findings on a built
object point at the base, patch or Kustomization line that set the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import kubelint, write

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        envFrom: [{configMapRef: {name: settings}}]
"""
SERVICE = """\
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
"""
BASE = """\
resources: [deployment.yaml, service.yaml]
configMapGenerator:
- name: settings
  literals: [mode=base]
"""
PROD = """\
resources: [../../base]
namePrefix: prod-
namespace: shop
patches:
- path: nodeport.yaml
"""
NODEPORT = """\
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  ports:
  - port: 80
    nodePort: 80
"""


def tree(root: Path) -> None:
    write(root, "base/deployment.yaml", DEPLOYMENT)
    write(root, "base/service.yaml", SERVICE)
    write(root, "base/kustomization.yaml", BASE)
    write(root, "overlays/prod/kustomization.yaml", PROD)
    write(root, "overlays/prod/nodeport.yaml", NODEPORT)
    write(root, "overlays/dev/kustomization.yaml", "resources: [../../base]\nnamePrefix: dev-\n")


def lint(root: Path, *args: str) -> list[dict[str, Any]]:
    assert Path.cwd() == root
    run = kubelint("lint", ".", "--format", "json", *args)
    assert run.exit_code in (0, 1), run.stderr
    findings: list[dict[str, Any]] = run.json()["findings"]
    return findings


def of(findings: list[dict[str, Any]], rule: str) -> list[tuple[str, int, int]]:
    return [(f["file"], f["line"], f["column"]) for f in findings if f["rule"] == rule]


def test_a_finding_a_patch_causes_points_at_the_patch(tmp_path: Path) -> None:
    tree(tmp_path)
    findings = lint(tmp_path)
    assert of(findings, "service-nodeport-range") == [("overlays/prod/nodeport.yaml", 8, 15)]
    (finding,) = [f for f in findings if f["rule"] == "service-nodeport-range"]
    assert finding["object"]["name"] == "prod-web"  # the object as built
    assert finding["object"]["namespace"] == "shop"


def test_a_base_finding_is_reported_once_at_the_base_line(tmp_path: Path) -> None:
    """The base, dev and prod all build the base's Deployment: its container's missing
    probes are one finding, at the base's line."""
    tree(tmp_path)
    assert of(lint(tmp_path), "container-probes") == [("base/deployment.yaml", 12, 15)]


def test_renamed_references_raise_no_false_error(tmp_path: Path) -> None:
    """The generated ConfigMap is `prod-settings-<hash>`, and so is the reference to it."""
    tree(tmp_path)
    findings = lint(tmp_path)
    assert [
        f for f in findings if f["severity"] == "error" and f["rule"] != "service-nodeport-range"
    ] == []


def test_a_reference_broken_in_an_overlay_points_at_the_base_reference(tmp_path: Path) -> None:
    tree(tmp_path)
    write(
        tmp_path,
        "overlays/dev/kustomization.yaml",
        "resources: [../../base]\npatches:\n- patch: |-\n    $patch: delete\n"
        "    apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: settings}\n",
    )
    assert of(lint(tmp_path), "configmap-ref-exists") == [("base/deployment.yaml", 14, 41)]


def test_a_kustomization_that_does_not_build_is_an_error_at_its_line(tmp_path: Path) -> None:
    tree(tmp_path)
    write(
        tmp_path,
        "overlays/dev/kustomization.yaml",
        "resources: [../../base]\nreplicas:\n- {name: nothing, count: 3}\n",
    )
    (finding,) = [f for f in lint(tmp_path) if f["rule"] == "kustomization"]
    assert (finding["file"], finding["line"], finding["severity"]) == (
        "overlays/dev/kustomization.yaml",
        3,
        "error",
    )
    assert finding["message"].startswith(
        "does not build: resource with name nothing does not match"
    )


def test_a_remote_resource_is_a_note_and_the_files_are_still_linted(tmp_path: Path) -> None:
    tree(tmp_path)
    write(
        tmp_path,
        "overlays/dev/kustomization.yaml",
        "resources:\n- ../../base\n- https://github.com/example/app//config?ref=v1\n",
    )
    findings = lint(tmp_path)
    remote = [f for f in findings if f["rule"] == "kustomization"]
    assert [(f["file"], f["line"], f["severity"]) for f in remote] == [
        ("overlays/dev/kustomization.yaml", 3, "info")
    ]
    assert "is not fetched" in remote[0]["message"]
    assert of(findings, "service-nodeport-range") == [("overlays/prod/nodeport.yaml", 8, 15)]


def test_a_disable_comment_at_the_base_line_suppresses_it_in_every_build(tmp_path: Path) -> None:
    tree(tmp_path)
    text = DEPLOYMENT.replace(
        "- name: web\n", "- name: web  # kubelint: disable-line=container-probes\n"
    )
    write(tmp_path, "base/deployment.yaml", text)
    assert of(lint(tmp_path), "container-probes") == []


def test_every_report_format_names_the_patch(tmp_path: Path) -> None:
    tree(tmp_path)
    for fmt, needle in (
        ("text", "overlays/prod/nodeport.yaml:8:15 error service-nodeport-range"),
        ("github", "file=overlays/prod/nodeport.yaml,line=8,col=15"),
        ("sarif", '"uri": "overlays/prod/nodeport.yaml"'),
        ("junit", "overlays/prod/nodeport.yaml:8:15"),
    ):
        run = kubelint("lint", ".", "--format", fmt)
        assert needle in run.stdout, fmt


def test_a_file_beside_the_kustomization_is_built_when_linted(tmp_path: Path) -> None:
    """Samples name `../model.yaml` and are built with LoadRestrictionsNone: no error."""
    write(tmp_path, "model.yaml", DEPLOYMENT)
    write(tmp_path, "variant/kustomization.yaml", "resources: [../model.yaml]\nnamePrefix: v-\n")
    assert [f for f in lint(tmp_path) if f["rule"] == "kustomization"] == []
    refused = kubelint("build", "variant")
    assert refused.exit_code == 1
    assert "security; file '../model.yaml' is not in or below 'variant'" in refused.stderr
    allowed = kubelint("build", "variant", "--load-restrictor", "LoadRestrictionsNone")
    assert allowed.exit_code == 0
    assert "name: v-web" in allowed.stdout


def test_a_base_linted_raw_and_built_is_reported_once(tmp_path: Path) -> None:
    """An overlay kubelint does not build lints the base's files as they are; the base's own
    build reports the same lines: once."""
    tree(tmp_path)
    write(
        tmp_path,
        "overlays/dev/kustomization.yaml",
        "resources: [../../base]\nhelmCharts:\n- {name: redis, repo: https://example.com}\n",
    )
    findings = lint(tmp_path)
    assert of(findings, "container-probes") == [("base/deployment.yaml", 12, 15)]


def test_a_kustomization_of_wrong_types_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    """Each field of the wrong type: the schema's finding; the root is not built."""
    write(tmp_path, "web.yaml", DEPLOYMENT)
    for text in (
        "resources: 5\n",
        "resources: [web.yaml]\npatches: x\n",
        "resources: [web.yaml]\nreplacements: 5\n",
        "resources: [web.yaml]\nlabels: {a: b}\n",
        "resources: [web.yaml]\nimages: [5]\n",
    ):
        write(tmp_path, "kustomization.yaml", text)
        run = kubelint("lint", ".", "--format", "json")
        assert run.exit_code == 1, (text, run.stderr)
        rules = {f["rule"] for f in run.json()["findings"] if f["severity"] == "error"}
        assert rules == {"kustomization"}, text


def test_objects_of_wrong_shapes_do_not_build_and_do_not_crash(tmp_path: Path) -> None:
    write(
        tmp_path,
        "kustomization.yaml",
        "resources: [rb.yaml]\nnamespace: shop\ncommonLabels: {app: web}\n",
    )
    write(
        tmp_path,
        "rb.yaml",
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n"
        "  name: rb\n  labels: 5\nsubjects: 7\n",
    )
    run = kubelint("lint", ".", "--format", "json")
    assert run.exit_code == 1, run.stderr
    (finding,) = [f for f in run.json()["findings"] if f["rule"] == "kustomization"]
    assert finding["message"] == (
        "does not build: expected a mapping at metadata/labels to set 'app'"
    )
    assert (finding["file"], finding["line"]) == ("kustomization.yaml", 3)


def test_a_patch_of_a_built_root_is_still_checked_against_its_kind(tmp_path: Path) -> None:
    tree(tmp_path)
    write(tmp_path, "overlays/prod/nodeport.yaml", NODEPORT.replace("  type:", "  typo:"))
    findings = [f for f in lint(tmp_path) if f["rule"] == "schema"]
    assert [(f["file"], f["line"]) for f in findings] == [("overlays/prod/nodeport.yaml", 5)]


def test_a_generator_source_is_no_manifest_of_the_build(tmp_path: Path) -> None:
    """A JSON file a generator reads (with a comment) stays a file skipped as no object."""
    tree(tmp_path)
    write(tmp_path, "base/settings.json", '// settings\n{"mode": "base"}\n')
    write(tmp_path, "base/kustomization.yaml", BASE + "- name: json\n  files: [settings.json]\n")
    assert [f for f in lint(tmp_path) if f["rule"] == "yaml-syntax"] == []


def test_a_field_a_patch_removed_is_located_without_error(tmp_path: Path) -> None:
    """A patch removes the base container's `resources` and another puts a container before
    it: a finding about the missing field locates through the base's container without
    reaching for the removed field (it was a crash, on Argo CD's manifests)."""
    base = DEPLOYMENT.replace(
        "      containers:\n",
        "      initContainers:\n      - name: init\n        image: busybox:1.36\n"
        "        resources: {limits: {cpu: 100m, memory: 64Mi}}\n      containers:\n",
    )
    write(tmp_path, "deployment.yaml", base)
    write(
        tmp_path,
        "kustomization.yaml",
        "resources: [deployment.yaml]\npatches:\n"
        "- target: {kind: Deployment, name: web}\n  path: patch.yaml\n",
    )
    write(
        tmp_path,
        "patch.yaml",
        "- op: remove\n  path: /spec/template/spec/initContainers/0/resources\n"
        "- op: add\n  path: /spec/template/spec/initContainers/0\n"
        "  value: {name: first, image: busybox:1.36}\n",
    )
    found = of(lint(tmp_path), "container-resources")
    assert ("deployment.yaml", 12, 9) in found  # the base's init container, resources removed


def test_a_root_that_does_not_build_leaves_its_bases_to_their_own_builds(tmp_path: Path) -> None:
    """Kubeflow's `example/` names every app's overlay and one remote resource: it is linted
    file by file, but the apps it holds build on their own, each as its own unit. Their bases
    name objects alike (`deployment`) and leave the namespace to the overlay: linted raw in one
    unit, they were false duplicates and subjects missing their namespace."""
    binding = (  # the build gives the subject its ServiceAccount's namespace
        "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app}\n---\n"
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\n"
        "metadata: {name: binding}\nroleRef: {apiGroup: rbac.authorization.k8s.io, "
        "kind: ClusterRole, name: view}\nsubjects: [{kind: ServiceAccount, name: app}]\n"
    )
    for app in ("one", "two"):
        write(tmp_path, f"{app}/deployment.yaml", DEPLOYMENT)
        write(tmp_path, f"{app}/binding.yaml", binding)
        write(
            tmp_path,
            f"{app}/kustomization.yaml",
            f"resources: [deployment.yaml, binding.yaml]\nnamePrefix: {app}-\nnamespace: {app}\n",
        )
    write(
        tmp_path,
        "example/kustomization.yaml",
        "resources:\n- ../one\n- ../two\n- https://github.com/example/app//config?ref=v1\n",
    )
    found = lint(tmp_path)
    assert [f["rule"] for f in found if f["severity"] == "error"] == []
    (remote,) = [f for f in found if f["rule"] == "kustomization"]
    assert remote["file"] == "example/kustomization.yaml"


def test_a_list_item_without_identity_is_located_after_a_patch_adds_one(tmp_path: Path) -> None:
    """A JSON patch appends a rule to a ClusterRole (kubebuilder's webhook permissions patch):
    a finding on a rule of the base is at that rule's line, not at the list's first (Gatekeeper:
    three rbac-wildcard warnings at one line)."""
    write(
        tmp_path,
        "role.yaml",
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"
        "metadata: {name: manager}\nrules:\n"
        "- {apiGroups: [''], resources: [events], verbs: [create]}\n"
        "- {apiGroups: [''], resources: ['*'], verbs: [get]}\n",
    )
    write(
        tmp_path,
        "kustomization.yaml",
        "resources: [role.yaml]\npatches:\n"
        "- target: {kind: ClusterRole, name: manager}\n  path: patch.yaml\n",
    )
    write(
        tmp_path,
        "patch.yaml",
        "- op: add\n  path: /rules/-\n"
        "  value: {apiGroups: [apps], resources: ['*'], verbs: [list]}\n",
    )
    found = of(lint(tmp_path), "rbac-wildcard")
    assert sorted(found) == [("patch.yaml", 3, 10), ("role.yaml", 6, 3)]
