"""The worker applying one scenario's changes on its day (issue 17): its moves written in bulk, as
position_move would have written them one by one (the reporting lines, the seats' counts, one
historical row per move and the feed's events), the other kinds through the services, in the
scenario's order, and in a number of statements that does not grow with its moves."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from integrations.models import Event
from people.integrity import reporting_line_problems
from people.models import Position
from planning import services
from planning.models import Kind, ScenarioStatus, Status
from planning.scenarios import scenario_apply, scenario_create, scenario_edit
from tests.people.factories import seat

pytestmark = pytest.mark.django_db


def applied(users, ahead, *edits) -> list:
    """A scenario of these edits, approved and applied (its changes pending on `ahead`)."""
    scenario = scenario_create(created_by=users["hr"], name="Reorg", effective_on=ahead)
    for changes in edits:
        scenario_edit(scenario=scenario, user=users["hr"], changes=changes)
    scenario.status = ScenarioStatus.APPROVED
    scenario.save()
    scenario_apply(scenario=scenario, user=users["hradmin"])
    return list(scenario.changes.order_by("pk"))


def move(position, manager) -> dict:
    return {"kind": Kind.MOVE, "position": position, "new_manager": manager}


def counts(position) -> tuple[int, int, int]:
    position.refresh_from_db()
    return position.direct_count, position.seat_count, position.headcount


def test_moves_are_written_with_their_counts_history_and_events(org, users, ahead):
    ania, ben = org["agents"]
    changes = applied(
        users,
        ahead,
        [move(ania, org["middle"]), move(ben, org["middle"])],
        [move(ania, org["top"])],  # a seat moved twice: two rows of history
    )

    report = services.changes_apply_due(today=ahead)

    assert len(report.applied) == 3 and report.failed == []
    assert Position.objects.get(pk=ania.pk).manager_id == org["top"].pk
    assert Position.objects.get(pk=ben.pk).manager_id == org["middle"].pk
    assert reporting_line_problems() == []  # every seat's counts follow its reporting lines
    assert counts(org["team"]) == (1, 1, 0)
    assert counts(org["middle"]) == (2, 3, 2)
    assert counts(org["top"]) == (2, 5, 4)
    rows = ania.history.filter(history_change_reason__startswith="Planned change #")
    assert [
        (r.manager_id, r.history_change_reason, r.history_user, r.history_date.date())
        for r in rows.order_by("history_id")
    ] == [
        (org["middle"].pk, f"Planned change #{changes[0].pk} of {ahead}", users["hr"], ahead),
        (org["top"].pk, f"Planned change #{changes[2].pk} of {ahead}", users["hr"], ahead),
    ]
    applied_events = Event.objects.filter(type="planned_change.applied")
    assert sorted(applied_events.values_list("object_id", flat=True)) == [c.pk for c in changes]
    moved = Event.objects.filter(type="position.changed", object_id__in=[ania.pk, ben.pk])
    assert moved.filter(effective_on=ahead).count() >= 2


def test_moves_and_other_kinds_apply_in_the_scenarios_order(org, users, ahead):
    """The team's agents move away, then its emptied vacancy closes and a seat opens under it:
    each change reads the org as the ones before it left it."""
    ania, ben = org["agents"]
    applied(
        users,
        ahead,
        [move(ania, org["middle"]), move(ben, org["middle"])],
        [{"kind": Kind.CLOSE_SEAT, "position": org["vacancy"]}],
        [{"kind": Kind.NEW_SEAT, "new_manager": org["team"], "role": org["roles"]["agent"]}],
        [move(org["team"], org["top"])],
    )

    report = services.changes_apply_due(today=ahead)

    assert len(report.applied) == 5 and report.failed == []
    assert Position.objects.get(pk=org["vacancy"].pk).archived_on == ahead
    (opened,) = Position.objects.active().filter(manager=org["team"])
    assert opened.role == org["roles"]["agent"]
    assert Position.objects.get(pk=org["team"].pk).manager_id == org["top"].pk
    assert reporting_line_problems() == []
    assert counts(org["middle"]) == (2, 2, 2)
    assert counts(org["top"]) == (2, 5, 4)


def test_one_refusal_leaves_every_change_unwritten_and_failed(org, users, ahead):
    ania, _ben = org["agents"]
    changes = applied(users, ahead, [move(ania, org["middle"]), move(org["vacancy"], org["top"])])
    Position.objects.filter(pk=org["vacancy"].pk).update(archived_on=org["today"])  # meanwhile

    report = services.changes_apply_due(today=ahead)

    assert report.applied == [] and len(report.failed) == 2
    assert Position.objects.get(pk=ania.pk).manager_id == org["team"].pk
    assert {c.status for c in report.failed} == {Status.FAILED}
    assert report.failed[0].failure_reason.startswith(
        f"Change #{changes[1].pk} of the scenario could not apply:"
    )
    assert not ania.history.filter(history_change_reason__startswith="Planned change").exists()


def statements_applying(users, ahead, seats, manager) -> int:
    applied(users, ahead, [move(s, manager) for s in seats])
    with CaptureQueriesContext(connection) as queries:
        report = services.changes_apply_due(today=ahead)
    assert len(report.applied) == len(seats)
    return len(queries)


def test_the_statements_do_not_grow_with_the_moves(org, users, ahead):
    one = statements_applying(users, ahead, [org["agents"][0]], org["middle"])
    extra = [seat(role=org["roles"]["agent"], manager=org["team"]) for _ in range(4)]
    five = statements_applying(users, ahead, extra, org["middle"])
    assert one == five
