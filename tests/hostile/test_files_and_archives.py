"""Hostile files, links, schemas and archives, through `template`, `lint`, `package` and `repo
index` in a subprocess under a memory cap: each is refused (exit 1 or 2) in one line naming the
file, quickly and within a small memory budget, with nothing read from outside the input, no
request made, no foreign content printed or written, and the input left as it was.

Large inputs are generated at test time in a few milliseconds: sparse files, and gzip streams
made of one compressed MiB of zeros repeated (a gzip file may hold many members).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tarfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.chart.charts import chart_yaml, make_chart
from tests.hostile.runner import Ran, run_cli, run_selected
from tests.loopback import listening

SECRET = "TOP-SECRET-b41e"  # in files next to the inputs: must never be printed or written
FOREIGN = "root:x:0:0"  # /etc/passwd's first line
MiB = 1024 * 1024
BOMB_MEMORY = 300  # MB of peak memory a bomb may cost, at most
MEMORY = 600  # and any other hostile input
SECONDS = 15.0
URL = "{url}"  # where a case puts the loopback server's address


def _zeros(size: int) -> bytes:
    """gzip members that expand to `size` zero bytes."""
    whole, rest = divmod(size, MiB)
    return gzip.compress(bytes(MiB)) * whole + gzip.compress(bytes(rest))


def _header(name: str, size: int, kind: bytes = tarfile.REGTYPE) -> bytes:
    info = tarfile.TarInfo(name)
    info.type, info.size = kind, size
    return gzip.compress(info.tobuf(tarfile.GNU_FORMAT))


def _member(name: str, data: bytes) -> bytes:
    padding = -len(data) % tarfile.BLOCKSIZE
    return _header(name, len(data)) + gzip.compress(data + bytes(padding))


def _zero_member(name: str, size: int) -> bytes:
    return _header(name, size) + _zeros(size + -size % tarfile.BLOCKSIZE)


def _end() -> bytes:
    return gzip.compress(bytes(2 * tarfile.BLOCKSIZE))


def _header_bomb(kind: bytes) -> bytes:
    """A 1.5 MB .tgz whose first header (a GNU long name, or pax records) is 1.5 GiB."""
    size = 1536 * MiB
    chart = _member("bomb/Chart.yaml", chart_yaml("bomb").encode())
    return _header("././@LongLink", size, kind) + _zeros(size) + chart + _end()


def _chart(root: Path, files: dict[str, str] | None = None) -> Path:
    return make_chart(root, {"templates/t.yaml": "a: 1\n", **(files or {})})


# -- the attacks: each writes its inputs under the case's folder ------------------------------


def _passwd_link(root: Path) -> None:
    (root / "deploy").mkdir()
    (root / "deploy" / "passwd.yaml").symlink_to("/etc/passwd")


def _secret_link(root: Path) -> None:
    (root / "deploy").mkdir()
    (root / "deploy" / "ok.yaml").write_text(
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n"
    )
    (root / "deploy" / "key.yaml").symlink_to("../secret.txt")


def _folder_link(root: Path) -> None:
    (root / "outside").mkdir()
    (root / "outside" / "x.yaml").write_text(f"a: {SECRET}\n")
    (root / "deploy").mkdir()
    (root / "deploy" / "more").symlink_to("../outside")


def _matrix_link(root: Path) -> None:
    _chart(root)
    (root / "sets").mkdir()
    (root / "sets" / "passwd.yaml").symlink_to("/etc/passwd")


def _alias_link(root: Path) -> None:
    chart = _chart(root, {"templates/t.yaml": "a: {{ fail('templates were rendered') }}\n"})
    (chart / "a").symlink_to("templates")


def _template_link_out(root: Path) -> None:
    (_chart(root) / "templates" / "passwd.yaml").symlink_to("/etc/passwd")


def _schema(schema: object) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        text = json.dumps(schema).replace("SECRET_FILE", (root / "secret.json").as_posix())
        _chart(root, {"values.yaml": "a: 1\n", "values.schema.json": text})

    return build


def _deep_schema(root: Path) -> None:
    depth = 100_000
    _chart(root, {"values.schema.json": '{"properties": {"a": ' * depth + "{}" + "}}" * depth})


def _many_archives(root: Path) -> None:
    """25 subchart archives, each expanding to 99 MiB (three files of 33 MiB)."""
    chart = _chart(root)
    (chart / "charts").mkdir()
    for n in range(25):
        name = f"sub{n}"
        members = _member(f"{name}/Chart.yaml", chart_yaml(name).encode())
        for part in ("a", "b", "c"):
            members += _zero_member(f"{name}/{part}.bin", 33 * MiB)
        (chart / "charts" / f"{name}-0.1.0.tgz").write_bytes(members + _end())


def _bomb_in_chart(kind: bytes) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        chart = _chart(root)
        (chart / "charts").mkdir()
        (chart / "charts" / "bomb-0.1.0.tgz").write_bytes(_header_bomb(kind))

    return build


def _bomb_archive(root: Path) -> None:
    (root / "repo").mkdir()
    (root / "repo" / "bomb-0.1.0.tgz").write_bytes(_header_bomb(tarfile.XHDTYPE))


def _many_links(root: Path) -> None:
    """60 links to one 40 MB file."""
    chart = _chart(root)
    (chart / "files").mkdir()
    with open(chart / "files" / "big.bin", "wb") as big:
        big.truncate(40_000_000)
    for n in range(60):
        (chart / "files" / f"link{n:02}.bin").symlink_to("big.bin")


def _links_to_links(root: Path) -> None:
    """Folders d0…d29, each with two links to the next: 2**30 paths through them."""
    chart = _chart(root)
    for n in range(30):
        (chart / f"d{n}").mkdir()
        for name in ("a", "b"):
            (chart / f"d{n}" / name).symlink_to(f"../d{n + 1}")
    (chart / "d30").mkdir()


def _giant_template(root: Path) -> None:
    with open(_chart(root) / "templates" / "giant.yaml", "wb") as giant:
        giant.truncate(99 * MiB)


def _metadata(fields: str) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        _chart(root, {"Chart.yaml": f"apiVersion: v2\n{fields}\n"})

    return build


def _archive_to_package(root: Path) -> None:
    (root / "mychart-0.1.0.tgz").write_bytes(
        _member("mychart/Chart.yaml", chart_yaml("mychart").encode()) + _end()
    )


def _repo_link_out(root: Path) -> None:
    (root / "elsewhere").mkdir()
    archive = _member("other/Chart.yaml", chart_yaml("other").encode()) + _end()
    (root / "elsewhere" / "other-9.9.9.tgz").write_bytes(archive)
    (root / "repo").mkdir()
    (root / "repo" / "other-9.9.9.tgz").symlink_to("../elsewhere/other-9.9.9.tgz")


@dataclass(frozen=True)
class Attack:
    id: str
    build: Callable[[Path], None]
    runs: tuple[tuple[str, ...], ...]  # the commands, each run on its own copy
    message: str  # what the one line says
    names: str  # the file it names, relative to the case's folder
    code: int = 1
    bomb: bool = False  # a memory bomb: within BOMB_MEMORY


CHART = (("template", "mychart"), ("lint", "mychart"))
LINK_OUT = "symbolic link out of the chart; a chart may only use its own files"
SCHEMA_OUT = "outside itself; kubelint reads no file and makes no request for a schema"
OVER_TOTAL = "(over limits.max-chart-size: 104,857,600 bytes; raise it in .kubelint.yaml)"
HEADER = "an archive header is 1,610,612,736 bytes (over limits.max-file-size: 50,000,000 bytes"
ATTACKS = (
    Attack("lint-link-to-passwd", _passwd_link, (("lint", "deploy"),), "symbolic link out of the folder given", "deploy/passwd.yaml", code=2),
    Attack("lint-link-to-secret", _secret_link, (("lint", "deploy"),), "symbolic link out of the folder given", "deploy/key.yaml", code=2),
    Attack("lint-link-to-folder", _folder_link, (("lint", "deploy"),), "symbolic link out of the folder given", "deploy/more", code=2),
    Attack("values-matrix-link-to-passwd", _matrix_link, (("lint", "mychart", "--values-matrix", "sets"),), "symbolic link out of the folder given", "sets/passwd.yaml", code=2),
    Attack("chart-link-hides-templates", _alias_link, CHART, "templates were rendered", "mychart/templates/t.yaml"),
    Attack("chart-template-link-to-passwd", _template_link_out, (*CHART, ("package", "mychart")), LINK_OUT, "mychart/templates/passwd.yaml"),
    Attack("schema-file-ref", _schema({"properties": {"a": {"$ref": "file://SECRET_FILE#/a"}}}), CHART, SCHEMA_OUT, "mychart/values.schema.json"),
    Attack("schema-http-ref", _schema({"properties": {"a": {"$ref": f"{URL}/s.json"}}}), CHART, SCHEMA_OUT, "mychart/values.schema.json"),
    Attack("schema-http-meta", _schema({"$schema": f"{URL}/meta.json"}), CHART[:1], SCHEMA_OUT, "mychart/values.schema.json"),
    Attack("schema-http-id", _schema({"$id": f"{URL}/v.json", "properties": {"a": {"$ref": "s.json"}}}), CHART[:1], SCHEMA_OUT, "mychart/values.schema.json"),
    Attack("schema-deep", _deep_schema, CHART, "not valid JSON: mappings and lists nest too deep to read", "mychart/values.schema.json"),
    Attack("archives-25x99MiB", _many_archives, CHART, OVER_TOTAL, "mychart/charts/sub0-0.1.0.tgz", bomb=True),
    Attack("archive-gnu-long-name-bomb", _bomb_in_chart(tarfile.GNUTYPE_LONGNAME), CHART[:1], HEADER, "mychart/charts/bomb-0.1.0.tgz", bomb=True),
    Attack("archive-pax-bomb", _bomb_in_chart(tarfile.XHDTYPE), CHART, HEADER, "mychart/charts/bomb-0.1.0.tgz", bomb=True),
    Attack("archive-bomb-given", _bomb_archive, (("template", "repo/bomb-0.1.0.tgz"), ("repo", "index", "repo")), HEADER, "repo/bomb-0.1.0.tgz", bomb=True),
    Attack("links-60x40MB", _many_links, (CHART[0], ("package", "mychart")), OVER_TOTAL, "mychart/files/link01.bin", bomb=True),
    Attack("links-to-links", _links_to_links, CHART[:1], OVER_TOTAL, "mychart/d0/", bomb=True),
    Attack("template-99MiB", _giant_template, CHART, "the file is 103,809,024 bytes (over limits.max-file-size", "mychart/templates/giant.yaml", bomb=True),
    Attack("version-newline", _metadata('name: mychart\nversion: "0.1.0\\n"'), (*CHART, ("package", "mychart")), 'chart.metadata.version "0.1.0\\n" is invalid', "mychart/Chart.yaml"),
    Attack("name-newline", _metadata('name: "my\\nchart"\nversion: 0.1.0'), (CHART[0], ("package", "mychart")), "control characters are not allowed", "mychart/Chart.yaml"),
    Attack("name-nul", _metadata('name: "my\\0chart"\nversion: 0.1.0'), CHART[:1], "control characters are not allowed", "mychart/Chart.yaml"),
    Attack("package-an-archive", _archive_to_package, (("package", "mychart-0.1.0.tgz"),), "not a chart folder", "mychart-0.1.0.tgz", code=2),
    Attack("repo-index-link-out", _repo_link_out, (("repo", "index", "repo"),), "symbolic link out of the repository folder", "repo/other-9.9.9.tgz"),
)  # fmt: skip
CASES = [(attack, run) for attack in ATTACKS for run in attack.runs]


def _id(case: tuple[Attack, tuple[str, ...]]) -> str:
    words = (a.strip("-").replace("/", "_") for a in case[1][:2])
    return f"{case[0].id}-{'-'.join(words)}"


def _state(root: Path) -> dict[str, str]:
    """What each input under `root` is: a link's target, a file's digest."""
    state: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != "home"]
        for name in dirs + files:
            path = Path(folder, name)
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                state[key] = "-> " + os.readlink(path)
            elif path.is_file():
                with open(path, "rb") as data:
                    state[key] = hashlib.file_digest(data, "sha256").hexdigest()
    return state


@dataclass(frozen=True)
class Outcome:
    ran: Ran
    before: dict[str, str]
    after: dict[str, str]
    written: str  # the text of every file the run created
    requests: list[str]


def _run(attack: Attack, args: tuple[str, ...], root: Path) -> Outcome:
    (root / "secret.txt").write_text(SECRET)
    (root / "secret.json").write_text(json.dumps({"a": SECRET}))
    with listening() as (url, requests):
        attack.build(root)
        if (root / "mychart" / "values.schema.json").exists():
            schema = root / "mychart" / "values.schema.json"
            schema.write_text(schema.read_text().replace(URL, url))
        before = _state(root)
        if args[0] == "lint":
            args = (*args, "--format", "text", "--format", "sarif", "--output", "-")
            args = (*args, "--output", "report.sarif")
        elif args[0] == "package":
            args = (*args, "-d", "out")
        ran = run_cli(args, root)
    after = _state(root)
    created = [root / name for name in set(after) - set(before)]
    written = "".join(p.read_text(errors="replace") for p in created if p.is_file())
    return Outcome(ran, before, after, written, requests)


@pytest.fixture(scope="module")
def outcomes(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Future[Outcome]]]:
    yield from run_selected(request, tmp_path_factory, _id, lambda c, root: _run(*c, root))


@pytest.mark.parametrize("case", CASES, ids=[_id(case) for case in CASES])
def test_attack_is_refused(
    case: tuple[Attack, tuple[str, ...]], outcomes: dict[str, Future[Outcome]]
) -> None:
    attack, _ = case
    outcome = outcomes[_id(case)].result()
    ran = outcome.ran
    ran.check_finished()
    assert ran.code == attack.code, ran.said
    said = ran.said + outcome.written
    assert attack.message in said
    assert attack.names in said
    for foreign in (SECRET, FOREIGN, "FETCHED"):
        assert foreign not in said
    assert outcome.requests == []
    assert {k: v for k, v in outcome.after.items() if k in outcome.before} == outcome.before
    assert not [name for name in outcome.after if name.startswith("out/")]  # nothing packaged
    assert ran.seconds < SECONDS
    assert ran.peak_mb is not None
    assert ran.peak_mb < (BOMB_MEMORY if attack.bomb else MEMORY), f"{ran.peak_mb:.0f} MB"
