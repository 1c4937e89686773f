"""The published pre-commit hooks (.pre-commit-hooks.yaml), installed and run by pre-commit itself.

pre-commit clones the hook repository and pip installs kubelint from it into a fresh virtualenv
(dependencies come from the package registry). The hook repository is a snapshot of this
checkout's working tree — the package, pyproject.toml, README.md and .pre-commit-hooks.yaml,
committed in a temporary git repository — so uncommitted and untracked files are tested too and
this repository's own git state is never touched.

Installing an environment takes a minute or more, so the session fixture starts both installing
runs at once: `pre-commit try-repo` on broken files, where every hook must fail (try-repo always
builds its environment in a temporary store, and cannot give hooks `args`), and
`pre-commit install-hooks` in one shared PRE_COMMIT_HOME for two configurations of the same
hooks — one plain, one whose hooks have `args` (a values file, a cluster file) — which the
later `pre-commit run`s use.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, write
from tests.gitrepo import GIT_ENV, commit, git, init

HOOK_REPO_FILES = ("pyproject.toml", "README.md", "kubelint", "schemas", ".pre-commit-hooks.yaml")
HOOKS = ("kubelint", "kubelint-chart", "kubelint-schedule")
TIMEOUT = 900
PLAIN_CONFIG = ".pre-commit-config.yaml"
ARGS_CONFIG = "with-args.pre-commit-config.yaml"

WEB = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  replicas: 1
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
      securityContext: {{runAsNonRoot: true}}
      containers:
        - name: web
          image: "nginx:1.27"
          resources: {{requests: {{cpu: "{cpu}", memory: 64Mi}}, limits: {{cpu: "{cpu}", memory: 64Mi}}}}
          readinessProbe: {{tcpSocket: {{port: 8080}}}}
          livenessProbe: {{tcpSocket: {{port: 8080}}}}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {{drop: [ALL]}}
"""
BROKEN = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {a: 1}\n"
NODE_PORT_CHART = {
    "Chart.yaml": "apiVersion: v2\nname: bad\nversion: 0.1.0\n",
    "values.yaml": "nodePort: 80\n",
    "templates/service.yaml": """\
apiVersion: v1
kind: Service
metadata:
  name: bad
spec:
  type: NodePort
  selector: {app: bad}
  ports:
    - port: 80
      nodePort: {{ Values.nodePort }}
""",
}
SMALL_CLUSTER = """\
apiVersion: v1
kind: Node
metadata: {name: tiny}
status: {allocatable: {cpu: 50m, memory: 1Gi, pods: "110"}}
"""


@dataclass(frozen=True)
class Outcome:
    code: int
    output: str

    def hook(self, hook_id: str) -> str:
        """One hook's part of pre-commit's output (its status line is printed before it)."""
        start = self.output.index(f"- hook id: {hook_id}\n")
        end = self.output.find("- hook id: ", start + 1)
        return self.output[start : end if end != -1 else None]


@dataclass(frozen=True)
class Setup:
    project: Path
    env: dict[str, str]
    broken: Outcome  # try-repo, every hook, broken files

    def run(self, hook_id: str | None, *files: str, config: str = ARGS_CONFIG) -> Outcome:
        """`pre-commit run [HOOK] --files …` with one of the project's configurations."""
        hook = [hook_id] if hook_id else []
        done = subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "-c", config, *hook, "--files", *files],
            cwd=self.project,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        return Outcome(done.returncode, done.stdout + done.stderr)


def _hook_repo(target: Path) -> str:
    """A git repository holding this checkout's working tree as pip installs it; its commit."""
    init(target)
    for name in HOOK_REPO_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    commit(target, "snapshot")
    return git(target, "rev-parse", "HEAD").strip()


def _project(target: Path, hook_repo: Path, rev: str) -> Path:
    init(target)
    write(target, "deploy/web.yaml", WEB.format(name="web", cpu="100m"))
    write(target, "deploy/broken.yaml", BROKEN)
    write(target, "deploy/huge.yaml", WEB.format(name="huge", cpu="64"))
    shutil.copytree(ROOT / "charts/example", target / "charts/web")
    write(target, "charts/web/values-prod.yaml", 'replicaCount: "three"\n')
    for name, text in NODE_PORT_CHART.items():
        write(target, f"charts/bad/{name}", text)
    write(target, "cluster.yaml", SMALL_CLUSTER)
    args = {
        "kubelint-chart": ["-f", "charts/web/values-prod.yaml"],
        "kubelint-schedule": ["--cluster", "cluster.yaml"],
    }
    for name, hook_args in ((PLAIN_CONFIG, {}), (ARGS_CONFIG, args)):
        hooks = [
            {"id": hook, "args": hook_args[hook]} if hook in hook_args else {"id": hook}
            for hook in HOOKS
        ]
        config = {"repos": [{"repo": str(hook_repo), "rev": rev, "hooks": hooks}]}
        write(target, name, yaml.safe_dump(config, sort_keys=False))
    commit(target, "project")
    return target


