"""The scores and normalisations against worked examples of kube-scheduler's arithmetic."""

from __future__ import annotations

import math

import numpy as np

from kubelint.schedule import scores

MB = 1024 * 1024


def arr(*rows: list[int]) -> np.ndarray:
    return np.array(rows, dtype=np.int64)


def test_least_allocated_truncates_each_resource_then_averages() -> None:
    # cpu (4000-3000)*100/4000 = 25, memory (10000-5000)*100/10000 = 50 → (25+50)/2 = 37
    result = scores.least_allocated(arr([3000, 5000]), arr([4000, 10000]))
    assert result.tolist() == [37]


def test_least_allocated_over_capacity_scores_zero_and_missing_resource_is_skipped() -> None:
    assert scores.least_allocated(arr([5000, 5000]), arr([4000, 10000])).tolist() == [25]
    assert scores.least_allocated(arr([1000, 5000]), arr([0, 10000])).tolist() == [50]


def test_most_allocated_caps_at_capacity() -> None:
    # cpu 3000*100/4000 = 75, memory capped: 100 → 87
    assert scores.most_allocated(arr([3000, 20000]), arr([4000, 10000])).tolist() == [87]


def test_balanced_allocation_is_one_minus_half_the_difference() -> None:
    # fractions 0.75 and 0.5 → std 0.125 → 87; equal fractions → 100; a fraction over 1 is 1
    result = scores.balanced_allocation(
        arr([3000, 5000], [2000, 5000], [8000, 5000]),
        arr([4000, 10000], [4000, 10000], [4000, 10000]),
    )
    assert result.tolist() == [87, 100, 75]


def test_balanced_allocation_with_three_resources_uses_the_standard_deviation() -> None:
    result = scores.balanced_allocation(arr([1, 2, 3]), arr([4, 4, 4]))
    fractions = [0.25, 0.5, 0.75]
    mean = sum(fractions) / 3
    std = math.sqrt(sum((f - mean) ** 2 for f in fractions) / 3)
    assert result.tolist() == [int((1 - std) * 100)]


def test_default_normalize_scales_by_the_maximum() -> None:
    assert scores.default_normalize(arr(2, 4, 0).ravel()).tolist() == [50, 100, 0]
    assert scores.default_normalize(arr(0, 0).ravel()).tolist() == [0, 0]


def test_default_normalize_reversed_favours_fewer_intolerable_taints() -> None:
    assert scores.default_normalize(arr(1, 0, 2).ravel(), reverse=True).tolist() == [50, 100, 0]
    assert scores.default_normalize(arr(0, 0).ravel(), reverse=True).tolist() == [100, 100]


def test_image_locality_clamps_between_thresholds() -> None:
    sums = np.array([0, 23 * MB, 511 * MB + 23 * MB // 2, 5000 * MB], dtype=np.int64)
    result = scores.image_locality(sums, 1).tolist()
    assert result[0] == 0
    assert result[1] == 0
    assert result[3] == 100
    assert 0 < result[2] < 100


def test_spread_normalize_prefers_fewer_matching_pods_and_zeroes_ignored_nodes() -> None:
    raw = arr(0, 2, 4).ravel()
    ignored = np.array([False, False, True])
    # min 0, max 2: 100*(2+0-s)/2 → 100, 0; ignored → 0
    assert scores.spread_normalize(raw, ignored).tolist() == [100, 0, 0]
    assert scores.spread_normalize(arr(0, 0).ravel(), np.array([False, False])).tolist() == [
        100,
        100,
    ]


def test_spread_weight_is_log_of_domains_plus_two() -> None:
    assert scores.spread_weight(3) == math.log(5)


def test_min_max_normalize() -> None:
    assert scores.min_max_normalize(arr(-2, 0, 2).ravel()).tolist() == [0, 50, 100]
    assert scores.min_max_normalize(arr(3, 3).ravel()).tolist() == [0, 0]


def test_default_weights() -> None:
    assert scores.WEIGHTS == {
        "TaintToleration": 3,
        "NodeAffinity": 2,
        "PodTopologySpread": 2,
        "InterPodAffinity": 2,
        "NodeResourcesFit": 1,
        "NodeResourcesBalancedAllocation": 1,
        "ImageLocality": 1,
        "DynamicResources": 1,  # scored for pods with claims (1.35 on)
    }


def test_spread_normalize_when_every_node_is_ignored() -> None:
    assert scores.spread_normalize(arr(3, 1).ravel(), np.array([True, True])).tolist() == [0, 0]
