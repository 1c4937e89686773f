"""A realistic app bundle, written cleanly, passes every rule; each seeded defect is found.

`bundle/clean/` holds a storefront (Deployment, Service, Ingress, IngressClass, ConfigMap,
Secrets, HPA, PDB, NetworkPolicy), a database (StatefulSet with its headless Service, a claim
per replica) and backups (StorageClass, PV, PVC, CronJob). `bundle/seeded/` is the same with
defects, each line that carries one marked `# expect: <rule>:<column>`.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import kubelint
from tests.rules.test_fixtures import EXPECT

BUNDLE = Path(__file__).parent / "bundle"


def _findings(folder: Path) -> list[dict[str, object]]:
    run = kubelint("lint", str(folder), "--format", "json", "--config", str(BUNDLE / "all.yaml"))
    assert run.exit_code in (0, 1), run.stderr
    findings: list[dict[str, object]] = run.json()["findings"]
    return findings


def test_clean_bundle_has_no_error_or_warning() -> None:
    found = [f for f in _findings(BUNDLE / "clean") if f["severity"] != "info"]
    assert found == []


def test_every_seeded_defect_is_found_at_its_line() -> None:
    expected = set()
    for path in sorted((BUNDLE / "seeded").glob("*.yaml")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for match in EXPECT.finditer(line):
                expected.add((path.name, number, int(match.group(2)), match.group(1)))
    found = {
        (Path(str(f["file"])).name, f["line"], f["column"], f["rule"])
        for f in _findings(BUNDLE / "seeded")
    }
    assert found == expected
