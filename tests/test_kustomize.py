"""Kustomize files recognised (kubelint.kustomize): a base and overlays linted from the root."""

from __future__ import annotations

from pathlib import Path

import pytest

from kubelint.kustomize.checks import is_remote, json_patch_problems
from tests.conftest import kubelint, write

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: web, image: "nginx:1.27", ports: [{name: http, containerPort: 8080}]}
"""
SERVICE = """\
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
"""
PATCH = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  template:
    spec:
      $setElementOrder/containers: [{name: web}]
      containers:
        - name: web
          resources: {limits: {memory: 1Gi}}
        - name: sidecar
          $patch: delete
      nodeSelector: null
"""
OPS = """\
- op: replace
  path: /spec/replicas
  value: 2
"""


def tree(root: Path) -> None:
    write(root, "base/deployment.yaml", DEPLOYMENT)
    write(root, "base/kustomization.yaml", "resources: [deployment.yaml]\n")
    write(
        root,
        "overlays/prod/kustomization.yaml",
        """\
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base
  - service.yaml
  - https://github.com/example/app//config?ref=v1
components:
patchesStrategicMerge:
  - replicas.yaml
patchesJson6902:
  - target: {group: apps, version: v1, kind: Deployment, name: web}
    path: ops.yaml
""",
    )
    write(root, "overlays/prod/service.yaml", SERVICE)
    write(root, "overlays/prod/replicas.yaml", PATCH)
    write(root, "overlays/prod/ops.yaml", OPS)
    # another sample beside: its Deployment has the overlay's labels, not its port names
    write(root, "other/web.yaml", DEPLOYMENT.replace("name: http", "name: www"))


def findings(root: Path) -> list[tuple[str, int, str, str]]:
    """The errors of `kubelint lint .` in `root` (the tests' working folder)."""
    assert Path.cwd() == root
    run = kubelint("lint", ".", "--format", "json")
    assert run.exit_code in (0, 1), run.stderr
    return [
        (f["file"], f["line"], f["rule"], f["message"])
        for f in run.json()["findings"]
        if f["severity"] == "error"
    ]


def test_a_kustomize_tree_has_no_false_error(tmp_path: Path) -> None:
    """Kustomizations are no objects with missing metadata; patches are no objects missing
    their selector; the overlay's Service sees the base's Deployment, not the other sample's."""
    tree(tmp_path)
    assert findings(tmp_path) == []


def test_a_patch_is_checked_against_its_kind(tmp_path: Path) -> None:
    tree(tmp_path)
    write(tmp_path, "overlays/prod/replicas.yaml", PATCH.replace("replicas: 3", "replica: 3"))
    write(tmp_path, "overlays/prod/ops.yaml", OPS.replace("replace", "rplace"))
    assert findings(tmp_path) == [
        (
            "overlays/prod/ops.yaml",
            1,
            "kustomization",
            '[0].op: unsupported value "rplace" (supported values: "add", "remove", "replace", '
            '"move", "copy", "test")',
        ),
        (
            "overlays/prod/replicas.yaml",
            6,
            "schema",
            'spec: unknown field "replica" (did you mean "replicas"?)',
        ),
    ]


def test_a_kustomization_names_files_that_exist(tmp_path: Path) -> None:
    tree(tmp_path)
    kustomization = tmp_path / "overlays/prod/kustomization.yaml"
    text = kustomization.read_text().replace(
        "  - service.yaml\n", "  - service.yaml\n  - servcie.yaml\n"
    )
    kustomization.write_text(text.replace("components:", "component: []"))
    write(tmp_path, "overlays/prod/empty/readme.yaml", "a: 1\n")
    write(tmp_path, "overlays/dev/kustomization.yaml", "resources: [../prod/empty]\n")
    assert findings(tmp_path) == [
        (
            "overlays/dev/kustomization.yaml",
            1,
            "kustomization",
            '"../prod/empty" is a folder without a kustomization.yaml',
        ),
        (
            "overlays/prod/kustomization.yaml",
            6,
            "kustomization",
            '"servcie.yaml" does not exist (relative to overlays/prod/)',
        ),
        (
            "overlays/prod/kustomization.yaml",
            8,
            "kustomization",
            'unknown field "component" (did you mean "components"?)',
        ),
    ]


