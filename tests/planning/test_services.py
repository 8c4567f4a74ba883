import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from people.integrity import tree_problems
from people.models import Assignment, Person, Position
from planning.models import Kind, PlannedChange, Status
from planning.services import change_cancel, changes_apply_due
from tests.people.factories import PersonFactory, SiteFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def seat(pk: int) -> Position:
    return Position.objects.get(pk=pk)


def status(change: PlannedChange) -> str:
    change.refresh_from_db()
    return change.status


def test_a_move_waits_for_its_day_and_then_applies(org, plan, ahead):
    change = plan(Kind.MOVE, position=org["vacancy"], new_manager=org["middle"])

    assert changes_apply_due(today=ahead - DAY).applied == []
    assert seat(org["vacancy"].pk).manager_id == org["team"].pk

    report = changes_apply_due(today=ahead)

    assert [c.pk for c in report.applied] == [change.pk]
    assert seat(org["vacancy"].pk).manager_id == org["middle"].pk
    assert seat(org["middle"].pk).direct_count == 2
    assert status(change) == Status.APPLIED
    assert tree_problems() == []


def test_the_history_of_an_applied_change_has_its_day_its_planner_and_its_number(
    org, plan, ahead, hr_user
):
    change = plan(Kind.MOVE, position=org["vacancy"], new_manager=org["middle"])

    changes_apply_due(today=ahead)

    record = Position.history.filter(id=org["vacancy"].pk).latest()
    assert record.manager_id == org["middle"].pk
    assert record.history_date.date() == ahead
    assert record.history_user == hr_user
    assert record.history_change_reason == f"Planned change #{change.pk} of {ahead.isoformat()}"


def test_a_hire_fills_the_vacancy_from_its_day(org, plan, ahead):
    newcomer = PersonFactory(first_name="Nora", hire_date=None)
    plan(Kind.HIRE, person=newcomer, position=org["vacancy"])

    changes_apply_due(today=ahead)

    assert seat(org["vacancy"].pk).holder == newcomer
    assignment = Assignment.objects.get(person=newcomer)
    assert (assignment.started_on, assignment.reason) == (ahead, "hire")
    assert Person.objects.get(pk=newcomer.pk).hire_date == ahead
    assert seat(org["team"].pk).headcount == 3


def test_an_exit_leaves_the_seat_vacant_on_its_day(org, plan, ahead):
    ania = org["agents"][0].holder
    plan(Kind.EXIT, person=ania)

    changes_apply_due(today=ahead)

    assert Person.objects.get(pk=ania.pk).left_on == ahead
    assert seat(org["agents"][0].pk).holder is None
    assert Assignment.objects.get(person=ania).ended_on == ahead


def test_a_promotion_moves_the_person_with_a_raise_on_its_day(org, plan, ahead):
    ben = org["agents"][1].holder
    plan(
        Kind.PROMOTION,
        person=ben,
        position=org["vacancy"],
        salary=Decimal("36000"),
        exception_reason="A lateral step the ladder does not list",
    )

    changes_apply_due(today=ahead)

    assert seat(org["vacancy"].pk).holder == ben
    assert seat(org["agents"][1].pk).holder is None
    assert Person.objects.get(pk=ben.pk).salary == Decimal("36000")
    assert ben.promotions.get().effective == ahead


def test_a_role_and_a_site_change_of_a_seat_apply(org, plan, ahead):
    berlin = SiteFactory()
    plan(Kind.ROLE, position=org["vacancy"], role=org["roles"]["lead"])
    plan(Kind.SITE, position=org["vacancy"], site=berlin)

    changes_apply_due(today=ahead)

    vacancy = seat(org["vacancy"].pk)
    assert (vacancy.role, vacancy.site) == (org["roles"]["lead"], berlin)


def test_a_new_seat_is_made_and_a_closed_seat_archived(org, plan, ahead):
    opened = plan(Kind.NEW_SEAT, new_manager=org["team"], role=org["roles"]["agent"])
    plan(Kind.CLOSE_SEAT, position=org["vacancy"])

    changes_apply_due(today=ahead)

    opened.refresh_from_db()
    assert opened.created_position.manager == org["team"]
    assert seat(org["vacancy"].pk).archived_on == ahead
    assert seat(org["team"].pk).direct_count == 3  # two agents and the new seat
    assert tree_problems() == []


def test_a_salary_change_applies_on_its_day(org, plan, ahead):
    ania = org["agents"][0].holder
    plan(Kind.SALARY, person=ania, salary=Decimal("34500"))

    changes_apply_due(today=ahead)

    assert Person.objects.get(pk=ania.pk).salary == Decimal("34500")


def test_changes_apply_by_day_then_in_the_order_they_were_planned(org, plan, ahead):
    vacancy = org["vacancy"]
    later = plan(Kind.ROLE, position=vacancy, role=org["roles"]["lead"], effective_on=ahead + DAY)
    first = plan(Kind.MOVE, position=vacancy, new_manager=org["middle"])
    second = plan(Kind.MOVE, position=vacancy, new_manager=org["top"])

    report = changes_apply_due(today=ahead + DAY)

    assert [c.pk for c in report.applied] == [first.pk, second.pk, later.pk]
    records = Position.history.filter(id=vacancy.pk).order_by("history_id")
    assert [(r.manager_id, r.role_id) for r in records][-3:] == [
        (org["middle"].pk, org["roles"]["agent"].pk),
        (org["top"].pk, org["roles"]["agent"].pk),
        (org["top"].pk, org["roles"]["lead"].pk),
    ]


