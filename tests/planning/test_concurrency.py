"""Applying planned changes at the same time as another run, and as live moves, on PostgreSQL:
each change applies once, in order, and a live move is before or after a change, never inside it
(the tree stays valid: check_trees' problems are none)."""

import datetime
import random
import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from people import services as people
from people.integrity import tree_problems
from people.models import Position
from planning.models import Kind, PlannedChange, Status
from planning.services import change_plan, changes_apply_due

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
DAY = datetime.timedelta(days=1)


def together(*jobs: Callable[[], object]) -> list:
    """Run the jobs in threads started at once (each with its own connection); their results."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)
    errors: list[Exception] = []

    def run(n: int, job) -> None:
        try:
            barrier.wait()
            results[n] = job()
        except Exception as exc:  # reported by the test, not lost in a thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, job)) for n, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def plan_round_trips(org, hr_user, count: int) -> list[PlannedChange]:
    """The vacancy moves to the head, the top, back to its team, … one day after another."""
    managers = [org["middle"], org["top"], org["team"]]
    return [
        change_plan(
            planned_by=hr_user,
            kind=Kind.MOVE,
            effective_on=org["today"] + (n + 1) * DAY,
            position=org["vacancy"],
            new_manager=managers[n % 3],
        )
        for n in range(count)
    ]


def test_two_runs_at_once_apply_each_change_once_and_in_order(on_postgres, org, hr_user):
    planned = plan_round_trips(org, hr_user, 9)
    records = Position.history.filter(id=org["vacancy"].pk).count()
    day = org["today"] + 30 * DAY

    reports = together(lambda: changes_apply_due(today=day), lambda: changes_apply_due(today=day))

    applied = sorted(c.pk for report in reports for c in report.applied)
    assert applied == [c.pk for c in planned]
    assert [c.failed for c in reports] == [[], []]
    history = Position.history.filter(id=org["vacancy"].pk).order_by("history_id")
    assert history.count() == records + 9
    assert [r.manager_id for r in history][-3:] == [
        org["middle"].pk,
        org["top"].pk,
        org["team"].pk,
    ]
    assert tree_problems() == []


def test_live_moves_during_an_apply_are_before_or_after_each_change(on_postgres, org, hr_user):
    # a small tree of ten more seats under the team, moved around live while changes apply
    extra = [people.position_create(role=org["roles"]["agent"], manager=org["team"]).pk]
    for _n in range(9):
        extra.append(
            people.position_create(
                role=org["roles"]["agent"], manager=Position(pk=random.choice(extra))
            ).pk
        )
    planned = [
        change_plan(
            planned_by=hr_user,
            kind=Kind.MOVE,
            effective_on=org["today"] + (n % 5 + 1) * DAY,
            position=Position.objects.get(pk=extra[n]),
            new_manager=Position.objects.get(pk=[org["middle"].pk, org["top"].pk][n % 2]),
        )
        for n in range(1, 10)
    ]
    rng = random.Random(17)

    def live_moves() -> int:
        moved = 0
        for _n in range(40):
            seat, manager = rng.sample(extra, 2)
            try:
                people.position_move(position=Position(pk=seat), new_manager=Position(pk=manager))
                moved += 1
            except ValidationError:
                pass  # a loop: refused, as it should be
        return moved

    report, moved = together(lambda: changes_apply_due(today=org["today"] + 10 * DAY), live_moves)

    assert moved > 0
    assert len(report.applied) + len(report.failed) == len(planned)
    assert tree_problems() == []
    for change in PlannedChange.objects.filter(status=Status.APPLIED):
        record = Position.history.get(
            id=change.position_id, history_change_reason__startswith=f"Planned change #{change.pk} "
        )
        assert record.manager_id == change.new_manager_id
    for change in PlannedChange.objects.filter(status=Status.FAILED):
        assert not Position.history.filter(
            history_change_reason__startswith=f"Planned change #{change.pk} "
        ).exists()
