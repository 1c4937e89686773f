"""Time `kubelint template` against Helm's own engine on an equivalent chart.

    python bench/bench_template.py [--templates 30] [--subcharts 3] [--repeat 5]

Two charts are generated: the same templates in Jinja2 (kubelint) and in Go templates (Helm,
through the `helm-python-sdk` package, a dev dependency, in the same process and run). Each has
--templates templates in the parent and in each of --subcharts subcharts, with helpers,
loops, `toYaml | nindent` and quoting. Reported, in-process (load and render, best of
--repeat; kubelint's is `kubelint template`'s own path, which also splits, sorts and prints):
Helm's engine; kubelint warm (its compiled
templates cached in the process: --values-matrix, folders of charts); and kubelint's first
render in a new process, with nothing compiled yet and with the chart's compiled templates in
the disk cache (a chart rendered before). These are CPU times (`time.process_time`, Go's
threads included), which a machine busy with other work disturbs far less than wall time.
The Go chart is also rendered by kubelint itself (Go-template charts), warm and as the first
render of a process (target: at most 2x Helm's engine warm).
Then the whole `kubelint template` process on the bundled example chart, wall time (target:
under 0.5 s), with an empty and with a filled cache. The bench's cache is a temporary folder
(`KUBELINT_CACHE_DIR`).

    python bench/bench_template.py --chart PATH [--chart PATH…]

also times real charts (a Go umbrella chart with its subcharts vendored under charts/, e.g.
Bitnami's airflow): Helm's engine and kubelint warm (best and median of --repeat, CPU time;
target: at most 2x), and the whole `kubelint template PATH` process (wall time, with the
chart's parsed templates in the disk cache; target: under 1 s). A path that is not there is
skipped with a note.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import helm_python
from timing import best

from kubelint.chart.command import TemplateRequest, template
from kubelint.chart.options import ChartOptions

ROOT = Path(__file__).resolve().parents[1]
VALUES = """\
replicas: 2
image: {repository: nginx, tag: "1.27"}
env: {A: "1", B: two, C: "true"}
ports: [80, 443, 8080]
resources: {limits: {cpu: 500m, memory: 256Mi}, requests: {cpu: 100m, memory: 128Mi}}
"""
JINJA = {
    "_helpers.tpl": (
        '{%- macro fullname() -%}{{ printf("%s-%s", Release.Name, Chart.Name) | trunc(63) }}'
        "{%- endmacro -%}\n"
        "{%- macro labels() -%}\napp: {{ fullname() }}\nchart: {{ Chart.Name }}-{{ Chart.Version }}"
        "\n{%- endmacro -%}\n"
    ),
    "deploy.yaml": """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ fullname() }}-N
  labels:
    {{- labels() | nindent(4) }}
spec:
  replicas: {{ Values.replicas }}
  template:
    spec:
      containers:
        - name: app
          image: "{{ Values.image.repository }}:{{ Values.image.tag }}"
          env:
            {%- for name, value in Values.env | dictsort %}
            - name: {{ name }}
              value: {{ value | quote }}
            {%- endfor %}
          ports:
            {%- for port in Values.ports %}
            - containerPort: {{ port }}
            {%- endfor %}
          resources:
            {{- Values.resources | toYaml | nindent(12) }}