def test_a_file_named_kustomization_is_read(tmp_path: Path) -> None:
    write(tmp_path, "app/Kustomization", "resources: [missing.yaml]\n")
    assert findings(tmp_path) == [
        (
            "app/Kustomization",
            1,
            "kustomization",
            '"missing.yaml" does not exist (relative to app/)',
        )
    ]


def test_a_path_outside_the_working_folder_is_not_looked_up(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Whether a file exists elsewhere on the machine is nothing an input may learn: a path out
    of the working folder is neither looked up nor reported missing, whether it exists or not."""
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "secret.yaml").write_text("a: 1\n")
    write(
        tmp_path,
        "app/kustomization.yaml",
        f"resources: [{elsewhere / 'secret.yaml'}, {elsewhere / 'absent.yaml'}, ../../../x.yaml]\n",
    )
    assert findings(tmp_path) == []


def test_remote_resources_are_accepted() -> None:
    assert is_remote("https://github.com/a/b//c?ref=v1")
    assert is_remote("github.com/kubernetes-sigs/kustomize/examples/multibases?ref=v1.0.6")
    assert is_remote("git@github.com:owner/repo.git/deploy")
    assert not is_remote("../../base")


def test_json_patches_need_what_each_operation_needs() -> None:
    problems = list(json_patch_problems([{"op": "move", "path": "/a"}, {"op": "add"}, "x"]))
    assert [p.message for p in problems] == [
        '[0]: missing required field "from"',
        '[1]: missing required field "path"',
        '[1]: missing required field "value"',
        "[2]: an operation is a mapping of op, path and value",
    ]
    assert [p.message for p in json_patch_problems({"op": "add"})] == [
        "a JSON patch is a list of operations (op, path, value)"
    ]


def test_a_component_is_no_unit_of_its_own(tmp_path: Path) -> None:
    """A Component is applied as part of the roots naming it, or (named by none yet) of the
    nearest root above it: its NetworkPolicy is not checked alone (selecting nothing)."""
    tree(tmp_path)
    write(tmp_path, "kustomization.yaml", "resources: [base]\n")
    write(
        tmp_path,
        "components/netpol/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [np.yaml]\n",
    )
    write(
        tmp_path,
        "components/netpol/np.yaml",
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web}\n"
        "spec: {podSelector: {matchLabels: {app: web}}, policyTypes: [Ingress]}\n",
    )
    run = kubelint("lint", ".", "--format", "json")
    assert [f for f in run.json()["findings"] if f["file"].startswith("components/")] == []


def test_files_a_kustomization_reads_as_data_are_no_objects(tmp_path: Path) -> None:
    """A generator's files and a plugin's configuration (kubebuilder's layout, as Kueue's:
    `configMapGenerator` of the controller's own `Configuration`, `transformers:` naming
    `apiVersion: builtin` files) are read, never applied: no finding, counted as skipped."""
    write(tmp_path, "manager/deployment.yaml", DEPLOYMENT)
    write(
        tmp_path,
        "manager/kustomization.yaml",
        "resources: [deployment.yaml]\n"
        "configMapGenerator:\n- name: manager-config\n  files: [controller_manager_config.yaml]\n"
        "transformers: [prefix.yaml]\n",
    )
    write(
        tmp_path,
        "manager/controller_manager_config.yaml",
        "apiVersion: config.example.io/v1beta1\nkind: Configuration\nleaderElection: {}\n",
    )
    write(
        tmp_path,
        "manager/prefix.yaml",
        "apiVersion: builtin\nkind: PrefixSuffixTransformer\nmetadata: {name: prefix}\n"
        "prefix: example-\nfieldSpecs: [{path: metadata/name}]\n",
    )
    run = kubelint("lint", ".", "--format", "json")
    files = {f["file"] for f in run.json()["findings"] if f["rule"] != "kustomization"}
    assert not {"manager/controller_manager_config.yaml", "manager/prefix.yaml"} & files
    assert run.json()["summary"]["skipped"] == 2


def test_a_patch_no_kustomization_names_is_checked_as_a_patch(tmp_path: Path) -> None:
    """kubebuilder scaffolds `config/crd/patches/*.yaml` and switches them on by uncommenting
    their lines: one that is commented out (or never listed) is a partial object, checked as
    the patch it is, not as a CRD missing its spec. Outside a Kustomize tree a file named so
    is an object as any other."""
    crd = (
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n"
        "  name: queues.example.io\n  annotations: {cert-manager.io/inject-ca-from: x/y}\n"
    )
    write(tmp_path, "config/crd/kustomization.yaml", "resources: []\npatches:\n"
          "#- path: patches/cainjection_in_queues.yaml\n")  # fmt: skip
    write(tmp_path, "config/crd/patches/cainjection_in_queues.yaml", crd)
    write(tmp_path, "config/crd/patches/webhook_in_queues.yaml", crd + "spec: {scope: 3}\n")
    write(tmp_path, "elsewhere/crd_patch.yaml", crd)
    run = kubelint("lint", ".", "--format", "json")
    found = {(f["file"], f["rule"]) for f in run.json()["findings"] if f["severity"] == "error"}
    assert found == {
        ("config/crd/patches/webhook_in_queues.yaml", "schema"),  # checked as a patch still
        ("elsewhere/crd_patch.yaml", "required-fields"),
    }


def test_a_tree_linted_from_outside_is_linted_as_from_inside(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tree named from a working folder outside it: an overlay's `../base` is looked up
    within the folder given, as its build reads it, so the base is linted as what the overlay
    builds (prod-web), not on its own (web), whatever the working folder (Argo CD's example
    apps: the base's findings twice, from a folder outside the tree)."""
    write(tmp_path, "base/deployment.yaml", DEPLOYMENT)
    write(tmp_path, "base/kustomization.yaml", "resources: [deployment.yaml]\n")
    write(tmp_path, "prod/service.yaml", SERVICE)
    write(
        tmp_path,
        "prod/kustomization.yaml",
        "namePrefix: prod-\nresources: [../base, service.yaml]\n",
    )

    def objects(folder: str) -> set[str]:
        run = kubelint("lint", folder, "--format", "json")
        assert run.exit_code in (0, 1), run.stderr
        return {f["object"]["name"] for f in run.json()["findings"] if f.get("object")}

    assert objects(".") == {"prod-web"}
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    assert objects(str(tmp_path)) == {"prod-web"}


def test_an_overlay_that_only_patches_its_base_holds_it(tmp_path: Path) -> None:
    """An overlay that adds no resource of its own applies the same files as its base: the
    base is linted as what the overlay builds, not on its own; and an overlay that does not
    build leaves the base to its builds, not linted again file by file (a Kubernetes Engine
    sample's overlay, whose params.env `make deploy` writes: its base's Deployments linted a
    second time raw, in namespace default)."""
    write(tmp_path, "base/deployment.yaml", DEPLOYMENT)
    write(tmp_path, "base/kustomization.yaml", "namespace: web\nresources: [deployment.yaml]\n")
    write(tmp_path, "prod/kustomization.yaml", "namePrefix: prod-\nresources: [../base]\n")
    broken = "resources: [../base]\nconfigMapGenerator: [{name: env, envs: [params.env]}]\n"
    write(tmp_path, "dev/kustomization.yaml", broken)

    run = kubelint("lint", ".", "--format", "json")
    assert run.exit_code == 1, run.stderr
    named = {(f["object"] or {}).get("name") for f in run.json()["findings"] if f["object"]}
    assert named == {"prod-web"}
    spaces = {f["object"]["namespace"] for f in run.json()["findings"] if f["object"]}
    assert spaces == {"web"}
