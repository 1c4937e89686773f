"""Fingerprints: what identifies a finding when the lines around it move.

A finding's fingerprint hashes its rule, its object (apiVersion, kind, namespace, name), the
JSON path of the field and its message with line and column numbers taken out. A finding about
a file rather than an object (a YAML syntax error, a duplicate key) has no object to name, so
the text of the offending line stands in for it. The fingerprint leaves the file out, which
baselines and SARIF `partialFingerprints` see from their own roots: `in_file` adds it for SARIF.
"""

from __future__ import annotations

import hashlib
import re

from kubelint.findings import Finding, ObjectRef

# "line 12", "lines 3", and "file.yaml:12" / "file.yaml:12:5" in messages
_LINE_NUMBERS = re.compile(r"\b(lines?|column) \d+|(?<=\S):\d+(?::\d+)?\b")
# What each of those holds: a digit after a space or a colon. Most messages have none, and
# looking for it costs a fifth of looking for them (tried at every character of the message).
_MAY_QUOTE_NUMBERS = re.compile(r"[ :]\d")
_SEPARATOR = "\x1f"


def normalise(message: str) -> str:
    """The message without the line and column numbers it quotes."""
    if _MAY_QUOTE_NUMBERS.search(message) is None:
        return message
    return _LINE_NUMBERS.sub(lambda m: f"{m.group(1)} #" if m.group(1) else ":#", message)


def fingerprint(
    rule: str, message: str, obj: ObjectRef | None, path: str | None, line_text: str = ""
) -> str:
    """16 hex digits that stay the same when the finding's lines move; `line_text` (the
    offending line, stripped) counts only for a finding without an object."""
    # (one join of one tuple: this runs once per finding)
    if obj is not None:
        parts: tuple[str, ...] = (
            rule, obj.api_version or "", obj.kind or "", obj.namespace or "", obj.name or "",
            path or "", normalise(message),
        )  # fmt: skip
    else:
        parts = (rule, line_text.strip(), path or "", normalise(message))
    return hashlib.sha256(_SEPARATOR.join(parts).encode()).hexdigest()[:16]


def of(finding: Finding) -> str:
    """The finding's fingerprint: the engine's, or one made here (with no line text)."""
    return finding.fingerprint or fingerprint(
        finding.rule, finding.message, finding.object, finding.path
    )


def in_file(file: str, fingerprint: str) -> str:
    """A fingerprint (`of` a finding) with its file added, as the report spells the file
    (the digest of the two joined as `fingerprint` joins its parts)."""
    return hashlib.sha256(f"{file}{_SEPARATOR}{fingerprint}".encode()).hexdigest()[:16]