""",
}
GO = {
    "_helpers.tpl": (
        '{{- define "fullname" -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 }}'
        "{{- end -}}\n"
        '{{- define "labels" -}}\napp: {{ include "fullname" . }}\nchart: {{ .Chart.Name }}-'
        "{{ .Chart.Version }}\n{{- end -}}\n"
    ),
    "deploy.yaml": """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "fullname" . }}-N
  labels:
    {{- include "labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicas }}
  template:
    spec:
      containers:
        - name: app
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          env:
            {{- range $name, $value := .Values.env }}
            - name: {{ $name }}
              value: {{ $value | quote }}
            {{- end }}
          ports:
            {{- range .Values.ports }}
            - containerPort: {{ . }}
            {{- end }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
""",
}


def write_chart(root: Path, sources: dict[str, str], templates: int, subcharts: int) -> Path:
    def one(folder: Path, name: str) -> None:
        (folder / "templates").mkdir(parents=True)
        (folder / "Chart.yaml").write_text(f"apiVersion: v2\nname: {name}\nversion: 1.0.0\n")
        (folder / "values.yaml").write_text(VALUES)
        (folder / "templates" / "_helpers.tpl").write_text(sources["_helpers.tpl"])
        for index in range(templates):
            text = sources["deploy.yaml"].replace("-N\n", f"-{index}\n")
            (folder / "templates" / f"deploy-{index:02}.yaml").write_text(text)

    chart = root / "bench"
    one(chart, "bench")
    for sub in range(subcharts):
        one(chart / "charts" / f"sub{sub}", f"sub{sub}")
    return chart


FIRST_RENDER = """
import sys, time
from kubelint.chart.command import TemplateRequest, template
from kubelint.chart.options import ChartOptions
start = time.process_time()
template(TemplateRequest(sys.argv[1], ChartOptions()))
print(time.process_time() - start)
"""


def first_render(chart: Path) -> float:
    """kubelint's load + render + sort + print in a new process (imports not counted)."""
    run = subprocess.run(
        [sys.executable, "-c", FIRST_RENDER, str(chart)], check=True, capture_output=True, text=True
    )
    return float(run.stdout)


def whole_process(chart: Path = ROOT / "charts" / "example") -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "kubelint", "template", str(chart)], check=True, capture_output=True
    )
    return time.perf_counter() - start


def spread(repeat: int, work: Callable[[], object], clock: Callable[[], float]) -> list[float]:
    """`repeat` timings of `work`, sorted."""
    times = []
    for _ in range(repeat):
        start = clock()
        work()
        times.append(clock() - start)
    return sorted(times)


def shown(times: list[float]) -> str:
    return f"{times[0]:.4f} s (median {statistics.median(times):.4f}, worst {times[-1]:.4f})"


def real_chart(chart: Path, repeat: int) -> None:
    """A real chart, given by path: Helm's engine and kubelint, warm; the whole process."""
    if not (chart / "Chart.yaml").is_file():
        print(f"{chart}: no chart there, skipped")
        return
    request = TemplateRequest(str(chart), ChartOptions())
    documents = template(request)[0].count("# Source: ")
    count = len(helm_python.Chart.load(chart).render({}))
    print(f"chart {chart}: {count} templates, {documents} documents")
    theirs = spread(repeat, lambda: helm_python.Chart.load(chart).render({}), time.process_time)
    ours = spread(repeat, lambda: template(request), time.process_time)
    print(f"  Helm's engine, load + render:      {shown(theirs)}")
    print(f"  kubelint, load + render + print:   {shown(ours)}")
    print(f"  ratio kubelint / Helm, warm, best: {ours[0] / theirs[0]:.2f}x (target <= 2x)")
    cold = whole_process(chart)
    process = spread(repeat, lambda: whole_process(chart), time.perf_counter)
    print(f"  kubelint template, whole process:  {shown(process)} wall, parsed trees cached")
    print(f"    ({cold:.3f} s with nothing cached; target < 1 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--templates", type=int, default=30)
    parser.add_argument("--subcharts", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--chart", type=Path, action="append", default=[])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KUBELINT_CACHE_DIR"] = str(Path(tmp) / "cache")
        jinja = write_chart(Path(tmp) / "jinja", JINJA, args.templates, args.subcharts)
        go = write_chart(Path(tmp) / "go", GO, args.templates, args.subcharts)
        cold = first_render(jinja)
        cached = min(first_render(jinja) for _ in range(args.repeat))
        ours_once, _ = template(TemplateRequest(str(jinja), ChartOptions()))
        theirs_once = helm_python.Chart.load(go).render({})
        assert ours_once.count("kind: Deployment") == len(theirs_once)

        request = TemplateRequest(str(jinja), ChartOptions())
        ours = best(args.repeat, lambda: template(request), time.process_time)
        theirs = best(args.repeat, lambda: helm_python.Chart.load(go).render({}), time.process_time)
        go_request = TemplateRequest(str(go), ChartOptions())
        assert template(go_request)[0].count("kind: Deployment") == len(theirs_once)
        ours_go = best(args.repeat, lambda: template(go_request), time.process_time)
        go_first = first_render(go)
        process_cold = whole_process()
        process = min(whole_process() for _ in range(args.repeat))
    count = len(theirs_once)
    print(
        f"chart: {count} templates ({args.templates} in the parent and in each of"
        f" {args.subcharts} subcharts)"
    )
    print(f"Helm's engine (helm-python-sdk), load + render:       {theirs:.4f} s")
    print(f"kubelint, load + render + sort + print (warm):        {ours:.4f} s")
    print(f"ratio kubelint / Helm, warm: {ours / theirs:.2f}x (target <= 1x)")
    print(f"kubelint, first render of a process, nothing cached:  {cold:.4f} s")
    print(f"kubelint, first render of a process, disk cache:      {cached:.4f} s")
    print(f"ratio kubelint / Helm, first render, disk cache: {cached / theirs:.2f}x")
    print(f"kubelint on the Go chart itself, warm:                {ours_go:.4f} s")
    print(f"ratio kubelint (Go chart) / Helm, warm: {ours_go / theirs:.2f}x (target <= 2x)")
    print(f"kubelint on the Go chart, first render of a process:  {go_first:.4f} s")
    print(
        f"kubelint template charts/example, whole process:      {process:.3f} s"
        f" ({process_cold:.3f} s with an empty cache; target < 0.5 s)"
    )
    for chart in args.chart:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["KUBELINT_CACHE_DIR"] = str(Path(tmp) / "cache")
            real_chart(chart.resolve(), args.repeat)


if __name__ == "__main__":
    main()
