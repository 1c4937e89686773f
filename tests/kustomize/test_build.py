"""The Kustomize build (kubelint.kustomize.build): hashes, bounds, and where fields came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from kubelint.kustomize import build
from kubelint.kustomize.build import Builder, Built
from kubelint.kustomize.files import Files
from kubelint.kustomize.generators import name_hash
from kubelint.kustomize.model import BuildError, Res
from tests.conftest import kubelint, write


@pytest.mark.parametrize(
    ("data", "expected"),
    [  # kustomize's api/hasher tests
        ({"kind": "ConfigMap"}, "6ct58987ht"),
        ({"kind": "ConfigMap", "data": {"one": ""}}, "9g67k2htb6"),
        ({"kind": "ConfigMap", "data": {"two": 2, "one": "", "three": 3}}, "7757f9kkct"),
        ({"kind": "ConfigMap", "binaryData": {"one": ""}}, "6mtk2m274t"),
        ({"kind": "ConfigMap", "data": {"one": ""}, "binaryData": {"two": ""}}, "698h7c7t9m"),
        ({"kind": "Secret", "type": "my-type"}, "5gmgkf8578"),
        ({"kind": "Secret", "type": "my-type", "data": {"one": ""}}, "74bd68bm66"),
        (
            {"kind": "Secret", "type": "my-type", "data": {"one": ""}, "stringData": {"two": 2}},
            "c4h4264gdb",
        ),
    ],
)
def test_the_hash_is_kustomizes(data: dict[str, object], expected: str) -> None:
    assert name_hash(data) == expected


def test_the_name_is_no_part_of_the_hash() -> None:
    named = {"kind": "ConfigMap", "metadata": {"name": "x"}, "data": {"one": ""}}
    assert name_hash(named) == "9g67k2htb6"


DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.0
        envFrom: [{configMapRef: {name: settings}}]
"""
OVERLAY = """\
resources: [../base]
namespace: prod
namePrefix: prod-
images:
- name: nginx
  newTag: "1.27"
patches:
- patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      template:
        spec:
          containers:
          - name: web
            resources: {limits: {memory: 1Gi}}
- path: replicas.yaml
  target: {kind: Deployment}
"""


def tree(root: Path) -> None:
    write(root, "base/deployment.yaml", DEPLOYMENT)
    write(
        root,
        "base/kustomization.yaml",
        "resources: [deployment.yaml]\nconfigMapGenerator:\n- name: settings\n  literals: [a=1]\n",
    )
    write(root, "overlay/kustomization.yaml", OVERLAY)
    write(root, "overlay/replicas.yaml", "- {op: add, path: /spec/replicas, value: 3}\n")


def built(root: Path, folder: str = "overlay") -> list[Res]:
    assert Path.cwd() == root
    return Builder(Files(".")).build(folder)


def where(obj: Res, *path: str | int) -> tuple[str, int, int]:
    site = obj.trace.locate(obj.data, path)
    assert site is not None
    source, position = site.locate()
    return source.name, position.line, position.column


def test_an_overlay_is_built_with_references_renamed(tmp_path: Path) -> None:
    tree(tmp_path)
    config, deployment = built(tmp_path)
    assert config.data["metadata"] == {"name": "prod-settings-h29d89cmmt", "namespace": "prod"}
    container = deployment.data["spec"]["template"]["spec"]["containers"][0]
    assert container["envFrom"] == [{"configMapRef": {"name": "prod-settings-h29d89cmmt"}}]
    assert container["image"] == "nginx:1.27"
    assert container["resources"] == {"limits": {"memory": "1Gi"}}
    assert deployment.data["spec"]["replicas"] == 3


