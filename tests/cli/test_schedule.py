"""`kubelint schedule` through the real CLI: cluster + manifests → placements, reasons, exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import ROOT, kubelint, write

CLUSTER = """\
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Node
  metadata:
    name: control-plane
    labels: {node-role.kubernetes.io/control-plane: "", topology.kubernetes.io/zone: a}
  spec:
    taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]
  status: {allocatable: {cpu: "4", memory: 8Gi, pods: "110"}}
- apiVersion: v1
  kind: Node
  metadata: {name: node-a, labels: {topology.kubernetes.io/zone: a}}
  status: {allocatable: {cpu: "2", memory: 4Gi, pods: "110"}}
- apiVersion: v1
  kind: Node
  metadata: {name: node-b, labels: {topology.kubernetes.io/zone: b}}
  status: {allocatable: {cpu: "2", memory: 4Gi, pods: "110"}}
"""
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: %d
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - name: api
        image: api:1
        resources: {requests: {cpu: "1", memory: 1Gi}}
"""
DAEMONSET = """\
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: logs}
spec:
  selector: {matchLabels: {app: logs}}
  template:
    metadata: {labels: {app: logs}}
    spec:
      containers: [{name: c, image: fluent-bit, resources: {requests: {cpu: 100m, memory: 64Mi}}}]
"""


def setup(tmp_path: Path, replicas: int, extra: str = "") -> tuple[str, str]:
    cluster = write(tmp_path, "cluster.yaml", CLUSTER)
    manifests = write(tmp_path, "deploy/app.yaml", DEPLOYMENT % replicas + extra)
    return str(cluster), str(manifests)


def test_everything_fits_exit_0(tmp_path: Path) -> None:
    cluster, manifests = setup(tmp_path, 2)
    run = kubelint("schedule", manifests, "--cluster", cluster, "--format", "json")
    assert run.exit_code == 0, run.stderr
    data = run.json()
    assert data["summary"] == {"pods": 2, "scheduled": 2, "unschedulable": 0}
    assert sorted(p["node"] for p in data["placements"]) == ["node-a", "node-b"]
    assert all(
        p["owner"] == "Deployment/default/api" and p["reason"] is None for p in data["placements"]
    )
    nodes = {n["name"]: n for n in data["nodes"]}
    assert set(nodes) == {"control-plane", "node-a", "node-b"}
    assert nodes["node-a"] == {
        "name": "node-a",
        "pods": 1,
        "requested": {"cpu": 1000, "memory": 2**30},
        "allocatable": {"cpu": 2000, "memory": 4 * 2**30, "pods": 110},
    }
    assert nodes["control-plane"]["pods"] == 0


def test_pending_pod_exit_1_with_the_scheduler_message(tmp_path: Path) -> None:
    cluster, manifests = setup(tmp_path, 5)
    run = kubelint("schedule", manifests, "--cluster", cluster, "--format", "json")
    assert run.exit_code == 1
    data = run.json()
    assert data["summary"] == {"pods": 5, "scheduled": 4, "unschedulable": 1}
    (pending,) = [p for p in data["placements"] if p["node"] is None]
    assert pending["pod"].startswith("default/api-")
    assert pending["reason"] == (
        "0/3 nodes are available: 1 node(s) had untolerated taint "
        "{node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. "
        "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod."
    )


def test_text_report_shows_nodes_placements_and_a_hint(tmp_path: Path) -> None:
    cluster, manifests = setup(tmp_path, 5)
    run = kubelint("schedule", manifests, "--cluster", cluster)
    assert run.exit_code == 1
    out = run.stdout
    assert f"Cluster: {cluster} (3 nodes)" in out
    assert "node-a" in out
    assert "Deployment/default/api: 4 of 5 pod(s) placed" in out
    assert "Pending: 0/3 nodes are available:" in out
    assert "hint: needs 1 more cpu on node-a (the closest fit)" in out
    assert "add a toleration for node-role.kubernetes.io/control-plane:NoSchedule" in out
    assert "5 pod(s): 4 scheduled, 1 unschedulable" in out


