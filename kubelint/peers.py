"""The default checks of the peers kubelint users migrate from, and what kubelint does with
each: README's migration table is generated from these lists and the rules' `peers` metadata
(`python -m kubelint.docgen`), and a test keeps them in step.

A check some rule names in its `peers` is covered by that rule. Every other default check has
a `Gap`: why kubelint leaves it out, and the rule that comes closest where one does (a rule
that covers it only with an option, or a rule whose metadata is kept elsewhere).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Gap:
    why: str
    rule: str | None = None  # the rule that covers it in part, or with an option


@dataclass(frozen=True, slots=True)
class Peer:
    name: str  # the prefix of its ids in rule metadata: "kube-linter:latest-tag"
    source: str  # where its default check list comes from
    defaults: dict[str, Gap | None]  # every default check: None where a rule names it
    others: frozenset[str] = frozenset()  # checks off by default that rules name


API_VALIDATION = "the API server rejects it, and `api-validation` reports it as the server does"
PULL_POLICY = (
    "asks for `Always` on every container; kubelint reports only a policy that can run a stale "
    "image (`IfNotPresent` or `Never` on `latest` or no tag): `Always` on a pinned tag is a "
    "registry round trip per start for nothing"
)
GUARANTEED = (
    "optional in kube-score: Guaranteed QoS (requests equal to limits) is a per-workload choice"
)

KUBE_LINTER = Peer(
    "kube-linter",
    "pkg/builtinchecks/yamls, enabled by default (docs/generated/checks.md)",
    {
        "dangling-service": None,
        "deprecated-service-account-field": None,
        "docker-sock": None,
        "drop-net-raw-capability": None,
        "duplicate-env-var": None,
        "env-var-secret": None,
        "host-ipc": None,
        "host-network": None,
        "host-pid": None,
        "invalid-target-ports": Gap(
            "port names must be IANA service names: " + API_VALIDATION, "api-validation"
        ),
        "job-ttl-seconds-after-finished": None,
        "latest-tag": None,
        "liveness-port": None,
        "mismatching-selector": None,
        "no-anti-affinity": None,
        "no-extensions-v1beta": None,
        "no-read-only-root-fs": None,
        "non-existent-service-account": None,
        "pdb-max-unavailable": None,
        "pdb-min-available": None,
        "pdb-unhealthy-pod-eviction-policy": Gap(
            "asks every PodDisruptionBudget to set `unhealthyPodEvictionPolicy`; the default "
            "(`IfHealthyBudget`) is safe, so leaving it unset is no defect"
        ),
        "privilege-escalation-container": None,
        "privileged-container": None,
        "readiness-port": None,
        "run-as-non-root": None,
        "sensitive-host-mounts": None,
        "ssh-port": Gap(
            "a container port 22 is no risk in itself, and says nothing of an SSH server "
            "listening on another port"
        ),
        "startup-port": None,
        "unsafe-sysctls": None,
        "unset-cpu-requirements": None,
        "unset-memory-requirements": None,
    },
    frozenset(
        {
            "access-to-secrets",
            "cluster-admin-role-binding",
            "dangling-horizontalpodautoscaler",
            "dangling-ingress",
            "dangling-networkpolicy",
            "dangling-networkpolicypeer-podselector",
            "minimum-three-replicas",
            "no-liveness-probe",
            "no-readiness-probe",
            "unsafe-proc-mount",
            "wildcard-in-rules",
        }
    ),
)

KUBE_SCORE = Peer(
    "kube-score",
    "score/, every check registered (RegisterOptional…: off by default)",
    {
        "container-resources": None,
        "container-resource-requests-equal-limits": Gap(GUARANTEED),
        "container-cpu-requests-equal-limits": Gap(GUARANTEED),
        "container-memory-requests-equal-limits": Gap(GUARANTEED),
        "container-image-tag": None,
        "container-image-pull-policy": Gap(PULL_POLICY, "image-pull-policy"),
        "container-ephemeral-storage-request-and-limit": Gap(
            "with `ephemeral-storage` in the rule's `requests` and `limits` options; off by "
            "default, as most pods write little to their node's disk",
            "container-resources",
        ),
        "container-ephemeral-storage-request-equals-limit": Gap(GUARANTEED),
        "container-ports-check": Gap(
            "optional in kube-score; port names and numbers are checked by `api-validation` "
            "and `duplicate-container-port`"
        ),
        "environment-variable-key-duplication": None,
        "cronjob-has-deadline": None,
        "cronjob-restartpolicy": Gap(
            "a Job's pods cannot have `restartPolicy: Always`: " + API_VALIDATION,
            "api-validation",
        ),
        "deployment-strategy": Gap(
            "`Recreate` is a deliberate choice (a volume one pod at a time may write); "
            "`rolling-update` checks instead that a rolling update keeps a pod up",
            "rolling-update",
        ),
        "deployment-replicas": None,
        "ingress-targets-service": None,
        "statefulset-has-poddisruptionbudget": Gap(
            "a StatefulSet's disruption budget follows its quorum, which a linter cannot know; "
            "`pdb-blocks-eviction` checks the budgets that exist"
        ),
        "deployment-has-poddisruptionbudget": None,
        "poddisruptionbudget-has-policy": Gap(
            "a PodDisruptionBudget without minAvailable or maxUnavailable allows every "
            "eviction: useless but harmless"
        ),
        "pod-networkpolicy": None,
        "networkpolicy-targets-pod": None,
        "pod-probes": None,
        "pod-probes-identical": None,
        "container-security-context-user-group-id": None,
        "container-security-context-privileged": None,
        "container-security-context-readonlyrootfilesystem": None,
        "container-seccomp-profile": Gap(
            "optional in kube-score; `pod-security` at level `restricted` requires a "
            "`RuntimeDefault` or `Localhost` profile",
            "pod-security",
        ),
        "service-targets-pod": None,
        "service-type": Gap(
            "NodePort is a legitimate type (bare-metal clusters, ingress controllers); "
            "`service-type` checks the type is valid and `service-nodeport-range` its port",
            "service-type",
        ),
        "stable-version": None,
        "deployment-has-host-podantiaffinity": None,
        "statefulset-has-host-podantiaffinity": None,
        "deployment-targeted-by-hpa-does-not-have-replicas-configured": None,
        "statefulset-has-servicename": None,
        "deployment-pod-selector-labels-match-template-metadata-labels": Gap(
            "a selector that does not match the template's labels: " + API_VALIDATION,
            "api-validation",
        ),
        "statefulset-pod-selector-labels-match-template-metadata-labels": Gap(
            "a selector that does not match the template's labels: " + API_VALIDATION,
            "api-validation",
        ),
        "label-values": Gap("an invalid label value: " + API_VALIDATION, "api-validation"),
        "horizontalpodautoscaler-has-target": None,
        "horizontalpodautoscaler-replicas": Gap(
            "with the rule's option `min-replicas: 2` (off by default: one replica may be "
            "enough where an autoscaler adds more under load)",
            "hpa-scaling",
        ),
        "pod-topology-spread-constraints": Gap(
            "kube-score checks a constraint's own fields, which `schema` checks; "
            "`anti-affinity` checks that replicas are spread over nodes",
            "anti-affinity",
        ),
    },
)

POLARIS = Peer(
    "polaris",
    "pkg/config/default.yaml, checks",
    {
        "deploymentMissingReplicas": None,
        "priorityClassNotSet": Gap(
            "priority classes are a cluster's policy, and most clusters define none"
        ),
        "tagNotSpecified": None,
        "pullPolicyNotAlways": Gap(PULL_POLICY, "image-pull-policy"),
        "readinessProbeMissing": None,
        "livenessProbeMissing": None,
        "metadataAndInstanceMismatched": Gap(
            "asks `app.kubernetes.io/instance` to equal the object's name; Helm sets it to the "
            "release name, which differs by design"
        ),
        "pdbDisruptionsIsZero": None,
        "missingPodDisruptionBudget": None,
        "topologySpreadConstraint": Gap(
            "asks every workload for a topology spread constraint; kubelint asks replicated "
            "workloads to spread over nodes, by anti-affinity or a spread constraint",
            "anti-affinity",
        ),
        "hpaMaxAvailability": None,
        "hpaMinAvailability": Gap(
            "with the rule's option `min-replicas: 2` (off by default)", "hpa-scaling"
        ),
        "pdbMinAvailableGreaterThanHPAMinReplicas": None,
        "cpuRequestsMissing": None,
        "cpuLimitsMissing": None,
        "memoryRequestsMissing": None,
        "memoryLimitsMissing": None,
        "automountServiceAccountToken": Gap(
            "whether a pod talks to the API server (or a sidecar of it does) is not in the "
            "manifest; turning the token off is hardening a linter cannot judge"
        ),
        "hostIPCSet": None,
        "hostPathSet": None,
        "hostProcess": None,
        "hostPIDSet": None,
        "linuxHardening": Gap(
            "`pod-security` at level `restricted` requires a seccomp profile and dropping ALL "
            "capabilities (stricter than one hardening measure of several)",
            "pod-security",
        ),
        "missingNetworkPolicy": None,
        "notReadOnlyRootFilesystem": None,
        "privilegeEscalationAllowed": None,
        "procMount": None,
        "runAsRootAllowed": None,
        "runAsPrivileged": None,
        "dangerousCapabilities": None,
        "insecureCapabilities": None,
        "hostNetworkSet": None,
        "hostPortSet": None,
        "tlsSettingsMissing": None,
        "sensitiveContainerEnvVar": None,
        "sensitiveConfigmapContent": None,
        "clusterrolePodExecAttach": None,
        "rolePodExecAttach": None,
        "clusterrolebindingPodExecAttach": None,
        "rolebindingClusterRolePodExecAttach": None,
        "rolebindingRolePodExecAttach": None,
        "clusterrolebindingClusterAdmin": None,
        "rolebindingClusterAdminClusterRole": None,
        "rolebindingClusterAdminRole": None,
    },
)

PEERS = (KUBE_LINTER, KUBE_SCORE, POLARIS)
