"""Placeholders for text substitution: reported once as such, and nothing else taken for one."""

from __future__ import annotations

from pathlib import Path

from kubelint.k8s.placeholders import is_placeholder, placeholder_at
from tests.conftest import kubelint

MANIFEST = """\
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports:
    - port: ${PORT}
      targetPort: Web_Port
      protocol: tcp
"""


def _rules(path: Path, *args: str) -> list[tuple[str, int]]:
    run = kubelint("lint", str(path), "--format", "json", *args)
    return sorted((f["rule"], f["line"]) for f in run.json()["findings"] if f["severity"] != "info")


def test_placeholder_replaces_the_findings_about_its_value(tmp_path: Path) -> None:
    path = tmp_path / "service.yaml"
    path.write_text(MANIFEST)
    found = _rules(path)
    assert ("placeholder", 7) in found
    assert not [rule for rule, line in found if line == 7 and rule != "placeholder"]
    # what is no placeholder is checked as written
    assert ("api-validation", 8) in found
    assert ("api-validation", 9) in found


def test_turned_off_values_are_checked_as_written(tmp_path: Path) -> None:
    path = tmp_path / "service.yaml"
    path.write_text(MANIFEST)
    config = tmp_path / "kubelint.yaml"
    config.write_text("rules:\n  placeholder: off\n")
    assert ("schema", 7) in _rules(path, "--config", str(config))


def test_what_is_a_placeholder() -> None:
    # $(var): a Kustomize var (`$(kfp-namespace)`) left by a Kustomization that did not build;
    # the kubelet's own $(VAR) expansion is in fields no check looks into (command, args, env)
    for value in ("${KSA_NAME}", "${PORT:-8080}", "$PROJECT", "etcd-{{cell}}", "{{ .name }}",
                  "<ADD LUN ID Here>", "gs://${BUCKET}/x", "$(kfp-namespace)",
                  "cache-server.$(kfp-namespace).svc"):  # fmt: skip
        assert is_placeholder(value), value
    for value in ("PORT", "NET_ADMIN", "web", "$()", "a<b", "Web_App-", "{{", "$lower", 8):
        assert not is_placeholder(value), value


def test_an_upper_case_name_is_a_placeholder_only_where_a_name_or_quantity_is_expected() -> None:
    pod = {
        "metadata": {"name": "PV_NAME"},
        "spec": {
            "serviceAccountName": "KSA_NAME",
            "containers": [{"resources": {"requests": {"storage": "DISK_SIZE"}},
                            "securityContext": {"capabilities": {"add": ["NET_ADMIN"]}},
                            "env": [{"name": "LOG_LEVEL"}]}],
        },
    }  # fmt: skip
    assert placeholder_at(pod, ("metadata", "name")) == "PV_NAME"
    assert placeholder_at(pod, ("spec", "serviceAccountName")) == "KSA_NAME"
    container: tuple[str | int, ...] = ("spec", "containers", 0)
    assert placeholder_at(pod, (*container, "resources", "requests", "storage")) == "DISK_SIZE"
    assert placeholder_at(pod, (*container, "securityContext", "capabilities", "add", 0)) is None
    assert placeholder_at(pod, (*container, "env", 0, "name")) is None
    service = {"spec": {"ports": [{"port": "PORT", "targetPort": "PORT", "protocol": "TCP"}]}}
    assert placeholder_at(service, ("spec", "ports", 0, "targetPort")) == "PORT"
    assert placeholder_at(service, ("spec", "ports", 0, "protocol")) is None
    assert placeholder_at({"image": "CONTAINER_IMAGE"}, ("image",)) == "CONTAINER_IMAGE"


def test_a_sed_template_is_read_and_each_placeholder_reported_once(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text(
        "apiVersion: v1\nkind: Secret\nmetadata: {name: relic}\ndata:\n  config: {{config_data}}\n"
        "stringData:\n  token: {{ token }}\n"
    )
    found = _rules(path)
    assert found.count(("placeholder", 5)) == 1
    assert found.count(("placeholder", 7)) == 1
    assert not [rule for rule, _ in found if rule in ("yaml-syntax", "schema")]
