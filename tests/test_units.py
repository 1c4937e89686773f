"""Units: a repository of samples linted from its root, each sample on its own (kubelint.units).

Each test writes a small tree, lints it from its root with default settings, and compares the
findings of the rules across objects with what a user deploying each folder would see.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kubelint.units import Place, folder_of, plan
from tests.conftest import kubelint, write

ACROSS = {
    "duplicate-object",
    "service-target-port-name",
    "service-target-port-number",
    "service-selector-matches",
    "config-key-exists",
    "configmap-ref-exists",
    "secret-ref-exists",
    "service-nodeport-unique",
    "ingress-backend-port",
    "ingress-backend-exists",
}


def app(port_name: str, key: str, name: str = "web", node_port: int | None = None) -> str:
    """A Deployment reading a ConfigMap key, its ConfigMap, and a Service to a named port."""
    node = f", nodePort: {node_port}" if node_port else ""
    kind = "NodePort" if node_port else "ClusterIP"
    return f"""\
apiVersion: v1
kind: ConfigMap
metadata: {{name: {name}-config}}
data: {{{key}: "1"}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}}}
spec:
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
      containers:
        - name: {name}
          image: nginx:1.27
          ports: [{{name: {port_name}, containerPort: 8080}}]
          env:
            - name: SETTING
              valueFrom: {{configMapKeyRef: {{name: {name}-config, key: {key}}}}}
---
apiVersion: v1
kind: Service
metadata: {{name: {name}}}
spec:
  type: {kind}
  selector: {{app: {name}}}
  ports: [{{port: 80, targetPort: {port_name}{node}}}]
