import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo import generator
from people import services
from people.imports import import_people
from people.imports.export import neutralise, write_csv
from people.models import Assignment, Person, Position, Site
from tests.people.factories import PersonFactory, seat
from tests.people.helpers import empty_the_org, exported, snapshot
from tests.roles.factories import RoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small():
    head = RoleFactory(title="Head of Call Center")
    lead = RoleFactory(title="Team Leader", parent=head)
    top = seat(
        role=head, holder=PersonFactory(employee_id="E1", salary=90000, salary_currency="EUR")
    )
    middle = seat(role=lead, manager=top, holder=PersonFactory(employee_id="E2", last_name="=1+2"))
    vacancy = seat(role=lead, manager=top)
    return top, middle, vacancy


def test_cells_that_a_spreadsheet_would_run_are_neutralised():
    assert [neutralise(v) for v in ("=SUM(A1)", "+49", "-3", "@cmd", "Anna", None, 5)] == [
        "'=SUM(A1)",
        "'+49",
        "'-3",
        "'@cmd",
        "Anna",
        "",
        "5",
    ]


def test_the_export_has_one_row_a_seat_with_vacancies_and_neutralised_cells(small):
    top, middle, vacancy = small

    rows = exported()

    assert [(r["position_id"], r["employee_id"], r["manager_id"]) for r in rows] == [
        (str(top.pk), "E1", ""),
        (str(middle.pk), "E2", "E1"),
        (str(vacancy.pk), "", "E1"),
    ]
    assert [r["manager_position_id"] for r in rows] == ["", "", ""]
    assert rows[1]["last_name"] == "'=1+2"
    assert [r["is_vacancy"] for r in rows] == ["", "", "yes"]
    assert rows[0]["salary"] == "90000.00" and rows[0]["currency"] == "EUR"


def test_the_export_leaves_salaries_out_unless_asked(small):
    rows = exported(with_salary=False)

    assert "salary" not in rows[0] and "currency" not in rows[0]


@pytest.mark.parametrize("reports", [2, 12])
def test_the_export_makes_two_queries_at_any_size(small, reports):
    top = small[0]
    for _ in range(reports):
        seat(role=top.role, manager=top, holder=PersonFactory())

    with CaptureQueriesContext(connection) as queries:
        exported()

    assert len(queries) == 2


def test_export_then_import_into_an_empty_org_gives_the_same_org():
    generator.load_seed_content()
    generator.generate_org(people=300, seed=7, as_of=datetime.date(2026, 1, 1))
    seats = list(Position.objects.order_by("id")[:3])
    seats[2].dotted_line_managers.add(seats[1])  # one dotted line, so they round-trip too
    lead = Position.objects.filter(role__slug="team-leader", holder__isnull=False).first()
    services.position_vacate(position=lead, ended_on=datetime.date(2026, 1, 1))  # reports stay
    before = snapshot()
    stream = io.StringIO()
    write_csv(stream, with_salary=True)
    empty_the_org()
    assert (Person.objects.count(), Site.objects.count() > 0) == (0, True)

    report = import_people(data=stream.getvalue().encode())

    assert report.errors == []
    assert len(report.created) == len(before["seats"])
    assert snapshot() == before
    assert lead.pk in before["vacancies"]
    assert Position.objects.filter(manager=lead).count() > 10


def test_export_people_writes_a_file_that_imports_unchanged(small, tmp_path):
    path = tmp_path / "org.csv"

    call_command("export_people", str(path), stdout=io.StringIO())
    report = import_people(data=path.read_bytes())

    assert report.errors == []
    assert report.unchanged == [2, 3, 4]


def test_an_edited_export_imports_to_exactly_the_edited_org():
    generator.load_seed_content()
    generator.generate_org(people=300, seed=11, as_of=datetime.date(2026, 1, 1))
    rows = exported()
    managers = {r["manager_id"] for r in rows}
    leads = [r["employee_id"] for r in rows if r["job_title"] == "Team Leader" and r["employee_id"]]
    agents = [r for r in rows if r["employee_id"] and r["employee_id"] not in managers]
    open_seats = [r for r in rows if r["is_vacancy"] and r["position_id"] not in managers]
    for agent, lead in zip(agents[:5], reversed(leads), strict=False):  # five move teams
        agent["manager_id"], agent["manager_position_id"] = lead, ""
    for agent in agents[5:8]:  # three leave; their seats stay open
        agent.update(employee_id="", first_name="", last_name="", email="", hire_date="")
        agent.update(is_vacancy="yes", salary="", currency="")
    for number, vacancy in enumerate(open_seats[:2], start=1):  # two are hired
        vacancy.update(employee_id=f"N{number}", first_name="Nina", last_name=f"Neu{number}")
        vacancy.update(email=f"nina{number}@cc.example", hire_date="2026-02-01", is_vacancy="")
    agents[8]["last_name"], agents[9]["salary"] = "Umbenannt", "41000.00"
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)

    report = import_people(data=stream.getvalue().encode())

    assert report.errors == []
    assert (len(report.created), len(report.updated)) == (2, 5 + 3 + 2)  # hires are new people
    assert exported() == rows
    assert services.positions_recount() == 0  # the counts were already true
    held = dict(Position.objects.filter(holder__isnull=False).values_list("holder_id", "id"))
    current = dict(Assignment.objects.current().values_list("person_id", "position_id"))
    assert current == held
    # Seats carry their numbers, so the five take their seats along; the three leave theirs.
    assert Assignment.objects.filter(end_reason="import").count() == 3


def test_the_export_writes_the_external_ids_and_leaves_archived_seats_out(small):
    top, middle, vacancy = small
    Person.objects.filter(pk=middle.holder_id).update(external_id="WD-2")
    Position.objects.filter(pk=middle.pk).update(external_id="POS-2")
    old = seat(role=vacancy.role, manager=top, holder=PersonFactory(employee_id="E3"))
    services.position_vacate(position=old, ended_on=datetime.date(2025, 1, 31))
    services.position_archive(position=old, on=datetime.date(2025, 2, 1))

    rows = {row["position_id"]: row for row in exported()}

    assert (rows[str(middle.pk)]["external_id"], rows[str(middle.pk)]["position_external_id"]) == (
        "WD-2",
        "POS-2",
    )
    assert rows[str(vacancy.pk)]["external_id"] == ""
    assert str(old.pk) not in rows
