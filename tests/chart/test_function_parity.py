"""Sprig's functions, compared with Helm's own Go engine (the `helm-python-sdk` oracle): each
pair is the same call written in Go template syntax and in kubelint's Jinja2, and both must
print the same text."""

from __future__ import annotations

from pathlib import Path

import helm_python

from kubelint.chart.model import load_chart
from kubelint.chart.options import ChartOptions
from kubelint.chart.render import render
from tests.chart.charts import make_chart

VALUES = """\
name: My Web-App
text: "the quick brown fox jumps over the lazy dog"
list: [c, a, b, a]
map: {b: 2, a: 1}
path: /a/b/../c/file.tar.gz
"""
CASES = [
    # strings
    ('{{ abbrev 5 "hello world" }}', '{{ abbrev(5, "hello world") }}'),
    ('{{ abbrevboth 5 10 "1234 5678 9123" }}', '{{ abbrevboth(5, 10, "1234 5678 9123") }}'),
    ('{{ abbrev 3 "hello" }}', '{{ abbrev(3, "hello") }}'),
    ('{{ untitle "Hello World" }}', '{{ untitle("Hello World") }}'),
    ('{{ initials "First Try" }}', '{{ initials("First Try") }}'),
    ('{{ swapcase "This Is A.Test" }}', '{{ swapcase("This Is A.Test") }}'),
    ("{{ wrap 10 .Values.text }}", "{{ wrap(10, Values.text) }}"),
    ('{{ wrapWith 5 "\\t" "Hello World" }}', '{{ wrapWith(5, "\\t", "Hello World") }}'),
    ('{{ wrap 3 "a verylongword b" }}', '{{ wrap(3, "a verylongword b") }}'),
    ('{{ plural "one" "many" 1 }} {{ plural "one" "many" 2 }}', '{{ plural("one", "many", 1) }} {{ plural("one", "many", 2) }}'),
    ("{{ .Values.name | kebabcase }}", "{{ Values.name | kebabcase }}"),
    ("{{ .Values.name | snakecase }}", "{{ Values.name | snakecase }}"),
    ('{{ "http_server" | camelcase }}', '{{ "http_server" | camelcase }}'),
    ('{{ trimAll "$" "$5.00$" }} {{ trimall "$" "$5$" }}', '{{ trimAll("$", "$5.00$") }} {{ trimall("$", "$5$") }}'),
    ('{{ substr 1 4 "abcdef" }} {{ trunc -3 "abcdef" }}', '{{ substr(1, 4, "abcdef") }} {{ trunc(-3, "abcdef") }}'),
    ('{{ $s := split "$" "foo$bar$baz" }}{{ $s._0 }}-{{ $s._2 }}', '{% set s = split("$", "foo$bar$baz") %}{{ s._0 }}-{{ s._2 }}'),
    ('{{ $s := splitn "$" 2 "foo$bar$baz" }}{{ $s._1 }}', '{{ splitn("$", 2, "foo$bar$baz")._1 }}'),
    ('{{ cat "a" 1 true }} {{ print "a" 1 2 "b" }}', '{{ cat("a", 1, true) }} {{ print("a", 1, 2, "b") }}'),
    ('{{ printf "%05d|%-4s|%q|%x" 42 "ab" "q" 255 }}', '{{ printf("%05d|%-4s|%q|%x", 42, "ab", "q", 255) }}'),
    ("{{ hello }}", "{{ hello() }}"),
    # regular expressions
    ('{{ regexReplaceAllLiteral "a(x*)b" "-ab-axxb-" "${1}" }}', '{{ regexReplaceAllLiteral("a(x*)b", "-ab-axxb-", "${1}") }}'),
    ('{{ regexSplit "z+" "pizza" -1 | toJson }}', '{{ regexSplit("z+", "pizza", -1) | toJson }}'),
    ('{{ regexSplit "z+" "pizzaz" 2 | toJson }}', '{{ regexSplit("z+", "pizzaz", 2) | toJson }}'),
    ('{{ regexQuoteMeta "1.2.3+[x]" }}', '{{ regexQuoteMeta("1.2.3+[x]") }}'),
    ('{{ regexFindAll "[2,4,6,8]" "123456789" 3 | toJson }}', '{{ regexFindAll("[2,4,6,8]", "123456789", 3) | toJson }}'),
    # encodings
    ('{{ b32enc "hello" }} {{ b32dec "NBSWY3DP" }}', '{{ b32enc("hello") }} {{ b32dec("NBSWY3DP") }}'),
    ('{{ sha1sum "x" }} {{ adler32sum "x" }}', '{{ sha1sum("x") }} {{ adler32sum("x") }}'),
    ('{{ fromToml "a = 1\\n[b]\\nc = \\"d\\"" | toJson }}', '{{ fromToml("a = 1\\n[b]\\nc = \\"d\\"") | toJson }}'),
    # types and defaults
    ('{{ all 1 "a" true }} {{ all 1 "" }} {{ any 0 "" "x" }} {{ any 0 "" }}', '{{ all(1, "a", true) }} {{ all(1, "") }} {{ any(0, "", "x") }} {{ any(0, "") }}'),
    ('{{ typeOf "a" }} {{ typeOf true }} {{ typeOf .Values.map }} {{ typeOf .Values.list }}', '{{ typeOf("a") }} {{ typeOf(true) }} {{ typeOf(Values.map) }} {{ typeOf(Values.list) }}'),
    ('{{ typeIs "string" "a" }} {{ typeIsLike "string" "a" }} {{ deepEqual .Values.map .Values.map }}', '{{ typeIs("string", "a") }} {{ typeIsLike("string", "a") }} {{ deepEqual(Values.map, Values.map) }}'),
    ('{{ toDecimal "0777" }} {{ toDecimal "9" }}', '{{ toDecimal("0777") }} {{ toDecimal("9") }}'),
    ('{{ $v := semver "1.2.3-alpha.1+b5" }}{{ $v.Major }} {{ $v.Minor }} {{ $v.Patch }} {{ $v.Prerelease }} {{ $v.Metadata }} {{ $v.Original }}', '{% set v = semver("1.2.3-alpha.1+b5") %}{{ v.Major }} {{ v.Minor }} {{ v.Patch }} {{ v.Prerelease }} {{ v.Metadata }} {{ v.Original }}'),
    # lists
    ("{{ .Values.list | reverse | toJson }} {{ .Values.list | uniq | toJson }}", "{{ Values.list | reverse | toJson }} {{ Values.list | uniq | toJson }}"),
    ("{{ slice .Values.list 1 3 | toJson }} {{ slice .Values.list 2 | toJson }}", "{{ slice(Values.list, 1, 3) | toJson }} {{ slice(Values.list, 2) | toJson }}"),
    ("{{ chunk 3 (list 1 2 3 4 5) | toJson }}", "{{ chunk(3, list(1, 2, 3, 4, 5)) | toJson }}"),
    ("{{ untilStep 3 10 3 | toJson }} {{ untilStep 10 3 -3 | toJson }}", "{{ untilStep(3, 10, 3) | toJson }} {{ untilStep(10, 3, -3) | toJson }}"),
    ("{{ seq 5 }}|{{ seq -3 }}|{{ seq 2 5 }}|{{ seq 0 2 10 }}|{{ seq 5 2 0 }}|{{ seq 5 -2 0 }}", "{{ seq(5) }}|{{ seq(-3) }}|{{ seq(2, 5) }}|{{ seq(0, 2, 10) }}|{{ seq(5, 2, 0) }}|{{ seq(5, -2, 0) }}"),
    ("{{ mustFirst .Values.list }} {{ mustLast .Values.list }} {{ mustCompact (list 1 0 2) | toJson }}", "{{ mustFirst(Values.list) }} {{ mustLast(Values.list) }} {{ mustCompact(list(1, 0, 2)) | toJson }}"),
    ('{{ tuple 1 "a" | toJson }}', '{{ tuple(1, "a") | toJson }}'),
    # mappings
    ('{{ pluck "a" (dict "a" 1) (dict "b" 2) (dict "a" 3) | toJson }}', '{{ pluck("a", dict("a", 1), dict("b", 2), dict("a", 3)) | toJson }}'),
    # numbers
    ("{{ addf 1.5 2 2 }} {{ add1f 1.5 }} {{ subf 10 1.5 2 }} {{ mulf 1.5 2 }} {{ divf 10 4 }}", "{{ addf(1.5, 2, 2) }} {{ add1f(1.5) }} {{ subf(10, 1.5, 2) }} {{ mulf(1.5, 2) }} {{ divf(10, 4) }}"),
    ("{{ maxf 1 2.5 2 }} {{ minf 1.5 2 }} {{ biggest 1 5 3 }}", "{{ maxf(1, 2.5, 2) }} {{ minf(1.5, 2) }} {{ biggest(1, 5, 3) }}"),
    # paths and URLs
    ("{{ base .Values.path }} {{ dir .Values.path }} {{ clean .Values.path }} {{ ext .Values.path }} {{ isAbs .Values.path }}", "{{ base(Values.path) }} {{ dir(Values.path) }} {{ clean(Values.path) }} {{ ext(Values.path) }} {{ isAbs(Values.path) }}"),
    ('{{ base "" }} {{ dir "file" }} {{ clean "//a//b/" }} {{ base "/" }}', '{{ base("") }} {{ dir("file") }} {{ clean("//a//b/") }} {{ base("/") }}'),
    ('{{ $u := urlParse "https://user:pw@example.com:8080/p/a?x=1#frag" }}{{ $u.scheme }} {{ $u.host }} {{ $u.hostname }} {{ $u.path }} {{ $u.query }} {{ $u.fragment }} {{ $u.userinfo }}', '{% set u = urlParse("https://user:pw@example.com:8080/p/a?x=1#frag") %}{{ u.scheme }} {{ u.host }} {{ u.hostname }} {{ u.path }} {{ u.query }} {{ u.fragment }} {{ u.userinfo }}'),
    ('{{ urlJoin (dict "scheme" "https" "host" "example.com" "path" "/x" "query" "a=1") }}', '{{ urlJoin(dict("scheme", "https", "host", "example.com", "path", "/x", "query", "a=1")) }}'),
    # dates (in UTC, deterministic)
    ('{{ dateInZone "2006-01-02T15:04:05Z07:00" (toDate "2006-01-02 15:04:05" "2024-03-05 14:07:09") "UTC" }}', '{{ dateInZone("2006-01-02T15:04:05Z07:00", toDate("2006-01-02 15:04:05", "2024-03-05 14:07:09"), "UTC") }}'),
    ('{{ dateInZone "Mon Jan _2 03:04:05 PM MST 2006 .000 002" (toDate "2006-01-02" "2024-03-05") "UTC" }}', '{{ dateInZone("Mon Jan _2 03:04:05 PM MST 2006 .000 002", toDate("2006-01-02", "2024-03-05"), "UTC") }}'),
    ('{{ dateInZone "2006-01-02 15:04 MST -07:00" 1709647629 "Europe/Paris" }}', '{{ dateInZone("2006-01-02 15:04 MST -07:00", 1709647629, "Europe/Paris") }}'),
    ('{{ dateInZone "January 2, 2006 3:04pm" 1709647629 "America/New_York" }}', '{{ dateInZone("January 2, 2006 3:04pm", 1709647629, "America/New_York") }}'),
    ('{{ htmlDateInZone 1709647629 "Asia/Tokyo" }}', '{{ htmlDateInZone(1709647629, "Asia/Tokyo") }}'),
    ('{{ toDate "2006-01-02T15:04:05Z07:00" "2024-03-05T14:07:09+02:00" | unixEpoch }}', '{{ toDate("2006-01-02T15:04:05Z07:00", "2024-03-05T14:07:09+02:00") | unixEpoch }}'),
    ('{{ toDate "2006-01-02" "not a date" }}', '{{ toDate("2006-01-02", "not a date") }}'),
    ('{{ dateInZone "2006-01-02 15:04:05" (dateModify "-1.5h" (toDate "2006-01-02" "2024-03-05")) "UTC" }}', '{{ dateInZone("2006-01-02 15:04:05", dateModify("-1.5h", toDate("2006-01-02", "2024-03-05")), "UTC") }}'),
    ('{{ duration "95" }} {{ duration "90061" }} {{ duration "0" }}', '{{ duration("95") }} {{ duration("90061") }} {{ duration("0") }}'),
    ('{{ durationRound "2h10m5s" }} {{ durationRound "800h" }} {{ durationRound "9000h" }} {{ durationRound "3s" }} {{ durationRound "bad" }}', '{{ durationRound("2h10m5s") }} {{ durationRound("800h") }} {{ durationRound("9000h") }} {{ durationRound("3s") }} {{ durationRound("bad") }}'),
    # passwords (deterministic)
    ('{{ derivePassword 1 "long" "password" "user" "example.com" }} {{ derivePassword 3 "pin" "pw" "me" "x.org" }}', '{{ derivePassword(1, "long", "password", "user", "example.com") }} {{ derivePassword(3, "pin", "pw", "me", "x.org") }}'),
    ('{{ decryptAES "secretkey" (encryptAES "secretkey" "plaintext") }} {{ encryptAES "k" "" }}', '{{ decryptAES("secretkey", encryptAES("secretkey", "plaintext")) }} {{ encryptAES("k", "") }}'),
    ('{{ htpasswd "a:b" "pw" }} {{ genPrivateKey "nope" }}', '{{ htpasswd("a:b", "pw") }} {{ genPrivateKey("nope") }}'),
]  # fmt: skip


def _pair(tmp_path: Path) -> tuple[list[str], list[str]]:
    go = make_chart(
        tmp_path / "go",
        {"values.yaml": VALUES, "templates/t.yaml": "\n".join(go for go, _ in CASES) + "\n"},
    )
    jinja = make_chart(
        tmp_path / "jinja",
        {"values.yaml": VALUES, "templates/t.yaml": "\n".join(j for _, j in CASES) + "\n"},
    )
    helm = helm_python.Chart.load(go).render({})["mychart/templates/t.yaml"]
    (ours,) = render(load_chart(str(jinja)), ChartOptions()).templates
    return ours.text.split("\n"), helm.split("\n")


def test_sprig_functions_print_what_helm_prints(tmp_path: Path) -> None:
    ours, helm = _pair(tmp_path)
    assert len(ours) == len(helm)
    different = [
        f"{CASES[i][1]}\n  kubelint: {ours[i]!r}\n  helm:     {helm[i]!r}"
        for i in range(len(CASES))
        if ours[i] != helm[i]
    ]
    assert not different, "\n".join(different)
