"""`kubelint template` and `kubelint lint` on charts, through the real CLI."""

from __future__ import annotations

from pathlib import Path

import helm_python
import pytest

from kubelint.chart.model import load_chart
from kubelint.chart.options import ChartOptions, ValueOptions
from kubelint.chart.render import render
from tests.chart.charts import chart_yaml, make_chart
from tests.conftest import ROOT, kubelint, write

CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ Release.Name }}-config
  namespace: {{ Release.Namespace }}
data:
  replicas: {{ Values.replicas | quote }}
  tag: {{ Values.image.tag | default(Chart.AppVersion) | quote }}
"""


# An Ingress of a created chart that serves TLS (ingress-tls), from a Secret its issuer makes.
INGRESS_TLS = (
    "--set", "ingress.tls[0].secretName=web-tls,ingress.tls[0].hosts[0]=chart-example.local",
    "--set", "ingress.annotations.cert-manager\\.io/cluster-issuer=letsencrypt",
)  # fmt: skip


def _chart(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    return make_chart(
        tmp_path,
        {
            "Chart.yaml": chart_yaml(
                "mychart", appVersion='"1.2"', icon="https://example.com/i.png"
            ),
            "values.yaml": "replicas: 1\nimage:\n  tag: ''\n",
            "templates/cm.yaml": CONFIGMAP,
            **(files or {}),
        },
    )


def test_template_prints_helm_style_output(tmp_path: Path) -> None:
    chart = _chart(tmp_path)
    run = kubelint("template", str(chart), "--name", "web", "-n", "prod", "--set", "replicas=3")
    assert run.exit_code == 0, run.stderr
    assert run.stdout == (
        "---\n# Source: mychart/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n"
        '  name: web-config\n  namespace: prod\ndata:\n  replicas: "3"\n  tag: "1.2"\n'
    )


def test_template_values_flags_in_helm_order(tmp_path: Path) -> None:
    chart = _chart(tmp_path)
    first = write(tmp_path, "one.yaml", "replicas: 5\nimage: {tag: from-file}\n")
    content = write(tmp_path, "tag.txt", "from-set-file")
    run = kubelint(
        "template", str(chart), "-f", str(first), "--set", "replicas=7",
        "--set-string", "replicas=8", "--set-file", f"image.tag={content}",
    )  # fmt: skip
    assert run.exit_code == 0, run.stderr
    assert 'replicas: "8"' in run.stdout
    assert 'tag: "from-set-file"' in run.stdout
    run = kubelint(
        "template", str(chart), "--set-json", 'image={"tag":"j"}', "--set-literal", "replicas=a,b"
    )
    assert 'tag: "j"' in run.stdout
    assert 'replicas: "a,b"' in run.stdout


def test_template_output_dir_show_only_and_notes(tmp_path: Path) -> None:
    chart = _chart(
        tmp_path,
        {
            "templates/svc.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n",
            "templates/NOTES.txt": "Installed {{ Chart.Name }}.\n",
        },
    )
    run = kubelint("template", str(chart), "--show-only", "templates/svc.yaml")
    assert (
        run.stdout
        == "---\n# Source: mychart/templates/svc.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n"
    )
    run = kubelint("template", str(chart), "--show-only", "templates/nope.yaml")
    assert run.exit_code == 2
    assert run.stderr == "kubelint: error: could not find template templates/nope.yaml in chart\n"
    out = tmp_path / "out"
    run = kubelint("template", str(chart), "--output-dir", str(out))
    assert run.exit_code == 0
    assert run.stdout.splitlines() == [
        f"wrote {out.as_posix()}/mychart/templates/cm.yaml",
        f"wrote {out.as_posix()}/mychart/templates/svc.yaml",
    ]
    assert (out / "mychart/templates/svc.yaml").read_text().startswith("---\n# Source:")
    run = kubelint("template", str(chart), "--notes")
    assert run.stdout.endswith("\nNOTES:\nInstalled mychart.\n")


def _hook(kind: str, name: str, events: str, weight: str = "0") -> str:
    return (
        f"apiVersion: v1\nkind: {kind}\nmetadata:\n  name: {name}\n  annotations:\n"
        f'    helm.sh/hook: {events}\n    helm.sh/hook-weight: "{weight}"\n'
    )


def test_template_prints_hooks_after_the_rest_sorted_by_kind_as_helm(tmp_path: Path) -> None:
    chart = _chart(
        tmp_path,
        {
            "templates/a-job.yaml": _hook("Job", "migrate", "pre-install,pre-upgrade", "-5"),
            "templates/b-hooks.yaml": (
                _hook("ConfigMap", "late", "post-install", "10")
                + "---\n"
                + _hook("Pod", "smoke", "test")
                + "---\n"
                + _hook("Secret", "odd", "pre-install,on-a-whim")
            ),
            "templates/svc.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n",
        },
    )
    run = kubelint("template", str(chart))
    assert run.exit_code == 0, run.stderr
    # Ordinary documents first in install order; then the hooks by kind (ConfigMap, Pod, Job),
    # whatever their weight; a hook with an unknown event is dropped, as Helm drops it.
    assert [line for line in run.stdout.splitlines() if line.startswith("  name:")] == [
        "  name: release-name-config",
        "  name: s",
        "  name: late",
        "  name: smoke",
        "  name: migrate",
    ]
    assert "# Source: mychart/templates/a-job.yaml\napiVersion: v1\nkind: Job\n" in run.stdout
    run = kubelint("template", str(chart), "--skip-tests")
    assert "name: smoke" not in run.stdout
    assert "name: late" in run.stdout
    run = kubelint("template", str(chart), "--no-hooks")
    assert "kind: Job" not in run.stdout
    assert "name: late" not in run.stdout
    assert "name: s\n" in run.stdout


def test_template_include_crds(tmp_path: Path) -> None:
    crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
    chart = _chart(tmp_path, {"crds/w.yaml": crd})
    run = kubelint("template", str(chart), "--include-crds")
    assert run.stdout.startswith("---\n# Source: mychart/crds/w.yaml\napiVersion: apiextensions")
    assert "crds/w.yaml" not in kubelint("template", str(chart)).stdout


@pytest.mark.parametrize(
    ("files", "args", "message"),
    [
        ({"templates/t.yaml": "a: 1\nb: {{ x y }}\n"}, (), "templates/t.yaml:2: expected token 'end of print statement', got 'y'"),
        ({"templates/t.yaml": "a: 1\n\nb: {{ required('set image', Values.nope) }}\n"}, (), "templates/t.yaml:3: set image"),
        ({"templates/t.yaml": "{{ fail('nope') }}\n"}, (), "templates/t.yaml:1: nope"),
        ({"templates/t.yaml": "a: {{ Values.missing }}\n"}, ("--strict",), "templates/t.yaml:1: Values.missing is not defined"),
        ({"templates/t.yaml": "a: 1\nb: c: d\n"}, (), "templates/t.yaml:2: the rendered output is not valid YAML: mapping values are not allowed in this context (rendered line 2 of mychart/templates/t.yaml: 'b: c: d')"),
        ({"templates/t.yaml": "a: 1\n{{ Values.bad }}\n", "values.yaml": "bad: 'x: y: z'\nimage: {}\n"}, (), "templates/t.yaml:2: the rendered output is not valid YAML"),
        ({"values.schema.json": '{"properties": {"replicas": {"type": "integer"}}}'}, ("--set-string", "replicas=2"), "values don't meet the specifications of the schema(s): mychart: replicas: \"2\" is not of type \"integer\""),
        ({"Chart.yaml": "apiVersion: v2\nversion: 1.0.0\n"}, (), "Chart.yaml: chart.metadata.name is required"),
        ({"Chart.yaml": "apiVersion: v2\nname: mychart\nversion: one\n"}, (), 'Chart.yaml: chart.metadata.version "one" is invalid'),
        ({"Chart.yaml": "apiVersion: v2\nname: mychart\nversion: 1.0.0\ntype: tool\n"}, (), "Chart.yaml: chart.metadata.type must be application or library"),
        ({"Chart.yaml": "apiVersion: v2\nname: mychart\nversion: 1.0.0\ntype: library\n"}, (), "library charts are not installable"),
        ({"Chart.yaml": "apiVersion: v2\nname: mychart\nversion: 1.0.0\nkubeVersion: '<1.20.0'\n"}, (), "Chart.yaml: chart requires kubeVersion: <1.20.0 which is incompatible with Kubernetes v1."),
        ({"Chart.yaml": "apiVersion: v2\nname: mychart\nversion: 1.0.0\ndependencies:\n  - name: db\n"}, (), "found in Chart.yaml, but missing in charts/ directory: db (fetch them with `helm dependency build`)"),
        ({"Chart.yaml": "apiVersion: v2\nname: mychart\nversion: 1.0.0\nkeywords: 3\n"}, (), 'Chart.yaml: keywords: 3 is not of type "array"'),
        ({"Chart.yaml": "apiVersion: v2\nname: [\n"}, (), "Chart.yaml:3: "),
    ],
)  # fmt: skip
def test_template_errors_name_the_file_and_line(
    tmp_path: Path, files: dict[str, str], args: tuple[str, ...], message: str
) -> None:
    chart = _chart(tmp_path, files)
    run = kubelint("template", str(chart), *args)
    assert run.exit_code == 1, run.stdout
    assert run.stdout == ""
    assert run.stderr.startswith("kubelint: error: ")
    assert message in run.stderr
    assert len(run.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--set", "a"), "failed parsing --set data 'a': key \"a\" has no value"),
        (("--name", "Bad_Name"), "invalid release name 'Bad_Name'"),
        (("-f", "/nonexistent/values.yaml"), "values file /nonexistent/values.yaml: cannot read"),
        (("--kube-version", "latest"), "invalid --kube-version 'latest'"),
    ],
)
def test_template_usage_errors(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    run = kubelint("template", str(_chart(tmp_path)), *args)
    assert run.exit_code == 2
    assert message in run.stderr


def test_template_of_a_missing_chart(tmp_path: Path) -> None:
    run = kubelint("template", str(tmp_path / "nope"))
    assert run.exit_code == 2
    run = kubelint("template", str(tmp_path))
    assert run.exit_code == 1
    assert run.stderr == f"kubelint: error: {tmp_path.as_posix()}: Chart.yaml file is missing\n"


def test_lint_points_at_the_template_line(tmp_path: Path) -> None:
    template = (
        "apiVersion: v1\n"
        "kind: Service\n"
        "metadata:\n"
        "  name: web\n"
        "spec:\n"
        "  type: {{ Values.type }}\n"
        "  ports:\n"
        "    - port: 80\n"
        "      nodePort: {{ Values.nodePort }}\n"
    )
    values = "image: {}\ntype: NodePort\nnodePort: 80\n"
    chart = _chart(tmp_path, {"templates/svc.yaml": template, "values.yaml": values})
    run = kubelint("lint", str(chart), "--format", "json")
    findings = [f for f in run.json()["findings"] if f["rule"] == "service-nodeport-range"]
    assert findings == [
        {
            "rule": "service-nodeport-range",
            "severity": "error",
            "message": findings[0]["message"],
            "file": f"{chart.as_posix()}/templates/svc.yaml",
            "line": 9,
            "column": 17,
            "object": {
                "apiVersion": "v1",
                "kind": "Service",
                "namespace": "default",
                "name": "web",
            },
            "path": "spec.ports[0].nodePort",
            "rendered": {"file": "mychart/templates/svc.yaml", "line": 9, "column": 17},
        }
    ]
    run = kubelint("lint", str(chart), "--format", "json", "--set", "nodePort=30080")
    assert not [f for f in run.json()["findings"] if f["rule"] == "service-nodeport-range"]


def test_lint_maps_lines_produced_by_an_expression_to_the_expression(tmp_path: Path) -> None:
    template = (
        "apiVersion: v1\n"
        "kind: Service\n"
        "metadata:\n"
        "  name: web\n"
        "spec:\n"
        "  {{- Values.spec | toYaml | nindent(2) }}\n"
    )
    chart = _chart(
        tmp_path,
        {
            "templates/svc.yaml": template,
            "values.yaml": "image: {}\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 80\n",
        },
    )
    run = kubelint("lint", str(chart), "--format", "json")
    (finding,) = [f for f in run.json()["findings"] if f["rule"] == "service-nodeport-range"]
    assert (finding["line"], finding["column"]) == (6, 3)
    assert finding["rendered"]["line"] == 7  # `- nodePort: 80`, keys sorted


def test_lint_reports_a_chart_that_does_not_render_and_checks_the_rest(tmp_path: Path) -> None:
    chart = _chart(tmp_path, {"templates/t.yaml": "a: 1\nb: {{ required('need b', Values.b) }}\n"})
    other = write(tmp_path, "plain/bad.yaml", "kind: ConfigMap\na: [\n")
    run = kubelint("lint", str(chart), str(other), "--format", "json")
    assert run.exit_code == 1
    rules = {(f["rule"], Path(f["file"]).name, f["line"]) for f in run.json()["findings"]}
    assert rules == {("chart-render", "t.yaml", 2), ("yaml-syntax", "bad.yaml", 3)}
    run = kubelint("lint", str(chart), "--set", "b=1")
    assert "chart-render" not in run.stdout


def test_lint_a_folder_of_charts_with_suppression_in_the_template(tmp_path: Path) -> None:
    chart = _chart(
        tmp_path,
        {
            "templates/svc.yaml": (
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n"
                "  ports:\n    - port: 80\n"
                "      nodePort: 80  # kubelint: disable-line=service-nodeport-range\n"
            ),
        },
    )
    run = kubelint("lint", str(chart.parent), "--format", "json")
    assert "service-nodeport-range" not in run.stdout


def test_create_scaffolds_a_chart_that_lints_clean(tmp_path: Path) -> None:
    target = tmp_path / "web"
    run = kubelint("create", str(target))
    assert run.exit_code == 0, run.stderr
    written = {
        Path(line.removeprefix("wrote ")).relative_to(target).as_posix()
        for line in run.stdout.splitlines()
    }
    assert {"Chart.yaml", "values.yaml", "values.schema.json", ".helmignore", "templates/_helpers.tpl",
            "templates/deployment.yaml", "templates/service.yaml", "templates/ingress.yaml",
            "templates/hpa.yaml", "templates/serviceaccount.yaml", "templates/networkpolicy.yaml",
            "templates/NOTES.txt"} <= written  # fmt: skip
    for extra in ((), ("--set", "autoscaling.enabled=true,ingress.enabled=true", *INGRESS_TLS)):
        run = kubelint("lint", str(target), "--format", "json", *extra)
        assert run.json()["findings"] == [], run.stdout
        assert run.exit_code == 0
    assert kubelint("template", str(target)).stdout.count("# Source: web/templates/") == 5
    run = kubelint("create", str(target))
    assert run.exit_code == 2
    assert "already exists" in run.stderr
    assert kubelint("create", str(tmp_path / "Bad_Name")).exit_code == 2


def test_create_dialect_go_scaffolds_a_go_chart_that_lints_clean_and_renders_as_helm(
    tmp_path: Path,
) -> None:
    target = tmp_path / "web"
    run = kubelint("create", str(target), "--dialect", "go")
    assert run.exit_code == 0, run.stderr
    assert '{{ include "web.fullname" . }}' in (target / "templates/service.yaml").read_text()
    for extra in ((), ("--set", "autoscaling.enabled=true,ingress.enabled=true", *INGRESS_TLS)):
        run = kubelint("lint", str(target), "--format", "json", *extra)
        assert run.json()["findings"] == [], run.stdout
    helm = helm_python.Chart.load(target).render({"podDisruptionBudget": {"maxUnavailable": 1}})
    ours = render(
        load_chart(str(target)),
        ChartOptions(values=ValueOptions(set=("podDisruptionBudget.maxUnavailable=1",))),
    )
    assert {t.source: t.text for t in ours.templates} == {
        name: text for name, text in helm.items() if not name.endswith("NOTES.txt")
    }
    assert kubelint("create", str(tmp_path / "x"), "--dialect", "erb").exit_code == 2


def test_bundled_example_chart_lints_clean() -> None:
    run = kubelint("lint", str(ROOT / "charts"), "--format", "json")
    assert run.json()["findings"] == []
    assert run.exit_code == 0


def test_values_matrix_names_the_values_sets_behind_a_finding(tmp_path: Path) -> None:
    template = (
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n"
        "  ports:\n    - port: 80\n      nodePort: {{ Values.nodePort }}\n"
    )
    chart = _chart(tmp_path, {"templates/svc.yaml": template})
    matrix = tmp_path / "matrix"
    write(matrix, "dev.yaml", "nodePort: 80\n")
    write(matrix, "prod.yaml", "nodePort: 30080\n")
    write(matrix, "notes.txt", "not a values file\n")
    run = kubelint("lint", str(chart), "--values-matrix", str(matrix), "--format", "json")
    found = [f for f in run.json()["findings"] if f["rule"] == "service-nodeport-range"]
    assert [f["message"] for f in found] == [
        "nodePort 80 is outside the range 30000-32767 [values: dev.yaml]"
    ]
    assert kubelint("lint", str(chart), "--values-matrix", str(tmp_path / "none")).exit_code == 2


def test_lint_points_at_the_dependency_missing_from_charts(tmp_path: Path) -> None:
    chart_text = (
        "apiVersion: v2\nname: db\nversion: 1.0.0\ndependencies:\n"
        "  - name: cache\n    version: 1.x\n  - name: db\n    version: 2.x\n"
    )
    chart = _chart(tmp_path, {"Chart.yaml": chart_text})
    write(
        tmp_path, "mychart/charts/cache/Chart.yaml", "apiVersion: v2\nname: cache\nversion: 1.0.0\n"
    )
    run = kubelint("lint", str(chart), "--format", "json")
    found = [(Path(f["file"]).name, f["line"]) for f in run.json()["findings"]]
    assert ("Chart.yaml", 7) in found