def test_default_cluster_is_used_and_said(tmp_path: Path) -> None:
    manifests = write(tmp_path, "app.yaml", DEPLOYMENT % 2)
    run = kubelint("schedule", str(manifests))
    assert run.exit_code == 0, run.stderr
    assert "Cluster: built-in default" in run.stdout
    data = kubelint("schedule", str(manifests), "--format", "json").json()
    assert "built-in default" in data["cluster"]
    assert {p["node"] for p in data["placements"]} == {"worker-1", "worker-2"}


def test_daemonset_runs_on_each_node_it_tolerates(tmp_path: Path) -> None:
    cluster, manifests = setup(tmp_path, 0, "---\n" + DAEMONSET)
    data = kubelint("schedule", manifests, "--cluster", cluster, "--format", "json").json()
    assert [(p["pod"], p["node"]) for p in data["placements"]] == [
        ("default/logs-node-a", "node-a"),
        ("default/logs-node-b", "node-b"),
    ]


def test_running_pods_in_the_cluster_file_use_capacity(tmp_path: Path) -> None:
    running = (
        "---\napiVersion: v1\nkind: Pod\nmetadata: {name: big, namespace: kube-system}\n"
        "spec: {nodeName: node-a, containers: [{name: c, resources: {requests: {cpu: '2'}}}]}\n"
    )
    cluster = write(tmp_path, "cluster.yaml", CLUSTER + running)
    manifests = write(tmp_path, "app.yaml", DEPLOYMENT % 3)
    data = kubelint(
        "schedule", str(manifests), "--cluster", str(cluster), "--format", "json"
    ).json()
    assert [p["node"] for p in data["placements"]] == ["node-b", "node-b", None]
    assert data["nodes"][1]["requested"]["cpu"] == 2000


def test_bound_pods_are_placed_as_given(tmp_path: Path) -> None:
    pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {nodeName: %s, containers: [{name: c}]}\n"
    cluster = write(tmp_path, "cluster.yaml", CLUSTER)
    manifests = write(
        tmp_path,
        "pods.yaml",
        pod % "control-plane" + "---\n" + pod.replace("name: p", "name: q") % "gone",
    )
    run = kubelint("schedule", str(manifests), "--cluster", str(cluster), "--format", "json")
    assert run.exit_code == 1
    placements = run.json()["placements"]
    assert placements[0]["node"] == "control-plane"
    assert placements[1]["reason"] == 'spec.nodeName names node "gone", which is not in the cluster'


def test_explain_prints_each_node(tmp_path: Path) -> None:
    cluster, manifests = setup(tmp_path, 5)
    pod_name = kubelint("schedule", manifests, "--cluster", cluster, "--format", "json").json()[
        "placements"
    ][4]["pod"]
    run = kubelint("schedule", manifests, "--cluster", cluster, "--explain", pod_name)
    assert (
        "control-plane: filtered out by TaintToleration: node(s) had untolerated taint"
        in run.stdout
    )
    assert "node-a: filtered out by NodeResourcesFit: Insufficient cpu" in run.stdout
    first = pod_name.replace("-4", "-0").split("/")[1]
    run = kubelint("schedule", manifests, "--cluster", cluster, "--explain", first)
    assert "node-a: passes all filters; score" in run.stdout
    assert "← chosen" in run.stdout
    assert "TaintToleration 100*3" in run.stdout


def test_explain_unknown_pod_is_a_usage_error(tmp_path: Path) -> None:
    cluster, manifests = setup(tmp_path, 1)
    run = kubelint("schedule", manifests, "--cluster", cluster, "--explain", "nope")
    assert run.exit_code == 2
    assert "--explain nope: no pod of that name" in run.stderr


