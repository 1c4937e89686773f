"""The date functions over `kubelint.chart.dates` (Go layouts; the local zone is UTC)."""

from __future__ import annotations

from kubelint.chart import dates
from kubelint.chart.funcs.base import HelmFunction

GROUP: dict[str, HelmFunction] = {
    "now": HelmFunction(dates.now, "", "the current time (non-deterministic)"),
    "date": HelmFunction(
        dates.date,
        "layout, time",
        "`time` (or Unix seconds; anything else: now) in Go's `layout`",
    ),
    "dateInZone": HelmFunction(
        dates.date_in_zone,
        "layout, time, zone",
        "`date` in an IANA zone (`Europe/Paris`; unknown: UTC)",
    ),
    "htmlDate": HelmFunction(dates.html_date, "time", '`date("2006-01-02", time)`'),
    "htmlDateInZone": HelmFunction(
        dates.html_date_in_zone, "time, zone", '`dateInZone("2006-01-02", time, zone)`'
    ),
    "toDate": HelmFunction(
        dates.to_date,
        "layout, text",
        "a time parsed with Go's `layout` (bad input: the zero time)",
    ),
    "mustToDate": HelmFunction(
        dates.must_to_date, "layout, text", "`toDate`; bad input is an error"
    ),
    "unixEpoch": HelmFunction(dates.unix_epoch, "time", "Unix seconds, as a string"),
    "dateModify": HelmFunction(
        dates.date_modify,
        "change, time",
        "`time` moved by a Go duration (`-1.5h`); a bad one leaves it",
    ),
    "mustDateModify": HelmFunction(
        dates.must_date_modify, "change, time", "`dateModify`; a bad duration is an error"
    ),
    "duration": HelmFunction(dates.duration, "seconds", "seconds as a Go duration: `95` → `1m35s`"),
    "durationRound": HelmFunction(
        dates.duration_round,
        "duration",
        "a duration (or the time since a time) in its largest unit: `2h`, `3mo`, `1y`",
    ),
    "ago": HelmFunction(
        dates.ago, "time", "the time since `time`, to the second (non-deterministic)"
    ),
    "date_in_zone": HelmFunction(
        dates.date_in_zone, "layout, time, zone", "Sprig's old name of `dateInZone`"
    ),
    "date_modify": HelmFunction(
        dates.date_modify, "change, time", "Sprig's old name of `dateModify`"
    ),
    "must_date_modify": HelmFunction(
        dates.must_date_modify, "change, time", "Sprig's old name of `mustDateModify`"
    ),
}
