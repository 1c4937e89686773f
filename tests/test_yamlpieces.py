"""A large YAML file parsed in pieces: the same documents as one parse, or no cut at all."""

from __future__ import annotations

import pytest
import yaml

from kubelint.limits import DEFAULT_LIMITS, Limits
from kubelint.yamlload import LoadedFile, load
from kubelint.yamlpieces import load_in_pieces, plan


def _node(i: int) -> dict[str, object]:
    return {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {"name": f"n{i}", "labels": {"zone": "abc"[i % 3], "n": str(i)}},
        "spec": {"taints": [{"key": "k", "value": "v", "effect": "NoSchedule"}]} if i % 4 else {},
        "status": {"allocatable": {"cpu": f"{i}m", "pods": 110}, "images": [{"names": ["a"]}]},
    }


def _list(count: int, **dump: object) -> str:
    items = [_node(i) for i in range(count)]
    data = {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"x": ""}}
    return yaml.safe_dump(data, sort_keys=False, **dump)  # type: ignore[call-overload, no-any-return]


def _pieces(text: str, jobs: int = 3, limits: Limits = DEFAULT_LIMITS) -> LoadedFile | None:
    return load_in_pieces("f.yaml", text.encode(), limits, jobs, least=0)


def _same_as_one_parse(text: str, jobs: int = 3) -> None:
    pieces = _pieces(text, jobs)
    assert pieces is not None
    whole = load("f.yaml", text.encode())
    assert [(d.index, d.line, d.data) for d in pieces.documents] == [
        (d.index, d.line, d.data) for d in whole.documents
    ]


@pytest.mark.parametrize("jobs", [2, 3, 8])
def test_a_list_in_pieces_is_the_list_of_one_parse(jobs: int) -> None:
    text = _list(40)
    found = plan(text, jobs)
    assert found is not None
    assert len(found.pieces) == jobs
    assert sum(p.count for p in found.pieces) == 40
    _same_as_one_parse(text, jobs)


def test_indented_entries_a_comment_and_keys_after_them() -> None:
    entries = "".join(
        f"  - kind: Node\n    metadata:\n      name: n{i}\n# a comment\n    spec: {{}}\n"
        for i in range(12)
    )
    text = f"# nodes\n---\napiVersion: v1\nitems:\n\n# the first\n{entries}kind: List\nx: 1\n"
    assert yaml.safe_load(text)["items"][11]["metadata"]["name"] == "n11"
    _same_as_one_parse(text)


def test_documents_in_pieces_are_the_documents_of_one_parse() -> None:
    nodes = [_node(i) for i in range(30)]
    text = (
        "# first\n" + yaml.safe_dump_all(nodes[:2]) + "---\n---\n" + yaml.safe_dump_all(nodes[2:])
    )
    assert plan(text, 3) is not None
    _same_as_one_parse(text)
    _same_as_one_parse("---\n" + text)


@pytest.mark.parametrize(
    "text",
    [
        _list(10)
        .replace("kind: Node", "kind: &k Node", 1)
        .replace("apiVersion: v1\n  kind", "apiVersion: v1\n  kind: *k\n  k", 1),
        "%YAML 1.1\n---\n" + _list(10),
        _list(10) + "...\n",
        _list(10).replace("items:", "a: '\n\nitems:"),  # a quote open before `items:`
        "items:\n\t- a\n\t- b\n",
        _list(10).replace("items:", "entries:"),
        "a: 1\n---apiVersion: v1\n---\nb: 2\n---\nc: 3\n",  # a separator Helm sees, YAML not
        _list(10) + "---apiVersion: v1\nkind: Node\n",  # the same, after a List
        "- a\n- b\n",
    ],
)
def test_what_may_read_otherwise_in_pieces_is_not_cut(text: str) -> None:
    assert plan(text, 2) is None
    assert _pieces(text, 2) is None


@pytest.mark.parametrize("name", ["n2", "n7"])  # in the first piece, in the second
def test_a_line_that_looks_like_an_entry_inside_a_string_gives_up(name: str) -> None:
    text = _list(10).replace(f"name: {name}", f'name: "{name}\n- x"')
    assert (
        load("f.yaml", text.encode()).documents[0].data["items"][int(name[1])]["metadata"]["name"]
        == f"{name} - x"
    )
    assert _pieces(text, 2) is None


@pytest.mark.parametrize(
    "text",
    [
        _list(10).replace("name: n7\n", "name: n7\n    name: again\n"),  # a duplicate key
        _list(10).replace("name: n7", "name: [n7"),  # a bracket left open
    ],
)
def test_a_piece_with_a_problem_gives_up(text: str) -> None:
    assert load("f.yaml", text.encode()).problems
    assert _pieces(text, 2) is None


def test_a_piece_is_held_to_the_depth_of_the_document() -> None:
    text = _list(10)
    deepest = 5  # document, items, a Node, status, images, an image, names
    assert _pieces(text, 2, Limits(max_depth=deepest + 2)) is not None
    assert _pieces(text, 2, Limits(max_depth=deepest + 1)) is None
    assert load("f.yaml", text.encode(), Limits(max_depth=deepest + 1)).problems


def test_small_files_and_one_job_are_parsed_whole() -> None:
    raw = _list(10).encode()
    assert load_in_pieces("f.yaml", raw, DEFAULT_LIMITS, 2) is None  # under a megabyte
    assert load_in_pieces("f.yaml", raw, DEFAULT_LIMITS, 1, least=0) is None