def test_invalid_cluster_file_exit_2(tmp_path: Path) -> None:
    cluster = write(
        tmp_path,
        "cluster.yaml",
        "kind: Node\nmetadata: {name: n}\nstatus:\n  allocatable: {cpu: lots}\n",
    )
    manifests = write(tmp_path, "app.yaml", DEPLOYMENT % 1)
    run = kubelint("schedule", str(manifests), "--cluster", str(cluster))
    assert run.exit_code == 2
    assert run.stderr.strip() == (
        f"kubelint: error: {cluster}:4:22: status.allocatable.cpu: 'lots' is not a quantity "
        "(like 500m, 4 or 16Gi)"
    )


def test_invalid_manifest_quantity_exit_2(tmp_path: Path) -> None:
    manifests = write(tmp_path, "app.yaml", (DEPLOYMENT % 1).replace('cpu: "1"', "cpu: lots"))
    run = kubelint("schedule", str(manifests))
    assert run.exit_code == 2
    assert "app.yaml:13:37: spec.template.spec.containers[0].resources.requests.cpu:" in run.stderr


def test_hpa_at_max(tmp_path: Path) -> None:
    hpa = (
        "---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: api}\n"
        "spec: {scaleTargetRef: {kind: Deployment, name: api}, minReplicas: 2, maxReplicas: 6}\n"
    )
    cluster, manifests = setup(tmp_path, 3, hpa)
    assert kubelint("schedule", manifests, "--cluster", cluster).exit_code == 0
    run = kubelint("schedule", manifests, "--cluster", cluster, "--at-max", "--format", "json")
    assert run.exit_code == 1
    assert run.json()["summary"] == {"pods": 6, "scheduled": 4, "unschedulable": 2}


def test_quick_nodes(tmp_path: Path) -> None:
    manifests = write(tmp_path, "app.yaml", DEPLOYMENT % 6)
    run = kubelint("schedule", str(manifests), "--nodes", "3x2cpu,4Gi", "--format", "json")
    assert run.exit_code == 0
    assert [n["name"] for n in run.json()["nodes"]] == ["node-1", "node-2", "node-3"]
    both = kubelint("schedule", str(manifests), "--nodes", "1x2,4Gi", "--cluster", "x.yaml")
    assert both.exit_code == 2


PDB = """\
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: api}
spec:
  %s
  selector: {matchLabels: {app: api}}
"""
BARE = """\
---
apiVersion: v1
kind: Pod
metadata: {name: lonely}
spec: {containers: [{name: c, image: busybox, resources: {requests: {cpu: 100m}}}]}
"""


def drain_json(tmp_path: Path, replicas: int, extra: str, *args: str) -> tuple[int, Any]:
    cluster, manifests = setup(tmp_path, replicas, "---\n" + DAEMONSET + extra)
    run = kubelint("schedule", manifests, "--cluster", cluster, "--format", "json", *args)
    assert run.exit_code in (0, 1), run.stderr
    return run.exit_code, run.json()["drain"]


def test_drain_re_places_pods_and_keeps_daemonset_pods(tmp_path: Path) -> None:
    code, drain = drain_json(tmp_path, 1, PDB % "maxUnavailable: 1", "--drain", "node-a")
    assert code == 0
    assert drain["nodes"] == ["node-a"]
    (evicted,) = drain["evicted"]
    assert evicted["from"] == "node-a"
    assert evicted["node"] == "node-b"
    assert all("logs" not in e["pod"] for e in drain["evicted"])
    assert drain["budgets"] == [
        {
            "name": "default/api",
            "healthy": 1,
            "required": 0,
            "allowed": 1,
            "evicted": 1,
            "problem": None,
        }
    ]


def test_drain_blocked_by_a_budget(tmp_path: Path) -> None:
    code, drain = drain_json(tmp_path, 1, PDB % "minAvailable: 100%", "--drain", "node-a")
    assert code == 1
    (budget,) = drain["budgets"]
    assert budget["allowed"] == 0
    assert "allows 0 disruptions" in budget["problem"]


def test_drain_of_both_workers_strands_pods(tmp_path: Path) -> None:
    code, drain = drain_json(tmp_path, 2, "", "--drain", "node-a", "--drain", "node-b")
    assert code == 1
    reasons = [e["reason"] for e in drain["evicted"]]
    assert (
        reasons
        == [
            "0/3 nodes are available: 1 node(s) had untolerated taint "
            "{node-role.kubernetes.io/control-plane: }, 2 node(s) were unschedulable. "
            "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
        ]
        * 2
    )


