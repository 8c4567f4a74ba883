"""The demo's invented planned changes: a handful a few weeks ahead, each of them able to apply."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from people.models import Person
from planning.models import Kind, PlannedChange, Status

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 11, 1)


def load(**options) -> str:
    out = StringIO()
    call_command("load_demo", people=50, seed=1, as_of=AS_OF, stdout=out, **options)
    return out.getvalue()


def test_the_demo_plans_a_hire_a_move_an_exit_and_a_new_seat_weeks_ahead():
    out = load()

    today = timezone.localdate()
    changes = list(PlannedChange.objects.in_order())
    assert [c.kind for c in changes] == [Kind.HIRE, Kind.MOVE, Kind.EXIT, Kind.NEW_SEAT]
    assert [(c.effective_on - today).days for c in changes] == [14, 21, 28, 35]
    assert {(c.status, c.note, c.planned_by.username) for c in changes} == {
        (Status.PENDING, "Invented for the demo.", "hr")
    }
    manager = Person.objects.get(user__username="manager")
    assert changes[1].position == manager.position  # the demo manager's page shows it
    assert changes[2].person.position.manager == manager.position
    assert "Planned 4 invented changes" in out


def test_every_planned_demo_change_applies_on_its_day():
    load()

    call_command(
        "apply_due_changes",
        today=(timezone.localdate() + datetime.timedelta(weeks=6)).isoformat(),
        stdout=StringIO(),
    )

    assert set(PlannedChange.objects.values_list("status", flat=True)) == {Status.APPLIED}
    call_command("check_trees", stdout=StringIO())


def test_a_demo_without_accounts_plans_nothing():
    load(no_accounts=True)

    assert not PlannedChange.objects.exists()
