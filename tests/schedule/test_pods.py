"""Pods from workloads, the way the controllers and the API server's defaulting make them."""

from __future__ import annotations

import pytest

from kubelint.schedule.controllers import DAEMON_TOLERATIONS
from kubelint.schedule.podrequests import effective_requests
from kubelint.schedule.pods import PodError

from .helpers import pod, pods

DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  %s
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx
        resources: {limits: {cpu: "1", memory: 1Gi}, requests: {memory: 512Mi}}
"""


def test_deployment_replicas_default_to_one_and_requests_default_to_limits() -> None:
    (only,) = pods(DEPLOYMENT % "")
    assert only.owner == "Deployment/default/web"
    assert only.requests == {"cpu": 1000, "memory": 512 * 2**20}
    assert only.nonzero == (1000, 512 * 2**20)
    assert len(pods(DEPLOYMENT % "replicas: 4")) == 4
    assert pods(DEPLOYMENT % "replicas: 0") == []


def test_best_effort_pod_scores_with_default_requests() -> None:
    (pod,) = pods(
        "{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: c}]}}"
    )
    assert pod.requests == {}
    assert pod.nonzero == (100, 200 * 2**20)


def test_hpa_min_and_max_replicas() -> None:
    hpa = """
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 5
"""
    text = DEPLOYMENT % "replicas: 3" + hpa
    assert len(pods(text)) == 2
    assert len(pods(text, at_max=True)) == 5


def test_statefulset_ordinals_and_claims() -> None:
    made = pods("""
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: postgres}]}
  volumeClaimTemplates:
  - metadata: {name: data}
""")
    assert [p.name for p in made] == ["db-0", "db-1"]
    assert [p.claims for p in made] == [("data-db-0",), ("data-db-1",)]


@pytest.mark.parametrize(
    ("job_spec", "count"),
    [
        ("{}", 1),
        ("{parallelism: 3}", 3),
        ("{parallelism: 3, completions: 2}", 2),
        ("{parallelism: 0}", 0),
    ],
)
def test_job_parallelism_capped_by_completions(job_spec: str, count: int) -> None:
    text = f"""
apiVersion: batch/v1
kind: Job
metadata: {{name: j}}
spec:
  <<: {job_spec}
  template: {{spec: {{containers: [{{name: c}}], restartPolicy: Never}}}}
"""
    assert len(pods(text)) == count


def test_cronjob_makes_one_job() -> None:
    made = pods("""
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 0 * * *"
  jobTemplate:
    spec:
      parallelism: 2
      template: {spec: {containers: [{name: c}], restartPolicy: Never}}
""")
    assert len(made) == 2
    assert all(p.owner == "CronJob/default/nightly" for p in made)


def test_daemonset_template_carries_the_automatic_tolerations() -> None:
    (template,) = pods("""
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {hostNetwork: true, containers: [{name: c}]}
""")
    assert template.daemon
    keys = {t.key for t in template.tolerations}
    assert {t["key"] for t in DAEMON_TOLERATIONS} <= keys
    assert "node.kubernetes.io/network-unavailable" in keys


def test_priority_class_orders_pods_then_input_order() -> None:
    made = pods("""
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
---
{apiVersion: v1, kind: Pod, metadata: {name: a}, spec: {containers: [{name: c}]}}
---
{apiVersion: v1, kind: Pod, metadata: {name: b}, spec: {priorityClassName: high, containers: [{name: c}]}}
---
{apiVersion: v1, kind: Pod, metadata: {name: c}, spec: {containers: [{name: c}]}}
---
{apiVersion: v1, kind: Pod, metadata: {name: d}, spec: {priorityClassName: system-node-critical, containers: [{name: c}]}}
""")
    assert [p.name for p in made] == ["d", "b", "a", "c"]


def test_effective_requests_with_init_containers_sidecars_and_overhead() -> None:
    # kube's example: app containers 1 cpu; a sidecar of 0.5 started first; then an init
    # container of 2 cpu runs beside the sidecar (2.5); the pod needs max(1.5, 2.5) + overhead
    result = effective_requests(
        [{"cpu": 1000}],
        [({"cpu": 500}, True), ({"cpu": 2000}, False)],
        {"cpu": 100},
    )
    assert result == {"cpu": 2600}


def test_effective_requests_when_init_is_smaller_than_the_app() -> None:
    result = effective_requests(
        [{"cpu": 1000, "memory": 100}], [({"cpu": 200, "memory": 500}, False)], {}
    )
    assert result == {"cpu": 1000, "memory": 500}


def test_bad_quantity_is_an_error_naming_file_line_and_field() -> None:
    text = """apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    resources:
      requests:
        cpu: lots