def test_drain_unmanaged_pods_block_unless_forced(tmp_path: Path) -> None:
    cluster, manifests = setup(tmp_path, 0, BARE)
    node = kubelint("schedule", manifests, "--cluster", cluster, "--format", "json").json()[
        "placements"
    ][0]["node"]
    run = kubelint("schedule", manifests, "--cluster", cluster, "--drain", node)
    assert run.exit_code == 1
    assert "blocked: default/lonely not managed by a controller" in run.stdout
    forced = kubelint("schedule", manifests, "--cluster", cluster, "--drain", node, "--force")
    assert forced.exit_code == 0
    assert "default/lonely: deleted (--force)" in forced.stdout


def test_drain_unknown_node(tmp_path: Path) -> None:
    cluster, manifests = setup(tmp_path, 1)
    run = kubelint("schedule", manifests, "--cluster", cluster, "--drain", "nope")
    assert run.exit_code == 2
    assert "--drain nope: no such node" in run.stderr


def test_capacity_counts_replicas_until_a_resource_runs_out(tmp_path: Path) -> None:
    cluster, manifests = setup(tmp_path, 1, "---\n" + DAEMONSET)
    run = kubelint(
        "schedule", manifests, "--cluster", cluster, "--capacity", "api", "--format", "json"
    )
    assert run.exit_code == 0
    capacity = run.json()["capacity"]
    # 2 cpu per worker, 100m of each for the daemon pod; node-a runs the first replica: 1 more
    assert capacity["workload"] == "Deployment/default/api"
    assert capacity["additional"] == 1
    assert capacity["reasons"][0] == {"reason": "Insufficient cpu", "nodes": 2}
    text = kubelint(
        "schedule", manifests, "--cluster", cluster, "--capacity", "Deployment/api"
    ).stdout
    assert (
        "Capacity of Deployment/default/api: 1 more replica(s) fit; what runs out first: Insufficient cpu"
        in text
    )


def test_capacity_of_unknown_or_daemonset_workload(tmp_path: Path) -> None:
    cluster, manifests = setup(tmp_path, 1, "---\n" + DAEMONSET)
    assert kubelint("schedule", manifests, "--cluster", cluster, "--capacity", "x").exit_code == 2
    run = kubelint("schedule", manifests, "--cluster", cluster, "--capacity", "logs")
    assert run.exit_code == 2
    assert "DaemonSet runs one pod per node" in run.stderr


def test_the_example_chart_schedules_on_the_default_cluster() -> None:
    run = kubelint("schedule", str(ROOT / "charts" / "example"), "--format", "json")
    assert run.exit_code == 0, run.stderr
    data = run.json()
    assert data["summary"]["unschedulable"] == 0
    assert data["summary"]["pods"] >= 1
    assert {p["node"] for p in data["placements"]} <= {"worker-1", "worker-2"}


def test_a_chart_that_does_not_render_exits_1(tmp_path: Path) -> None:
    write(tmp_path, "c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n")
    write(tmp_path, "c/templates/x.yaml", "{{ fail 'no' }}\n")
    run = kubelint("schedule", str(tmp_path / "c"))
    assert run.exit_code == 1
    assert "templates/x.yaml" in run.stderr


def test_explain_in_json(tmp_path: Path) -> None:
    cluster, manifests = setup(tmp_path, 1)
    name = kubelint("schedule", manifests, "--cluster", cluster, "--format", "json").json()[
        "placements"
    ][0]["pod"]
    data = kubelint(
        "schedule", manifests, "--cluster", cluster, "--format", "json", "--explain", name
    ).json()
    explain = data["explain"]
    assert explain["pod"] == name
    assert explain["node"] == "node-a"
    rows = {row["node"]: row for row in explain["nodes"]}
    assert rows["control-plane"]["filter"] == "TaintToleration"
    assert rows["node-a"]["chosen"] is True
    assert rows["node-a"]["total"] == sum(
        score * weight
        for score, weight in zip(
            rows["node-a"]["scores"].values(), (3, 2, 2, 2, 1, 1, 1), strict=True
        )
    )


