"""A scenario of 1,000 moves over the 100,000-person org: drafted in one edit, applied (its drafts
turned into pending changes, checked in one simulation) within 5 s, its impact within 1 s
(issue 17). The figures are printed (-s) for docs/benchmarks."""

import datetime
import time

import pytest
from django.db.models import Count
from django.urls import reverse

from people.models import Position
from planning.impact import scenario_impact
from planning.models import Kind, ScenarioStatus, Status
from planning.scenarios import scenario_apply, scenario_create, scenario_edit

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
CHANGES = 1_000


def thousand_moves() -> list[dict]:
    managers = list(
        Position.objects.active()
        .annotate(n=Count("reports"))
        .filter(n__gt=3)
        .order_by("id")
        .values_list("id", flat=True)[:200]
    )
    leaves = list(
        Position.objects.active()
        .filter(manager_id__isnull=False, direct_count=0)
        .order_by("id")
        .values_list("id", "manager_id")[: CHANGES * 2]
    )
    moves = []
    for n, (seat, manager) in enumerate(leaves):
        target = managers[n % len(managers)]
        if target != manager:
            moves.append(
                {
                    "kind": Kind.MOVE,
                    "position": Position(pk=seat),
                    "new_manager": Position(pk=target),
                }
            )
        if len(moves) == CHANGES:
            break
    return moves


def test_a_thousand_change_scenario_at_100k(large_org, users):
    ahead = datetime.date.today() + datetime.timedelta(days=30)
    scenario = scenario_create(created_by=users["hr"], name="Big", effective_on=ahead)
    moves = thousand_moves()
    assert len(moves) == CHANGES

    started = time.perf_counter()
    scenario_edit(scenario=scenario, user=users["hr"], changes=moves)
    edit_s = time.perf_counter() - started

    reverse("people:detail", args=[1])  # the URLconf, loaded once a process, is not the impact's
    started = time.perf_counter()
    impact = scenario_impact(scenario, salaries=True)
    impact_s = time.perf_counter() - started

    scenario.status = ScenarioStatus.APPROVED
    scenario.save()
    started = time.perf_counter()
    scenario_apply(scenario=scenario, user=users["hradmin"])
    apply_s = time.perf_counter() - started

    print(
        f"\nscenario of {CHANGES} moves at {large_org} people: edit {edit_s:.2f} s, "
        f"impact {impact_s:.2f} s, apply {apply_s:.2f} s"
    )
    assert sum(f.headcount_after for f in impact.branches) > 90_000
    assert set(scenario.changes.values_list("status", flat=True)) == {Status.PENDING}
    assert apply_s <= 5
    assert impact_s <= 1
