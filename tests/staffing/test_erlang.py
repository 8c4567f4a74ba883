"""The queueing maths against published figures, and the properties every answer must have."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from staffing.erlang import (
    ImpossibleTarget,
    Target,
    agents_needed,
    agents_needed_many,
    asa,
    erlang_a,
    erlang_a_many,
    erlang_b,
    erlang_c,
    meets,
    service_level,
    traffic,
)


def test_erlang_b_matches_the_published_erlang_b_table():
    # Any Erlang B table (e.g. ITU-T's "Teletraffic Engineering Handbook", 2005, table of the
    # Erlang B formula): 10 circuits carry 4.46 E at 1 % blocking and 5.08 E at 2 %; 20 circuits
    # carry 12.03 E at 1 %. The table's traffic is rounded to 0.01 E, hence the tolerance.
    assert erlang_b(10, 4.46) == pytest.approx(0.01, abs=0.0002)
    assert erlang_b(10, 5.08) == pytest.approx(0.02, abs=0.0003)
    assert erlang_b(20, 12.03) == pytest.approx(0.01, abs=0.0002)


def test_the_call_centre_helper_worked_example_needs_14_agents():
    # Call Centre Helper, "Erlang C Formula - Made Simple With an Easy Worked Example": 100 calls
    # in 30 minutes, AHT 180 s (10 Erlangs), 80 % in 20 s. With 14 agents the probability of
    # waiting is 17.41 %, the service level 88.8 % and the ASA 7.8 s; 13 agents reach 79.6 %.
    a = traffic(100, 180, 1800)
    assert a == 10
    assert erlang_c(14, a) == pytest.approx(0.1741, abs=0.0001)
    assert service_level(14, a, 180, 20) == pytest.approx(0.888, abs=0.001)
    assert asa(14, a, 180) == pytest.approx(7.8, abs=0.05)
    assert service_level(13, a, 180, 20) < 0.8
    assert agents_needed(a, 180, Target(level=0.8, seconds=20)) == 14


def test_many_agents_follow_halfin_and_whitts_square_root_law():
    # Halfin & Whitt (1981), as summarised in Gans, Koole and Mandelbaum, "Telephone call
    # centers: tutorial, review and research prospects" (2003), §4.1: with n = A + β√A agents,
    # the probability of waiting tends to 1 / (1 + β·Φ(β)/φ(β)). At 2,500 Erlangs, β = 1:
    # 0.2234 (the limit is approached from above; within 0.01 at this size). This also shows the
    # recursion is stable at thousands of Erlangs (no factorials).
    phi = math.exp(-0.5) / math.sqrt(2 * math.pi)
    big_phi = 0.5 * (1 + math.erf(1 / math.sqrt(2)))
    limit = 1 / (1 + big_phi / phi)
    assert limit == pytest.approx(0.2234, abs=0.0001)
    assert erlang_c(2550, 2500.0) == pytest.approx(limit, abs=0.01)


def test_an_asa_target_and_the_occupancy_cap_are_met_by_the_smallest_count():
    a = traffic(100, 180, 1800)
    # 13 agents: ASA 17.1 s, 14 agents: 7.8 s (the worked example above)
    assert agents_needed(a, 180, Target(level=None, asa_seconds=10)) == 14
    assert agents_needed(a, 180, Target(level=None, asa_seconds=20)) == 13
    # 10 Erlangs at most 70 % busy: 15 agents (10 / 14 = 71 %)
    assert agents_needed(a, 180, Target(level=0.8, seconds=20, max_occupancy=0.7)) == 15


def test_erlang_a_without_impatience_is_erlang_c():
    figures = erlang_a(13, 10.0, 180, patience=1e9, seconds=20)
    assert figures.level == pytest.approx(service_level(13, 10.0, 180, 20), abs=1e-6)
    assert figures.wait == pytest.approx(erlang_c(13, 10.0), abs=1e-6)
    assert figures.mean_wait == pytest.approx(asa(13, 10.0, 180), rel=1e-4)


def test_erlang_a_answers_all_who_do_not_hang_up_given_time_enough():
    for seconds in (3600, 1e6):  # an hour: uniformised; days: the closed form of "eventually"
        figures = erlang_a(13, 10.0, 180, patience=120, seconds=seconds)
        assert figures.level == pytest.approx(1 - figures.abandon, abs=1e-6)
    assert 0.03 < figures.abandon < 0.05


def test_impatient_callers_need_fewer_agents_and_heavy_traffic_may_need_fewer_than_erlangs():
    patient = agents_needed(100.0, 300, Target())
    impatient = agents_needed(100.0, 300, Target(patience_seconds=120))
    assert impatient < patient
    assert agents_needed(2000.0, 300, Target(patience_seconds=120)) < 2000


def test_chats_are_shared_by_the_agents_handling_several_at_once():
    servers = agents_needed(10.0, 180, Target())
    assert agents_needed(10.0, 180, Target(concurrency=2)) == math.ceil(servers / 2)


@pytest.mark.parametrize(
    "target",
    [
        Target(level=1.0),
        Target(level=0),
        Target(level=None, asa_seconds=0),
        Target(max_occupancy=0),
        Target(concurrency=0),
        Target(patience_seconds=0),
    ],
)
def test_a_target_no_agent_count_can_meet_is_refused(target):
    with pytest.raises(ImpossibleTarget):
        agents_needed(10.0, 180, target)


def test_no_traffic_needs_no_agents():
    assert agents_needed(0.0, 180, Target()) == 0


@settings(max_examples=60, deadline=None)
@given(
    a=st.floats(min_value=0.01, max_value=3000),
    aht=st.integers(min_value=10, max_value=1800),
    level=st.floats(min_value=0.05, max_value=0.99),
    seconds=st.integers(min_value=0, max_value=300),
)
def test_the_answer_is_the_smallest_count_meeting_the_target(a, aht, level, seconds):
    target = Target(level=level, seconds=seconds, max_occupancy=0.95)
    n = agents_needed(a, aht, target)
    assert meets(n, a, aht, target)
    assert n == 1 or not meets(n - 1, a, aht, target)


@settings(max_examples=40, deadline=None)
@given(
    a=st.floats(min_value=0.1, max_value=500),
    aht=st.integers(min_value=10, max_value=900),
    seconds=st.integers(min_value=0, max_value=120),
)
def test_service_level_rises_with_agents(a, aht, seconds):
    start = math.floor(a) + 1
    levels = [service_level(n, a, aht, seconds) for n in range(start, start + 30)]
    assert levels == sorted(levels)


@settings(max_examples=8, deadline=None)
@given(
    a=st.floats(min_value=0.1, max_value=60),
    patience=st.integers(min_value=20, max_value=600),
)
def test_erlang_a_service_level_rises_with_agents(a, patience):
    levels = [erlang_a(n, a, 240, patience, 20).level for n in range(1, 80)]
    assert all(later >= earlier - 1e-9 for earlier, later in itertools.pairwise(levels))


def test_the_vector_answers_equal_the_one_interval_answers():
    rng = np.random.default_rng(7)
    a = rng.uniform(0, 400, 300)
    aht = rng.integers(60, 900, 300).astype(float)
    for target in (Target(), Target(level=None, asa_seconds=15, max_occupancy=0.85)):
        many = agents_needed_many(a, aht, target)
        # the vector rounds traffic up to 1/1000 Erlang: compare with the same input
        rounded = np.ceil(a * 1000 - 1e-6) / 1000
        assert list(many) == [
            agents_needed(x, h, target) for x, h in zip(rounded, aht, strict=False)
        ]


# Erlang A in bulk: the closed form (incomplete gamma functions) against the chain above, which
# the worked examples and properties hold; then the bulk answers against the one-interval ones.


def test_erlang_a_in_closed_form_equals_the_chain():
    grid = list(
        itertools.product(
            (1, 3, 13, 40), (0.5, 9.5, 10.0, 38.0, 55.0), (120, 180, 600), (60, 240, 1800)
        )
    )
    n, a, aht, patience = (np.array(column, dtype=float) for column in zip(*grid, strict=True))
    for p in (60, 240, 1800):
        mine = patience == p
        level, abandon = erlang_a_many(n[mine], a[mine], aht[mine], p, 20)
        chain = [
            erlang_a(int(k), x, h, p, 20)
            for k, x, h in zip(n[mine], a[mine], aht[mine], strict=True)
        ]
        assert level == pytest.approx([c.level for c in chain], abs=1e-9)
        assert abandon == pytest.approx([c.abandon for c in chain], abs=1e-9)


def test_bulk_erlang_a_of_very_patient_callers_is_the_worked_example():
    # patience of months: Erlang C's 14 agents for 10 Erlangs at 80/20 (Call Centre Helper)
    level, _abandon = erlang_a_many(
        np.array([13, 14]), np.full(2, 10.0), np.full(2, 180.0), 1e9, 20
    )
    assert level == pytest.approx(
        [service_level(13, 10.0, 180, 20), service_level(14, 10.0, 180, 20)], abs=1e-6
    )
    assert (
        agents_needed_many(
            np.full(3, 10.0), np.full(3, 180.0), Target(patience_seconds=1e7)
        ).tolist()
        == [14] * 3
    )


@pytest.mark.parametrize(
    "target",
    [
        Target(patience_seconds=240, max_occupancy=0.85),
        Target(level=0.9, seconds=30, patience_seconds=60),
        Target(level=None, asa_seconds=30, max_occupancy=0.9, patience_seconds=300),
        Target(level=None, asa_seconds=600, patience_seconds=120),  # an ASA above the patience
        Target(patience_seconds=120, concurrency=2),
    ],
)
def test_bulk_erlang_a_answers_equal_the_one_interval_answers(target):
    rng = np.random.default_rng(18)
    a = np.round(rng.uniform(0, 80, 60), 3)
    aht = np.round(rng.uniform(60, 700, 60))
    one = [agents_needed(x, h, target) for x, h in zip(a, aht, strict=True)]
    # many intervals (one capacity table per handle time) and few (a search per pair)
    assert agents_needed_many(np.tile(a, 40), np.tile(aht, 40), target).tolist() == one * 40
    assert agents_needed_many(a[:6], aht[:6], target).tolist() == one[:6]


def test_bulk_erlang_a_answers_a_year_of_a_queue_in_well_under_a_second():
    rng = np.random.default_rng(18)
    shape = np.tile(
        np.concatenate([np.zeros(14), np.sin(np.linspace(0.2, 3, 28)), np.zeros(6)]), 365
    )
    aht = np.round(rng.normal(330, 25, len(shape)), 1)
    a = shape * 60 * rng.uniform(0.8, 1.2, len(shape)) * aht / 1800
    import time

    start = time.process_time()
    answers = agents_needed_many(a, aht, Target(patience_seconds=240, max_occupancy=0.85))
    # the chain, pair by pair, took about 7 s of CPU for this (docs/staffing.md)
    assert time.process_time() - start < 1.0
    assert answers.max() > 10 and (answers[shape == 0] == 0).all()
