"""percentageOfNodesToScore: which feasible nodes kube-scheduler's search finds and scores."""

from __future__ import annotations

import numpy as np
import pytest

from kubelint.schedule.cluster import ZONE
from kubelint.schedule.sampling import Sampler, feasible_to_find, prefilter_names, tree_order
from kubelint.schedule.scheduler import Scheduler

from .helpers import node, pod


@pytest.mark.parametrize(
    ("nodes", "found"),
    [
        (1, 1),
        (99, 99),
        (100, 100),
        (500, 230),
        (1000, 420),
        (5000, 500),
        (10000, 500),
        (20000, 1000),
    ],
)
def test_adaptive_number_of_feasible_nodes_to_find(nodes: int, found: int) -> None:
    assert feasible_to_find(nodes) == found


def test_a_set_percentage_keeps_the_floor_of_100() -> None:
    assert feasible_to_find(1000, 50) == 500
    assert feasible_to_find(1000, 1) == 100


def test_the_node_tree_interleaves_zones_in_the_order_they_came() -> None:
    zones = ["a", "a", "b", "c", "b", "a"]
    nodes = [node(f"n{i}", labels={ZONE: z}) for i, z in enumerate(zones)]
    assert tree_order(nodes).tolist() == [0, 2, 3, 1, 4, 5]


def test_the_search_stops_after_enough_feasible_nodes_and_the_next_starts_after_it() -> None:
    sampler = Sampler([node(f"n{i:03d}") for i in range(200)])  # 100 nodes to find
    feasible = np.ones(200, dtype=np.bool_)
    feasible[:10] = False  # examined, failing: they count towards the start's move
    assert sampler.take(feasible).tolist() == list(range(10, 110))
    assert sampler.start == 110
    assert sampler.take(feasible).tolist() == [*range(10, 20), *range(110, 200)]
    assert sampler.start == 20
    feasible[:] = False
    assert sampler.take(feasible).size == 0
    assert sampler.start == 20  # every node examined: the start comes back where it was


def test_a_prefilter_restriction_examines_only_its_nodes() -> None:
    sampler = Sampler([node(f"n{i:03d}") for i in range(200)])
    found = sampler.take(np.ones(200, dtype=np.bool_), np.array([5, 7]))
    assert found.tolist() == [5, 7]
    assert sampler.start == 2


def test_prefilter_names_from_match_fields_and_pinned_daemon_pods() -> None:
    field = {"key": "metadata.name", "operator": "In", "values": ["a", "b"]}
    label = {"key": "x", "operator": "Exists"}
    assert prefilter_names("n1", None) == {"n1"}
    assert prefilter_names(None, None) is None
    assert prefilter_names(None, ({"matchFields": [field]},)) == {"a", "b"}
    assert prefilter_names(None, ({"matchFields": [field]}, {"matchExpressions": [label]})) is None
    other = {"key": "metadata.name", "operator": "In", "values": ["b", "c"]}
    assert prefilter_names(None, ({"matchFields": [field, other]},)) == {"b"}


def test_a_large_cluster_scores_a_share_of_its_nodes_and_small_ones_all() -> None:
    big = Scheduler([node(f"n{i:03d}", cpu="8") for i in range(200)])
    first = big.schedule(pod(name="a"))
    assert first.feasible is not None
    assert first.feasible.tolist() == list(range(100))
    second = big.schedule(pod(name="b"))
    assert second.feasible is not None
    assert second.feasible.tolist() == list(range(100, 200))
    small = Scheduler([node(f"n{i}") for i in range(99)])
    for name in ("a", "b"):
        outcome = small.schedule(pod(name=name))
        assert outcome.feasible is not None
        assert outcome.feasible.size == 99
