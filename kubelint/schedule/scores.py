"""kube-scheduler's scores and their normalisations, over arrays of feasible nodes.

Integer arithmetic where kube-scheduler uses int64 (its divisions truncate), floats where it
uses float64. Every score ends in 0..100 (MaxNodeScore); the plugin weights are WEIGHTS.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from numpy.typing import NDArray

MAX_SCORE = 100
WEIGHTS = {
    "TaintToleration": 3,
    "NodeAffinity": 2,
    "PodTopologySpread": 2,
    "InterPodAffinity": 2,
    "NodeResourcesFit": 1,
    "NodeResourcesBalancedAllocation": 1,
    "ImageLocality": 1,
    "DynamicResources": 1,  # from 1.35, for pods with claims of prioritized lists
}
MB = 1024 * 1024
IMAGE_MIN = 23 * MB  # ImageLocality's minThreshold
IMAGE_MAX_PER_CONTAINER = 1000 * MB  # its maxContainerThreshold

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]


def default_normalize(scores: Ints, reverse: bool = False) -> Ints:
    """DefaultNormalizeScore: scale to 0..100 by the maximum (reversed: 100 minus that)."""
    top = int(scores.max()) if scores.size else 0
    if top == 0:
        return np.full_like(scores, MAX_SCORE) if reverse else scores
    scaled = MAX_SCORE * scores // top
    return MAX_SCORE - scaled if reverse else scaled


def least_allocated(requested: Ints, allocatable: Ints) -> Ints:
    """NodeResourcesFit LeastAllocated over resource columns of equal weight: the mean of
    (allocatable - requested) * 100 / allocatable; a resource the node lacks is left out."""
    return _resource_mean(requested, allocatable, most=False)


def most_allocated(requested: Ints, allocatable: Ints) -> Ints:
    """NodeResourcesFit MostAllocated (bin-packing): the mean of requested * 100 / allocatable."""
    return _resource_mean(requested, allocatable, most=True)


def _resource_mean(requested: Ints, allocatable: Ints, most: bool) -> Ints:
    present = allocatable > 0
    safe = np.where(present, allocatable, 1)
    if most:
        per = np.minimum(requested, safe) * MAX_SCORE // safe
    else:
        per = np.where(requested > safe, 0, (safe - requested) * MAX_SCORE // safe)
    per = np.where(present, per, 0)
    counted = present.sum(axis=1)
    total = per.sum(axis=1)
    return np.where(counted > 0, total // np.maximum(counted, 1), 0).astype(np.int64)


def balanced_allocation(requested: Ints, allocatable: Ints) -> Ints:
    """NodeResourcesBalancedAllocation: 100 * (1 - the standard deviation of the requested
    fractions), each fraction capped at 1; a resource the node lacks is left out."""
    present = allocatable > 0
    fractions = np.where(present, np.minimum(requested / np.where(present, allocatable, 1), 1.0), 0)
    counted = present.sum(axis=1)
    if fractions.shape[1] == 2:  # kube's own arithmetic for two resources: |a - b| / 2
        std = np.where(counted == 2, np.abs(fractions[:, 0] - fractions[:, 1]) / 2, 0.0)
    else:
        mean = fractions.sum(axis=1) / np.maximum(counted, 1)
        deviation = np.where(present, fractions - mean[:, None], 0.0)
        std = np.sqrt((deviation**2).sum(axis=1) / np.maximum(counted, 1))
    return ((1 - std) * MAX_SCORE).astype(np.int64)


def image_locality(sums: Ints, containers: int) -> Ints:
    """ImageLocality: the size of the pod's images a node already has (each scaled by the
    share of nodes that have it), clamped to 23MB..1000MB per container, mapped to 0..100."""
    top = IMAGE_MAX_PER_CONTAINER * max(containers, 1)
    clamped = np.clip(sums, IMAGE_MIN, top)
    return (MAX_SCORE * (clamped - IMAGE_MIN) // (top - IMAGE_MIN)).astype(np.int64)


def spread_normalize(scores: Ints, ignored: NDArray[np.bool_] | None) -> Ints:
    """PodTopologySpread's normalisation: fewer matching pods score higher; ignored nodes 0
    (None: no node is ignored)."""
    counted = scores if ignored is None else scores[~ignored]
    if counted.size == 0:
        return np.zeros_like(scores)
    low, high = int(counted.min()), int(counted.max())
    if high == 0:
        out = np.full_like(scores, MAX_SCORE)
    else:
        out = MAX_SCORE * (high + low - scores) // high
    if ignored is None:
        return out.astype(np.int64, copy=False)
    return np.where(ignored, 0, out).astype(np.int64)


@cache
def spread_weight(domains: int) -> float:
    """topologyNormalizingWeight: log(domains + 2) (remembered: the counts repeat)."""
    return float(np.log(domains + 2))


def min_max_normalize(scores: Ints) -> Ints:
    """InterPodAffinity's normalisation: (score - min) / (max - min), scaled to 0..100."""
    low, high = int(scores.min()), int(scores.max())
    if high == low:
        return np.zeros_like(scores)
    return (MAX_SCORE * ((scores - low) / (high - low))).astype(np.int64)
