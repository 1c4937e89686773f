"""Generate a realistic manifest corpus: the common kinds, as teams write them.

    python bench/corpus.py OUT_DIR --documents 5000

Files hold one to nine documents each (an app bundle per file, as repositories do), with
labels, annotations, resources, probes, env, volumes and comments. Each bundle is written as a
careful team would: in one namespace, with the ServiceAccount, ConfigMap and Secret its pods
read, so cross-object rules find it clean. The output is deterministic.

With `--field`, bundles are written as public repositories are (the real-repositories issue
measured 4 to 5 findings per document there): most containers lack a security context, limits or
probes, images float on `latest`, and a bundle often leaves out the ServiceAccount, ConfigMap or
Secret its pods read (they live elsewhere, or nowhere) — several findings per document, mostly of
the hardening and reference rules.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml


def _labels(app: str, rng: random.Random) -> dict[str, str]:
    return {
        "app.kubernetes.io/name": app,
        "app.kubernetes.io/instance": f"{app}-{rng.choice(['prod', 'staging', 'dev'])}",
        "app.kubernetes.io/part-of": rng.choice(["shop", "billing", "search", "auth"]),
        "app.kubernetes.io/managed-by": "kubelint-bench",
    }


def _container(app: str, rng: random.Random, index: int) -> dict[str, Any]:
    port = rng.choice([80, 8080, 8443, 9090, 3000]) if index == 0 else 9100 + index
    port_name = "http" if index == 0 else "metrics"
    return {
        "name": app if index == 0 else f"{app}-sidecar-{index}",
        "image": f"registry.example.com/{app}:1.{rng.randint(0, 30)}.{rng.randint(0, 9)}",
        "imagePullPolicy": "IfNotPresent",
        "ports": [{"name": port_name, "containerPort": port, "protocol": "TCP"}],
        "env": [
            {"name": f"VAR_{i}", "value": f"value-{rng.randint(0, 10**6)}"}
            for i in range(rng.randint(2, 8))
        ]
        + [
            {
                "name": "DB_PASSWORD",
                "valueFrom": {"secretKeyRef": {"name": f"{app}-db", "key": "password"}},
            }
        ],
        "envFrom": [{"configMapRef": {"name": f"{app}-config"}}],
        "resources": {
            "requests": {
                "cpu": f"{rng.choice([50, 100, 250, 500])}m",
                "memory": f"{rng.choice([64, 128, 256, 512])}Mi",
            },
            "limits": {"cpu": f"{rng.choice([1, 2])}", "memory": f"{rng.choice([1, 2])}Gi"},
        },
        "livenessProbe": {"httpGet": {"path": "/healthz", "port": port_name}, "periodSeconds": 10},
        "readinessProbe": {
            "httpGet": {"path": "/ready", "port": port_name},
            "initialDelaySeconds": 5,
        },
        "securityContext": {
            "runAsNonRoot": True,
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
        },
        "volumeMounts": [
            {"name": "config", "mountPath": "/etc/app"},
            {"name": "tmp", "mountPath": "/tmp"},
        ],
    }


def _pod_spec(app: str, rng: random.Random) -> dict[str, Any]:
    return {
        "serviceAccountName": app,
        "containers": [_container(app, rng, i) for i in range(rng.choice([1, 1, 1, 2]))],
        "volumes": [
            {"name": "config", "configMap": {"name": f"{app}-config"}},
            {"name": "tmp", "emptyDir": {}},
        ],
        "nodeSelector": {"kubernetes.io/os": "linux"},
        "tolerations": [
            {"key": "dedicated", "operator": "Equal", "value": app, "effect": "NoSchedule"}
        ],
    }


NAMESPACES = ["shop", "billing", "search", "auth"]


def _meta(app: str, rng: random.Random, suffix: str = "") -> dict[str, Any]:
    return {
        "name": app + suffix,
        "namespace": NAMESPACES[int(app.rsplit("-", 1)[1]) % len(NAMESPACES)],
        "labels": _labels(app, rng),
        "annotations": {"owner": f"team-{rng.randint(1, 40)}@example.com"},
    }


def deployment(app: str, rng: random.Random) -> dict[str, Any]:
    labels = _labels(app, rng)
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": _meta(app, rng),
        "spec": {
            "replicas": rng.randint(2, 6),
            "selector": {"matchLabels": {"app.kubernetes.io/name": app}},
            "strategy": {
                "type": "RollingUpdate",
                "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 0},
            },
            "template": {"metadata": {"labels": labels}, "spec": _pod_spec(app, rng)},
        },
    }


def autoscaled_deployment(app: str, rng: random.Random) -> dict[str, Any]:
    doc = deployment(app, rng)
    del doc["spec"]["replicas"]  # the HorizontalPodAutoscaler owns the count
    return doc


def statefulset(app: str, rng: random.Random) -> dict[str, Any]:
    doc = deployment(app, rng)
    doc["kind"] = "StatefulSet"
    spec = doc["spec"]
    del spec["strategy"]
    spec["serviceName"] = f"{app}-headless"
    spec["volumeClaimTemplates"] = [
        {
            "metadata": {"name": "data"},
            "spec": {
                "accessModes": ["ReadWriteOnce"],
                "resources": {"requests": {"storage": "10Gi"}},
            },
        }
    ]
    return doc


def service(app: str, rng: random.Random) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": _meta(app, rng),
        "spec": {
            "type": rng.choice(["ClusterIP", "ClusterIP", "NodePort"]),
            "selector": {"app.kubernetes.io/name": app},
            "ports": [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}],
        },
    }


def headless_service(app: str, rng: random.Random) -> dict[str, Any]:
    doc = service(app, rng)
    doc["metadata"]["name"] = f"{app}-headless"
    doc["spec"] = {**doc["spec"], "type": "ClusterIP", "clusterIP": "None"}
    return doc


def serviceaccount(app: str, rng: random.Random) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": _meta(app, rng)}


def configmap(app: str, rng: random.Random) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": _meta(app, rng, "-config"),
        "data": {
            "app.properties": "\n".join(f"key{i}=value{rng.randint(0, 999)}" for i in range(12))
            + "\n",
            "LOG_LEVEL": rng.choice(["debug", "info", "warn"]),
        },
    }


def secret(app: str, rng: random.Random) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": _meta(app, rng, "-db"),
        "type": "Opaque",
        "stringData": {"password": f"pw-{rng.randint(0, 10**9)}"},
    }


def ingress(app: str, rng: random.Random) -> dict[str, Any]:
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {
            **_meta(app, rng),
            "annotations": {"cert-manager.io/cluster-issuer": "letsencrypt"},
        },
        "spec": {
            "ingressClassName": "nginx",
            "tls": [{"hosts": [f"{app}.example.com"], "secretName": f"{app}-tls"}],
            "rules": [
                {
                    "host": f"{app}.example.com",
                    "http": {
                        "paths": [
                            {
                                "path": "/",
                                "pathType": "Prefix",
                                "backend": {"service": {"name": app, "port": {"name": "http"}}},
                            }
                        ]
                    },
                }
            ],
        },
    }


def hpa(app: str, rng: random.Random) -> dict[str, Any]:
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": _meta(app, rng),
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": app},
            "minReplicas": 2,
            "maxReplicas": rng.randint(3, 20),
            "metrics": [
                {
                    "type": "Resource",
                    "resource": {
                        "name": "cpu",
                        "target": {"type": "Utilization", "averageUtilization": 70},
                    },
                }
            ],
        },
    }


def pdb(app: str, rng: random.Random) -> dict[str, Any]:
    return {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": _meta(app, rng),
        "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app.kubernetes.io/name": app}}},
    }


def cronjob(app: str, rng: random.Random) -> dict[str, Any]:
    return {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": _meta(app, rng, "-cleanup"),
        "spec": {
            "schedule": f"{rng.randint(0, 59)} {rng.randint(0, 23)} * * *",
            "jobTemplate": {
                "spec": {
                    "template": {
                        "spec": {**_pod_spec(app, rng), "restartPolicy": "OnFailure"},
                    }
                }
            },
        },
    }


BUNDLES: list[list[Callable[[str, random.Random], dict[str, Any]]]] = [
    [autoscaled_deployment, service, configmap, secret, serviceaccount, ingress, hpa, pdb],
    [statefulset, service, headless_service, configmap, secret, serviceaccount],
    [deployment, service, pdb, configmap, secret, serviceaccount],
    [cronjob, configmap, secret, serviceaccount],
    [deployment, configmap, secret, serviceaccount],
    [configmap],
]


def _careless_container(container: dict[str, Any], rng: random.Random) -> None:
    """A container as samples write it: the hardening left out more often than not."""
    if rng.random() < 0.98:
        del container["securityContext"]
    if rng.random() < 0.8:
        del container["resources"]["limits"]
    if rng.random() < 0.85:
        del container["livenessProbe"], container["readinessProbe"]
    if rng.random() < 0.5:
        container["image"] = container["image"].rsplit(":", 1)[0] + ":latest"
        del container["imagePullPolicy"]


def careless(doc: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """`doc` as found in public repositories: see the module's docstring."""
    spec = doc.get("spec", {})
    pod = spec.get("template", spec.get("jobTemplate", {}).get("spec", {}).get("template"))
    if pod is not None:
        for container in pod["spec"]["containers"]:
            _careless_container(container, rng)
    return doc


