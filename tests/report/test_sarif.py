"""`--format sarif`: valid SARIF 2.1.0, rules documented, results located and fingerprinted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from kubelint.bundled import load_schema
from kubelint.report.paths import report_path, report_uri
from kubelint.report.sarif import rule_url
from kubelint.rules import REGISTRY
from tests.conftest import kubelint, write


def _errors(log: dict[str, Any]) -> str:
    schema = load_schema("sarif-2.1.0.json")
    # every format jsonschema knows: draft 4's own list lacks the uri-reference SARIF uses
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    return "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log))


def _validate(log: dict[str, Any]) -> None:
    assert _errors(log) == ""


def _sarif(*args: str) -> dict[str, Any]:
    run = kubelint("lint", *args, "--format", "sarif")
    assert run.exit_code in (0, 1), run.stderr
    log: dict[str, Any] = run.json()
    _validate(log)
    return log


def test_the_schema_is_a_valid_draft_4_schema() -> None:
    schema = load_schema("sarif-2.1.0.json")
    jsonschema.Draft4Validator.check_schema(schema)
    assert "oasis-tcs/sarif-spec" in schema["$comment"]


def test_the_schema_rejects_what_github_would() -> None:
    """The validation has teeth: a bad level, a result without a message, line 0, a uri."""
    bad: dict[str, Any] = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "kubelint"}},
                "results": [
                    {"ruleId": "x", "level": "fatal", "message": {"text": "m"}},
                    {"ruleId": "x"},
                    {
                        "message": {"text": "m"},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {"uri": "a b<c>.yaml"},
                                    "region": {"startLine": 0},
                                }
                            }
                        ],
                    },
                ],
            }
        ],
    }
    report = _errors(bad)
    assert "'fatal' is not one of" in report
    assert "'message' is a required property" in report
    assert "0 is less than the minimum of 1" in report
    assert "'a b<c>.yaml' is not a 'uri-reference'" in report


@pytest.mark.usefixtures("copied")
def test_golden_input_validates_and_describes_its_rules() -> None:
    log = _sarif("clean.yaml", "deploy.yaml", "web")
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [
        "duplicate-key",
        "chart-metadata",
        "service-selector-matches",
        "service-nodeport-range",
    ]  # the rules with results, in registry order
    for rule in rules:
        registered = REGISTRY[rule["id"]]
        assert rule["shortDescription"]["text"] == registered.summary
        assert rule["help"]["markdown"] == registered.doc.strip()
        assert rule["helpUri"] == rule_url(rule["id"])
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    chart = [r for r in run["results"] if r["ruleId"] == "service-nodeport-range"][1]
    location = chart["locations"][0]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "web/templates/service.yaml"},
        "region": {"startLine": 9, "startColumn": 17},
    }
    assert location["logicalLocations"] == [
        {
            "name": "release-name-web",
            "fullyQualifiedName": "Service/default/release-name-web",
            "kind": "resource",
        }
    ]
    assert chart["properties"]["object"]["kind"] == "Service"
    assert chart["properties"]["path"] == "spec.ports[0].nodePort"


def test_a_clean_run_is_a_valid_log_without_results(tmp_path: Path) -> None:
    write(tmp_path, "ok.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n")
    run = _sarif("ok.yaml")["runs"][0]
    assert run["results"] == []
    assert run["tool"]["driver"]["rules"] == []


def test_stdin_and_odd_file_names_are_uri_references(tmp_path: Path) -> None:
    run = kubelint("lint", "-", "--format", "sarif", stdin="a: [\n")
    log = run.json()
    _validate(log)
    result = log["runs"][0]["results"][0]
    assert result["ruleId"] == "yaml-syntax"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "%3Cstdin%3E"
    write(tmp_path, "a dir/x#1.yaml", "kind: Pod\na: [\n")  # a manifest: its error stays
    uri = _sarif(str(tmp_path / "a dir"))["runs"][0]["results"][0]["locations"][0]
    assert uri["physicalLocation"]["artifactLocation"]["uri"] == "a%20dir/x%231.yaml"


def test_paths_are_relative_to_the_working_directory_with_forward_slashes(
    tmp_path: Path,
) -> None:
    assert report_path(str(tmp_path / "deploy" / "web.yaml")) == "deploy/web.yaml"
    assert report_path("./deploy//web.yaml") == "deploy/web.yaml"
    outside = tmp_path.parent / "elsewhere.yaml"
    assert report_path(str(outside)) == outside.as_posix()
    assert report_uri(str(outside)) == outside.as_uri()


def _fingerprints(log: dict[str, Any]) -> dict[str, tuple[str, int]]:
    return {
        r["partialFingerprints"]["kubelint/v1"]: (
            r["message"]["text"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in log["runs"][0]["results"]
    }


def test_fingerprints_survive_moved_lines_and_tell_copies_apart(copied: Path) -> None:
    before = _fingerprints(_sarif("deploy.yaml"))
    manifest = copied / "deploy.yaml"
    manifest.write_text("# moved\n\n\n" + manifest.read_text())
    after = _fingerprints(_sarif("deploy.yaml"))
    assert after.keys() == before.keys()
    assert {key: line + 3 for key, (_, line) in before.items()} == {
        key: line for key, (_, line) in after.items()
    }
    configmap = manifest.read_text().split("---\n")[0]
    write(copied, "twice.yaml", f"{configmap}---\n{configmap.replace('settings', 'other')}")
    keys = list(_fingerprints(_sarif("twice.yaml")))  # the same duplicate key, twice
    assert [key.rsplit(":", 1)[1] for key in keys] == ["1", "2"]
    assert len({key.rsplit(":", 1)[0] for key in keys}) == 1


def test_sarif_in_a_file_and_the_text_on_stdout(copied: Path) -> None:
    run = kubelint("lint", "deploy.yaml", "--output", "out/kubelint.sarif")
    assert run.exit_code == 1
    assert "deploy.yaml:9:3 error duplicate-key" in run.stdout
    _validate(json.loads((copied / "out" / "kubelint.sarif").read_text()))
