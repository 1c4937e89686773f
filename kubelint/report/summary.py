"""Counting words shared by the reports, and the one-line summary `--ci` prints on stderr."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from kubelint.engine import Result
from kubelint.findings import Finding, Severity


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def by_severity(findings: Iterable[Finding], zeros: bool = True) -> str:
    """Counts like `1 error, 0 warnings, 2 infos`, most severe first (zeros left out if asked)."""
    counts = Counter(f.severity for f in findings)
    return ", ".join(
        plural(counts[severity], severity.label)
        for severity in sorted(Severity, reverse=True)
        if zeros or counts[severity]
    )


def ci_line(result: Result, threshold: Severity, failed: bool) -> str:
    """What a CI log's last line says: what was checked, what was found, and the verdict."""
    verdict = "failed" if failed else "passed"
    return (
        f"kubelint: {verdict}: checked {plural(result.files, 'file')} and "
        f"{plural(len(result.objects), 'object')}; {by_severity(result.findings)} "
        f"(--fail-on {threshold.label})"
    )
