"""The whole-org export written by the database (people/org_export.py) is, byte for byte, the JSON
orjson wrote from the rows before (issue 21), on SQLite and on PostgreSQL: the same columns in
the same order, strings escaped the same, nulls, money with its cents, the role title in the
asker's language. And only HR gets the salary columns."""

import datetime
from decimal import Decimal

import orjson
import pytest
from django.db import connection
from django.utils import translation

from people import org_export, services
from people.models import Position
from tests.helpers import body
from tests.people.factories import PersonFactory, SiteFactory
from tests.roles.factories import RoleFactory

from .conftest import V1

pytestmark = pytest.mark.django_db

AWKWARD_NAMES = [
    'Zoë "Q" O\'Brien',
    "back\\slash / and </script>",
    "tab\tnew\nline\rreturn",
    "".join(chr(c) for c in range(1, 32)) + "\x7f",
    "Łucja Żółć 😀 \u2028\u2029 \ufeff",
    "",
]
SALARIES = [None, 0, 32000, Decimal("52000.5"), Decimal("1234567.89"), Decimal("9999999999.99")]


def built_the_old_way(*, include_salary: bool) -> bytes:
    """The answer as the export wrote it before: the rows fetched, then dumped by orjson."""
    with connection.cursor() as cursor:
        cursor.execute(org_export.rows_sql(include_salary=include_salary))
        rows = cursor.fetchall()
    if include_salary:  # a Decimal with its cents, as psycopg gave it (SQLite gave numbers)
        rows = [(*row[:12], money(row[12]), row[13]) for row in rows]
    columns = org_export.columns(include_salary=include_salary)
    return orjson.dumps({"columns": columns, "rows": rows}, default=str)


