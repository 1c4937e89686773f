"""Files generated from the code, kept current by a test:

- README.md's rule table (between `<!-- rules:start -->` and `<!-- rules:end -->`), its
  migration table of the peers' default checks (`<!-- migration:… -->`, from kubelint/peers.py
  and the rules' `peers`), its template reference (`<!-- template-names:… -->`,
  `<!-- template-functions:… -->`) and its table of limits (`<!-- limits:… -->`);
- schemas/config.schema.json, the configuration file's schema (for editors, and the docs).

    python -m kubelint.docgen        # rewrite both
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from kubelint.chart.reference import functions_table, names_table
from kubelint.config import schema
from kubelint.limits import Limits
from kubelint.peers import PEERS
from kubelint.rules import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CONFIG_SCHEMA = ROOT / "schemas" / "config.schema.json"


def rules_table() -> str:
    lines = [
        "| rule | severity | what it checks | same check in peers |",
        "|---|---|---|---|",
    ]
    for rule in REGISTRY.values():
        peers = ", ".join(f"`{peer}`" for peer in rule.peers) or "—"
        anchor = f'<a id="{rule.id}"></a>'  # what SARIF's helpUri points at
        lines.append(f"| {anchor}`{rule.id}` | {rule.severity.label} | {rule.summary} | {peers} |")
    return "\n".join(lines) + "\n"


def covering_rules() -> dict[str, list[str]]:
    """`tool:check` → the rules whose `peers` metadata name it."""
    found: dict[str, list[str]] = {}
    for rule in REGISTRY.values():
        for peer in rule.peers:
            found.setdefault(peer, []).append(rule.id)
    return found


def migration_table() -> str:
    """Every default check of the peers: the rules that cover it, or why kubelint leaves it
    out."""
    covered = covering_rules()
    lines = ["| peer check | kubelint |", "|---|---|"]
    for peer in PEERS:
        for check, gap in peer.defaults.items():
            rules = covered.get(f"{peer.name}:{check}", [])
            if gap is None:
                answer = ", ".join(f"`{rule}`" for rule in rules)
            elif gap.rule:
                answer = f"`{gap.rule}` — {gap.why}"
            else:
                answer = f"left out: {gap.why}"
            lines.append(f"| `{peer.name}:{check}` | {answer} |")
    return "\n".join(lines) + "\n"


def limits_table() -> str:
    lines = ["| `limits:` key | default | what it bounds |", "|---|---|---|"]
    for key, default, unit, doc, _ in Limits.documented():
        lines.append(f"| `{key.removeprefix('limits.')}` | {default:,} {unit} | {doc} |")
    return "\n".join(lines) + "\n"


def readme(text: str) -> str:
    """README text with its generated blocks (rule table, template reference) regenerated."""
    for name, generate in (
        ("rules", rules_table),
        ("migration", migration_table),
        ("template-names", names_table),
        ("template-functions", functions_table),
        ("limits", limits_table),
    ):
        block = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.DOTALL)
        match = block.search(text)
        if match is None:
            raise ValueError(f"README.md has no <!-- {name}:start --> … <!-- {name}:end --> block")
        text = text[: match.end(1)] + generate() + text[match.start(2) :]
    return text


def config_schema() -> str:
    return json.dumps(schema(), indent=2) + "\n"


def main() -> None:
    README.write_text(readme(README.read_text()))
    CONFIG_SCHEMA.write_text(config_schema())


if __name__ == "__main__":
    main()