def test_running_twice_applies_each_change_once(org, plan, ahead):
    plan(Kind.MOVE, position=org["vacancy"], new_manager=org["middle"])
    changes_apply_due(today=ahead)
    records = Position.history.count()

    report = changes_apply_due(today=ahead)

    assert (report.applied, report.failed) == ([], [])
    assert Position.history.count() == records


def test_a_late_run_applies_everything_due_in_order(org, plan, ahead):
    ania = org["agents"][0].holder
    plan(Kind.EXIT, person=ania)
    plan(Kind.HIRE, person=PersonFactory(), position=org["agents"][0], effective_on=ahead + DAY)
    plan(
        Kind.SALARY,
        person=org["agents"][1].holder,
        salary=Decimal(40000),
        effective_on=ahead + 5 * DAY,
    )

    report = changes_apply_due(today=ahead + 30 * DAY)

    assert [c.kind for c in report.applied] == [Kind.EXIT, Kind.HIRE, Kind.SALARY]
    assert (
        Assignment.objects.filter(position=org["agents"][0])
        .order_by("started_on")
        .last()
        .started_on
        == ahead + DAY
    )


def test_a_change_whose_seat_was_archived_fails_with_a_reason_and_writes_nothing(org, plan, ahead):
    ben = org["agents"][1].holder
    change = plan(
        Kind.PROMOTION,
        person=ben,
        position=org["vacancy"],
        salary=Decimal(50000),
        exception_reason="x",
    )
    from people.services import position_archive

    position_archive(position=org["vacancy"], on=org["today"])
    records = (Position.history.count(), Person.history.count(), Assignment.history.count())

    report = changes_apply_due(today=ahead)

    assert [c.pk for c in report.failed] == [change.pk]
    change.refresh_from_db()
    assert change.status == Status.FAILED
    assert f"#{org['vacancy'].pk} will no longer be in the org" in change.failure_reason
    assert seat(org["agents"][1].pk).holder == ben
    assert Person.objects.get(pk=ben.pk).salary == Decimal(32000)
    assert (Position.history.count(), Person.history.count(), Assignment.history.count()) == records


def test_a_failed_change_does_not_stop_the_ones_after_it(org, plan, ahead):
    doomed = plan(Kind.HIRE, person=PersonFactory(), position=org["vacancy"])
    fine = plan(Kind.MOVE, position=org["team"], new_manager=org["top"], effective_on=ahead + DAY)
    from people.services import person_hire

    person_hire(person=PersonFactory(), position=org["vacancy"], started_on=org["today"])

    report = changes_apply_due(today=ahead + DAY)

    assert [c.pk for c in report.failed] == [doomed.pk]
    assert [c.pk for c in report.applied] == [fine.pk]
    assert tree_problems() == []


def test_a_refusal_of_the_service_itself_marks_the_change_failed(org, plan, ahead):
    """The checks of the projection pass, the service refuses (the seat's last holder left
    after the day a close is planned for): failed, with the service's message."""
    ania = org["agents"][0].holder
    change = plan(Kind.CLOSE_SEAT, position=org["vacancy"])
    from people.services import person_exit, person_hire

    person_hire(person=PersonFactory(), position=org["vacancy"], started_on=org["today"])
    newcomer = Position.objects.get(pk=org["vacancy"].pk).holder
    person_exit(person=newcomer, left_on=ahead + 5 * DAY)
    del ania

    report = changes_apply_due(today=ahead)

    assert [c.pk for c in report.failed] == [change.pk]
    assert "archive it after that" in PlannedChange.objects.get(pk=change.pk).failure_reason
    assert seat(org["vacancy"].pk).archived_on is None


# ---------------------------------------------------------------- planning refuses


def refusal(plan, kind, **columns) -> dict:
    with pytest.raises(ValidationError) as caught:
        plan(kind, **columns)
    return caught.value.message_dict


def test_two_hires_into_one_seat_on_one_day_are_refused(org, plan):
    plan(Kind.HIRE, person=PersonFactory(), position=org["vacancy"])

    problems = refusal(plan, Kind.HIRE, person=PersonFactory(), position=org["vacancy"])

    assert problems == {"position": [f"Seat #{org['vacancy'].pk} will be held by then."]}
    assert PlannedChange.objects.count() == 1


def test_a_move_under_a_seat_that_will_be_closed_is_refused(org, plan, ahead):
    plan(Kind.CLOSE_SEAT, position=org["vacancy"])

    problems = refusal(
        plan,
        Kind.MOVE,
        position=org["agents"][0],
        new_manager=org["vacancy"],
        effective_on=ahead + DAY,
    )

    assert problems == {
        "new_manager": [f"Seat #{org['vacancy'].pk} will no longer be in the org by then."]
    }


