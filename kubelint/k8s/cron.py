"""CronJob schedules, checked the way the API server parses them (robfig/cron's standard parser).

Five fields (minute, hour, day of month, month, day of week), each a `*`, `?`, a value, a range
`a-b`, with an optional step `/n`, or a comma list of these; months and week days may be named
(`JAN`, `MON`). Or a descriptor: `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`,
`@midnight`, `@hourly`, `@every 1h30m`. A time zone belongs in `spec.timeZone`, not in the
schedule.
"""

from __future__ import annotations

import re

from kubelint.k8s.data import digits
from kubelint.printable import quote

_FIELDS = (  # name, minimum, maximum, names
    ("minute", 0, 59, ()),
    ("hour", 0, 23, ()),
    ("day of month", 1, 31, ()),
    ("month", 1, 12, ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
                      "NOV", "DEC")),
    ("day of week", 0, 6, ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")),
)  # fmt: skip
_DESCRIPTORS = frozenset(
    {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}
)
_DURATION = re.compile(r"([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|ms|s|m|h)")


def schedule_error(schedule: str) -> str | None:
    """Why a CronJob schedule is invalid, or None when the API server accepts it."""
    text = schedule.strip()
    if text.startswith(("TZ=", "CRON_TZ=")):
        return "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"
    if text.startswith("@"):
        if text in _DESCRIPTORS:
            return None
        if text.startswith("@every "):
            duration = text.removeprefix("@every ").strip()
            if re.fullmatch(rf"(?:{_DURATION.pattern})+", duration):
                return None
            return f'failed to parse duration "{duration}" of @every'
        return f'unrecognized descriptor: "{text}"'
    fields = text.split()
    if len(fields) != len(_FIELDS):
        return f"expected exactly 5 fields, found {len(fields)}: {quote(text)}"
    for value, spec in zip(fields, _FIELDS, strict=True):
        for part in value.split(","):
            error = _range_error(part, *spec)
            if error:
                return error
    return None


def _number(text: str, names: tuple[str, ...]) -> int | None:
    if text.upper() in names:
        return names.index(text.upper()) + (1 if len(names) == 12 else 0)
    return digits(text)


def _range_error(expr: str, field: str, low: int, high: int, names: tuple[str, ...]) -> str | None:
    base, slash, step = expr.partition("/")
    if slash and not digits(step):
        return f"{field}: step of range should be a positive number: {quote(expr)}"
    if base in ("*", "?"):
        return None
    start_text, dash, end_text = base.partition("-")
    start = _number(start_text, names)
    end = _number(end_text, names) if dash else start
    if start is None or end is None:
        expected = "a number or a name" if names else "a number"
        return f"{field}: failed to parse {quote(expr)} (expected {expected})"
    if start < low:
        return f"{field}: beginning of range ({start}) below minimum ({low}): {quote(expr)}"
    if end > high:
        return f"{field}: end of range ({end}) above maximum ({high}): {quote(expr)}"
    if start > end:
        return f"{field}: beginning of range ({start}) beyond end of range ({end}): {quote(expr)}"
    return None
