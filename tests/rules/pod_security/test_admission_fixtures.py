"""The pod-security-admission library's own fixtures, through `kubelint lint`.

`admission/<level>-<version>-<pass|fail>.yaml` hold the pods the library's TestFixtures
generates for each level and policy version (every check's pass and fail cases). A pass pod
draws no finding; a fail pod draws one naming what the library's test expects in the admission
controller's message (the check's `expectErrorSubstring`, else its id).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import kubelint, write

ADMISSION = Path(__file__).parent / "admission"
BUNDLES = sorted(ADMISSION.glob("*.yaml"))
NAME = re.compile(r"(baseline|restricted)-(v1\.\d+)-(pass|fail)\.yaml")
# Fixture (check) → what the library's test looks for in the rejection message.
EXPECTED = {
    "allowprivilegeescalation": "allowPrivilegeEscalation",
    "apparmorprofile": "forbidden AppArmor profile",
    "capabilities_baseline": "capabilities",
    "capabilities_restricted": "unrestricted capabilities",
    "hostnamespaces": "host namespaces",
    "hostpathvolumes": "hostPath",
    "hostports": "hostPort",
    "hostprobesandhostlifecycle": "probe or lifecycle host",
    "privileged": "privileged",
    "procmount": "procMount",
    "procmount_restricted": "procMount",
    "restrictedvolumes": "restricted volume types",
    "runasnonroot": "runAsNonRoot",
    "runasuser": "runAsUser",
    "selinuxoptions": "seLinuxOptions",
    "seccompprofile_baseline": "seccompProfile",
    "seccompprofile_restricted": "seccompProfile",
    "sysctls": "forbidden sysctl",
    "windowshostprocess": "hostProcess",
}


def _lint(bundle: Path, level: str, version: str, tmp_path: Path) -> dict[str, list[str]]:
    config = write(
        tmp_path,
        "kubelint.yaml",
        f"rules:\n  pod-security:\n    options:\n      level: {level}\n      version: {version}\n",
    )
    run = kubelint(
        "lint", str(bundle), "--format", "json", "--config", str(config),
        "--kubernetes-version", "1.37",
    )  # fmt: skip
    assert run.exit_code in (0, 1), run.stderr
    found: dict[str, list[str]] = {}
    for finding in run.json()["findings"]:
        if finding["rule"] == "pod-security":
            found.setdefault(finding["object"]["name"], []).append(finding["message"])
    return found


def _pods(bundle: Path) -> list[str]:
    return re.findall(r"^  name: (\S+)$", bundle.read_text(), re.MULTILINE)


def test_three_policy_versions_or_more_for_each_level() -> None:
    versions = {(m[1], m[2]) for b in BUNDLES if (m := NAME.fullmatch(b.name))}
    for level in ("baseline", "restricted"):
        assert len({v for lvl, v in versions if lvl == level}) >= 3


@pytest.mark.parametrize("bundle", BUNDLES, ids=lambda b: b.stem)
def test_library_fixture_agrees(bundle: Path, tmp_path: Path) -> None:
    match = NAME.fullmatch(bundle.name)
    assert match, bundle.name
    level, version, outcome = match.groups()
    found = _lint(bundle, level, version, tmp_path)
    pods = _pods(bundle)
    assert pods
    if outcome == "pass":
        assert found == {}
        return
    for pod in pods:
        expected = EXPECTED[pod.rstrip("0123456789")]
        messages = found.get(pod, [])
        prefix = f'violates PodSecurity "{level}:{version}": '
        assert any(m.startswith(prefix) and expected in m for m in messages), (pod, messages)