def test_each_field_points_at_what_set_it(tmp_path: Path) -> None:
    tree(tmp_path)
    config, deployment = built(tmp_path)
    containers = ("spec", "template", "spec", "containers", 0)
    assert where(deployment, "metadata", "name") == ("base/deployment.yaml", 4, 9)
    assert where(deployment, "metadata", "namespace") == ("overlay/kustomization.yaml", 2, 12)
    assert where(deployment, *containers, "image") == ("overlay/kustomization.yaml", 5, 3)
    assert where(deployment, *containers, "name") == ("base/deployment.yaml", 11, 15)
    memory = where(deployment, *containers, "resources", "limits", "memory")
    assert memory == ("overlay/kustomization.yaml", 17, 42)  # in the inline patch
    assert where(deployment, "spec", "replicas") == ("overlay/replicas.yaml", 1, 42)
    # a field no layer has: the deepest that holds part of it, the base's container
    assert where(deployment, *containers, "livenessProbe") == ("base/deployment.yaml", 11, 9)
    assert where(config, "data", "a") == ("base/kustomization.yaml", 4, 14)


def test_a_remote_resource_is_never_fetched(tmp_path: Path) -> None:
    write(tmp_path, "kustomization.yaml", "resources:\n- https://github.com/x/y//base?ref=v1\n")
    with pytest.raises(BuildError, match=r"remote resource .* is not fetched") as failed:
        built(tmp_path, ".")
    assert failed.value.at == ("resources", 0)


def test_nothing_outside_the_folder_read_is_opened(tmp_path: Path) -> None:
    write(tmp_path, "outside/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n")
    write(tmp_path, "work/app/kustomization.yaml", "resources: [../../outside/secret.yaml]\n")
    write(tmp_path, "work/app2/kustomization.yaml", "resources: [../../outside]\n")
    for app in ("app", "app2"):
        with pytest.raises(BuildError, match="outside the folder kubelint reads"):
            Builder(Files(str(tmp_path / "work"))).build(str(tmp_path / "work" / app))


def test_a_file_beside_the_kustomization_is_refused_as_kustomize_does(tmp_path: Path) -> None:
    write(tmp_path, "shared/patch.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n")
    write(tmp_path, "app/kustomization.yaml", "patchesStrategicMerge: [../shared/patch.yaml]\n")
    with pytest.raises(BuildError, match=r"security; file .\.\./shared/patch\.yaml. is not in"):
        built(tmp_path, "app")


def test_build_prints_kustomize_build_output(tmp_path: Path) -> None:
    tree(tmp_path)
    run = kubelint("build", "overlay")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.startswith("apiVersion: v1\nkind: ConfigMap\n")  # the legacy order
    assert "\n---\napiVersion: apps/v1\nkind: Deployment\n" in run.stdout


def test_build_names_the_line_of_an_error(tmp_path: Path) -> None:
    write(tmp_path, "kustomization.yaml", "resources:\n- deployment.yaml\n- missing.yaml\n")
    write(tmp_path, "deployment.yaml", DEPLOYMENT)
    run = kubelint("build", ".")
    assert run.exit_code == 1
    assert run.stderr == (
        "kubelint: error: kustomization.yaml:3:3: accumulating resources from"
        " 'missing.yaml': no such file or directory\n"
    )


def test_a_chain_of_bases_too_deep_is_an_error_not_a_crash(tmp_path: Path) -> None:
    for level in range(80):
        write(tmp_path, f"k{level}/kustomization.yaml", f"resources: [../k{level + 1}]\n")
    write(tmp_path, "k80/kustomization.yaml", "namePrefix: x-\n")
    with pytest.raises(BuildError, match="nest more than 50 deep"):
        built(tmp_path, "k0")
    write(tmp_path, "k3/kustomization.yaml", "resources: [../k0]\n")
    with pytest.raises(BuildError, match="cycle detected: k0 -> k1 -> k2 -> k3 -> k0"):
        built(tmp_path, "k0")