"""
    with pytest.raises(
        PodError, match=r"test.yaml:9:14: spec.containers\[0\].resources.requests.cpu:"
    ):
        pods(text)


def test_pod_terms_and_spread_constraints_are_read() -> None:
    (pod,) = pods("""
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: shop, labels: {app: web, version: v2}}
spec:
  containers: [{name: c, ports: [{containerPort: 80, hostPort: 8080}]}]
  affinity:
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector: {matchLabels: {app: web}}
        topologyKey: kubernetes.io/hostname
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 10
        podAffinityTerm:
          labelSelector: {matchLabels: {app: cache}}
          namespaceSelector: {}
          topologyKey: topology.kubernetes.io/zone
  topologySpreadConstraints:
  - maxSkew: 2
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: ScheduleAnyway
    labelSelector: {matchLabels: {app: web}}
    matchLabelKeys: [version]
""")
    (anti,) = pod.anti_affinity
    assert anti.namespaces == frozenset({"shop"})
    assert anti.selects("shop", {"app": "web"})
    assert not anti.selects("other", {"app": "web"})
    ((weight, preferred),) = pod.preferred_affinity
    assert weight == -10
    assert preferred.namespaces is None
    (spread,) = pod.spread
    assert (spread.max_skew, spread.hard) == (2, False)
    assert spread.term.selects("shop", {"app": "web", "version": "v2"})
    assert not spread.term.selects("shop", {"app": "web", "version": "v1"})
    assert pod.ports == (("0.0.0.0", "TCP", 8080),)
    assert pod.default_spread is None


def test_init_containers_sidecars_and_ephemeral_containers_through_a_pod() -> None:
    made = pod("""
initContainers:
- {name: init, resources: {requests: {cpu: "2"}}}
- {name: sidecar, restartPolicy: Always, resources: {requests: {cpu: 500m, memory: 1Gi}}}
containers:
- {name: app, resources: {requests: {cpu: "1"}}}
ephemeralContainers:
- {name: debug, resources: {requests: {cpu: "9"}}}
""")
    # app + sidecar = 1.5 cpu, below the init container's 2 (no sidecar runs before it)
    assert made.requests == {"cpu": 2000, "memory": 2**30}
    # scored: the app's memory defaults to 200Mi, beside the sidecar's 1Gi
    assert made.nonzero == (2000, 2**30 + 200 * 2**20)


def test_an_explicit_zero_request_scores_as_zero() -> None:
    made = pod("containers: [{name: c, resources: {requests: {cpu: '0'}}}]")
    assert made.requests == {}
    assert made.nonzero == (0, 200 * 2**20)


def test_pod_level_resources_replace_the_containers_sum() -> None:
    made = pod("""
resources: {limits: {cpu: "3"}}
overhead: {cpu: 100m}
containers: [{name: c, resources: {requests: {cpu: "1", memory: 1Gi}}}]
""")
    assert made.requests == {"cpu": 3100, "memory": 2**30}


def test_global_default_priority_and_preemption_policy_of_a_class() -> None:
    made = pods("""
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: base}
value: 10
globalDefault: true
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: polite}
value: 100
preemptionPolicy: Never
---
{apiVersion: v1, kind: Pod, metadata: {name: a}, spec: {containers: [{name: c}]}}
---
{apiVersion: v1, kind: Pod, metadata: {name: b}, spec: {priorityClassName: polite, containers: [{name: c}]}}
""")
    assert [(p.name, p.priority, p.preempts) for p in made] == [("b", 100, False), ("a", 10, True)]


def test_namespace_selector_resolves_against_the_namespaces_of_the_input() -> None:
    (made,) = pods("""
{apiVersion: v1, kind: Namespace, metadata: {name: team-a, labels: {team: a}}}
---
{apiVersion: v1, kind: Namespace, metadata: {name: team-b, labels: {team: b}}}
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: c}]
  affinity:
    podAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector: {matchLabels: {app: db}}
        namespaceSelector: {matchLabels: {team: a}}
        namespaces: [ops]
        topologyKey: kubernetes.io/hostname
      - labelSelector: {matchLabels: {app: db}}
""")
    (term,) = made.affinity  # the term without a topologyKey is rejected by the API server
    assert term.namespaces == frozenset({"ops", "team-a"})


def test_an_invalid_label_selector_is_an_error_naming_the_workload() -> None:
    with pytest.raises(PodError, match=r"test.yaml:1:1: Pod/default/p: invalid label selector: "):
        pods("""apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: c}]
  affinity:
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector: {matchExpressions: [{key: app, operator: Near}]}
        topologyKey: kubernetes.io/hostname
""")
