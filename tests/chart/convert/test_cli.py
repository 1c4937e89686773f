"""`kubelint convert` through the real command: the converted chart, its proof, and its
errors (exit 1 for what differs or cannot be converted, 2 for the user's mistakes)."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

from kubelint.chart.dialect import dialect
from kubelint.chart.model import load_chart
from tests.chart.charts import chart_yaml, make_chart
from tests.conftest import kubelint, write

SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: {{ include "web.name" . }}
spec:
  type: NodePort
  ports:
    {{- range .Values.ports }}
    - port: {{ . }}
      nodePort: {{ $.Values.nodePort }}
    {{- end }}
"""
HELPERS = '{{- define "web.name" -}}\n{{ .Release.Name }}-{{ .Chart.Name }}\n{{- end }}\n'


def _web(root: Path, **extra: str) -> Path:
    files = {
        "templates/svc.yaml": SERVICE,
        "templates/_helpers.tpl": HELPERS,
        "values.yaml": "ports: [80]\nnodePort: 80\n",
        "ci/other.yaml": "ports: [8080, 9090]\n",
        ".helmignore": "*.bak\n",
        "files/x.txt": "data\n",
    }
    return make_chart(root, {**files, **extra}, name="web")


def test_convert_writes_a_jinja2_chart_that_renders_the_same(tmp_path: Path) -> None:
    chart, out = _web(tmp_path), tmp_path / "out"
    run = kubelint("convert", str(chart), str(out))
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.stdout.splitlines() == [
        f"wrote {out}: 2 templates (16 lines) of 1 Go-template chart in Jinja2, 0 compatibility"
        " helpers (0.0 per 100 lines)",
        "same documents with default values",
        "same documents with ci/other.yaml",
        "2 of 2 values sets render the same",
    ]
    assert (out / "templates/svc.yaml").read_text().splitlines()[3] == "  name: {{ web_name() }}"
    assert dialect(load_chart(str(out))) == "jinja2"
    for same in (".helmignore", "files/x.txt", "values.yaml", "ci/other.yaml"):
        assert (out / same).read_bytes() == (chart / same).read_bytes()
    rendered = kubelint("template", str(out), "--name", "r")
    assert rendered.stdout == kubelint("template", str(chart), "--name", "r").stdout


def test_converted_chart_lints_with_the_same_findings_at_the_same_lines(tmp_path: Path) -> None:
    chart, out = _web(tmp_path), tmp_path / "out"
    assert kubelint("convert", str(chart), str(out)).exit_code == 0

    def findings(folder: Path) -> list[tuple[str, str, int, int]]:
        report = kubelint("lint", str(folder), "--format", "json").json()
        return sorted(
            (f["rule"], Path(f["file"]).relative_to(folder).as_posix(), f["line"], f["column"])
            for f in report["findings"]
        )

    found = findings(chart)
    assert ("service-nodeport-range", "templates/svc.yaml", 10, 17) in found
    assert findings(out) == found


def test_a_difference_is_reported_at_its_template_line(tmp_path: Path) -> None:
    # Known only from ci/: printed as Go prints a float64 from values, not as an integer.
    chart = make_chart(
        tmp_path,
        {
            "templates/cm.yaml": "kind: ConfigMap\napiVersion: v1\ndata:\n  n: '{{ .Values.n }}'\n",
            "values.yaml": "n: null\n",
            "ci/big.yaml": "n: 2000000\n",
        },
        name="c",
    )
    run = kubelint("convert", str(chart), str(tmp_path / "out"))
    assert run.exit_code == 1
    assert (
        f"{chart}/templates/cm.yaml:4: renders differently with ci/big.yaml: Go \"n: '2e+06'\","
        " Jinja2 \"n: '2000000'\""
    ) in run.stdout.splitlines()
    assert run.stdout.splitlines()[-1] == "1 of 2 values sets render the same"