"""


def across(path: Path, *args: str) -> list[tuple[str, str, str]]:
    """(file relative to `path`, rule, severity) of the findings of the rules across objects."""
    run = kubelint("lint", str(path), "--format", "json", *args)
    assert run.exit_code in (0, 1), run.stderr
    return sorted(
        (Path(f["file"]).relative_to(path).as_posix(), f["rule"], f["severity"])
        for f in run.json()["findings"]
        if f["rule"] in ACROSS
    )


def test_sibling_samples_never_see_each_other(tmp_path: Path) -> None:
    """Two samples that reuse names: no duplicate, each Service and key checked in its own."""
    write(tmp_path, "samples/a/app.yaml", app("http", "alpha", node_port=30080))
    write(tmp_path, "samples/b/app.yaml", app("web", "beta", node_port=30080))
    write(tmp_path, "samples/b/all-in-one/app.yaml", app("web", "beta", node_port=30080))
    assert across(tmp_path) == []


def test_an_app_split_over_subfolders_resolves_its_references(tmp_path: Path) -> None:
    """The Deployment in deploy/ reads the ConfigMap of config/, not the one of another sample
    that sorts first; a key missing from its own ConfigMap is still found."""
    split = app("http", "level")
    config, rest = split.split("---\n", 1)
    write(tmp_path, "a-other/config.yaml", config.replace("level", "other"))
    write(tmp_path, "shop/config/settings.yaml", config)
    write(tmp_path, "shop/deploy/web.yaml", rest)
    assert across(tmp_path) == []
    write(tmp_path, "shop/config/settings.yaml", config.replace("level", "lvl"))
    assert across(tmp_path) == [("shop/deploy/web.yaml", "config-key-exists", "error")]


def test_a_sample_without_its_own_candidate_does_not_reach_far_samples(tmp_path: Path) -> None:
    """An HPA of another category's sample does not scale this sample's Deployment, and a
    Service with no Deployment of its own does not check another sample's ports; a root-level
    file (shared configuration) is still seen from everywhere."""
    hpa = (
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\n"
        "spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, "
        "minReplicas: 1, maxReplicas: 3}\n"
    )
    config, deployment, service = app("http", "one").split("---\n")
    write(tmp_path, "cost/testdata/hpa.yaml", hpa)
    write(
        tmp_path,
        "quickstarts/web/deploy.yaml",
        deployment.replace("spec:\n", "spec:\n  replicas: 2\n", 1),
    )
    write(tmp_path, "tools/svc/service.yaml", service.replace("http}", "9090}"))
    write(tmp_path, "config.yaml", config)
    run = kubelint("lint", str(tmp_path), "--format", "json")
    rules = {(Path(f["file"]).name, f["rule"]) for f in run.json()["findings"]}
    assert ("deploy.yaml", "hpa-replicas-conflict") not in rules
    assert ("service.yaml", "service-target-port-number") not in rules
    assert ("service.yaml", "service-selector-matches") in rules  # nothing of its own
    assert ("deploy.yaml", "configmap-ref-exists") not in rules  # config.yaml, up the tree


def test_the_same_file_is_nearest(tmp_path: Path) -> None:
    """Of two ConfigMaps of one name in a folder, a pod reads the one of its own file."""
    write(tmp_path, "x.yaml", app("http", "one"))
    write(tmp_path, "y.yaml", app("http", "two"))
    # the ConfigMap and the Deployment differ; the Service, defined alike in both, is no finding
    assert across(tmp_path) == [("y.yaml", "duplicate-object", "warning")] * 2


def test_duplicates_in_one_file_are_errors(tmp_path: Path) -> None:
    write(tmp_path, "x.yaml", app("http", "one") + "---\n" + app("http", "one"))
    assert [rule for _, rule, severity in across(tmp_path) if severity == "error"] == [
        "duplicate-object"
    ] * 3


def test_a_configured_unit_spans_its_folders(tmp_path: Path) -> None:
    """`units:` makes a folder one unit: a duplicate across its subfolders is an error, and a
    folder outside it does not see in."""
    write(tmp_path, "shop/a/app.yaml", app("http", "one", node_port=30080))
    write(tmp_path, "shop/b/app.yaml", app("http", "one", node_port=30080))
    write(tmp_path, "other/web.yaml", app("http", "one").split("---\n", 1)[1])
    assert across(tmp_path) == []
    write(tmp_path, ".kubelint.yaml", "units: [shop]\n")
    found = across(tmp_path, "--config", str(tmp_path / ".kubelint.yaml"))
    assert found == [
        ("other/web.yaml", "configmap-ref-exists", "warning"),
        ("shop/b/app.yaml", "duplicate-object", "error"),
        ("shop/b/app.yaml", "duplicate-object", "error"),
        ("shop/b/app.yaml", "duplicate-object", "error"),
        ("shop/b/app.yaml", "service-nodeport-unique", "error"),
    ]


def test_an_identical_finding_is_reported_once(tmp_path: Path) -> None:
    """A Service selecting two Deployments of one name (alternatives in one folder) and a file
    named twice on the command line: each finding once."""
    deployment = app("http", "one").split("---\n")[1]
    write(tmp_path, "d1.yaml", deployment)
    write(tmp_path, "d2.yaml", deployment)
    write(tmp_path, "svc.yaml", app("http", "one").split("---\n")[2].replace("http}", "9090}"))
    run = kubelint("lint", str(tmp_path), f"{tmp_path}/./svc.yaml", "--format", "json")
    keys = [
        (f["rule"], f["file"], f["line"], f["column"], f["message"]) for f in run.json()["findings"]
    ]
    assert len(keys) == len(set(keys))
    assert [k[0] for k in keys].count("service-target-port-number") == 1


def test_a_template_line_rendering_objects_in_a_loop_is_reported_once(tmp_path: Path) -> None:
    write(tmp_path, "chart/Chart.yaml", "apiVersion: v2\nname: apps\nversion: 0.1.0\n")
    write(tmp_path, "chart/values.yaml", "apps: [a, b, c]\n")
    loop = "{{- range .Values.apps }}\n---\napiVersion: example.com/v1\nkind: Widget\n"
    write(tmp_path, "chart/templates/apps.yaml", loop + "metadata:\n  name: {{ . }}\n{{- end }}\n")
    run = kubelint("lint", str(tmp_path / "chart"), "--format", "json")
    found = [(f["rule"], f["line"]) for f in run.json()["findings"]]
    assert found.count(("unknown-kind", 4)) == 1


def test_places_measure_nearness() -> None:
    here = Place(None, ("a", "b"), "a/b/x.yaml")
    assert here.distance(Place(None, ("a", "b"), "a/b/x.yaml")) == (-1, 0)
    assert here.distance(Place(None, ("a", "b"), "a/b/y.yaml")) == (0, 0)
    assert here.distance(Place(None, ("a", "b", "c"), "a/b/c/y.yaml")) == (0, 1)
    assert here.distance(Place(None, ("a",), "a/y.yaml")) == (1, 0)
    assert here.distance(Place(None, ("a", "z"), "a/z/y.yaml")) == (1, 1)
    assert folder_of("./a/b/c.yaml") == ("a", "b")
    units = plan(["a/b/x.yaml", "a/z/y.yaml", "q/r/y.yaml", "y.yaml"], {}, {}, lambda _: False)
    assert units.sees(here, "a/z/y.yaml")  # the parent's other subfolder: within reach
    assert units.sees(here, "y.yaml")  # a folder's own files, up the tree
    assert not units.sees(here, "q/r/y.yaml")  # another subtree further up


def test_plan_gives_each_file_its_unit() -> None:
    files = ["chart/templates/a.yaml", "k/base/d.yaml", "k/prod/p.yaml", "shop/x/s.yaml", "f.yaml"]
    applied: dict[str, Any] = {
        "k/base": frozenset({"k/base/d.yaml"}),
        "k/prod": frozenset({"k/base/d.yaml", "k/prod/p.yaml"}),
    }
    units = plan(files, {"chart/templates/a.yaml": "chart"}, applied, lambda f: f == "shop")
    assert [units.place(f).unit for f in files] == [
        "chart:chart",
        "kustomize:k/base",
        "kustomize:k/prod",
        "folder:shop",
        None,
    ]
    prod = units.place("k/prod/p.yaml")
    assert units.sees(prod, "k/base/d.yaml")
    assert not units.sees(prod, "f.yaml")
    assert not units.sees(units.place("f.yaml"), "k/base/d.yaml")
    absolute = plan(["/r/shop/a/x.yaml"], {}, {}, lambda folder: folder == "/r/shop")
    assert absolute.place("/r/shop/a/x.yaml").unit == "folder:/r/shop"
