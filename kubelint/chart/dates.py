"""Sprig's date functions: Go's reference-time layouts ("2006-01-02T15:04:05Z07:00") and Go's
durations ("1h30m", "90s"), for Python datetimes.

A template's "local" time zone is UTC: rendering reads nothing from the machine, so the same
chart renders the same text everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Callable
from fractions import Fraction
from typing import Any

UTC = dt.UTC
ZERO_TIME = dt.datetime(1, 1, 1, tzinfo=UTC)  # Go's zero time.Time
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Go's layout elements (time/format.go), longest first where one is the start of another.
_ELEMENT = re.compile(
    r"January|Jan(?![a-z])|Monday|Mon(?![a-z])|MST|2006|__2|_2|002|01|02|03|04|05|06|15|[12345]"
    r"|Z070000|Z07:00:00|Z0700|Z07:00|Z07|-070000|-07:00:00|-0700|-07:00|-07|PM|pm"
    r"|[.,](?:0+|9+)(?!\d)"
)


class DateError(Exception):
    """A `must…` date function that fails (the template stops with this message)."""


# -- formatting ------------------------------------------------------------------------------
def _offset(moment: dt.datetime, element: str) -> str:
    seconds = int((moment.utcoffset() or dt.timedelta()).total_seconds())
    if element.startswith("Z") and seconds == 0:
        return "Z"
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    colon = ":" if ":" in element else ""
    text = f"{sign}{hours:02}"
    if len(element.lstrip("Z-")) > 2:  # -0700, -07:00, -070000, -07:00:00
        text += f"{colon}{minutes:02}"
    if element.lstrip("Z-") in ("070000", "07:00:00"):
        text += f"{colon}{secs:02}"
    return text


def _zone_name(moment: dt.datetime) -> str:
    name = moment.tzname()
    if moment.tzinfo is UTC or name in ("UTC", None):
        return "UTC"
    if isinstance(moment.tzinfo, dt.timezone):  # a fixed offset has no abbreviation in Go
        return _offset(moment, "-0700")
    return name


def _element(moment: dt.datetime, element: str) -> str:
    formats: dict[str, Callable[[dt.datetime], str]] = {
        "January": lambda m: _MONTHS[m.month - 1],
        "Jan": lambda m: _MONTHS[m.month - 1][:3],
        "Monday": lambda m: _DAYS[m.weekday()],
        "Mon": lambda m: _DAYS[m.weekday()][:3],
        "MST": _zone_name,
        "2006": lambda m: f"{m.year:04}",
        "06": lambda m: f"{m.year % 100:02}",
        "01": lambda m: f"{m.month:02}",
        "1": lambda m: str(m.month),
        "02": lambda m: f"{m.day:02}",
        "2": lambda m: str(m.day),
        "_2": lambda m: f"{m.day:>2}",
        "002": lambda m: f"{m.timetuple().tm_yday:03}",
        "__2": lambda m: f"{m.timetuple().tm_yday:>3}",
        "15": lambda m: f"{m.hour:02}",
        "03": lambda m: f"{(m.hour % 12) or 12:02}",
        "3": lambda m: str((m.hour % 12) or 12),
        "04": lambda m: f"{m.minute:02}",
        "4": lambda m: str(m.minute),
        "05": lambda m: f"{m.second:02}",
        "5": lambda m: str(m.second),
        "PM": lambda m: "PM" if m.hour >= 12 else "AM",
        "pm": lambda m: "pm" if m.hour >= 12 else "am",
    }
    if element in formats:
        return formats[element](moment)
    if element[0] in ".,":  # fractional seconds: .000 exactly, .999 without trailing zeros
        digits = f"{moment.microsecond:06}000"[: len(element) - 1]
        if element[1] == "9":
            digits = digits.rstrip("0")
            return element[0] + digits if digits else ""
        return element[0] + digits
    return _offset(moment, element)


def go_format(moment: dt.datetime, layout: str) -> str:
    """`moment` formatted with Go's layout (the reference time Mon Jan 2 15:04:05 MST 2006)."""
    return _ELEMENT.sub(lambda m: _element(moment, m.group(0)), layout)


def go_time_string(moment: dt.datetime) -> str:
    """How Go prints a time.Time (`{{ now }}`)."""
    return go_format(moment, "2006-01-02 15:04:05.999999999 -0700 MST")


