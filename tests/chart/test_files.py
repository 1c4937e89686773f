"""`Files`: the chart's own files, read-only, globbed with `/` as separator."""

from __future__ import annotations

import pytest

from kubelint.chart.files import Files
from kubelint.chart.funcs.base import TemplateFailure

FILES = Files(
    {
        "config/a.ini": b"a=1\n",
        "config/b.ini": b"b=2\n",
        "config/deep/c.ini": b"c=3\n",
        "README.md": b"# r\n",
    }
)


@pytest.mark.parametrize(
    ("pattern", "names"),
    [
        ("config/*.ini", ["config/a.ini", "config/b.ini"]),
        ("config/**.ini", ["config/a.ini", "config/b.ini", "config/deep/c.ini"]),
        ("config/[a].ini", ["config/a.ini"]),
        ("config/[!a].ini", ["config/b.ini"]),
        ("{README.md,config/a.ini}", ["README.md", "config/a.ini"]),
        ("?EADME.md", ["README.md"]),
        ("*.yaml", []),
    ],
)
def test_glob(pattern: str, names: list[str]) -> None:
    assert list(FILES.Glob(pattern)) == names


def test_get_lines_bytes_and_encodings() -> None:
    assert FILES.Get("config/a.ini") == "a=1\n"
    assert FILES.Get("missing") == ""
    assert FILES.GetBytes("README.md") == b"# r\n"
    assert FILES.Lines("config/b.ini") == ["b=2", ""]
    assert FILES.Glob("config/*.ini").AsConfig() == "a.ini: |\n  a=1\nb.ini: |\n  b=2"
    assert FILES.Glob("config/a.ini").AsSecrets() == "a.ini: YT0xCg=="


@pytest.mark.parametrize("name", ["../x", "/etc/passwd", "config/../../x", "a\\..\\b"])
def test_paths_out_of_the_chart_are_refused(name: str) -> None:
    with pytest.raises(TemplateFailure, match="the path leaves the chart"):
        FILES.Get(name)
