"""One scenario's changes applied by the worker on PostgreSQL while seats are moved live: the
live moves land before or after the scenario's changes, never among them, and the tree stays
valid (issue 17)."""

import datetime
import random

import pytest
from django.core.exceptions import ValidationError

from people import services as people
from people.integrity import tree_problems
from people.models import Position
from planning.models import Kind, PlannedChange, Status
from planning.scenarios import (
    scenario_apply,
    scenario_create,
    scenario_decide,
    scenario_edit,
    scenario_submit,
)
from planning.services import changes_apply_due
from tests.planning.test_concurrency import together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
DAY = datetime.timedelta(days=1)


def test_live_moves_land_before_or_after_a_scenarios_changes(on_postgres, org, users):
    extra = [people.position_create(role=org["roles"]["agent"], manager=org["team"]).pk]
    for _n in range(11):
        extra.append(
            people.position_create(role=org["roles"]["agent"], manager=Position(pk=extra[0])).pk
        )
    scenario = scenario_create(
        created_by=users["hr"], name="Reorg", effective_on=org["today"] + DAY
    )
    scenario_edit(
        scenario=scenario,
        user=users["hr"],
        changes=[
            {"kind": Kind.MOVE, "position": Position(pk=pk), "new_manager": org["middle"]}
            for pk in extra[1:7]
        ],
    )
    scenario_submit(scenario=scenario, user=users["hr"])
    scenario_decide(scenario=scenario, user=users["hradmin"], approve=True)
    scenario_apply(scenario=scenario, user=users["hradmin"])
    rng = random.Random(17)

    def live_moves() -> int:
        moved = 0
        for _n in range(40):
            seat, manager = rng.sample(extra[6:], 2)
            try:
                people.position_move(position=Position(pk=seat), new_manager=Position(pk=manager))
                moved += 1
            except ValidationError:
                pass  # a loop: refused
        return moved

    report, moved = together(lambda: changes_apply_due(today=org["today"] + 10 * DAY), live_moves)

    assert moved > 0
    assert len(report.applied) == 6 and report.failed == []
    assert tree_problems() == []
    ids = [
        (r.history_id, (r.history_change_reason or "").startswith("Planned change #"))
        for r in Position.history.filter(history_id__gt=0).order_by("history_id")
    ]
    mine = [n for n, (_pk, planned) in enumerate(ids) if planned]
    assert len(mine) == 6
    assert mine == list(range(mine[0], mine[0] + 6))  # one block: nothing live inside it
    assert set(
        PlannedChange.objects.filter(scenario=scenario).values_list("status", flat=True)
    ) == {Status.APPLIED}