def test_a_move_under_its_own_team_as_it_will_be_is_refused(org, plan, ahead):
    plan(Kind.MOVE, position=org["vacancy"], new_manager=org["agents"][0])

    problems = refusal(
        plan,
        Kind.MOVE,
        position=org["agents"][0],
        new_manager=org["vacancy"],
        effective_on=ahead + DAY,
    )

    assert problems == {"new_manager": ["A seat cannot report to itself or to a seat below it."]}


def test_a_change_that_would_stop_a_later_one_is_refused(org, plan, ahead):
    later = plan(
        Kind.HIRE, person=PersonFactory(), position=org["vacancy"], effective_on=ahead + DAY
    )

    problems = refusal(plan, Kind.CLOSE_SEAT, position=org["vacancy"])

    assert problems["__all__"][0].startswith(f"It would stop change #{later.pk} (Hire")


def test_a_change_for_today_or_the_past_is_refused(org, plan):
    problems = refusal(plan, Kind.EXIT, person=org["agents"][0].holder, effective_on=org["today"])

    assert problems == {"effective_on": ["A planned change takes effect after today."]}


def test_a_change_more_than_a_year_ahead_is_refused(org, plan):
    problems = refusal(
        plan, Kind.EXIT, person=org["agents"][0].holder, effective_on=org["today"] + 400 * DAY
    )

    assert "effective_on" in problems


def test_a_change_of_the_wrong_shape_is_refused(org, plan):
    problems = refusal(plan, Kind.EXIT, person=org["agents"][0].holder, position=org["vacancy"])

    assert problems == {"__all__": ["An exit names the person who leaves, nothing else."]}


def test_only_hr_plans(org, users, ahead):
    from planning.services import change_plan

    with pytest.raises(ValidationError) as caught:
        change_plan(
            planned_by=users["manager"],
            kind=Kind.EXIT,
            person=org["agents"][0].holder,
            effective_on=ahead,
        )

    assert caught.value.message_dict == {"planned_by": ["Only HR can plan changes."]}


def test_a_cancelled_change_never_applies(org, plan, ahead, hr_user):
    change = plan(Kind.MOVE, position=org["vacancy"], new_manager=org["middle"])

    change_cancel(change=change, cancelled_by=hr_user)
    changes_apply_due(today=ahead)

    assert status(change) == Status.CANCELLED
    assert seat(org["vacancy"].pk).manager_id == org["team"].pk


def test_an_applied_change_cannot_be_cancelled(org, plan, ahead, hr_user):
    change = plan(Kind.MOVE, position=org["vacancy"], new_manager=org["middle"])
    changes_apply_due(today=ahead)

    with pytest.raises(ValidationError, match="only a pending change can be cancelled"):
        change_cancel(change=change, cancelled_by=hr_user)


# ---------------------------------------------------------------- the command


def test_the_command_prints_what_it_applied_and_what_failed(org, plan, ahead, capsys):
    moved = plan(Kind.MOVE, position=org["vacancy"], new_manager=org["middle"])
    doomed = plan(Kind.EXIT, person=org["agents"][0].holder)
    from people.services import person_exit

    person_exit(person=org["agents"][0].holder, left_on=org["today"])

    call_command("apply_due_changes", today=ahead.isoformat())

    out = capsys.readouterr()
    assert f"applied #{moved.pk}: Move of a seat to a new manager, {ahead}" in out.out
    assert f"failed #{doomed.pk}: Exit, {ahead}: " in out.out
    assert "1 planned change(s) failed" in out.err


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"today": "tomorrow"}, "--today takes a date as YYYY-MM-DD"),
        ({"today": "2027-02-30"}, "--today takes a date as YYYY-MM-DD"),
        ({"every": "0"}, "--every takes a whole number of seconds"),
        ({"every": "soon"}, "--every takes a whole number of seconds"),
    ],
)
def test_the_command_refuses_bad_input_and_changes_nothing(org, plan, ahead, options, message):
    from django.core.management.base import CommandError

    change = plan(Kind.MOVE, position=org["vacancy"], new_manager=org["middle"])

    with pytest.raises(CommandError, match=message):
        call_command("apply_due_changes", **{"today": ahead.isoformat(), **options})

    assert status(change) == Status.PENDING


def test_a_move_of_a_person_leaves_their_seat_vacant_and_fills_the_new_one(org, plan, ahead):
    ben = org["agents"][1].holder
    plan(Kind.TRANSFER, person=ben, position=org["vacancy"], note="Second queue")

    changes_apply_due(today=ahead)

    assert seat(org["vacancy"].pk).holder == ben
    assert seat(org["agents"][1].pk).holder is None
    new = Assignment.objects.get(person=ben, ended_on__isnull=True)
    assert (new.started_on, new.reason, new.note) == (ahead, "transfer", "Second queue")


def test_a_hire_of_someone_holding_a_seat_is_refused(org, plan):
    problems = refusal(plan, Kind.HIRE, person=org["agents"][1].holder, position=org["vacancy"])

    assert list(problems) == ["person"]
