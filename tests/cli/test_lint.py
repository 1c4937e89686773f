"""`kubelint lint` through the real CLI: inputs, reports, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kubelint import engine
from tests.conftest import ROOT, kubelint, write

GOOD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {a: b}\n"
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
      securityContext: {runAsNonRoot: true}
      containers:
        - name: web
          image: "nginx:1.27"
          resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 100m, memory: 64Mi}}
          ports: [{containerPort: 8080}]
          readinessProbe: {tcpSocket: {port: 8080}}
          livenessProbe: {tcpSocket: {port: 8080}, failureThreshold: 6}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
"""


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A folder of good and broken files, with hidden ones that must be skipped."""
    write(tmp_path, "good/configmap.yaml", GOOD)
    write(tmp_path, "good/deploy.yml", DEPLOYMENT)
    write(
        tmp_path,
        "good/list.json",
        json.dumps(
            {
                "apiVersion": "v1",
                "kind": "List",
                "items": [
                    json.loads(
                        json.dumps(
                            {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}
                        )
                    )
                ],
            }
        ),
    )
    write(
        tmp_path, "broken/syntax.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n"
    )
    write(
        tmp_path,
        "broken/dupkey.yaml",
        GOOD.replace("  name: settings\n", "  name: other\n  name: other2\n"),
    )
    write(tmp_path, "broken/nospec.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n")
    # a duplicate in its folder, defined otherwise
    write(tmp_path, "good/again.yaml", "---\n" + GOOD.replace("{a: b}", "{a: c}"))
    write(tmp_path, ".hidden/bad.yaml", "[")
    write(tmp_path, "good/.also-hidden.yaml", "[")
    write(tmp_path, "notes.txt", "[")
    return tmp_path


EXPECTED = [  # folders are walked in sorted order: broken/ first
    ("broken/dupkey.yaml", 5, 3, "duplicate-key"),
    ("broken/nospec.yaml", 1, 1, "required-fields"),
    ("broken/syntax.yaml", 4, 9, "yaml-syntax"),  # the unclosed "[" that reached the end
    ("good/configmap.yaml", 4, 9, "duplicate-object"),
]


def test_json_report_has_every_problem_with_line_and_column(mixed: Path) -> None:
    run = kubelint("lint", str(mixed), "--format", "json")
    assert run.exit_code == 1
    report = run.json()
    found = [
        (Path(f["file"]).relative_to(mixed).as_posix(), f["line"], f["column"], f["rule"])
        for f in report["findings"]
    ]
    assert found == EXPECTED
    assert report["summary"] == {
        "files": 7,
        "documents": 6,
        "skipped": 0,
        "errors": 3,
        "warnings": 1,
        "infos": 0,
    }
    dup = report["findings"][3]
    assert dup["object"] == {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "namespace": "default",
        "name": "settings",
    }
    assert dup["path"] == "metadata.name"
    assert dup["message"] == (
        f"ConfigMap/default/settings is already defined at {mixed}/good/again.yaml:5 "
        "(alternatives? applied together, the later one wins)"
    )
    assert dup["severity"] == "warning"  # two files of a plain folder may be alternatives
    syntax = report["findings"][2]
    assert syntax["object"] is None
    assert syntax["severity"] == "error"


def test_text_report_lines_and_summary(mixed: Path) -> None:
    run = kubelint("lint", str(mixed))
    assert run.exit_code == 1
    lines = [line for line in run.stdout.splitlines() if line]
    for (file, line, column, rule), text in zip(EXPECTED, lines, strict=False):
        severity = "warning" if rule == "duplicate-object" else "error"  # across files
        assert text.startswith(f"{mixed}/{file}:{line}:{column} {severity} {rule} ")
    assert lines[-1] == "3 errors, 1 warning, 0 infos (6 documents in 7 files)"
    assert "\x1b[" not in run.stdout  # no colour when not on a terminal


def test_clean_input_exits_zero(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD)
    run = kubelint("lint", str(tmp_path))
    assert run.exit_code == 0
    assert run.stdout.strip() == "no problems found (1 document in 1 file)"


def test_fail_on_and_severity_from_config(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD + "---\n" + GOOD)
    write(tmp_path, "c.yaml", "rules:\n  duplicate-object: warning\n")
    config = str(tmp_path / "c.yaml")
    assert kubelint("lint", str(tmp_path / "a.yaml"), "--config", config).exit_code == 0
    assert (
        kubelint(
            "lint", str(tmp_path / "a.yaml"), "--config", config, "--fail-on", "warning"
        ).exit_code
        == 1
    )
    write(tmp_path, "d.yaml", "fail-on: info\nrules:\n  duplicate-object: info\n")
    assert (
        kubelint("lint", str(tmp_path / "a.yaml"), "--config", str(tmp_path / "d.yaml")).exit_code
        == 1
    )


def test_stdin(tmp_path: Path) -> None:
    run = kubelint("lint", "-", "--format", "json", stdin=GOOD + "---\n" + GOOD)
    assert run.exit_code == 1
    (finding,) = run.json()["findings"]
    assert (finding["file"], finding["line"], finding["rule"]) == (
        "<stdin>",
        10,
        "duplicate-object",
    )


def test_missing_path_is_one_line_and_exit_2(tmp_path: Path) -> None:
    run = kubelint("lint", str(tmp_path / "missing.yaml"))
    assert run.exit_code == 2
    assert run.stderr == f"kubelint: error: {tmp_path}/missing.yaml: no such file or directory\n"
    assert run.stdout == ""


def test_unreadable_file_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "secret.yaml", GOOD)

    def denied(path: str) -> bytes:  # chmod 0 does not stop root, who runs CI
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr("kubelint.inputs.read_file", denied)
    run = kubelint("lint", str(path))
    assert run.exit_code == 2
    assert run.stderr == f"kubelint: error: {path}: cannot read: Permission denied\n"


def test_symlink_loop_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    run = kubelint("lint", str(tmp_path / "loop.yaml"))
    assert run.exit_code == 2
    assert (
        run.stderr == f"kubelint: error: {tmp_path}/loop.yaml: Too many levels of symbolic links\n"
    )


def test_symlink_loop_inside_a_folder_is_not_followed(tmp_path: Path) -> None:
    write(tmp_path, "a/good.yaml", GOOD)
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")
    run = kubelint("lint", str(tmp_path))
    assert run.exit_code == 0
    assert "1 document in 1 file" in run.stdout


@pytest.mark.parametrize("target", ["secret.yaml", "outside"])
def test_a_link_out_of_the_folder_given_is_refused(tmp_path: Path, target: str) -> None:
    write(tmp_path, "secret.yaml", "root:x:0:0:SECRET\n")
    write(tmp_path, "outside/x.yaml", "root:x:0:0:SECRET\n")
    write(tmp_path, "deploy/good.yaml", GOOD)
    (tmp_path / "deploy" / "link.yaml").symlink_to(tmp_path / target)
    run = kubelint("lint", "deploy")
    assert run.exit_code == 2
    assert run.stderr == (
        "kubelint: error: deploy/link.yaml: symbolic link out of the folder given; kubelint reads"
        " only what it was given (name the link's target itself to lint it)\n"
    )
    assert "SECRET" not in run.stdout + run.stderr
    (tmp_path / "deploy" / "link.yaml").unlink()
    (tmp_path / "deploy" / "link.yaml").symlink_to("good.yaml")  # inside: read
    run = kubelint("lint", "deploy")
    # read: the same object defined alike in two files of a folder, which is no finding
    assert (run.stderr, run.stdout.splitlines()[-1]) == (
        "",
        "no problems found (2 documents in 2 files)",
    )


def test_fifo_is_exit_2(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    run = kubelint("lint", str(fifo))
    assert run.exit_code == 2
    assert run.stderr == f"kubelint: error: {fifo}: not a regular file or directory\n"


@pytest.mark.parametrize(
    ("content", "rule", "line"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8", "yaml-syntax", 1),  # binary
        (b"", None, None),  # empty file
        (b"# only comments\n---\n# and separators\n---\n", None, None),
    ],
)
def test_odd_files_never_crash(
    tmp_path: Path, content: bytes, rule: str | None, line: int | None
) -> None:
    write(tmp_path, "odd.yaml", content)
    run = kubelint("lint", str(tmp_path), "--format", "json")
    findings = run.json()["findings"]
    assert [(f["rule"], f["line"]) for f in findings] == ([(rule, line)] if rule else [])
    assert run.exit_code == (1 if rule else 0)


def test_ten_megabyte_file(tmp_path: Path) -> None:
    deployments = "---\n".join(
        DEPLOYMENT.replace("name: web\n", f"name: web-{i}\n", 1) for i in range(2_000)
    )
    blob = "".join(f"    line {i:07d} {'x' * 80}\n" for i in range(105_000))
    configmap = (
        f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: blob\ndata:\n  blob: |\n{blob}"
    )
    tail = DEPLOYMENT.replace("name: web\n", "name: web-5\n", 1)
    path = write(tmp_path, "big.yaml", f"{deployments}---\n{configmap}---\n{tail}")
    assert path.stat().st_size > 10_000_000
    run = kubelint("lint", str(path), "--format", "json")
    # the 10 MB ConfigMap is over the API server's 1 MiB, and reported as it says so
    too_big, finding = run.json()["findings"]
    assert too_big["rule"] == "api-validation"
    assert too_big["message"] == "Too long: may not be more than 1048576 bytes"
    lines = DEPLOYMENT.count("\n") + 1  # and its "---"
    assert too_big["line"] == 2_000 * lines + 1
    assert finding["rule"] == "duplicate-object"
    assert finding["line"] == 2_000 * lines + 6 + 105_000 + 1 + 4  # the last document's name


def test_chart_folder_is_rendered_not_parsed_as_manifests(tmp_path: Path) -> None:
    chart_yaml = "apiVersion: v2\nname: chart\nversion: 0.1.0\nicon: https://example.com/i.png\n"
    write(tmp_path, "chart/Chart.yaml", chart_yaml)
    write(tmp_path, "chart/templates/cm.yaml", "# comment\n{{ not yaml }}: [\n")
    run = kubelint("lint", str(tmp_path), "--format", "json")
    (finding,) = run.json()["findings"]
    assert finding["rule"] == "yaml-syntax"  # of the rendered text `true: [`, at its template
    assert finding["file"] == f"{tmp_path.as_posix()}/chart/templates/cm.yaml"
    assert finding["rendered"]["file"] == "chart/templates/cm.yaml"


def test_a_library_chart_is_linted_as_helm_lint_reads_it(tmp_path: Path) -> None:
    """A library chart (Bitnami's common, Rook's library) only provides helpers: `helm lint`
    passes it, and so does `kubelint lint` (`kubelint template` refuses it, as `helm template`)."""
    chart_yaml = "apiVersion: v2\nname: common\nversion: 0.1.0\ntype: library\n"
    write(tmp_path, "common/Chart.yaml", chart_yaml + "icon: https://example.com/i.png\n")
    write(tmp_path, "common/templates/_names.tpl", '{{- define "common.name" -}}x{{- end -}}\n')
    run = kubelint("lint", str(tmp_path), "--format", "json")
    assert run.exit_code == 0, run.stdout
    assert run.json()["findings"] == []


def test_excluded_paths_are_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "vendor/bad.yaml", "[")
    write(tmp_path, "app/good.yaml", GOOD)
    write(tmp_path, ".kubelint.yaml", "exclude: [vendor/]\n")
    monkeypatch.chdir(tmp_path)
    run = kubelint("lint", ".")
    assert run.exit_code == 0, run.stdout
    assert "1 file" in run.stdout


def test_suppressions_through_the_cli(tmp_path: Path) -> None:
    text = (
        GOOD
        + "---\n"
        + GOOD.replace(
            "  name: settings\n", "  name: settings # kubelint: disable-line=duplicate-object\n"
        )
        + "---\n"
        + GOOD.replace("metadata:\n", "metadata:\n  annotations: {kubelint.io/ignore: all}\n")
    )
    write(tmp_path, "a.yaml", text)
    assert kubelint("lint", str(tmp_path)).exit_code == 0


def test_invalid_config_is_exit_2(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD)
    write(tmp_path, "c.yaml", "rules:\n  duplicate-objekt: off\n")
    run = kubelint("lint", str(tmp_path / "a.yaml"), "--config", str(tmp_path / "c.yaml"))
    assert run.exit_code == 2
    assert run.stderr.count("\n") == 1
    assert 'did you mean "duplicate-object"' in run.stderr


def test_usage_errors_are_exit_2(tmp_path: Path) -> None:
    assert kubelint("lint", str(tmp_path), "--format", "xml").exit_code == 2
    assert kubelint("lint", str(tmp_path), "--fail-on", "never").exit_code == 2
    run = kubelint("lint", str(tmp_path), "--kubernetes-version", "1.2")
    assert run.exit_code == 2
    assert "supported: 1.25" in run.stderr


def test_internal_error_is_one_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("kubelint.lintrun.lint", broken)
    monkeypatch.delenv("KUBELINT_DEBUG", raising=False)
    run = kubelint("lint", str(tmp_path))
    assert run.exit_code == 3
    assert run.stderr.count("\n") == 1
    assert "internal error: RuntimeError: boom" in run.stderr
    monkeypatch.setenv("KUBELINT_DEBUG", "1")
    assert "Traceback" in kubelint("lint", str(tmp_path)).stderr
    assert engine.lint is not broken


def test_installed_command_runs_as_a_process(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD + "---\n" + GOOD)
    result = subprocess.run(
        [sys.executable, "-m", "kubelint", "lint", str(tmp_path), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert json.loads(result.stdout)["summary"]["errors"] == 1
    assert result.stderr == ""
