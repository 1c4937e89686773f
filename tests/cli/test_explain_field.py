"""`kubelint explain-field`: kubectl explain, offline."""

from __future__ import annotations

from tests.conftest import kubelint


def test_a_field_with_type_description_and_children() -> None:
    run = kubelint("explain-field", "Deployment.spec.strategy")
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert lines[:2] == ["KIND:       Deployment", "VERSION:    apps/v1"]
    assert "FIELD: strategy <DeploymentStrategy>" in lines
    assert "  rollingUpdate\t<RollingUpdateDeployment>" in lines
    assert "  type\t<string>" in lines


def test_a_kind_in_any_case_and_lists_stepped_through() -> None:
    run = kubelint("explain-field", "pod.spec.containers.resources.limits")
    assert run.exit_code == 0
    assert "FIELD: limits <map[string]Quantity>" in run.stdout
    run = kubelint("explain-field", "pod.spec.containers")
    assert "FIELD: containers <[]Container>" in run.stdout
    assert "  name\t<string> -required-" in run.stdout


def test_recursive_prints_the_tree() -> None:
    run = kubelint("explain-field", "service.spec.ports", "--recursive")
    assert run.exit_code == 0
    assert "  port\t<integer> -required-" in run.stdout
    assert "  targetPort\t<IntOrString>" in run.stdout
    tree = kubelint("explain-field", "deployment.spec.template", "--recursive").stdout
    assert "        containerPort\t<integer> -required-" in tree


def test_version_and_api_version() -> None:
    run = kubelint("explain-field", "flowschema", "--kubernetes-version", "1.28")
    assert "VERSION:    flowcontrol.apiserver.k8s.io/v1beta3" in run.stdout
    run = kubelint("explain-field", "flowschema", "--kubernetes-version", "1.29")
    assert "VERSION:    flowcontrol.apiserver.k8s.io/v1" in run.stdout
    run = kubelint(
        "explain-field", "flowschema", "--kubernetes-version", "1.29",
        "--api-version", "flowcontrol.apiserver.k8s.io/v1beta3",
    )  # fmt: skip
    assert "VERSION:    flowcontrol.apiserver.k8s.io/v1beta3" in run.stdout


def test_mistakes_are_one_line_errors() -> None:
    run = kubelint("explain-field", "deployment.spec.replica")
    assert run.exit_code == 2
    assert run.stderr == (
        'kubelint: error: field "replica" does not exist in spec (did you mean "replicas"?)\n'
    )
    run = kubelint("explain-field", "deploymnet")
    assert run.exit_code == 2
    assert 'did you mean "Deployment"?' in run.stderr
    run = kubelint("explain-field", "pod", "--kubernetes-version", "1.2")
    assert run.exit_code == 2
    assert "supported:" in run.stderr