def test_explain_on_a_large_cluster_scores_the_nodes_kube_scheduler_finds(tmp_path: Path) -> None:
    manifests = str(write(tmp_path, "app.yaml", DEPLOYMENT % 1))
    name = kubelint("schedule", manifests, "--nodes", "150x4,16Gi", "--format", "json").json()[
        "placements"
    ][0]["pod"]
    run = kubelint("schedule", manifests, "--nodes", "150x4,16Gi", "--explain", name)
    assert run.stdout.count("passes all filters; score") == 100  # numFeasibleNodesToFind
    assert run.stdout.count("passes all filters; not scored (kube-scheduler had found") == 50
    explain = kubelint(
        "schedule", manifests, "--nodes", "150x4,16Gi", "--format", "json", "--explain", name
    ).json()["explain"]
    assert sum(1 for row in explain["nodes"] if row.get("scored") is False) == 50


def test_large_clusters_draw_the_first_nodes_only(tmp_path: Path) -> None:
    manifests = write(tmp_path, "app.yaml", DEPLOYMENT % 1)
    run = kubelint("schedule", str(manifests), "--nodes", "60x2,4Gi")
    assert "node-50 " in run.stdout
    assert "node-51 " not in run.stdout
    assert "… and 10 more nodes (--format json lists them all)" in run.stdout


# ---- lint --schedule: the pods left Pending as findings of rule `unschedulable` ----------------


def unschedulable(run: Any) -> list[dict[str, Any]]:
    return [f for f in run.json()["findings"] if f["rule"] == "unschedulable"]


def test_lint_does_not_schedule_unless_asked(tmp_path: Path) -> None:
    _, manifests = setup(tmp_path, 5)
    assert unschedulable(kubelint("lint", manifests, "--format", "json")) == []


