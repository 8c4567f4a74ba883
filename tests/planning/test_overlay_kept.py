"""The scenario chart keeps its checked overlay per process until a write (planning/overlay.py):
every kind of write to planned changes adds a revision row (database triggers, migration
planning 0003), every write to the live org a historical row; a page read from the kept overlay
is the page read without it, after every kind of write."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people import services as people
from people.models import Position
from planning import overlay
from planning.models import Kind, PlannedChange, Revision, Scenario, Status
from planning.scenarios import (
    scenario_create,
    scenario_edit,
    scenario_redo,
    scenario_undo,
    scenario_update,
)
from planning.services import change_cancel, change_plan
from tests.people.factories import PersonFactory, seat

pytestmark = pytest.mark.django_db


def last_revision() -> int:
    """0 when there is none: a transactional test's flush empties the table."""
    return Revision.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_every_write_to_planned_changes_adds_a_revision(org, hr_user):
    scenario = scenario_create(
        created_by=hr_user, name="Stamps", effective_on=org["today"] + datetime.timedelta(10)
    )
    seen = [last_revision()]

    def written() -> bool:
        seen.append(last_revision())
        return seen[-1] > seen[-2]

    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[{"kind": Kind.MOVE, "position": org["team"], "new_manager": org["top"]}],
    )
    assert written()  # created (bulk)
    PlannedChange.objects.filter(scenario=scenario).update(note="bulk")
    assert written()  # a queryset update, no save() and no history
    PlannedChange.objects.filter(scenario=scenario).update(note="bulk")
    assert written()  # even when nothing changes
    PlannedChange.objects.filter(scenario=scenario).delete()
    assert written()


@pytest.fixture
def scenario(org, hr_user) -> Scenario:
    scenario = scenario_create(
        created_by=hr_user, name="Kept", effective_on=org["today"] + datetime.timedelta(10)
    )
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[{"kind": Kind.MOVE, "position": org["agents"][0], "new_manager": org["middle"]}],
    )
    return scenario


def canvas(client, scenario: Scenario, path: str) -> str:
    body = client.get(path, {"scenario": scenario.pk}).content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
    return body


def test_a_chart_read_from_the_kept_overlay_is_the_chart_read_without_it(
    client, org, users, hr_user, scenario
):
    """After each kind of write, the chart, a card's reports and a seat in focus as read next
    (from what the process kept, when it may, and the facts the pages before them read) are
    what each is read afresh, alone."""
    client.force_login(users["hr"])
    day = scenario.effective_on
    other = seat(role=org["roles"]["lead"], manager=org["middle"], holder=PersonFactory())
    spare = seat(role=org["roles"]["agent"], manager=org["middle"])
    paths = [
        reverse("people:chart"),
        reverse("people:chart-reports", args=[org["middle"].pk]),
        reverse("people:chart-reports", args=[org["team"].pk]),
        reverse("people:chart-reports", args=[other.pk]),
        reverse("people:chart-focus", args=[org["team"].pk]),
    ]
    pending = {}

    def plan_pending():
        pending["change"] = change_plan(
            planned_by=hr_user,
            kind=Kind.MOVE,
            effective_on=day - datetime.timedelta(days=1),
            position=org["agents"][1],
            new_manager=other,
        )

    writes = {
        "a live move": lambda: people.position_move(position=org["vacancy"], new_manager=other),
        "an edit": lambda: scenario_edit(
            scenario=scenario,
            user=hr_user,
            changes=[{"kind": Kind.CLOSE_SEAT, "position": org["vacancy"]}],
        ),
        "an undo": lambda: scenario_undo(scenario=scenario, user=hr_user),
        "a redo": lambda: scenario_redo(scenario=scenario, user=hr_user),
        "a pending change due before its day": plan_pending,
        "the pending change cancelled": lambda: change_cancel(
            change=pending["change"], cancelled_by=hr_user
        ),
        "a new day": lambda: scenario_update(
            scenario=scenario, user=hr_user, effective_on=day + datetime.timedelta(days=5)
        ),
        "an exit": lambda: people.person_exit(person=org["agents"][1].holder, left_on=org["today"]),
        "a new holder": lambda: people.position_change_holder(
            position=Position.objects.get(pk=org["agents"][1].pk),
            holder=PersonFactory(),
            on=org["today"],
        ),
        "a seat archived": lambda: people.position_archive(
            position=Position.objects.get(pk=spare.pk), on=org["today"]
        ),
    }
    fresh = [canvas(client, scenario, path) for path in paths]  # kept
    for name, write in writes.items():
        write()
        scenario.refresh_from_db()
        kept = [canvas(client, scenario, path) for path in paths]  # as kept, where it may
        alone = []
        for path in paths:
            overlay._CACHE.clear()
            alone.append(canvas(client, scenario, path))
        overlay._CACHE.clear()
        before, fresh = fresh, [canvas(client, scenario, path) for path in paths]  # and kept
        assert kept == fresh == alone, name
        assert fresh != before, name  # each write shows on a page: a stale one would be seen
    assert PlannedChange.objects.filter(status=Status.CANCELLED).count() == 1


def test_the_kept_overlay_is_read_once(client, org, users, scenario, django_assert_num_queries):
    client.force_login(users["hr"])
    overlay._CACHE.clear()
    # session, user, groups, the scenario (and its stamps), its changes, their live facts, the
    # seats drawn, the roles of the edit form
    with django_assert_num_queries(8):
        client.get(reverse("people:chart"), {"scenario": scenario.pk})
    # again: neither the changes nor their facts nor the roles
    with django_assert_num_queries(5):
        client.get(reverse("people:chart"), {"scenario": scenario.pk})
    # after a write to planned changes: the changes and their facts again, not the roles
    scenario_edit(
        scenario=scenario,
        user=users["hr"],
        changes=[{"kind": Kind.CLOSE_SEAT, "position": org["vacancy"]}],
    )
    with django_assert_num_queries(7):
        body = client.get(reverse("people:chart"), {"scenario": scenario.pk}).content.decode()
    assert 'data-mark="closed"' in body
    # a role renamed: the edit form's roles read again, by title in the page's language
    role = org["roles"]["agent"]
    role.title = "Aardvark Agent"
    role.save()
    body = client.get(reverse("people:chart"), {"scenario": scenario.pk}).content.decode()
    assert body.index("Aardvark Agent</option>") < body.index("Chief Customer Officer</option>")


def test_pages_after_the_first_read_only_the_facts_they_add(
    client, org, users, scenario, django_assert_num_queries
):
    """One page builds the overlay; another page of the scenario reads only the facts it needs
    beyond it (a seat's chain, the top levels), once; then nothing."""
    client.force_login(users["hr"])
    overlay._CACHE.clear()
    focus = reverse("people:chart-focus", args=[org["agents"][1].pk])  # no change names it

    def read(path: str) -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path, {"scenario": scenario.pk}).status_code == 200
        return [q["sql"] for q in queries]

    def walks(queries: list[str]) -> int:
        changes = 'SELECT "planning_plannedchange"."id"'
        assert not any(sql.startswith(changes) for sql in queries)  # the changes are not read
        return sum("WITH RECURSIVE" in sql for sql in queries)

    read(reverse("people:chart-reports", args=[org["team"].pk]))  # builds it
    first, again = read(focus), read(focus)
    assert (walks(first), walks(again)) == (1, 0)  # the seat's chain, once
    assert len(again) == 5
    first, again = read(reverse("people:chart")), read(reverse("people:chart"))
    assert (walks(first), walks(again)) == (1, 0)  # the top levels, once
    assert (len(first), len(again)) == (6, 5)
