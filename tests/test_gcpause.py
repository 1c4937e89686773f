from __future__ import annotations

import gc

import pytest

from kubelint.gcpause import uncollected


def test_the_collector_is_paused_within_and_restored_after() -> None:
    assert gc.isenabled()
    with uncollected():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError, match="inside"), uncollected():
        raise ValueError("inside")
    assert gc.isenabled()


def test_a_collector_paused_before_stays_paused() -> None:
    gc.disable()
    try:
        with uncollected():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_is_kept_is_frozen_out_of_later_collections() -> None:
    before = gc.get_freeze_count()
    try:
        with uncollected(kept=True):
            made = [[] for _ in range(100)]
        assert gc.get_freeze_count() >= before + len(made)
        assert gc.isenabled()
    finally:
        gc.unfreeze()