def test_lint_without_schedule_does_not_import_numpy(tmp_path: Path) -> None:
    _, manifests = setup(tmp_path, 1)
    code = (
        "import sys\n"
        "from kubelint.cli import app\n"
        f"try: app(['lint', {manifests!r}, '--no-progress'])\n"
        "except SystemExit: pass\n"
        "print('numpy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_lint_cluster_reports_the_pending_pod_at_the_request(tmp_path: Path) -> None:
    cluster, manifests = setup(tmp_path, 5)
    run = kubelint("lint", manifests, "--cluster", cluster, "--format", "json")
    assert run.exit_code == 1
    (finding,) = unschedulable(run)
    assert (finding["line"], finding["column"]) == (13, 37)
    assert finding["path"] == "spec.template.spec.containers[0].resources.requests.cpu"
    assert finding["object"]["name"] == "api"
    assert finding["message"].startswith("1 of 5 pods (api-")
    assert finding["message"].endswith(
        " would stay Pending: 0/3 nodes are available: 1 node(s) had untolerated taint "
        "{node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes "
        "are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims "
        "found for incoming pod. Hint: needs 1 more cpu on node-a (the closest fit); add a "
        "toleration for node-role.kubernetes.io/control-plane:NoSchedule."
    )


def test_lint_schedule_uses_the_default_cluster_and_nodes_a_quick_one(tmp_path: Path) -> None:
    _, manifests = setup(tmp_path, 9)  # 9 cpu: more than the default's two workers of 4
    (finding,) = unschedulable(kubelint("lint", manifests, "--schedule", "--format", "json"))
    assert finding["message"].startswith("1 of 9 pods")
    run = kubelint("lint", manifests, "--nodes", "5x2,4Gi", "--format", "json")
    assert unschedulable(run) == []


def test_lint_cluster_file_mistakes_exit_2(tmp_path: Path) -> None:
    _, manifests = setup(tmp_path, 1)
    for text, where in (
        ("kind: Service\nmetadata: {name: n}\n", ":1:7: kind: 'Service' cannot be in a cluster"),
        ("kind: Node\nmetadata: {name: n}\nspec:\n  taints:\n  - {key: a}\n", ":5:5: spec.taints"),
    ):
        cluster = write(tmp_path, "bad.yaml", text)
        run = kubelint("lint", manifests, "--cluster", str(cluster))
        assert run.exit_code == 2
        assert run.stderr.startswith(f"kubelint: error: {cluster}{where}")


def test_configuration_turns_it_on_and_relevels_it(tmp_path: Path) -> None:
    setup(tmp_path, 5)
    config = write(
        tmp_path,
        "conf/kubelint.yaml",
        "rules:\n  unschedulable:\n    severity: warning\n    options: {cluster: ../cluster.yaml}\n",
    )
    run = kubelint("lint", str(tmp_path / "deploy"), "--config", str(config), "--format", "json")
    assert run.exit_code == 0
    (finding,) = unschedulable(run)
    assert finding["severity"] == "warning"
    on = write(tmp_path, "on.yaml", "rules:\n  unschedulable:\n    options: {schedule: true}\n")
    nine = write(tmp_path, "nine/app.yaml", DEPLOYMENT % 9)  # the default cluster holds 8
    run = kubelint("lint", str(nine), "--config", str(on), "--format", "json")
    assert run.exit_code == 1
    assert unschedulable(run)[0]["message"].startswith("1 of 9 pods")


def test_suppressions_apply(tmp_path: Path) -> None:
    cluster, _ = setup(tmp_path, 5)
    text = (DEPLOYMENT % 5).replace(
        "memory: 1Gi}}", "memory: 1Gi}}  # kubelint: disable-line=unschedulable"
    )
    manifests = write(tmp_path, "quiet.yaml", text)
    run = kubelint("lint", str(manifests), "--cluster", cluster, "--format", "json")
    assert unschedulable(run) == []
    annotated = (DEPLOYMENT % 5).replace(
        "metadata: {name: api}",
        "metadata: {name: api, annotations: {kubelint.io/ignore: unschedulable}}",
    )
    manifests = write(tmp_path, "ignored.yaml", annotated)
    assert (
        unschedulable(kubelint("lint", str(manifests), "--cluster", cluster, "--format", "json"))
        == []
    )


def test_a_chart_finding_points_at_the_template(tmp_path: Path) -> None:
    chart = ROOT / "tests" / "rules" / "fixtures" / "unschedulable" / "fail-chart"
    (finding,) = unschedulable(kubelint("lint", str(chart), "--schedule", "--format", "json"))
    assert finding["file"].endswith("fail-chart/templates/deployment.yaml")
    assert (finding["line"], finding["column"]) == (15, 18)


# ---- schedule's machine formats ------------------------------------------------------------


def test_schedule_sarif_github_junit_list_the_pending_pods(tmp_path: Path) -> None:
    cluster, manifests = setup(tmp_path, 5)
    run = kubelint("schedule", manifests, "--cluster", cluster, "--format", "github")
    assert run.exit_code == 1
    (line,) = run.stdout.splitlines()
    assert line.startswith("::error file=")
    assert "app.yaml,line=13,col=37,title=unschedulable::1 of 5 pods" in line
    sarif, junit = tmp_path / "out.sarif", tmp_path / "out.xml"
    run = kubelint(
        "schedule", manifests, "--cluster", cluster, "--output", str(sarif), "--output", str(junit)
    )
    assert run.exit_code == 1
    assert "Pending: 0/3 nodes are available" in run.stdout  # the text report still prints
    (result,) = json.loads(sarif.read_text())["runs"][0]["results"]
    assert result["ruleId"] == "unschedulable"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 13
    assert 'failures="1"' in junit.read_text()


def test_schedule_machine_formats_are_empty_when_everything_fits(tmp_path: Path) -> None:
    cluster, manifests = setup(tmp_path, 2)
    run = kubelint("schedule", manifests, "--cluster", cluster, "--format", "sarif")
    assert run.exit_code == 0
    assert json.loads(run.stdout)["runs"][0]["results"] == []


def test_schedule_format_and_output_mistakes_are_usage_errors(tmp_path: Path) -> None:
    _, manifests = setup(tmp_path, 1)
    run = kubelint("schedule", manifests, "--format", "yaml")
    assert run.exit_code == 2
    run = kubelint("schedule", manifests, "--format", "json", "--format", "sarif")
    assert run.exit_code == 2


# ---- preemption ----------------------------------------------------------------------------

PRIORITY = """\
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: critical}
value: 1000
%s
"""
RUNNING = """\
---
apiVersion: v1
kind: Pod
metadata: {name: batch, namespace: default}
spec:
  nodeName: %s
  containers: [{name: c, resources: {requests: {cpu: 1500m}}}]
"""


def test_a_higher_priority_pod_would_preempt_a_lower_priority_one(tmp_path: Path) -> None:
    cluster = write(
        tmp_path,
        "cluster.yaml",
        CLUSTER + RUNNING % "node-a" + RUNNING.replace("batch", "batch-2") % "node-b",
    )
    text = (DEPLOYMENT % 1).replace(
        "    spec:\n", "    spec:\n      priorityClassName: critical\n"
    ) + PRIORITY % ""
    manifests = write(tmp_path, "app.yaml", text)
    run = kubelint("schedule", str(manifests), "--cluster", str(cluster), "--format", "json")
    (placement,) = run.json()["placements"]
    # kube nominates node-a: the event then carries no preemption text
    assert placement["reason"] == (
        "0/3 nodes are available: 1 node(s) had untolerated taint "
        "{node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu."
    )
    text_run = kubelint("schedule", str(manifests), "--cluster", str(cluster))
    assert (
        "hint: kube-scheduler would make room on node-a by preempting default/batch"
        in text_run.stdout
    )


def test_preemption_policy_never_says_so(tmp_path: Path) -> None:
    cluster = write(
        tmp_path,
        "cluster.yaml",
        CLUSTER + RUNNING % "node-a" + RUNNING.replace("batch", "batch-2") % "node-b",
    )
    text = (DEPLOYMENT % 1).replace("    spec:\n", "    spec:\n      priorityClassName: critical\n")
    manifests = write(tmp_path, "app.yaml", text + PRIORITY % "preemptionPolicy: Never")
    (placement,) = kubelint(
        "schedule", str(manifests), "--cluster", str(cluster), "--format", "json"
    ).json()["placements"]
    assert placement["reason"].endswith(
        "2 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never."
    )


def test_too_many_pods_points_at_the_replicas(tmp_path: Path) -> None:
    small = (DEPLOYMENT % 3).replace('cpu: "1", memory: 1Gi', "cpu: 10m, memory: 1Mi")
    manifests = write(tmp_path, "app.yaml", small)
    run = kubelint("lint", str(manifests), "--nodes", "1x4,8Gi,2", "--format", "json")
    (finding,) = unschedulable(run)
    assert (finding["path"], finding["line"]) == ("spec.replicas", 5)
    assert "1 Too many pods." in finding["message"]


def test_a_quantity_the_simulation_cannot_read_is_a_finding_in_lint(tmp_path: Path) -> None:
    manifests = write(tmp_path, "app.yaml", (DEPLOYMENT % 1).replace('cpu: "1"', "cpu: lots"))
    run = kubelint("lint", str(manifests), "--schedule", "--format", "json")
    (finding,) = unschedulable(run)
    assert finding["path"] == "spec.template.spec.containers[0].resources.requests.cpu"
    assert finding["message"].startswith("cannot place its pods: ")


# ---- the text report's less common lines -------------------------------------------------------


def test_text_report_summarises_many_pods_and_notes_daemonsets_without_nodes(
    tmp_path: Path,
) -> None:
    small = (DEPLOYMENT % 12).replace('cpu: "1", memory: 1Gi', "cpu: 10m, memory: 1Mi")
    picky = DAEMONSET.replace("    spec:\n", "    spec:\n      nodeSelector: {gpu: 'yes'}\n")
    cluster, manifests = setup(tmp_path, 0)
    manifests = str(write(tmp_path, "many.yaml", small + "---\n" + picky))
    run = kubelint("schedule", manifests, "--cluster", cluster)
    assert run.exit_code == 0
    assert "Deployment/default/api: 12 of 12 pod(s) placed" in run.stdout
    assert "  placed on node-a x6, node-b x6" in run.stdout
    assert "note: DaemonSet/default/logs: no node it should run on" in run.stdout


def test_text_report_of_inputs_without_workloads(tmp_path: Path) -> None:
    manifests = write(tmp_path, "cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n")
    run = kubelint("schedule", str(manifests))
    assert run.exit_code == 0
    assert "No pods to place: the inputs hold no workload." in run.stdout


def test_a_manifest_that_is_not_yaml_is_reported_and_fails_the_run(tmp_path: Path) -> None:
    manifests = write(tmp_path, "bad.yaml", "kind: Pod\nmetadata: {name: [\n")
    run = kubelint("schedule", str(manifests))
    assert run.exit_code == 1
    assert run.stderr.startswith(f"kubelint: error: {manifests}:3:1: ")


def test_drain_text_names_the_stranded_pods_and_the_budget_they_leave_short(
    tmp_path: Path,
) -> None:
    cluster, manifests = setup(tmp_path, 2, PDB % "maxUnavailable: 1")
    run = kubelint(
        "schedule", manifests, "--cluster", cluster, "--drain", "node-a", "--drain", "node-b"
    )
    assert run.exit_code == 1
    assert "(Deployment/default/api): node-a -> Pending: 0/3 nodes are available:" in run.stdout
    assert (
        "PodDisruptionBudget default/api: would be left with 0 healthy pod(s) of the 1 it "
        "requires: the evicted pods find no node"
    ) in run.stdout


def test_a_file_that_is_not_valid_yaml_is_reported_and_the_rest_placed(tmp_path: Path) -> None:
    cluster, manifests = setup(tmp_path, 2)
    write(tmp_path, "deploy/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n")
    write(tmp_path, "deploy/list.yaml", "- not\n- an object\n")
    folder = str(Path(manifests).parent)
    run = kubelint("schedule", folder, "--cluster", cluster, "--format", "json")
    assert run.exit_code == 1
    assert run.json()["summary"] == {"pods": 2, "scheduled": 2, "unschedulable": 0}
    # list.yaml holds no Kubernetes object: passed over, as lint skips it (--non-objects)
    (skipped,) = run.stderr.splitlines()
    assert skipped.startswith(f"kubelint: error: {folder}/broken.yaml:3:")


def test_a_read_write_once_pod_claim_shared_by_replicas_points_at_the_volumes(
    tmp_path: Path,
) -> None:
    text = """apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec: {accessModes: [ReadWriteOncePod], resources: {requests: {storage: 1Gi}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: nginx}]
      volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
"""
    manifests = write(tmp_path, "app.yaml", text)
    (finding,) = unschedulable(kubelint("lint", str(manifests), "--schedule", "--format", "json"))
    assert (finding["path"], finding["line"]) == ("spec.template.spec.volumes", 16)
    assert (
        "2 node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod"
        in (finding["message"])
    )


def test_the_target_version_decides_whether_a_too_small_node_is_a_preemption_candidate(
    tmp_path: Path,
) -> None:
    text = (DEPLOYMENT % 1).replace('cpu: "1"', 'cpu: "8"')
    manifests = write(tmp_path, "app.yaml", text)
    for version, tail in (
        ("1.33", "2 No preemption victims found"),
        ("1.34", "3 Preemption is not helpful"),
    ):
        run = kubelint(
            "schedule", str(manifests), "--kubernetes-version", version, "--format", "json"
        )
        (placement,) = run.json()["placements"]
        assert tail in placement["reason"].split("preemption:")[1], (version, placement["reason"])