# -- parsing ---------------------------------------------------------------------------------
_PARSE_PATTERNS = {
    "January": "(?P<month_name>" + "|".join(_MONTHS) + ")",
    "Jan": "(?P<month_abbr>" + "|".join(m[:3] for m in _MONTHS) + ")",
    "Monday": "(?:" + "|".join(_DAYS) + ")",
    "Mon": "(?:" + "|".join(d[:3] for d in _DAYS) + ")",
    "MST": "(?P<zone_name>[A-Z]{3,5}+|[+-]\\d{2,4}+)",
    "2006": "(?P<year>\\d{4})",
    "06": "(?P<year2>\\d{2})",
    "01": "(?P<month>\\d{2})",
    "1": "(?P<month>\\d{1,2}+)",
    "02": "(?P<day>\\d{2})",
    "2": "(?P<day>\\d{1,2}+)",
    "_2": "(?P<day> ?+\\d{1,2}+)",
    "002": "(?P<yday>\\d{3})",
    "__2": "(?P<yday> {0,2}+\\d{1,3}+)",
    "15": "(?P<hour>\\d{1,2}+)",
    "03": "(?P<hour12>\\d{2})",
    "3": "(?P<hour12>\\d{1,2}+)",
    "04": "(?P<minute>\\d{2})",
    "4": "(?P<minute>\\d{1,2}+)",
    "05": "(?P<second>\\d{2})",
    "5": "(?P<second>\\d{1,2}+)",
    "PM": "(?P<ampm>AM|PM)",
    "pm": "(?P<ampm>am|pm)",
}


def _parse_pattern(element: str, used: set[str]) -> str:
    """The regular expression of one layout element. Numbers match greedily and never give
    digits back (possessive quantifiers), as Go's parser reads them, so no layout or text makes
    matching backtrack."""
    pattern = _PARSE_PATTERNS.get(element)
    if pattern is None:
        if element[0] in ".,":
            pattern = f"(?:[.,](?P<fraction>\\d{{{len(element) - 1}}}))"
            if element[1] == "9":
                pattern = "(?:[.,](?P<fraction>\\d++))?+"
        else:  # a numeric zone
            z = "Z|" if element.startswith("Z") else ""
            pattern = f"(?P<offset>{z}[+-]\\d{{2}}(?::?\\d{{2}}(?::?\\d{{2}})?)?)"
    name = re.search(r"\?P<(\w+)>", pattern)
    if name is not None:  # a second element for the same field must match, but is not read
        if name.group(1) in used:
            pattern = pattern.replace(f"?P<{name.group(1)}>", "?:")
        used.add(name.group(1))
    return pattern


def go_parse(layout: str, text: str) -> dt.datetime:
    """Go's time.Parse in UTC; a DateError with Go's wording when `text` does not fit."""
    used: set[str] = set()
    pattern, position = "", 0
    for match in _ELEMENT.finditer(layout):
        pattern += re.escape(layout[position : match.start()])
        pattern += _parse_pattern(match.group(0), used)
        position = match.end()
    pattern += re.escape(layout[position:])
    found = re.fullmatch(pattern, text)
    if found is None:
        raise DateError(f'parsing time "{text}" as "{layout}": cannot parse "{text}"')
    parts = {k: v for k, v in found.groupdict().items() if v is not None}
    try:
        year = int(parts.get("year", 0))
        if "year2" in parts:
            short = int(parts["year2"])
            year = short + (1900 if short >= 69 else 2000)
        if "month_name" in parts:
            month = _MONTHS.index(parts["month_name"]) + 1
        elif "month_abbr" in parts:
            month = [m[:3] for m in _MONTHS].index(parts["month_abbr"]) + 1
        else:
            month = int(parts.get("month", 1))
        hour = int(parts.get("hour", 0))
        if "hour12" in parts:
            hour = int(parts["hour12"]) % 12 + (12 if parts.get("ampm", "").lower() == "pm" else 0)
        micro = int((parts.get("fraction", "") + "000000")[:6])
        moment = dt.datetime(
            year, month, int(parts.get("day", "1").strip()), hour, int(parts.get("minute", 0)),
            int(parts.get("second", 0)), micro, tzinfo=_zone(parts),
        )  # fmt: skip
        if "yday" in parts:
            moment = moment.replace(month=1, day=1) + dt.timedelta(days=int(parts["yday"]) - 1)
    except ValueError as exc:  # Go's words for a field out of range
        field = next((f for f in ("month", "day", "hour", "minute", "second") if f in str(exc)), "")
        reason = f"{field} out of range" if field else str(exc)
        raise DateError(f'parsing time "{text}": {reason}') from None
    return moment


def _zone(parts: dict[str, str]) -> dt.tzinfo:
    offset = parts.get("offset") or parts.get("zone_name", "")
    digits = offset.replace(":", "")
    if not digits or digits == "Z" or digits[0] not in "+-":
        return UTC
    hours, minutes, seconds = int(digits[1:3]), int(digits[3:5] or 0), int(digits[5:7] or 0)
    delta = dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)
    return dt.timezone(-delta if digits[0] == "-" else delta)


# -- durations -------------------------------------------------------------------------------
_UNITS = {
    "ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000, "s": 1_000_000_000,
    "m": 60_000_000_000, "h": 3_600_000_000_000,
}  # fmt: skip
_DURATION = re.compile(r"([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+|0)")
_DURATION_PART = re.compile(r"(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)")


