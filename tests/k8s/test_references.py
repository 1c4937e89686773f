"""Every place a pod names a ConfigMap, a Secret or (in an Ingress) a Service."""

from __future__ import annotations

from kubelint.k8s.references import config_references, ingress_backends


def test_config_references_with_keys_and_paths() -> None:
    pod = {
        "kind": "Pod",
        "spec": {
            "containers": [
                {
                    "name": "c",
                    "env": [
                        {"name": "A", "valueFrom": {"configMapKeyRef": {"name": "cm", "key": "a"}}},
                        {
                            "name": "B",
                            "valueFrom": {
                                "secretKeyRef": {"name": "s", "key": "b", "optional": True}
                            },
                        },
                    ],
                    "envFrom": [{"secretRef": {"name": "all"}}],
                }
            ],
            "volumes": [
                {
                    "name": "v",
                    "secret": {"secretName": "tls", "items": [{"key": "tls.crt", "path": "c"}]},
                },
                {"name": "p", "projected": {"sources": [{"configMap": {"name": "more"}}]}},
            ],
        },
    }
    found = [(r.kind, r.name, r.keys, r.optional, r.path) for r in config_references(pod)]
    c = ("spec", "containers", 0)
    assert found == [
        (
            "ConfigMap",
            "cm",
            (("a", (*c, "env", 0, "valueFrom", "configMapKeyRef", "key")),),
            False,
            (*c, "env", 0, "valueFrom", "configMapKeyRef", "name"),
        ),
        (
            "Secret",
            "s",
            (("b", (*c, "env", 1, "valueFrom", "secretKeyRef", "key")),),
            True,
            (*c, "env", 1, "valueFrom", "secretKeyRef", "name"),
        ),
        ("Secret", "all", (), False, (*c, "envFrom", 0, "secretRef", "name")),
        (
            "Secret",
            "tls",
            (("tls.crt", ("spec", "volumes", 0, "secret", "items", 0, "key")),),
            False,
            ("spec", "volumes", 0, "secret", "secretName"),
        ),
        (
            "ConfigMap",
            "more",
            (),
            False,
            ("spec", "volumes", 1, "projected", "sources", 0, "configMap", "name"),
        ),
    ]


def test_ingress_backends_of_v1_and_beta() -> None:
    ingress = {
        "spec": {
            "defaultBackend": {"service": {"name": "web", "port": {"number": 80}}},
            "rules": [
                {"http": {"paths": [{"backend": {"serviceName": "old", "servicePort": "http"}}]}}
            ],
        }
    }
    found = [(b.name, b.port, b.port_path) for b in ingress_backends(ingress)]
    assert found == [
        ("web", 80, ("spec", "defaultBackend", "service", "port", "number")),
        ("old", "http", ("spec", "rules", 0, "http", "paths", 0, "backend", "servicePort")),
    ]
