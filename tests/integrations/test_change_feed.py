"""The change feed: every change of seats, people, assignments, promotions, roles and bands, in
commit order, as ids; followed by an opaque cursor; HR only; the import writes its events too."""

import datetime
import time
from io import StringIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from integrations.models import Event
from ladder import services as ladder_services
from people import services
from tests.helpers import problem_errors
from tests.people.factories import PersonFactory
from tests.roles.factories import RoleFactory, SalaryBandFactory

from .conftest import V1, read_feed

pytestmark = pytest.mark.django_db


def kinds(changes: list[dict]) -> list[tuple[str, str, int]]:
    return [(c["type"], c["object"], c["id"]) for c in changes]


def test_a_hire_a_move_and_an_exit_are_in_the_feed_in_the_order_they_happened(org, hr, users):
    _, start = read_feed(hr)
    vacancy, team, middle = org["vacancy"], org["team"], org["middle"]
    newcomer = PersonFactory()
    services.person_hire(person=newcomer, position=vacancy, started_on=datetime.date(2026, 1, 5))
    services.position_move(position=team, new_manager=org["top"])
    services.person_exit(person=newcomer, left_on=datetime.date(2026, 3, 31))

    changes, _ = read_feed(hr, start)

    seen = kinds(changes)
    hired = seen.index(("person.hired", "person", newcomer.pk))
    assert ("person.created", "person", newcomer.pk) in seen[:hired]
    moved = seen.index(("position.changed", "position", team.pk))
    left = seen.index(("person.left", "person", newcomer.pk))
    assert hired < moved < left
    started = next(c for c in changes if c["type"] == "assignment.started")
    assert started["related"] == {"person": newcomer.pk, "position": vacancy.pk}
    assert ("assignment.ended", "assignment", started["id"]) in seen
    assert ("position.changed", "position", middle.pk) not in seen  # counts are not changes


def test_a_promotion_role_and_band_change_are_in_the_feed(org, hr, users):
    _, start = read_feed(hr)
    ania = org["agents"][0].holder
    promotion = ladder_services.promote_person(
        person=ania,
        to_position=org["vacancy"],
        approved_by=users["hr"],
        effective=datetime.date(2026, 2, 1),
        exception_reason="test",
    )
    role = RoleFactory(parent=org["roles"]["lead"])
    role.summary = "Looks after the queue."
    role.save()
    band = SalaryBandFactory(role=role)

    changes, _ = read_feed(hr, start)

    seen = kinds(changes)
    assert ("promotion.created", "promotion", promotion.pk) in seen
    assert seen.index(("role.created", "role", role.pk)) < seen.index(
        ("role.changed", "role", role.pk)
    )
    band_event = next(c for c in changes if c["type"] == "band.created")
    assert (band_event["id"], band_event["related"]) == (band.pk, {"role": role.pk})
    assert band_event["effective_on"] == band.effective_from.isoformat()


def test_following_the_cursor_gives_each_change_once(org, hr):
    everything, head = read_feed(hr)
    paged, head_paged = read_feed(hr, limit=2)
    assert paged == everything and head_paged == head
    assert len({c["cursor"] for c in everything}) == len(everything)

    assert read_feed(hr, head) == ([], head)  # nothing new: the same cursor comes back
    person = PersonFactory()
    new, _ = read_feed(hr, head)
    assert kinds(new) == [("person.created", "person", person.pk)]
    assert hr.get(f"{V1}/changes/head/").json() == {"cursor": new[-1]["cursor"]}


def test_an_entry_names_the_change_and_nothing_of_its_values(org, hr):
    _, start = read_feed(hr)
    person = PersonFactory(salary=98765, salary_currency="EUR")
    [entry] = read_feed(hr, start)[0]
    assert set(entry) == {
        "cursor",
        "type",
        "object",
        "id",
        "related",
        "occurred_at",
        "effective_on",
    }
    assert (entry["object"], entry["id"], entry["related"]) == ("person", person.pk, {})


@pytest.mark.parametrize("who", ["employee", "manager", "outsider"])
def test_the_feed_is_for_hr_only(org, as_user, who):
    for url in (f"{V1}/changes/", f"{V1}/changes/head/"):
        answer = as_user(who).get(url)
        assert answer.status_code == 403
        assert problem_errors(answer) == {"detail": "The change feed is for HR."}


@pytest.mark.parametrize(
    "query, field",
    [
        ({"after": "not-a-cursor"}, "after"),
        ({"after": "MTIzNDU"}, "after"),  # base64 of digits, but not txid.id
        ({"limit": 0}, "limit"),
        ({"limit": 1001}, "limit"),
        ({"limit": "many"}, "limit"),
    ],
)
def test_a_bad_cursor_or_limit_is_refused_with_what_is_wrong(org, hr, query, field):
    answer = hr.get(f"{V1}/changes/", query)
    assert answer.status_code == 400
    assert list(problem_errors(answer)) == [field]


def test_the_import_writes_its_events_in_one_statement_per_kind_of_change(org, hr, tmp_path):
    from django.core.management import call_command

    _, start = read_feed(hr)
    rows = ["employee_id,first_name,last_name,manager_id,job_title"]
    top = org["top"].holder.employee_id
    rows += [f"N{i:04d},New,Person{i},{top},Agent" for i in range(40)]
    path = tmp_path / "people.csv"
    path.write_text("\n".join(rows) + "\n")
    with CaptureQueriesContext(connection) as queries:
        call_command("import_people", str(path), stdout=StringIO())
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "integrations_event"')]

    changes, _ = read_feed(hr, start)
    created = [c for c in changes if c["type"] == "person.created"]
    assert len(created) == 40
    assert len([c for c in changes if c["type"] == "position.created"]) == 40
    started = [c for c in changes if c["type"] == "assignment.started"]
    assert len(started) == 40
    assert {c["related"]["person"] for c in started} == {c["id"] for c in created}
    assert len(inserts) <= 6  # one per snapshot the import writes, whatever the row count
    assert Event.objects.count() >= 120


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_change_committed_late_is_not_skipped_by_a_reader_who_went_ahead(on_postgres, users):
    """A long transaction took its event id first and commits last: the feed hands out nothing
    after the oldest running transaction, so a reader never moves past the late event."""
    import psycopg
    from rest_framework.test import APIClient

    hr = APIClient()
    hr.force_login(users["hr"])
    _, start = read_feed(hr)
    settings = connection.settings_dict
    other = psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=settings["NAME"],
    )
    try:
        with other.cursor() as cursor:  # the long one: begins, writes its event, waits
            cursor.execute(
                "INSERT INTO integrations_event (type, object_type, object_id, related, "
                "occurred_at) VALUES ('person.changed', 'person', 1, '{}', now())"
            )
        early = PersonFactory()  # a short one commits after it, with a higher id
        assert read_feed(hr, start) == ([], start)  # held back: nothing skips the long one

        other.commit()
        # The horizon is the server's: another database's writing transaction (a test run
        # beside this one) may hold it back a moment longer.
        for _ in range(120):
            changes, _ = read_feed(hr, start)
            if changes:
                break
            time.sleep(0.5)
        assert [(c["object"], c["id"]) for c in changes] == [
            ("person", 1),
            ("person", early.pk),
        ]
    finally:
        other.close()