def parse_duration(text: str) -> int:
    """Go's time.ParseDuration, in nanoseconds; a DateError when `text` is not a duration."""
    match = _DURATION.fullmatch(text)
    if match is None:
        raise DateError(f'time: invalid duration "{text}"')
    total = sum(
        (Fraction(number) * _UNITS[unit] for number, unit in _DURATION_PART.findall(match[2])),
        Fraction(0),
    )
    return -int(total) if match[1] == "-" else int(total)


def _fraction(value: int, precision: int) -> tuple[str, int]:
    digits, rest = "", value
    for _ in range(precision):
        digits = str(rest % 10) + digits
        rest //= 10
    digits = digits.rstrip("0")
    return ("." + digits if digits else ""), rest


def go_duration(nanoseconds: int) -> str:
    """Go's Duration.String: `1h30m0s`, `1.5s`, `250ms`, `0s`."""
    value = abs(nanoseconds)
    sign = "-" if nanoseconds < 0 else ""
    if value == 0:
        return "0s"
    if value < 1_000_000_000:
        unit, precision = (
            ("ns", 0) if value < 1_000 else ("µs", 3) if value < 1_000_000 else ("ms", 6)
        )
        fraction, whole = _fraction(value, precision)
        return f"{sign}{whole}{fraction}{unit}"
    fraction, seconds = _fraction(value, 9)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    text = f"{seconds}{fraction}s"
    if minutes or hours:
        text = f"{minutes}m{text}"
    if hours:
        text = f"{hours}h{text}"
    return sign + text


# -- Sprig's functions -----------------------------------------------------------------------
def now() -> dt.datetime:
    return dt.datetime.now(UTC)


def _moment(date: Any) -> dt.datetime:
    """Sprig's date argument: a time, or Unix seconds; anything else means now."""
    if isinstance(date, dt.datetime):
        return date if date.tzinfo is not None else date.replace(tzinfo=UTC)
    if isinstance(date, int) and not isinstance(date, bool):
        return dt.datetime.fromtimestamp(date, UTC)
    return now()


def _location(zone: str) -> dt.tzinfo:
    if zone in ("", "UTC", "Local"):
        return UTC
    try:
        return zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC  # as Sprig: an unknown zone is UTC


def date_in_zone(layout: str, date: Any, zone: str) -> str:
    return go_format(_moment(date).astimezone(_location(str(zone))), str(layout))


def date(layout: str, date: Any) -> str:
    return date_in_zone(layout, date, "Local")


def html_date(date: Any) -> str:
    return date_in_zone("2006-01-02", date, "Local")


def html_date_in_zone(date: Any, zone: str) -> str:
    return date_in_zone("2006-01-02", date, zone)


def to_date(layout: str, text: str) -> dt.datetime:
    try:
        return go_parse(str(layout), str(text))
    except DateError:
        return ZERO_TIME


def must_to_date(layout: str, text: str) -> dt.datetime:
    return go_parse(str(layout), str(text))


def unix_epoch(date: dt.datetime) -> str:
    return str(int(_moment(date).timestamp()))


def must_date_modify(change: str, date: dt.datetime) -> dt.datetime:
    return _moment(date) + dt.timedelta(microseconds=parse_duration(str(change)) // 1000)


def date_modify(change: str, date: dt.datetime) -> dt.datetime:
    try:
        return must_date_modify(change, date)
    except DateError:
        return date


def duration(seconds: Any) -> str:
    """Seconds (a number or a string of digits) as a Go duration: `duration(95)` is `1m35s`."""
    try:
        count = int(seconds) if not isinstance(seconds, bool) else 0
    except (TypeError, ValueError):
        count = 0
    return go_duration(count * 1_000_000_000)


def duration_round(value: Any) -> str:
    """A duration (Go's text, or nanoseconds; a time: the time since) rounded to its largest
    unit: `2h`, `3mo`, `1y`."""
    if isinstance(value, dt.datetime):
        nanoseconds = int((now() - _moment(value)).total_seconds() * 1e9)
    elif isinstance(value, int) and not isinstance(value, bool):
        nanoseconds = value
    else:
        try:
            nanoseconds = parse_duration(str(value))
        except DateError:
            nanoseconds = 0
    value = abs(nanoseconds)
    second = 1_000_000_000
    for unit, size in (
        ("y", 365 * 86400 * second), ("mo", 30 * 86400 * second), ("d", 86400 * second),
        ("h", 3600 * second), ("m", 60 * second), ("s", second),
    ):  # fmt: skip
        if value > size:
            return f"{value // size}{unit}"
    return "0s"


def ago(date: Any) -> str:
    """The time since `date` (a time or Unix seconds), to the second: `2h3m4s`."""
    elapsed = now() - _moment(date)
    return go_duration(round(elapsed.total_seconds()) * 1_000_000_000)
