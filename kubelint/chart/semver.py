"""SemVer 2 versions and the constraints of Chart.yaml's `kubeVersion` and `semverCompare`,
with the leniency of Helm's library (Masterminds/semver): `v1.2`, `1` and `1.2.x` are accepted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import total_ordering

from kubelint.printable import quote

_VERSION = re.compile(
    r"v?(?P<major>0|[1-9][0-9]*)(?:\.(?P<minor>[0-9]+))?(?:\.(?P<patch>[0-9]+))?"
    r"(?:-(?P<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
    r"(?:\+(?P<build>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
)
_TERM = re.compile(
    r"\s*(?P<op>!=|>=|=>|<=|=<|~>|>|<|=|~|\^)?\s*"
    r"(?P<ver>v?(?:[0-9]+|[xX*])(?:\.(?:[0-9]+|[xX*]))?(?:\.(?:[0-9]+|[xX*]))?"
    r"(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)\s*"
)
_HYPHEN = re.compile(r"\s*(\S+)\s+-\s+(\S+)\s*")
_WILD = ("x", "X", "*")
_UINT64 = 2**64  # Masterminds/semver reads each number as a uint64: a longer one is no version


@total_ordering
@dataclass(frozen=True, slots=True)
class Version:
    major: int
    minor: int
    patch: int
    pre: tuple[int | str, ...] = ()

    def _key(self) -> tuple[int, int, int, int, tuple[tuple[int, int | str], ...]]:
        parts = tuple((0, p) if isinstance(p, int) else (1, p) for p in self.pre)
        return (self.major, self.minor, self.patch, 0 if self.pre else 1, parts)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        pre = "-" + ".".join(str(p) for p in self.pre) if self.pre else ""
        return f"{self.major}.{self.minor}.{self.patch}{pre}"


def _number(digits: str) -> int | None:
    """A version number, or None beyond a uint64 (checked before Python reads a long one)."""
    if len(digits) > 20:
        return None
    number = int(digits)
    return number if number < _UINT64 else None


def _pre(text: str | None) -> tuple[int | str, ...]:
    if not text:
        return ()
    parts: list[int | str] = []
    for part in text.split("."):
        number = _number(part) if part.isdigit() else None
        parts.append(part if number is None else number)  # too long a number: compared as text
    return tuple(parts)


def parse_version(text: str) -> Version | None:
    """The version in `text`, or None when it is not one."""
    match = _VERSION.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        return None
    major, minor, patch = (_number(match[part] or "0") for part in ("major", "minor", "patch"))
    if major is None or minor is None or patch is None:
        return None
    return Version(major, minor, patch, _pre(match["pre"]))


def is_valid(text: object) -> bool:
    """A version as Chart.yaml's `version` must be: all of `text`, no space or line break
    around it (Masterminds' regular expression is anchored at both ends), each number a uint64."""
    return (
        isinstance(text, str)
        and _VERSION.fullmatch(text) is not None
        and parse_version(text) is not None
    )


class ConstraintError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class _Bound:
    op: str  # one of < <= > >= = !=
    version: Version

    def allows(self, v: Version) -> bool:
        base = Version(v.major, v.minor, v.patch, v.pre)
        return {
            "<": base < self.version,
            "<=": base <= self.version,
            ">": base > self.version,
            ">=": base >= self.version,
            "=": base == self.version,
            "!=": base != self.version,
        }[self.op]


def _term(op: str, text: str) -> list[_Bound]:
    text = text.lstrip("v").split("+")[0]
    core, _, pre_text = text.partition("-")
    fields = core.split(".")
    known: list[int] = []
    for part in fields:
        if part in _WILD:
            break
        number = _number(part) if part.isdigit() else None
        if number is None:
            raise ConstraintError(f"improper constraint: a version number {quote(part)}")
        known.append(number)
    pre = _pre(pre_text)
    if not known:
        anything = op in ("", "=", ">=", "<=", "=<", "=>", "~", "~>", "^")
        return [] if anything else [_Bound("<", Version(0, 0, 0))]
    full = known + [0] * (3 - len(known))
    padded = Version(full[0], full[1], full[2], pre)

    def bump(index: int) -> Version:
        parts = known[: index + 1] + [0] * (2 - index)
        parts[index] += 1
        return Version(parts[0], parts[1], parts[2])

    dirty = len(known) < len(fields)  # a wildcard: `1.2.x`, `1.*`
    if op in ("", "="):
        if dirty:
            return [_Bound(">=", padded), _Bound("<", bump(len(known) - 1))]
        return [_Bound("=", padded)]
    if op == "!=":
        return [_Bound("!=", padded)]
    if op in ("~", "~>"):
        return [_Bound(">=", padded), _Bound("<", bump(min(1, len(known) - 1)))]
    if op == "^":
        first = next((i for i, n in enumerate(known) if n != 0), len(known) - 1)
        return [_Bound(">=", padded), _Bound("<", bump(first))]
    if op == ">" and dirty:
        return [_Bound(">=", bump(len(known) - 1))]
    if op in ("<=", "=<") and dirty:
        return [_Bound("<", bump(len(known) - 1))]
    return [_Bound({"=>": ">=", "=<": "<="}.get(op, op), padded)]


@dataclass(frozen=True, slots=True)
class Constraint:
    text: str
    groups: tuple[tuple[_Bound, ...], ...]
    allows_pre: bool

    def check(self, version: Version) -> bool:
        if version.pre and not self.allows_pre:
            return False
        return any(all(b.allows(version) for b in group) for group in self.groups)


def parse_constraint(text: str) -> Constraint:
    """`>=1.19.0-0`, `^1.2`, `~1.2.3`, `1.x`, `>1, <2`, `1.2 - 1.4`, `a || b`."""
    groups: list[tuple[_Bound, ...]] = []
    for alternative in text.split("||"):
        bounds: list[_Bound] = []
        rest = alternative.strip()
        hyphen = _HYPHEN.fullmatch(rest)
        if hyphen:
            bounds += _term(">=", hyphen[1]) + _term("<=", hyphen[2])
        else:
            pos = 0
            while pos < len(rest):
                match = _TERM.match(rest, pos)
                if match is None or match.end() == pos:
                    raise ConstraintError(f"improper constraint: {text}")
                bounds += _term(match["op"] or "", match["ver"])
                pos = match.end()
                if pos < len(rest) and rest[pos] == ",":
                    pos += 1
            if not rest:
                raise ConstraintError(f"improper constraint: {text}")
        groups.append(tuple(bounds))
    return Constraint(text, tuple(groups), "-" in text)
