"""What kubelint prints of hostile input, through the real CLI in a subprocess, in every format:
nothing from the input forges a line (a GitHub workflow command such as `::error` or
`::add-mask::`, also after a `\\r`, where the Actions runner splits lines), no control
character reaches the output raw, no message quotes a whole file, and no input (integers of
5,000 digits, deep JSON and TOML, a NUL in a file name, digits Python cannot read) ends in a
crash: an exit code of 0, 1 or 2 as the input deserves, at most one line on stderr.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.corpus import GOOD
from tests.hostile.runner import Ran, run_cli, run_selected

# A value that, printed raw, starts lines that GitHub Actions reads as commands.
INJECTED = (
    "x\n::error file=a.yaml::forged\r::add-mask::hidden\x1b[31m\u2028::warning::separated"
    "\x85::notice::next-line\u202e\x07\x00"
)
Q = json.dumps(INJECTED)  # the value as a YAML double-quoted scalar
FILE_NAME = "a\n::error::forged\r::add-mask::x\x1b[31m\u2028.yaml"
MARKER = "END-OF-THE-SECRET"  # the end of a long value: never printed
LONG = "root:x:0:0:root:/root:/bin/bash " * 400 + MARKER
BIG = "9" * 5000  # digits: more than Python's int() reads (4,300)
DEEP = "[" * 100_000 + "]" * 100_000
FORMATS = ("text", "json", "sarif", "junit", "github")
PLAIN = ("",)  # a command run once, without --format
# Raw in the output, these would end or forge a line, drive a terminal or hide text.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
ANNOTATION = re.compile(r"::(error|warning|notice) file=[^:]*::")  # kubelint's own, in github

POD = """\
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  restartPolicy: Sometimes
  containers: [{name: web, image: nginx:1.27}]
"""  # an error: exit 1


def _chart(
    templates: dict[str, str], values: str = "", chart_yaml: str = GOOD["chart"]
) -> dict[str, str]:
    files = {"chart/Chart.yaml": chart_yaml, "chart/values.yaml": values}
    return files | {f"chart/templates/{name}": text for name, text in templates.items()}


FAILING = _chart({"t.yaml": "{{ fail(Values.msg) }}\n"}, f"msg: {Q}\n")
PLAIN_CHART = _chart({"t.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"})


@dataclass(frozen=True)
class Attack:
    id: str
    files: dict[str, str]  # workspace path → content
    args: tuple[str, ...]
    names: str  # what the output must name: the file at fault
    formats: tuple[str, ...] = FORMATS
    codes: frozenset[int] = frozenset({1, 2})
    shows: str | None = None  # a start of the long value, which the output quotes cut


def _doc(kind: str, body: str, api: str = "v1", name: str = "a") -> str:
    return f"apiVersion: {api}\nkind: {kind}\nmetadata: {{name: {name}}}\n{body}---\n"


def _workload(name: str, container: str, cpu: str = "100m", extra: str = "") -> str:
    return f"""\
apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}}}
spec:
  replicas: 2
  selector: {{matchLabels: {{app: web}}}}
  template:
    metadata: {{labels: {{app: web}}}}
    spec:
      containers:
      - name: {container}
        image: nginx:1.27
        resources: {{requests: {{cpu: {cpu}, memory: 64Mi}}}}
{extra}"""


CLUSTER = f"""\
apiVersion: v1
kind: Node
metadata: {{name: {Q}}}
spec: {{taints: [{{key: {Q}, value: {Q}, effect: NoSchedule}}]}}
status: {{allocatable: {{cpu: "4", memory: 8Gi, pods: "110"}}}}
"""
# Numbers spelled in strings that Python's int() cannot read: too long, or not ASCII digits.
CRON = """\
apiVersion: batch/v1
kind: CronJob
metadata: {name: a}
spec:
  schedule: "SCHEDULE"
  jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: i}]}}}}
