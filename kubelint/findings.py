"""The one record every check produces: a Finding, with its position and object."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any, NamedTuple

from kubelint.printable import MESSAGE_LIMIT, line, printable, printed_length


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return _LABELS[self]  # an enum's name is a slow descriptor: this runs per finding

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {text!r} (expected error, warning or info)"
            ) from None


_LABELS = {severity: severity.name.lower() for severity in Severity}


# Records on lint's import path are NamedTuples or plain classes, never dataclasses: those cost
# 0.4 ms each to create and `dataclasses` imports `inspect` (tests/cli/test_startup.py).
class ObjectRef(NamedTuple):
    """Identifies a Kubernetes object the way `kubectl` does: apiVersion, kind, namespace, name."""

    api_version: str | None
    kind: str | None
    namespace: str | None
    name: str | None

    def to_json(self) -> dict[str, str | None]:
        return {
            "apiVersion": self.api_version,
            "kind": self.kind,
            "namespace": self.namespace,
            "name": self.name,
        }

    def __str__(self) -> str:
        name = f"{self.namespace}/{self.name}" if self.namespace else str(self.name)
        return f"{self.kind}/{name}"

    def printable(self) -> ObjectRef:
        """The reference with control characters escaped, each part capped (kubelint.printable)."""
        return ObjectRef(
            *(
                None if v is None else line(v)
                for v in (self.api_version, self.kind, self.namespace, self.name)
            )
        )


_NO_OBJECT = ObjectRef(None, None, None, None)


class Position(NamedTuple):
    """A 1-based line and column in a file."""

    line: int
    column: int


class Finding(NamedTuple):
    """One problem found: the rule, its severity and message, and where it is (file, line, column,
    object, field)."""

    rule: str
    severity: Severity
    message: str
    file: str | None
    line: int | None = None
    column: int | None = None
    object: ObjectRef | None = None
    path: str | None = None  # JSON path of the offending field, e.g. spec.replicas
    rendered: tuple[str, Position] | None = None  # for charts: where in the rendered output
    # stays the same when lines move (kubelint.fingerprint): baselines, SARIF partialFingerprints;
    # None: made when asked (`kubelint.fingerprint.of`), as it is for every finding on an object
    fingerprint: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file or "", self.line or 0, self.column or 0, self.rule, self.message)

    def printable(self) -> Finding:
        """The finding as every report prints it: whatever came from the input (message, file,
        object, path) capped and escaped to one inert line each (kubelint.printable).
        The fingerprint stays the one of the finding as found (made now if it was not)."""
        obj, rendered = self.object or _NO_OBJECT, self.rendered or ("", None)
        if printable(
            self.message, self.file, self.path, rendered[0], obj.kind, obj.namespace, obj.name,
            obj.api_version,
        ):  # fmt: skip
            return self  # the common case, at a tenth of the cost
        from kubelint.fingerprint import of  # (it names this module's types)

        return self._replace(
            fingerprint=of(self),
            message=line(self.message),
            file=None if self.file is None else line(self.file),
            object=None if self.object is None else self.object.printable(),
            path=None if self.path is None else line(self.path),
            rendered=None if self.rendered is None else (line(self.rendered[0]), self.rendered[1]),
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity.label,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "object": self.object.to_json() if self.object else None,
        }
        if self.path is not None:
            out["path"] = self.path
        if self.rendered is not None:
            file, pos = self.rendered
            out["rendered"] = {"file": file, "line": pos.line, "column": pos.column}
        return out


def printable_findings(findings: Iterable[Finding]) -> list[Finding]:
    """`Finding.printable` of each finding, at a third of the cost: the file and the object of
    the finding before are not checked again (findings come sorted), and a finding whose own
    texts are `str.isprintable` (see `printed_length`) and short enough is itself."""
    out: list[Finding] = []
    file: str | None = None
    obj: ObjectRef | None = None
    shared = 0  # the printed_length of the file and of the object's parts
    for finding in findings:
        if finding.file is not file or finding.object is not obj:
            file, obj = finding.file, finding.object
            shared = printed_length(file)
            if obj is not None:
                shared += printed_length(obj.api_version, obj.kind, obj.namespace, obj.name)
        message, path = finding.message, finding.path
        if (
            shared + len(message) + (0 if path is None else len(path)) <= MESSAGE_LIMIT
            and message.isprintable()
            and (path is None or path.isprintable())
            and finding.rendered is None
        ):
            out.append(finding)
        else:
            out.append(finding.printable())  # (which checks it all again)
    return out