def test_what_cannot_be_converted_is_listed_at_its_line(tmp_path: Path) -> None:
    chart = make_chart(
        tmp_path,
        {
            "templates/t.yaml": 'a: 1\n{{ block "b" . }}x{{ end }}\n',
            "templates/u.yaml": "a: 1\nb: 2\nc: {{ sha512sum .Values.x }}\n",
            "values.yaml": "",
        },
        name="c",
    )
    run = kubelint("convert", str(chart), str(tmp_path / "out"))
    assert run.exit_code == 1
    assert run.stdout.splitlines()[:2] == [
        f"{chart}/templates/t.yaml:2: `block` has no Jinja2 counterpart here: cannot convert",
        f"{chart}/templates/u.yaml:3: function sha512sum has no Jinja2 counterpart: cannot convert",
    ]
    assert run.stdout.splitlines()[-1] == "2 constructs could not be converted: not verified"


def test_user_values_tpl_strings_are_converted_beside_the_chart(tmp_path: Path) -> None:
    chart = make_chart(
        tmp_path,
        {
            "templates/cm.yaml": "kind: ConfigMap\napiVersion: v1\ndata:\n"
            "  host: {{ tpl .Values.host . | quote }}\n",
            "values.yaml": "host: '{{ .Release.Name }}.example.com'\n",
        },
        name="c",
    )
    mine = write(tmp_path, "mine.yaml", 'host: "{{ .Release.Namespace }}.{{ .Chart.Name }}"\n')
    out = tmp_path / "out"
    run = kubelint("convert", str(chart), str(out), "-f", str(mine))
    assert run.exit_code == 0, run.stdout
    assert (out / "values.yaml").read_text() == "host: '{{ Release.Name }}.example.com'\n"
    copy = tmp_path / "out.values" / "mine.yaml"
    assert copy.read_text() == 'host: "{{ Release.Namespace }}.{{ Chart.Name }}"\n'
    assert f"same documents with {mine}" in run.stdout.splitlines()


def test_go_subcharts_are_converted_archives_unpacked(tmp_path: Path) -> None:
    sub = {
        "templates/cm.yaml": "kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: {{ .Chart.Name }}\n"
    }
    parent = make_chart(
        tmp_path,
        {
            "Chart.yaml": chart_yaml("parent")
            + "dependencies:\n  - name: folder\n    version: 0.1.0\n  - name: packed\n    version: 0.1.0\n",
            "templates/cm.yaml": "kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: {{ .Release.Name }}\n",
            **{f"charts/folder/{k}": v for k, v in sub.items()},
            "charts/folder/Chart.yaml": chart_yaml("folder"),
        },
        name="parent",
    )
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, text in {"Chart.yaml": chart_yaml("packed"), **sub}.items():
            data = text.encode()
            info = tarfile.TarInfo(f"packed/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    (parent / "charts/packed-0.1.0.tgz").write_bytes(buffer.getvalue())
    out = tmp_path / "out"
    run = kubelint("convert", str(parent), str(out))
    assert run.exit_code == 0, run.stdout
    assert "of 3 Go-template charts" in run.stdout
    assert not (out / "charts/packed-0.1.0.tgz").exists()
    for name in ("folder", "packed"):
        text = (out / f"charts/{name}/templates/cm.yaml").read_text()
        assert text.endswith("  name: {{ Chart.Name }}\n")


def test_usage_errors_exit_2_on_one_line(tmp_path: Path) -> None:
    chart = _web(tmp_path)
    write(tmp_path, "taken/x", "")
    run = kubelint("convert", str(chart), str(tmp_path / "taken"))
    assert run.exit_code == 2
    assert run.stderr == f"kubelint: error: {tmp_path / 'taken'}: already exists and is not empty\n"
    run = kubelint("convert", str(chart), str(chart / "out"))
    assert run.exit_code == 2
    assert run.stderr == (
        f"kubelint: error: {chart / 'out'}: inside the chart {chart}: choose a folder outside it\n"
    )
    run = kubelint("convert", str(tmp_path / "nothing"), str(tmp_path / "out"))
    assert run.exit_code == 2
    assert run.stderr.count("\n") == 1
    assert "no chart folder" in run.stderr
