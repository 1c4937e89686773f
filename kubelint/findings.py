"""The one record every check produces: a Finding, with its position and object."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from typing import Any

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


@dataclass(frozen=True, slots=True)
class ObjectRef:
    """Identifies a Kubernetes object the way `kubectl` does: apiVersion, kind, namespace, name."""

    api_version: str | None
    kind: str | None
    namespace: str | None
    name: str | None

    def __reduce__(self) -> tuple[type[ObjectRef], tuple[str | None, ...]]:
        """Pickled as a call (a worker sends thousands): several times faster to load than
        the default of a frozen dataclass, which sets each field through a loop."""
        return ObjectRef, (self.api_version, self.kind, self.namespace, self.name)

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


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column in a file."""

    line: int
    column: int


@dataclass(frozen=True, slots=True, init=False)
class Finding:
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
    # stays the same when lines move (kubelint.fingerprint): baselines, SARIF partialFingerprints
    fingerprint: str | None = None

    def __init__(
        self,
        rule: str,
        severity: Severity,
        message: str,
        file: str | None,
        line: int | None = None,
        column: int | None = None,
        object: ObjectRef | None = None,
        path: str | None = None,
        rendered: tuple[str, Position] | None = None,
        fingerprint: str | None = None,
    ) -> None:
        """The fields, each set through its slot's descriptor: less than half the time of the
        generated `__init__`, whose `object.__setattr__` looks each name up (a finding is
        made where it is found, and again where it is unpickled)."""
        set_rule, set_severity, set_message, set_file, set_line, set_column, set_object, \
            set_path, set_rendered, set_fingerprint = _FINDING_SLOTS  # fmt: skip
        set_rule(self, rule)
        set_severity(self, severity)
        set_message(self, message)
        set_file(self, file)
        set_line(self, line)
        set_column(self, column)
        set_object(self, object)
        set_path(self, path)
        set_rendered(self, rendered)
        set_fingerprint(self, fingerprint)

    def __reduce__(self) -> tuple[type[Finding], tuple[Any, ...]]:
        """Pickled as a call, as ObjectRef is (a worker sends its findings)."""
        return Finding, (
            self.rule, self.severity, self.message, self.file, self.line, self.column,
            self.object, self.path, self.rendered, self.fingerprint,
        )  # fmt: skip

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file or "", self.line or 0, self.column or 0, self.rule, self.message)

    def printable(self) -> Finding:
        """The finding as every report prints it: whatever came from the input (message, file,
        object, path) capped and escaped to one inert line each (kubelint.printable).
        The fingerprint stays the one of the finding as found."""
        obj, rendered = self.object or _NO_OBJECT, self.rendered or ("", None)
        if printable(
            self.message, self.file, self.path, rendered[0], obj.kind, obj.namespace, obj.name,
            obj.api_version,
        ):  # fmt: skip
            return self  # the common case, at a tenth of the cost
        return replace(
            self,
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


# What `Finding.__init__` sets, in the order of its fields.
_FINDING_SLOTS: tuple[Any, ...] = tuple(Finding.__dict__[f.name].__set__ for f in fields(Finding))
