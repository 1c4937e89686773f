"""Go's time layouts and durations, as Sprig's date functions use them (what Helm prints for
the same calls is compared in test_function_parity.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from kubelint.chart import dates

MOMENT = dt.datetime(2024, 3, 5, 14, 7, 9, 123456, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("layout", "text"),
    [
        ("2006-01-02", "2024-03-05"),
        ("2006-01-02T15:04:05Z07:00", "2024-03-05T14:07:09Z"),
        ("Jan _2 03:04:05.000 PM MST", "Mar  5 02:07:09.123 PM UTC"),
        ("Monday, 02-Jan-06 15:04:05 MST", "Tuesday, 05-Mar-24 14:07:09 UTC"),
        ("2006-01-02 15:04:05.999999999 -0700 MST", "2024-03-05 14:07:09.123456 +0000 UTC"),
        ("Month 1/2", "Month 3/5"),  # "Mon" before a lower-case letter is text
    ],
)
def test_go_format(layout: str, text: str) -> None:
    assert dates.go_format(MOMENT, layout) == text


def test_go_parse_and_its_errors() -> None:
    parsed = dates.go_parse("2006-01-02T15:04:05.999Z07:00", "2024-03-05T14:07:09.5-02:30")
    assert parsed == dt.datetime(2024, 3, 5, 16, 37, 9, 500000, tzinfo=dt.UTC)
    assert dates.go_parse("Jan 2 2006 3pm", "Mar 5 2024 2pm").hour == 14
    with pytest.raises(dates.DateError, match='parsing time "2024-13-05": month out of range'):
        dates.go_parse("2006-01-02", "2024-13-05")
    assert dates.to_date("2006-01-02", "nope") == dates.ZERO_TIME
    with pytest.raises(dates.DateError):  # numbers never give digits back: no backtracking
        dates.go_parse("1" * 40, "1" * 60 + "x")
    with pytest.raises(dates.DateError, match='cannot parse "nope"'):
        dates.must_to_date("2006-01-02", "nope")


@pytest.mark.parametrize(
    ("nanoseconds", "text"),
    [(0, "0s"), (1, "1ns"), (1500, "1.5µs"), (1_500_000, "1.5ms"), (1_500_000_000, "1.5s"),
     (3_600_000_000_000, "1h0m0s"), (-95_000_000_000, "-1m35s")],
)  # fmt: skip
def test_go_duration(nanoseconds: int, text: str) -> None:
    assert dates.go_duration(nanoseconds) == text
    assert dates.parse_duration(text) == nanoseconds


def test_times_relative_to_now() -> None:
    hour_ago = dates.now() - dt.timedelta(hours=1, seconds=5)
    assert dates.ago(hour_ago) in ("1h0m5s", "1h0m6s")
    assert dates.duration_round(hour_ago) == "1h"
    assert dates.date("2006", "not a time") == str(dates.now().year)  # Sprig: not a time is now
    with pytest.raises(dates.DateError, match='invalid duration "1x"'):
        dates.must_date_modify("1x", MOMENT)
    assert dates.date_modify("1x", MOMENT) == MOMENT
