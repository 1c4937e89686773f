"""CronJob schedules, parsed like robfig/cron's standard parser."""

from __future__ import annotations

import pytest

from kubelint.k8s.cron import schedule_error


@pytest.mark.parametrize(
    "schedule",
    [
        "* * * * *",
        "0 1 * * *",
        "*/15 1-5,22 ? JAN-MAR mon-fri",
        "0 0 1 1 0",
        "59 23 31 12 6",
        "5/10 * * * *",
        "@hourly",
        "@every 1h30m",
        " 0 1 * * * ",
    ],
)
def test_valid(schedule: str) -> None:
    assert schedule_error(schedule) is None


@pytest.mark.parametrize(
    ("schedule", "reason"),
    [
        ("61 * * * *", "minute: end of range (61) above maximum (59)"),
        ("* 24 * * *", "hour: end of range (24) above maximum (23)"),
        ("* * 0 * *", "day of month: beginning of range (0) below minimum (1)"),
        ("* * * * 7", "day of week: end of range (7) above maximum (6)"),
        ("5-1 * * * *", "minute: beginning of range (5) beyond end of range (1)"),
        ("*/0 * * * *", "minute: step of range should be a positive number"),
        ("* * * FOO *", "month: failed to parse 'FOO'"),
        ("* * * *", "expected exactly 5 fields, found 4"),
        ("TZ=UTC * * * * *", "cannot use TZ or CRON_TZ in schedule"),
        ("@fortnightly", 'unrecognized descriptor: "@fortnightly"'),
        ("@every soon", 'failed to parse duration "soon"'),
    ],
)
def test_invalid(schedule: str, reason: str) -> None:
    error = schedule_error(schedule)
    assert error is not None
    assert error.startswith(reason)
