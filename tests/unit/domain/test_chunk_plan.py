"""The chunk planner: every plan is valid whether TikTok's MB is 10^6 or 2^20 bytes."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.chunk_plan import (
    MAX_VIDEO_BYTES,
    MB,
    MIB,
    ChunkPlan,
    ChunkPlanError,
    MbUnit,
    chunk_rule_violations,
    plan_chunks,
)

BOUNDARIES = [
    1,
    4_999_999,
    5_000_000,
    5 * MIB,
    20 * MB - 1,
    64_000_000,
    64_000_001,
    67_108_864,
    67_108_865,
    128 * MB,
    128 * MB + 1,
    128 * MIB + 7,
    1_000_000_000,
    MAX_VIDEO_BYTES - 1,
    MAX_VIDEO_BYTES,
]


def assert_valid(plan: ChunkPlan) -> None:
    for unit in MbUnit:
        assert (
            chunk_rule_violations(plan.video_size, plan.chunk_size, plan.total_chunk_count, unit)
            == []
        ), (plan, unit)
    ranges = plan.ranges
    assert len(ranges) == plan.total_chunk_count
    assert ranges[0].first == 0 and ranges[-1].last == plan.video_size - 1
    for before, after in itertools.pairwise(ranges):
        assert after.first == before.last + 1
    assert all(r.length == plan.chunk_size for r in ranges[:-1])
    assert sum(r.length for r in ranges) == plan.video_size


@pytest.mark.parametrize("size", BOUNDARIES)
@pytest.mark.parametrize("preferred", [1, 5 * MB, 10 * MB, 64 * MB, 200 * MB])
def test_boundary_sizes(size: int, preferred: int) -> None:
    assert_valid(plan_chunks(size, preferred))


@settings(max_examples=300, deadline=None)
@given(size=st.integers(1, MAX_VIDEO_BYTES), preferred=st.integers(1, 300 * MB))
def test_every_plan_is_valid_under_both_readings(size: int, preferred: int) -> None:
    assert_valid(plan_chunks(size, preferred))


def test_small_video_is_one_whole_chunk() -> None:
    plan = plan_chunks(4_999_999)
    assert (plan.chunk_size, plan.total_chunk_count) == (4_999_999, 1)


def test_over_64_mb_is_always_chunked() -> None:
    for size in (64_000_001, 67_108_864, 67_108_865):
        assert plan_chunks(size, 64 * MB).total_chunk_count >= 2


def test_count_is_floor_and_the_last_chunk_takes_the_rest() -> None:
    plan = plan_chunks(25 * MB + 3, 10 * MB)
    assert (plan.chunk_size, plan.total_chunk_count) == (10 * MB, 2)
    assert plan.ranges[-1].length == 15 * MB + 3


def test_four_gigabytes_stays_within_a_thousand_chunks() -> None:
    plan = plan_chunks(MAX_VIDEO_BYTES, 5 * MB)
    assert plan.total_chunk_count <= 1000
    assert plan.chunk_size >= 5 * MIB


@pytest.mark.parametrize("size", [0, -1, MAX_VIDEO_BYTES + 1])
def test_impossible_sizes_are_refused(size: int) -> None:
    with pytest.raises(ChunkPlanError):
        plan_chunks(size)


def test_rule_check_names_each_broken_rule() -> None:
    codes = {v.code for v in chunk_rule_violations(100 * MB, 100 * MB, 1, MbUnit.DECIMAL)}
    assert "large_video_chunked" in codes
    codes = {v.code for v in chunk_rule_violations(4 * MB, 1 * MB, 4, MbUnit.DECIMAL)}
    assert codes >= {"small_video_whole", "chunk_size_range"}
    codes = {v.code for v in chunk_rule_violations(30 * MB, 10 * MB, 2, MbUnit.DECIMAL)}
    assert codes == {"chunk_count"}
    # 5,000,000 bytes is 5 MB decimal but under 5 MiB: the readings disagree.
    assert chunk_rule_violations(20 * MB, 5 * MB, 4, MbUnit.DECIMAL) == []
    assert chunk_rule_violations(20 * MB, 5 * MB, 4, MbUnit.BINARY) != []


def test_chunk_index_at_resumes_only_on_chunk_starts() -> None:
    plan = plan_chunks(30 * MB, 10 * MB)
    assert plan.chunk_index_at(10 * MB) == 1
    with pytest.raises(ValueError):
        plan.chunk_index_at(10 * MB + 1)


def test_content_range_header() -> None:
    plan = plan_chunks(30 * MB, 10 * MB)
    assert plan.ranges[1].content_range(plan.video_size) == "bytes 10000000-19999999/30000000"
