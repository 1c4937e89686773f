"""Reading a chart's files: symbolic links as Helm's loader follows them, `.helmignore` during
the walk, and the size limits of files, charts and archives (archive headers included)."""

from __future__ import annotations

import gzip
import io
import os
import tarfile
from pathlib import Path

import pytest

from kubelint.chart.loader import Budget, read_archive
from kubelint.errors import ChartError
from kubelint.limits import Limits
from tests.chart.charts import chart_yaml, make_chart
from tests.conftest import kubelint, write

POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a}]}\n"


def archive(files: dict[str, bytes], *extra: tarfile.TarInfo) -> bytes:
    """A gzipped tar of `files`, then the headers `extra` (without their data)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for info in extra:
            tar.fileobj.write(info.tobuf(tarfile.GNU_FORMAT))  # type: ignore[union-attr]
    return gzip.compress(buffer.getvalue())


def test_a_link_to_templates_hides_no_template(tmp_path: Path) -> None:
    chart = make_chart(tmp_path, {"templates/pod.yaml": POD})
    os.symlink("templates", chart / "a")  # walked first, under its own name, as Helm does
    run = kubelint("template", str(chart))
    assert run.exit_code == 0, run.stderr
    assert "# Source: mychart/templates/pod.yaml" in run.stdout
    run = kubelint("package", str(chart), "-d", str(tmp_path / "out"))
    assert run.exit_code == 0, run.stderr
    with tarfile.open(tmp_path / "out" / "mychart-0.1.0.tgz") as packed:
        names = packed.getnames()
    assert {"mychart/templates/pod.yaml", "mychart/a/pod.yaml"} <= set(names)
    run = kubelint("lint", "--ci", str(chart), "--format", "json")
    assert run.exit_code == 1  # the CI gate sees the template's findings
    files = {f["file"] for f in run.json()["findings"] if f["severity"] != "info"}
    assert files == {f"{chart}/templates/pod.yaml"}


def test_a_link_to_a_folder_it_is_in_is_an_error(tmp_path: Path) -> None:
    chart = make_chart(tmp_path, {"templates/pod.yaml": POD})
    os.symlink("..", chart / "templates" / "up")
    run = kubelint("template", str(chart))
    assert run.exit_code == 1
    assert run.stderr == (
        f"kubelint: error: {chart}/templates/up: symbolic link to a folder it is in (a loop)\n"
    )


def test_a_folder_helmignore_leaves_out_is_not_read(tmp_path: Path) -> None:
    chart = make_chart(tmp_path, {"templates/pod.yaml": POD, ".helmignore": "build/\n"})
    (chart / "build").mkdir()
    os.mkfifo(chart / "build" / "pipe")  # reading it would be an error
    run = kubelint("template", str(chart))
    assert run.exit_code == 0, run.stderr


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        (
            "{max-file-size: 100}",
            "the file is 200 bytes (over limits.max-file-size: 100 bytes; raise it in"
            " .kubelint.yaml)",
        ),
        (
            "{max-chart-size: 1700}",
            "the chart's files come to 1,780 bytes with this one (over limits.max-chart-size:"
            " 1,700 bytes; raise it in .kubelint.yaml)",
        ),
    ],
)
def test_chart_files_are_bounded(tmp_path: Path, limits: str, message: str) -> None:
    chart = make_chart(tmp_path, {"templates/big.yaml": "#" * 199 + "\n"})
    big = f"{chart}/templates/big.yaml"
    assert kubelint("template", str(chart)).exit_code == 0
    write(tmp_path, ".kubelint.yaml", f"limits: {limits}\n")
    run = kubelint("template", str(chart))
    assert (run.exit_code, run.stderr) == (1, f"kubelint: error: {big}: {message}\n")
    (finding,) = kubelint("lint", str(chart), "--format", "json").json()["findings"]
    assert (finding["file"], finding["rule"], finding["message"]) == (big, "chart-render", message)


def test_a_file_behind_many_links_counts_each_time(tmp_path: Path) -> None:
    chart = make_chart(tmp_path, {"files/big.txt": "x" * 400})
    for n in range(5):
        os.symlink("big.txt", chart / "files" / f"link{n}.txt")
    write(tmp_path, ".kubelint.yaml", "limits: {max-chart-size: 3000}\n")
    run = kubelint("template", str(chart))
    assert run.exit_code == 1
    assert run.stderr.startswith(f"kubelint: error: {chart}/files/link1.txt: the chart's files")


def test_the_archives_of_a_chart_share_one_budget(tmp_path: Path) -> None:
    chart = make_chart(tmp_path, {"Chart.yaml": chart_yaml("mychart")})
    for name in ("a", "b"):
        data = {f"{name}/Chart.yaml": chart_yaml(name).encode(), f"{name}/x.txt": b"x" * 3000}
        write(chart / "charts", f"{name}-0.1.0.tgz", archive(data))
    assert kubelint("template", str(chart)).exit_code == 0
    write(tmp_path, ".kubelint.yaml", "limits: {max-chart-size: 9000}\n")
    run = kubelint("template", str(chart))
    assert run.exit_code == 1
    assert run.stderr.startswith(f"kubelint: error: {chart}/charts/b-0.1.0.tgz: ")
    assert "(over limits.max-chart-size: 9,000 bytes;" in run.stderr


@pytest.mark.parametrize("kind", [tarfile.GNUTYPE_LONGNAME, tarfile.XHDTYPE])
def test_a_huge_archive_header_is_refused_before_it_is_read(kind: bytes) -> None:
    header = tarfile.TarInfo("././@LongLink")
    header.type, header.size = kind, 3 * 1024**3  # the data is not even there
    raw = archive({"c/Chart.yaml": chart_yaml("c").encode()}, header)
    with pytest.raises(ChartError) as caught:
        read_archive(raw, "c.tgz", Budget(Limits()))
    assert str(caught.value) == (
        "c.tgz: an archive header is 3,221,225,472 bytes (over limits.max-file-size: 50,000,000"
        " bytes; raise it in .kubelint.yaml)"
    )


def test_archive_members_and_headers_count(tmp_path: Path) -> None:
    files = {f"c/f{n}": b"" for n in range(50)}  # empty files cost their headers
    with pytest.raises(ChartError, match=r"max-chart-size"):
        read_archive(archive(files), "c.tgz", Budget(Limits(max_chart_size=50 * 512)))
    assert len(read_archive(archive(files), "c.tgz", Budget(Limits()))) == 50


def test_a_long_member_name_is_refused() -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as tar:
        tar.addfile(tarfile.TarInfo("c/" + "x" * 10_000), io.BytesIO())
    with pytest.raises(ChartError) as caught:
        read_archive(gzip.compress(buffer.getvalue()), "c.tgz", Budget(Limits()))
    assert str(caught.value) == (
        "c.tgz: an archive member's name is 10,002 characters long (a path has at most 4,096)"
    )