"""
PDB = f"""\
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {{name: a}}
spec: {{maxUnavailable: "{BIG}%", selector: {{matchLabels: {{app: web}}}}}}
"""
SERVICE = f"""\
---
apiVersion: v1
kind: Service
metadata: {{name: a}}
spec: {{selector: {{app: web}}, ports: [{{port: 80, targetPort: "{BIG}"}}]}}
"""
ROLLING = "  strategy: {rollingUpdate: {maxUnavailable: 'PERCENT%'}}\n"
LONG_VALUES = f"""\
{LONG}
---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: '{LONG}'}}
spec:
  replicas: '{LONG}'
  selector: {{matchLabels: {{app: web}}}}
  ? '{LONG}'
  : 1
  template:
    metadata: {{labels: {{app: web}}}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        imagePullPolicy: '{LONG}'
        resources: {{requests: {{cpu: '{LONG}', memory: 64Mi}}}}
---
{CRON.replace("SCHEDULE", LONG)}"""  # every message quotes a long value: a string for an object,
# an invalid name, a type, an unknown key, an enum, a quantity, a cron schedule

ATTACKS = (
    # names, keys and file names that forge lines, in every lint format
    Attack("object-name", {"m.yaml": _doc("ConfigMap", "data: {a: b}\n", name=Q) * 2}, ("lint", "m.yaml"), "m.yaml"),
    Attack("keys", {"m.yaml": _doc("ConfigMap", f"data: {{{Q}: b, {Q}: c}}\nspec: {{{Q}: 1}}\n")}, ("lint", "m.yaml"), "m.yaml"),
    Attack("container-name", {"m.yaml": _workload("web", Q)}, ("lint", "m.yaml"), "m.yaml"),
    Attack("file-name", {f"deploy/{FILE_NAME}": POD}, ("lint", "deploy"), "deploy/a"),
    Attack("fail-message", FAILING, ("lint", "chart"), "chart/templates/t.yaml"),
    Attack("template-name", _chart({FILE_NAME: POD}), ("lint", "chart"), "chart/templates/a"),
    Attack("workload-name", {"app.yaml": _workload(Q, Q, cpu="64")}, ("schedule", "app.yaml"), "::error file=a.yaml::forged"),
    Attack("node-name", {"app.yaml": GOOD["manifest"], "cluster.yaml": CLUSTER}, ("schedule", "--cluster", "cluster.yaml", "app.yaml"), "taint"),
    # stderr, and template's output
    Attack("fail-message-stderr", FAILING, ("template", "chart"), "chart/templates/t.yaml:1", PLAIN),
    Attack("template-name-source", _chart({FILE_NAME: POD}), ("template", "chart"), "# Source: demo/templates/a", PLAIN, frozenset({0})),
    Attack("config-key", {"m.yaml": POD, ".kubelint.yaml": f"{Q}: 1\n"}, ("lint", "m.yaml"), ".kubelint.yaml:1", PLAIN),
    Attack("nul-chart-name", _chart({"t.yaml": POD}, chart_yaml='apiVersion: v2\nname: "a\\0b"\nversion: 0.1.0\n'), ("template", "chart"), "a\\", PLAIN, frozenset({0, 1})),
    # quoted values are cut: no message carries a whole file
    Attack("long-values", {"m.yaml": LONG_VALUES}, ("lint", "m.yaml"), "m.yaml", shows="root:x:0:0:root"),
    Attack("long-fail-message", _chart({"t.yaml": "{{ fail(Values.msg) }}\n"}, f"msg: '{LONG * 100}'\n"), ("lint", "chart"), "chart/templates/t.yaml", ("text", "github"), shows="root:x:0:0:root"),
    Attack("long-fail-stderr", _chart({"t.yaml": "{{ fail(Values.msg) }}\n"}, f"msg: '{LONG * 100}'\n"), ("template", "chart"), "chart/templates/t.yaml:1", PLAIN, shows="more characters"),
    Attack("long-set-json", PLAIN_CHART, ("template", "chart", "--set-json", f"a={LONG}"), "--set-json", PLAIN, shows="root:x:0:0:root"),
    # no crash (exit 3) on any input
    Attack("cron-step", {"m.yaml": CRON.replace("SCHEDULE", f"*/{BIG} * * * *")}, ("lint", "m.yaml"), "m.yaml:5", ("text",)),
    Attack("cron-superscript", {"m.yaml": CRON.replace("SCHEDULE", "\u00b2 * * * *")}, ("lint", "m.yaml"), "m.yaml:5", ("text",)),
    Attack("pdb-percent", {"m.yaml": _workload("web", "web") + PDB}, ("lint", "m.yaml"), "m.yaml", ("text",), frozenset({1})),  # api-validation: > 100%
    Attack("pdb-percent-drain", {"m.yaml": _workload("web", "web") + PDB}, ("schedule", "m.yaml", "--drain", "worker-1"), "Drain worker-1", PLAIN, frozenset({1})),
    Attack("target-port", {"m.yaml": _workload("web", "web") + SERVICE}, ("lint", "m.yaml"), "m.yaml", ("text",)),
    Attack("rolling-percent", {"m.yaml": _workload("web", "web", extra=ROLLING.replace("PERCENT", BIG))}, ("lint", "m.yaml"), "m.yaml:14", ("text",)),
    Attack("rolling-superscript", {"m.yaml": _workload("web", "web", extra=ROLLING.replace("PERCENT", "\u00b2"))}, ("lint", "m.yaml"), "m.yaml:14", ("text",)),
    Attack("quantity-exponent", {"m.yaml": _workload("web", "web", cpu=f"1e{BIG}")}, ("schedule", "m.yaml"), "m.yaml:13", PLAIN),
    Attack("int-chart-version", _chart({"t.yaml": POD}, chart_yaml=f"apiVersion: v2\nname: a\nversion: {BIG}.0.0\n"), ("template", "chart"), "chart/Chart.yaml", PLAIN),
    Attack("int-kube-version", _chart({"t.yaml": POD}, chart_yaml=f"apiVersion: v2\nname: a\nversion: 0.1.0\nkubeVersion: '>= {BIG}'\n"), ("lint", "chart"), "chart/Chart.yaml", ("text",)),
    Attack("int-set", PLAIN_CHART, ("template", "chart", "--set", f"x={BIG}"), "# Source: demo/templates/t.yaml", PLAIN, frozenset({0})),
    Attack("int-set-index", PLAIN_CHART, ("template", "chart", "--set-string", f"x[{BIG}]=1"), "--set-string", PLAIN),
    Attack("int-set-json", PLAIN_CHART, ("template", "chart", "--set-json", f"x={BIG}"), "--set-json", PLAIN),
    Attack("deep-set-json", PLAIN_CHART, ("template", "chart", "--set-json", f"x={'[' * 20_000}"), "--set-json", PLAIN),
    Attack("deep-values-schema", PLAIN_CHART | {"chart/values.schema.json": DEEP}, ("template", "chart"), "chart/values.schema.json", PLAIN),
    Attack("int-values-schema", PLAIN_CHART | {"chart/values.schema.json": f'{{"maximum": {BIG}}}'}, ("lint", "chart"), "chart/values.schema.json:1", ("text",)),
    Attack("int-config", {"m.yaml": POD, ".kubelint.yaml": f"jobs: {BIG}\n"}, ("lint", "m.yaml"), ".kubelint.yaml:1", PLAIN),
    Attack("int-pyproject", {"m.yaml": POD, "pyproject.toml": f"[tool.kubelint]\njobs = {BIG}\n"}, ("lint", "m.yaml"), "pyproject.toml:2", PLAIN),
    Attack("deep-pyproject", {"m.yaml": POD, "pyproject.toml": f"[tool.kubelint]\njobs = {DEEP}\n"}, ("lint", "m.yaml"), "pyproject.toml", PLAIN),
    Attack("int-baseline", {"m.yaml": POD, "b.json": f'{{"kubelint-baseline": {BIG}}}'}, ("lint", "m.yaml", "--baseline", "b.json"), "b.json:1", PLAIN),
    Attack("deep-baseline", {"m.yaml": POD, "b.json": DEEP}, ("lint", "m.yaml", "--baseline", "b.json"), "b.json", PLAIN),
    Attack("nul-baseline-name", {"m.yaml": POD, ".kubelint.yaml": 'baseline: "a\\0b"\n'}, ("lint", "m.yaml"), "cannot read baseline", PLAIN),
    Attack("nul-package-name", _chart({"t.yaml": POD}, chart_yaml='apiVersion: v2\nname: "a\\0b"\nversion: 0.1.0\n'), ("package", "chart"), "a\\", PLAIN),
)  # fmt: skip


@dataclass(frozen=True)
class Case:
    attack: Attack
    format: str

    @property
    def id(self) -> str:
        return f"{self.attack.id}-{self.format or 'plain'}"


CASES = [Case(attack, name) for attack in ATTACKS for name in attack.formats]


def _run(case: Case, root: Path) -> Ran:
    for name, text in case.attack.files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return run_cli(case.attack.args + (("--format", case.format) if case.format else ()), root)


@pytest.fixture(scope="module")
def runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Future[Ran]]]:
    yield from run_selected(request, tmp_path_factory, lambda case: case.id, _run)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _no_forged_line(ran: Ran, fmt: str) -> None:
    """No line starts with `::` but kubelint's own annotations, and nothing splits a line."""
    assert RAW.search(ran.stdout) is None, repr(RAW.search(ran.stdout))
    assert RAW.search(ran.stderr) is None, repr(RAW.search(ran.stderr))
    for line in ran.stdout.split("\n"):
        if fmt == "github" and line.startswith("::"):
            assert ANNOTATION.match(line), line
        else:
            assert not line.lstrip().startswith("::"), line
    for line in ran.stderr.split("\n"):
        assert not line.lstrip().startswith("::"), line


def _decoded_clean(ran: Ran, fmt: str) -> None:
    """JSON is escaped already; what a consumer decodes from it (`jq -r`) must be clean too."""
    if fmt in ("json", "sarif") and ran.stdout:
        for text in _strings(json.loads(ran.stdout)):
            assert RAW.search(text) is None, repr(text)
            assert "\n::" not in text, repr(text)
    if fmt == "junit" and ran.stdout:
        ET.fromstring(ran.stdout)  # well-formed XML


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_output_is_inert_and_bounded(case: Case, runs: dict[str, Future[Ran]]) -> None:
    attack = case.attack
    ran = runs[case.id].result()
    ran.check_finished()
    assert ran.code in attack.codes, ran.said[-3000:]
    _no_forged_line(ran, case.format)
    _decoded_clean(ran, case.format)
    assert attack.names in ran.said, ran.said[-3000:]
    assert MARKER not in ran.said  # no quote runs to the end of a long value
    assert len(ran.said) < 200_000
    if attack.shows is not None:
        assert attack.shows in ran.said, ran.said[-3000:]