@pytest.fixture(scope="session")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    base = tmp_path_factory.mktemp("precommit")
    rev = _hook_repo(base / "hooks")
    project = _project(base / "project", base / "hooks", rev)
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(base / "home"), "NO_COLOR": "1"}
    env.pop("KUBELINT_DEBUG", None)
    pre_commit = [sys.executable, "-m", "pre_commit"]
    try_repo = [*pre_commit, "try-repo", str(base / "hooks"), "--ref", rev, "--files"]
    commands = {
        "broken": [*try_repo, "deploy/broken.yaml", "deploy/huge.yaml", "charts/bad/values.yaml"],
        "install": [*pre_commit, "install-hooks", "-c", ARGS_CONFIG],
    }
    running = {
        name: subprocess.Popen(
            command,
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for name, command in commands.items()
    }
    outcomes = {}
    for name, process in running.items():
        output, _ = process.communicate(timeout=TIMEOUT)
        outcomes[name] = Outcome(process.returncode, output)
    assert outcomes["install"].code == 0, outcomes["install"].output
    return Setup(project, env, outcomes["broken"])


def test_the_hooks_file_is_valid_for_pre_commit() -> None:
    from pre_commit.clientlib import load_manifest

    hooks = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert [hook["id"] for hook in hooks] == list(HOOKS)
    assert {hook["language"] for hook in hooks} == {"python"}


def test_try_repo_every_hook_fails_on_a_broken_file_with_the_finding(setup: Setup) -> None:
    broken = setup.broken
    assert broken.code == 1, broken.output
    manifests = broken.hook("kubelint")
    assert "deploy/broken.yaml:5:11 error schema data.a: expected string, got integer 1" in (
        manifests
    )
    assert "values.yaml" not in manifests  # a chart's file is the chart hook's
    chart = broken.hook("kubelint-chart")
    assert "charts/bad/templates/service.yaml:10:17 error service-nodeport-range" in chart
    schedule = broken.hook("kubelint-schedule")
    assert "Deployment/default/huge: 0 of 1 pod(s) placed" in schedule
    assert "Insufficient cpu" in schedule
    for hook_id in HOOKS:
        assert "- exit code: 1" in broken.hook(hook_id)


def test_every_hook_passes_on_clean_files(setup: Setup) -> None:
    files = ("deploy/web.yaml", "charts/web/templates/service.yaml")
    clean = setup.run(None, *files, config=PLAIN_CONFIG)
    assert clean.code == 0, clean.output
    statuses = dict(re.findall(r"^(.+?)\.{3,}(\w+)$", clean.output, re.MULTILINE))
    assert statuses == dict.fromkeys(
        ("kubelint", "kubelint (charts)", "kubelint (schedule)"), "Passed"
    )


def test_chart_hook_renders_with_the_values_its_args_name(setup: Setup) -> None:
    run = setup.run("kubelint-chart", "charts/web/templates/_helpers.tpl")
    assert run.code == 1, run.output
    assert 'replicaCount: "three" is not of type "integer"' in run.output


def test_schedule_hook_places_onto_the_cluster_its_args_name(setup: Setup) -> None:
    run = setup.run("kubelint-schedule", "deploy/web.yaml")
    assert run.code == 1, run.output
    assert "Cluster: cluster.yaml (1 node" in run.output
    assert "0/1 nodes are available: 1 Insufficient cpu." in run.output


def test_manifest_hook_leaves_chart_files_to_the_chart_hook(setup: Setup) -> None:
    templates = setup.run("kubelint", "charts/bad/templates/service.yaml")
    assert templates.code == 0, templates.output
    assert "(no files to check)Skipped" in templates.output
    chart_files = setup.run("kubelint", "charts/bad/Chart.yaml", "charts/bad/values.yaml")
    assert chart_files.code == 0, chart_files.output


def test_the_projects_own_hooks_mirror_the_published_ones() -> None:
    published = {
        hook["id"]: hook
        for hook in yaml.safe_load(ROOT.joinpath(".pre-commit-hooks.yaml").read_text())
    }
    config = yaml.safe_load(ROOT.joinpath(".pre-commit-config.yaml").read_text())
    local = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"kubelint", "kubelint-chart"} <= set(local)
    for hook_id in ("kubelint", "kubelint-chart"):
        for key in ("entry", "types", "exclude", "require_serial"):
            assert local[hook_id].get(key) == published[hook_id].get(key), (hook_id, key)