FIELD_DROPS = {"serviceaccount": 0.8, "secret": 0.6, "configmap": 0.5, "pdb": 0.7}


def generate(out: Path, documents: int, seed: int = 7, field: bool = False) -> list[Path]:
    """Files under `out` holding `documents` documents in all; `field`: see the docstring."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    written = 0
    while written < documents:
        bundle = rng.choice(BUNDLES[:-1] if field else BUNDLES)  # field: no lone ConfigMaps
        app = f"app-{len(files):05d}"
        makers = [
            make
            for make in bundle
            if not (field and len(bundle) > 1 and rng.random() < FIELD_DROPS.get(make.__name__, 0))
        ]
        docs = [make(app, rng) for make in makers]
        if field:
            docs = [careless(doc, rng) for doc in docs]
        docs = docs[: documents - written]
        path = out / rng.choice(["apps", "platform", "teams"]) / f"{app}.yaml"
        path.parent.mkdir(exist_ok=True)
        body = "\n---\n".join(
            f"# {doc['kind']} for {app}\n" + yaml.safe_dump(doc, sort_keys=False) for doc in docs
        )
        path.write_text(body)
        files.append(path)
        written += len(docs)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--field", action="store_true", help="findings as in real repositories")
    args = parser.parse_args()
    files = generate(args.out, args.documents, field=args.field)
    print(f"{args.documents} documents in {len(files)} files under {args.out}")


if __name__ == "__main__":
    main()