def test_a_generator_behavior_kustomize_does_not_know_acts_as_none(tmp_path: Path) -> None:
    """kustomize reads `behavior: add` (Kubeflow's model registry writes it) as no behavior:
    the ConfigMap is created, and one that exists already is an error naming it
    `unspecified`. `kubelint lint` warns of the word."""
    generator = "configMapGenerator:\n- name: settings\n  behavior: add\n  literals: [a=b]\n"
    write(tmp_path, "kustomization.yaml", generator)
    run = kubelint("build", ".")
    assert run.exit_code == 0, run.stderr
    assert run.stdout == (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-4h2mbtbbt6\ndata:\n  a: b\n"
    )
    lint = kubelint("lint", ".", "--format", "json").json()["findings"]
    assert [(f["rule"], f["severity"], f["line"]) for f in lint] == [
        ("kustomization", "warning", 3)
    ]
    write(
        tmp_path, "base/kustomization.yaml", generator.replace("behavior: add", "behavior: create")
    )
    write(tmp_path, "kustomization.yaml", "resources: [base]\n" + generator)
    run = kubelint("build", ".")
    assert run.exit_code == 1
    assert "can not use behavior: 'unspecified', behavior must be merge or replace" in run.stderr


@pytest.mark.parametrize(
    ("env", "error"),
    [
        ("PREFIX=\n", None),  # an empty string is a value (Kubeflow's central dashboard)
        ("OTHER=x\n", "fieldPath `data.PREFIX` is missing for replacement source"),
    ],
)
def test_a_replacement_source_may_be_an_empty_string(
    tmp_path: Path, env: str, error: str | None
) -> None:
    write(tmp_path, "deployment.yaml", DEPLOYMENT)
    write(tmp_path, "params.env", env)
    write(
        tmp_path,
        "kustomization.yaml",
        "resources: [deployment.yaml]\n"
        "configMapGenerator: [{name: params, envs: [params.env]}]\n"
        "replacements:\n- source: {kind: ConfigMap, name: params, fieldPath: data.PREFIX}\n"
        "  targets:\n  - select: {kind: Deployment}\n"
        "    fieldPaths: [spec.template.spec.containers.0.image]\n",
    )
    run = kubelint("build", ".")
    if error is None:
        assert run.exit_code == 0, run.stderr
        assert "        image: ''\n" in run.stdout
    else:
        assert error in run.stderr


def test_a_folder_built_again_is_a_copy_of_its_first_build(tmp_path: Path) -> None:
    tree(tmp_path)
    write(tmp_path, "staging/kustomization.yaml", "resources: [../base]\nnamePrefix: staging-\n")
    shared: dict[tuple[str, str], Built] = {}
    files = Files(".")
    prod = Builder(files, shared).build("overlay")
    assert ("base", ".") in shared
    staging_files = Files(".")
    staging = Builder(staging_files, shared).build("staging")  # the base is not built again
    assert "base/deployment.yaml" in staging_files.read  # but what it read is recorded
    # neither build sees the other's changes, and each is what a build of its own gives
    assert [o.data for o in prod] == [o.data for o in built(tmp_path, "overlay")]
    assert [o.data for o in staging] == [o.data for o in built(tmp_path, "staging")]
    again = Builder(Files("."), shared).build("overlay")
    assert [o.data for o in again] == [o.data for o in prod]
    assert staging[1].data["metadata"] == {"name": "staging-web"}
    assert where(staging[1], "metadata", "name") == ("base/deployment.yaml", 4, 9)


def test_a_folder_built_again_deeper_still_meets_the_depth_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build, "MAX_DEPTH", 3)
    write(tmp_path, "c/kustomization.yaml", "resources: [cm.yaml]\n")
    write(tmp_path, "c/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n")
    write(tmp_path, "b/kustomization.yaml", "resources: [../c]\n")
    write(tmp_path, "a/kustomization.yaml", "resources: [../b]\n")
    write(tmp_path, "top/kustomization.yaml", "resources: [../a]\n")
    shared: dict[tuple[str, str], Built] = {}
    assert len(Builder(Files("."), shared).build("a")) == 1  # b and c built 1 and 2 deep
    with pytest.raises(BuildError, match="nest more than 3 deep"):
        Builder(Files("."), shared).build("top")  # c would be 3 deep