def money(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


@pytest.fixture
def awkward_org(org) -> dict:
    """The small org plus seats whose every text needs escaping, every kind of salary, no
    e-mail, a vacancy, an assistant, a seat at a site, and an archived seat left out."""
    role = RoleFactory(parent=org["roles"]["lead"], title='Agent "Nacht" \\ Ü', slug="agent-x")
    role.title_de = "Nachtagent"
    role.save()
    site = SiteFactory(code='S"1\\')
    for number, (name, salary) in enumerate(zip(AWKWARD_NAMES, SALARIES, strict=True)):
        person = PersonFactory(
            first_name=name,
            last_name=name[::-1],
            email="" if number == 1 else f"{number}@example.com",
            salary=salary,
            salary_currency="" if salary is None else "EUR",
        )
        seat = services.position_create(role=role, manager=org["team"])
        services.person_hire(person=person, position=seat, started_on=datetime.date(2024, 1, 1))
    Position.objects.filter(pk=seat.pk).update(is_assistant=True, site=site)
    gone = services.position_create(role=role, manager=org["team"])
    services.position_archive(position=gone, on=datetime.date(2025, 2, 1))
    services.position_create(role=role, manager=org["team"])  # a vacancy after the gap
    return org


@pytest.mark.parametrize("who", ["hr", "employee"])
def test_the_export_is_the_json_orjson_wrote_from_the_rows(awkward_org, as_user, who):
    answer = body(as_user(who).get(f"{V1}/org/export/"))

    assert answer == built_the_old_way(include_salary=who == "hr")
    assert len(orjson.loads(answer)["rows"]) == Position.objects.active().count()


def test_the_export_names_roles_in_the_askers_language(awkward_org, hr):
    answer = body(hr.get(f"{V1}/org/export/", HTTP_ACCEPT_LANGUAGE="de"))

    with translation.override("de"):
        assert answer == built_the_old_way(include_salary=True)
    titles = {row[4] for row in orjson.loads(answer)["rows"]}
    assert "Nachtagent" in titles  # translated
    assert "Agent" in titles  # no German title: the English one


def test_chunks_of_a_few_ids_and_ranges_with_no_seat_join_into_the_same_answer(
    awkward_org, hr, monkeypatch
):
    role, team = awkward_org["roles"]["agent"], awkward_org["team"]
    gap = Position.objects.bulk_create(Position(role=role, manager=team) for _ in range(5))
    Position.objects.filter(pk__in=[p.pk for p in gap]).delete()
    services.position_create(role=role, manager=team)  # ids 5 past the last seat before

    monkeypatch.setattr(org_export, "CHUNK", 2)
    chunked = body(hr.get(f"{V1}/org/export/"))

    assert chunked == built_the_old_way(include_salary=True)
    ids = [row[0] for row in orjson.loads(chunked)["rows"]]
    assert ids == list(Position.objects.active().order_by("id").values_list("id", flat=True))


def test_an_org_without_seats_exports_no_rows(db, hr):
    answer = body(hr.get(f"{V1}/org/export/"))

    assert orjson.loads(answer) == {"columns": org_export.columns(include_salary=True), "rows": []}


def test_a_seat_is_exported_as_exactly_this_row(db, hr):
    role = RoleFactory(title="Agent", slug="agent")
    person = PersonFactory(
        employee_id="E1", first_name="Ana", last_name="Lis", email="", salary=Decimal("41000.5")
    )
    seat = services.position_create(role=role, manager=None)
    services.person_hire(person=person, position=seat, started_on=datetime.date(2024, 1, 1))

    answer = body(hr.get(f"{V1}/org/export/"))

    expected = (
        '{"columns":["id","manager_id","role_id","role_slug","role_title","holder_id",'
        '"employee_id","first_name","last_name","email","site_code","is_assistant","salary",'
        '"salary_currency"],"rows":['
        f'[{seat.pk},null,{role.pk},"agent","Agent",{person.pk},"E1","Ana","Lis","",null,0,'
        '"41000.50",""]]}'
    )
    assert answer.decode() == expected


SALARY_SEERS = {"hr", "hradmin"}


@pytest.mark.parametrize("who", ["employee", "manager", "hr", "hradmin"])
def test_only_hr_gets_the_salary_columns_and_no_one_else_a_salary(awkward_org, as_user, who):
    answer = body(as_user(who).get(f"{V1}/org/export/"))

    data = orjson.loads(answer)
    sees = who in SALARY_SEERS
    assert ("salary" in data["columns"]) is sees
    assert ("salary_currency" in data["columns"]) is sees
    assert {len(row) for row in data["rows"]} == {14 if sees else 12}
    assert (b"1234567.89" in answer) is sees
    assert (b"EUR" in answer) is sees
    # Nothing else of a person's restricted record: hire dates, exit dates, notes.
    assert b"2022-01-10" not in answer
    assert b"2024-01-01" not in answer


def test_the_export_makes_one_query_for_its_rows_whatever_their_number(
    awkward_org, hr, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(org_export, "CHUNK", 3)
    body(hr.get(f"{V1}/org/export/"))  # warm: the session, the user, the groups
    with django_assert_num_queries(4) as small:  # the session, the user, the groups, the rows
        body(hr.get(f"{V1}/org/export/"))

    role = awkward_org["roles"]["agent"]
    for _ in range(20):
        services.position_create(role=role, manager=awkward_org["team"])
    with django_assert_num_queries(len(small.captured_queries)):
        answer = body(hr.get(f"{V1}/org/export/"))
    assert len(orjson.loads(answer)["rows"]) == Position.objects.active().count()


def test_postgresql_with_an_older_libpq_exports_the_same_answer_through_a_cursor(
    awkward_org, hr, on_postgres, monkeypatch
):
    """Streamed rows need libpq 17 (psycopg[binary] brings it); an older libpq reads them through
    a server-side cursor, a chunk a round trip, and answers the same bytes."""
    monkeypatch.setattr(org_export, "CHUNK", 2)
    streamed = body(hr.get(f"{V1}/org/export/"))
    monkeypatch.setattr(org_export, "_chunked_rows_mode", lambda: False)
    through_a_cursor = body(hr.get(f"{V1}/org/export/"))

    assert streamed == through_a_cursor == built_the_old_way(include_salary=True)


@pytest.mark.django_db(transaction=True)  # as a response is read: outside any transaction
def test_a_client_that_stops_reading_leaves_the_connection_ready_for_the_next_request(
    awkward_org, hr, monkeypatch
):
    """A client that goes away mid-export closes the response: the query is stopped (cancelled
    on PostgreSQL) and the connection answers the next query at once, in no open statement."""
    monkeypatch.setattr(org_export, "CHUNK", 2)
    response = hr.get(f"{V1}/org/export/")
    pieces = iter(response.streaming_content)
    head, first = next(pieces), next(pieces)
    assert head.startswith(b'{"columns":') and first.startswith(b"[")
    response.close()

    assert Position.objects.active().count() > 4
    if connection.vendor == "postgresql":
        from psycopg.pq import TransactionStatus

        status = connection.connection.info.transaction_status
        assert status == TransactionStatus.IDLE
    assert body(hr.get(f"{V1}/org/export/")) == built_the_old_way(include_salary=True)
