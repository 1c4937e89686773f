"""Files generated from the code, kept current by a test:

- README.md's rule table (between `<!-- rules:start -->` and `<!-- rules:end -->`);
- schemas/config.schema.json, the configuration file's schema (for editors, and the docs).

    python -m kubelint.docgen        # rewrite both
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from kubelint.config import schema
from kubelint.rules import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CONFIG_SCHEMA = ROOT / "schemas" / "config.schema.json"
_BLOCK = re.compile(r"(<!-- rules:start -->\n).*?(<!-- rules:end -->)", re.DOTALL)


def rules_table() -> str:
    lines = [
        "| rule | severity | what it checks | same check in peers |",
        "|---|---|---|---|",
    ]
    for rule in REGISTRY.values():
        peers = ", ".join(f"`{peer}`" for peer in rule.peers) or "—"
        lines.append(f"| `{rule.id}` | {rule.severity.label} | {rule.summary} | {peers} |")
    return "\n".join(lines) + "\n"


def readme(text: str) -> str:
    """README text with its rule table regenerated."""
    if not _BLOCK.search(text):
        raise ValueError("README.md has no <!-- rules:start --> … <!-- rules:end --> block")
    return _BLOCK.sub(lambda m: m.group(1) + rules_table() + m.group(2), text)


def config_schema() -> str:
    return json.dumps(schema(), indent=2) + "\n"


def main() -> None:
    README.write_text(readme(README.read_text()))
    CONFIG_SCHEMA.write_text(config_schema())


if __name__ == "__main__":
    main()
