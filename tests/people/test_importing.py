import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from people.imports import import_people
from people.management.commands.import_people import Progress
from people.models import Assignment, AssignmentReason, Person, Position
from roles.models import Role, RoleAlias
from tests.people.factories import PersonFactory, seat
from tests.people.helpers import (
    APPLY_QUERIES_PG,
    HEADER,
    LOCK_QUERIES,
    ORACLE,
    csv_bytes,
    first_import_queries,
    org_rows,
)
from tests.roles.factories import RoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles():
    head = RoleFactory(title="Head of Call Center")
    lead = RoleFactory(title="Team Leader", parent=head)
    agent = RoleFactory(title="Consultant", title_de="Kundenbetreuer", parent=lead)
    RoleAlias.objects.create(role=agent, name="Customer Service Representative", language="en")
    return {"head": head, "lead": lead, "agent": agent}


def manager_eid(employee_id: str) -> str | None:
    position = Position.objects.select_related("manager__holder").get(
        holder__employee_id=employee_id
    )
    return position.manager.holder.employee_id if position.manager else None


def org_snapshot() -> dict:
    seats = Position.objects.values_list(
        "id",
        "role__slug",
        "manager_id",
        "holder__employee_id",
        "site__code",
        "direct_count",
        "seat_count",
        "headcount",
    )
    people = Person.objects.values_list(
        "employee_id",
        "first_name",
        "last_name",
        "email",
        "hire_date",
        "site__code",
        "salary",
        "salary_currency",
    )
    return {"seats": set(seats), "people": set(people)}


def test_a_clean_file_creates_people_seats_and_reporting_lines(roles):
    report = import_people(data=csv_bytes(org_rows()))

    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == ([2, 3, 4, 5], [], [])
    assert [manager_eid(e) for e in ("E1", "E2", "E3", "E4")] == [None, "E1", "E2", "E2"]
    assert Person.objects.get(employee_id="E3").position.role == roles["agent"]
    assert Person.objects.get(employee_id="E4").position.role == roles["agent"]
    top = Position.objects.top().get()
    assert (top.direct_count, top.seat_count, top.headcount) == (1, 3, 3)
    assert set(Assignment.objects.values_list("person__employee_id", "reason", "started_on")) == {
        ("E1", AssignmentReason.IMPORT, datetime.date(2020, 1, 6)),
        ("E2", AssignmentReason.IMPORT, datetime.date(2021, 2, 1)),
        ("E3", AssignmentReason.IMPORT, datetime.date(2022, 3, 1)),
        ("E4", AssignmentReason.IMPORT, datetime.date(2022, 4, 1)),
    }


def test_importing_the_same_file_again_changes_nothing(roles):
    data = csv_bytes(org_rows())
    import_people(data=data)
    before = org_snapshot()

    report = import_people(data=data)

    assert (report.created, report.updated, report.unchanged) == ([], [], [2, 3, 4, 5])
    assert org_snapshot() == before
    assert Assignment.objects.count() == 4


def test_an_edited_file_updates_only_what_changed_and_records_the_move(roles):
    import_people(data=csv_bytes(org_rows()))
    rows = org_rows()
    rows[2][2] = "Nowak-Lis"  # E3's new surname
    rows[3][5] = "E1"  # E4 now reports to the head
    rows[3][4] = "Team Leader"

    report = import_people(data=csv_bytes(rows))

    assert (report.created, report.updated, report.unchanged) == ([], [4, 5], [2, 3])
    assert Person.objects.get(employee_id="E3").last_name == "Nowak-Lis"
    assert manager_eid("E4") == "E1"
    top = Position.objects.top().get()
    assert (top.direct_count, top.seat_count, top.headcount) == (2, 3, 3)
    lead = Position.objects.get(holder__employee_id="E2")
    assert (lead.direct_count, lead.seat_count, lead.headcount) == (1, 1, 1)


def test_a_person_who_changes_seat_gets_their_old_assignment_closed_and_a_new_one(roles):
    import_people(data=csv_bytes(org_rows()))
    old_seat = Position.objects.get(holder__employee_id="E4").pk
    header = [*HEADER, "position_id"]
    rows = [[*row, ""] for row in org_rows()]
    rows[3] = ["E4", "Jan", "Kowal", "jan@cc.example", "Team Leader", "E1", "2022-04-01", ""]
    rows.append(["E5", "Eva", "Lang", "eva@cc.example", "Consultant", "E2", "2023-01-02", old_seat])

    report = import_people(data=csv_bytes(rows, header))

    assert (report.created, report.updated, report.unchanged) == ([5, 6], [], [2, 3, 4])
    assert Position.objects.get(pk=old_seat).holder.employee_id == "E5"
    assert manager_eid("E4") == "E1"
    today = timezone.localdate()
    assert list(
        Assignment.objects.filter(person__employee_id="E4")
        .order_by("id")
        .values_list("position_id", "started_on", "ended_on", "end_reason", "reason")
    ) == [
        (old_seat, datetime.date(2022, 4, 1), today, "import", "import"),
        (Position.objects.get(holder__employee_id="E4").pk, today, None, "", "import"),
    ]
    assert Position.objects.top().get().headcount == 4


def test_vacant_rows_become_vacant_seats_and_a_reimport_keeps_them(roles):
    rows = [*org_rows(), ["", "", "", "", "Consultant", "E2", ""]]
    data = csv_bytes(rows)

    first = import_people(data=data)
    second = import_people(data=data)

    assert first.created == [2, 3, 4, 5, 6]
    assert second.unchanged == [2, 3, 4, 5, 6]
    vacancy = Position.objects.vacant().get()
    assert vacancy.manager.holder.employee_id == "E2"
    assert vacancy.role == roles["agent"]
    assert Position.objects.get(holder__employee_id="E2").seat_count == 3


def test_people_are_matched_by_email_when_the_file_has_no_employee_ids(roles):
    import_people(data=csv_bytes(org_rows()))
    header = ["email", "first_name", "last_name", "job_title", "manager_email", "hire_date"]
    rows = [
        ["hanna@cc.example", "Hanna", "Berg", "Head of Call Center", "", "2020-01-06"],
        ["tomasz@cc.example", "Tomasz", "Lis", "Team Leader", "hanna@cc.example", "2021-02-01"],
        ["ola@cc.example", "Ola", "Nowak", "Consultant", "tomasz@cc.example", "2022-03-01"],
        ["JAN@cc.example", "Jan", "Kowal", "Consultant", "hanna@cc.example", "2022-04-01"],
    ]

    report = import_people(data=csv_bytes(rows, header))

    assert (report.created, report.updated, report.unchanged) == ([], [5], [2, 3, 4])
    assert manager_eid("E4") == "E1"
    assert Person.objects.count() == 4


def test_a_row_may_report_to_someone_already_in_the_org(roles):
    head = seat(role=roles["head"], holder=PersonFactory(employee_id="H1"))
    rows = [["N1", "Nina", "Neu", "nina@cc.example", "Team Leader", "H1", "2024-05-01"]]

    report = import_people(data=csv_bytes(rows))

    assert report.created == [2]
    assert manager_eid("N1") == "H1"
    assert Position.objects.get(pk=head.pk).headcount == 1


def test_the_oracle_hr_sample_imports_with_aliases_and_a_column_map(roles):
    titles = {row["position"] for row in csv.DictReader(ORACLE.open(encoding="utf-8"))}
    for title in titles:
        RoleAlias.objects.create(role=roles["agent"], name=title.upper())

    call_command("import_people", str(ORACLE), "--map", "email=", "--map", "job_title=position")

    rows = list(csv.DictReader(ORACLE.open(encoding="utf-8")))
    assert Person.objects.count() == len(rows) == 107
    assert Position.objects.top().get().holder.employee_id == "100"
    assert {r["id"]: manager_eid(r["id"]) for r in rows} == {
        r["id"]: r["parentId"] or None for r in rows
    }
    king = Person.objects.get(employee_id="100")
    assert (king.first_name, king.last_name, king.hire_date) == (
        "Steven",
        "King",
        datetime.date(2003, 7, 16),
    )
    assert king.position.headcount == 106
    assert Person.objects.get(employee_id="101").salary == 17000


def test_the_oracle_hr_sample_can_create_its_roles(roles):
    out = io.StringIO()
    call_command("import_people", str(ORACLE), "--map", "email=", "--create-roles", stdout=out)

    assert Person.objects.count() == 107
    assert Role.objects.filter(title="Stock Clerk").count() == 1
    assert Position.objects.filter(role__title="Stock Clerk").count() == 20
    assert "107 created" in out.getvalue()


def test_a_semicolon_file_in_cp1252_imports_with_its_encoding(roles):
    rows = [
        ["E1", "Jürgen", "Weiß", "juergen@cc.example", "Head of Call Center", "", "06.01.2020"],
        ["E2", "Zoë", "Müller", "zoe@cc.example", "Teamleiter", "E1", "01.02.2021"],
    ]
    Role.objects.filter(pk=roles["lead"].pk).update(title_de="Teamleiter")
    data = csv_bytes(rows, delimiter=";").decode().encode("cp1252")

    report = import_people(data=data, encoding="cp1252")

    assert report.errors == []
    assert Person.objects.get(employee_id="E2").last_name == "Müller"
    assert Person.objects.get(employee_id="E1").hire_date == datetime.date(2020, 1, 6)
    assert manager_eid("E2") == "E1"


def test_a_file_with_a_byte_order_mark_imports(roles):
    data = b"\xef\xbb\xbf" + csv_bytes(org_rows())

    report = import_people(data=data)

    assert report.errors == []
    assert Person.objects.count() == 4


def test_known_header_spellings_are_recognised(roles):
    header = ["Employee ID", "Name", "LastName", "E-Mail", "Title", "Supervisor ID", "Start Date"]

    report = import_people(data=csv_bytes(org_rows(), header))

    assert report.errors == []
    assert manager_eid("E3") == "E2"


ERROR_CASES = {
    "unknown manager": (
        [
            ["E1", "A", "B", "a@cc.example", "Head of Call Center", "", "2020-01-01"],
            ["E2", "C", "D", "c@cc.example", "Team Leader", "E9", "2020-01-01"],
        ],
        (3, "manager_id", "No one in the file or the org has E9"),
    ),
    "more than one top": (
        [
            ["E1", "A", "B", "a@cc.example", "Head of Call Center", "", "2020-01-01"],
            ["E2", "C", "D", "c@cc.example", "Team Leader", "", "2020-01-01"],
        ],
        (2, "manager_id", "More than one top: rows 2, 3 have no manager"),
    ),
    "duplicate employee ids": (
        [
            ["E1", "A", "B", "a@cc.example", "Head of Call Center", "", "2020-01-01"],
            ["E1", "C", "D", "c@cc.example", "Team Leader", "E1", "2020-01-01"],
        ],
        (3, "employee_id", "E1 is also on row 2"),
    ),
    "duplicate emails": (
        [
            ["E1", "A", "B", "a@cc.example", "Head of Call Center", "", "2020-01-01"],
            ["E2", "C", "D", "A@cc.example", "Team Leader", "E1", "2020-01-01"],
        ],
        (3, "email", "a@cc.example is also on row 2"),
    ),
    "bad date": (
        [["E1", "A", "B", "a@cc.example", "Head of Call Center", "", "2020-13-45"]],
        (2, "hire_date", "2020-13-45 is not a date; write YYYY-MM-DD."),
    ),
    "too long a name": (
        [["E1", "A" * 81, "B", "a@cc.example", "Head of Call Center", "", "2020-01-01"]],
        (2, "first_name", "Longer than 80 characters"),
    ),
    "unknown job title": (
        [["E1", "A", "B", "a@cc.example", "Chief Happiness Officer", "", "2020-01-01"]],
        (2, "job_title", "No role is called Chief Happiness Officer"),
    ),
}


@pytest.mark.parametrize("case", ERROR_CASES, ids=list(ERROR_CASES))
def test_each_kind_of_broken_file_is_reported_by_row_and_column_and_writes_nothing(case, roles):
    rows, (row, column, message) = ERROR_CASES[case]

    report = import_people(data=csv_bytes(rows))

    assert [(e.row, e.column) for e in report.errors][:1] == [(row, column)]
    assert report.errors[0].message.startswith(message)
    assert (Person.objects.count(), Position.objects.count(), Assignment.objects.count()) == (
        0,
        0,
        0,
    )
    assert not report.applied


def test_a_reporting_loop_is_reported_with_its_members_and_writes_nothing(roles):
    rows = [
        ["E1", "Hanna", "Berg", "h@cc.example", "Head of Call Center", "", "2020-01-01"],
        ["E2", "Tom", "Lis", "t@cc.example", "Team Leader", "E4", "2020-01-01"],
        ["E3", "Ola", "Nowak", "o@cc.example", "Consultant", "E2", "2020-01-01"],
        ["E4", "Jan", "Kowal", "j@cc.example", "Consultant", "E3", "2020-01-01"],
    ]

    report = import_people(data=csv_bytes(rows))

    assert [(e.row, e.column) for e in report.errors] == [(3, "manager_id")]
    message = report.errors[0].message
    assert message.startswith("Reporting loop on rows 3, 4, 5:")
    assert "Tom Lis (E2)" in message and "Ola Nowak (E3)" in message and "Jan Kowal (E4)" in message
    assert Person.objects.count() == 0


def test_undecodable_bytes_are_reported_with_an_encoding_to_try(roles):
    rows = [["E1", "Jürgen", "Weiß", "j@cc.example", "Head of Call Center", "", "2020-01-01"]]
    data = csv_bytes(rows).decode().encode("cp1252")

    report = import_people(data=data, encoding="utf-8")

    assert [(e.row, e.column) for e in report.errors] == [(2, "")]
    assert "try cp1252" in report.errors[0].message
    assert Person.objects.count() == 0


def test_a_missing_required_column_is_reported_and_writes_nothing(roles):
    header = ["employee_id", "first_name", "last_name", "hire_date", "manager_id"]
    rows = [["E1", "A", "B", "2020-01-01", ""]]

    report = import_people(data=csv_bytes(rows, header))

    assert [(e.row, e.column) for e in report.errors] == [(1, "job_title")]
    assert "--map" in report.errors[0].message
    assert Person.objects.count() == 0


def test_an_error_in_an_edited_file_leaves_the_org_as_it_was(roles):
    import_people(data=csv_bytes(org_rows()))
    before = org_snapshot()
    rows = org_rows()
    rows[1][2] = "Changed"
    rows[2][6] = "yesterday"

    report = import_people(data=csv_bytes(rows))

    assert [(e.row, e.column) for e in report.errors] == [(4, "hire_date")]
    assert org_snapshot() == before


def test_the_command_exits_with_the_row_by_row_report_and_writes_nothing(roles, tmp_path):
    rows = org_rows()
    rows[2][5] = "E404"
    path = tmp_path / "org.csv"
    path.write_bytes(csv_bytes(rows))
    err = io.StringIO()

    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_people", str(path), stderr=err)

    assert err.getvalue().startswith("row 4, manager_id: No one in the file or the org has E404")
    assert Person.objects.count() == 0


def test_a_dry_run_of_the_command_reports_and_writes_nothing(roles, tmp_path):
    path = tmp_path / "org.csv"
    path.write_bytes(csv_bytes(org_rows()))
    out = io.StringIO()

    call_command("import_people", str(path), "--dry-run", stdout=out)

    assert "Would import 4 rows" in out.getvalue()
    assert "4 created" in out.getvalue()
    assert Person.objects.count() == 0


def test_the_command_takes_a_delimiter_and_an_encoding(roles, tmp_path):
    path = tmp_path / "org.csv"
    path.write_bytes(csv_bytes(org_rows(), delimiter="|").decode().encode("utf-16"))

    call_command("import_people", str(path), "--delimiter", "|", "--encoding", "utf-16")

    assert Person.objects.count() == 4


def test_progress_shows_rows_per_second_and_an_estimate():
    stream = io.StringIO()
    progress = Progress(stream)

    progress("writing people", 0, 100_000)
    progress("writing people", 50_000, 100_000)

    assert "writing people: 50,000/100,000 rows" in stream.getvalue()
    assert "rows/s, ETA" in stream.getvalue()


def _rows(n: int) -> list[list]:
    rows = org_rows()[:2]
    rows += [
        [f"A{i}", f"Agent{i}", "Nowak", f"a{i}@cc.example", "Consultant", "E2", "2022-01-01"]
        for i in range(n)
    ]
    return rows


@pytest.mark.parametrize("size", [5, 60])
# Applying also writes the history: new people, new seats, the opened assignments (their ids
# reserved up front like those of people and seats, then copied), and their change events (one
# INSERT … SELECT each: integrations/events.py). The seat counts are computed in memory and
# written with the new seats. Then the ladder's skill fits are rebuilt (two statements).
@pytest.mark.parametrize(
    ("dry_run", "expected"),
    [(True, 8 + LOCK_QUERIES), (False, 25 + APPLY_QUERIES_PG)],
)
def test_the_number_of_queries_does_not_grow_with_the_rows(roles, size, dry_run, expected):
    with CaptureQueriesContext(connection) as queries:
        report = import_people(data=csv_bytes(_rows(size)), dry_run=dry_run)

    assert report.errors == []
    assert len(queries) == expected + (0 if dry_run else first_import_queries())


def test_a_reimport_makes_the_same_few_queries_at_any_size(roles):
    counts = []
    for size in (5, 60):
        import_people(data=csv_bytes(_rows(size)))
        with CaptureQueriesContext(connection) as queries:
            report = import_people(data=csv_bytes(_rows(size)))
        assert len(report.unchanged) == size + 2
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_an_email_of_someone_outside_the_file_is_refused(roles):
    PersonFactory(employee_id="X1", email="taken@cc.example")
    PersonFactory(employee_id="E2", email="tomasz@cc.example")
    rows = org_rows()
    rows[1][3] = "taken@cc.example"

    report = import_people(data=csv_bytes(rows))

    assert [(e.row, e.column) for e in report.errors] == [(3, "email")]
    assert report.errors[0].message.startswith("taken@cc.example is the e-mail of X1")
    assert Person.objects.count() == 2


def test_a_new_employee_id_with_a_known_email_rekeys_that_person(roles):
    person = PersonFactory(employee_id="OLD-7", email="ola@cc.example")

    report = import_people(data=csv_bytes(org_rows()))

    assert report.errors == []
    person.refresh_from_db()
    assert (person.employee_id, person.first_name) == ("E3", "Ola")
    assert Person.objects.count() == 4


def test_seat_numbers_from_the_file_are_kept_and_later_seats_get_new_ones(roles):
    header = [*HEADER, "position_id"]
    rows = [[*row, pid] for row, pid in zip(org_rows(), ["500", "", "502", ""], strict=True)]

    report = import_people(data=csv_bytes(rows, header))
    later = seat(role=roles["agent"], manager=Position.objects.get(pk=500))

    assert report.errors == []
    assert Position.objects.get(holder__employee_id="E1").pk == 500
    assert Position.objects.get(holder__employee_id="E3").pk == 502
    generated = {Position.objects.get(holder__employee_id=e).pk for e in ("E2", "E4")}
    assert min(generated) > 502
    assert later.pk > max(generated)
    assert Position.objects.get(pk=500).seat_count == 4


def test_the_report_says_what_each_changed_row_changes(roles):
    import_people(data=csv_bytes(org_rows()))
    rows = org_rows()
    rows[2][2] = "Nowak-Lis"
    rows[3][5] = "E1"
    rows.append(["", "", "", "", "Consultant", "E2", ""])

    report = import_people(data=csv_bytes(rows), dry_run=True)

    assert report.changes == [
        (4, "updated", "Ola Nowak-Lis (E3)", "last_name"),
        (5, "updated", "Jan Kowal (E4)", "manager_id"),
        (6, "created", "Vacant seat: Consultant", ""),
    ]


def test_map_names_a_column_with_another_name(roles, tmp_path):
    path = tmp_path / "org.csv"
    path.write_bytes(csv_bytes(org_rows(), [*HEADER[:5], "ParentEmployeeKey", "hire_date"]))

    call_command("import_people", str(path), "--map", "manager_id=ParentEmployeeKey")

    assert manager_eid("E4") == "E2"


def test_map_of_an_unknown_field_or_column_is_an_error(roles, tmp_path):
    path = tmp_path / "org.csv"
    path.write_bytes(csv_bytes(org_rows()))
    err = io.StringIO()

    with pytest.raises(CommandError, match="2 problem"):
        call_command(
            "import_people", str(path), "--map", "boss=X", "--map", "site=Office", stderr=err
        )

    assert "file, boss: Unknown field" in err.getvalue()
    assert "row 1, Office: No such column" in err.getvalue()


def test_a_manager_id_and_a_manager_seat_that_disagree_are_an_error(roles):
    import_people(data=csv_bytes(org_rows()))
    top = Position.objects.get(holder__employee_id="E1").pk
    lead = Position.objects.get(holder__employee_id="E2").pk
    header = [*HEADER, "manager_position_id"]
    rows = [[*row, ""] for row in org_rows()]
    rows[3][7] = str(top)  # E4: manager_id says E2, the seat number says E1's seat

    report = import_people(data=csv_bytes(rows, header))

    assert [(e.row, e.column) for e in report.errors] == [(5, "manager_position_id")]
    assert report.errors[0].message.startswith(f"The manager's seat is {lead}, not {top}")


def test_a_person_moving_into_an_older_vacant_seat_leaves_their_seat_vacant(roles):
    top = seat(role=roles["head"], holder=PersonFactory(employee_id="E1"))
    older = seat(role=roles["agent"], manager=top)
    theirs = seat(role=roles["agent"], manager=top, holder=PersonFactory(employee_id="E9"))
    header = ["employee_id", "first_name", "last_name", "job_title", "manager_id", "hire_date"]
    rows = [
        ["E1", "Anna", "Top", "Head of Call Center", "", "2022-01-10"],
        ["E9", "Ewa", "Nowak", "Consultant", "E1", "2022-01-10"],
    ]
    header.append("position_id")
    rows[0].append("")
    rows[1].append(str(older.pk))

    report = import_people(data=csv_bytes(rows, header))

    assert report.errors == []
    assert Position.objects.get(pk=older.pk).holder.employee_id == "E9"
    assert Position.objects.get(pk=theirs.pk).holder is None
    assert Assignment.objects.current().get(person__employee_id="E9").position_id == older.pk


def test_a_currency_that_is_not_a_code_is_an_error(roles):
    header = [*HEADER, "salary", "currency"]
    rows = [[*org_rows()[0], "50000", "EURO"]]

    report = import_people(data=csv_bytes(rows, header))

    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "currency", "EURO is not a currency code; write e.g. EUR.")
    ]
    assert Person.objects.count() == 0


def test_a_file_keyed_by_long_emails_gets_employee_ids_that_fit(roles):
    header = ["email", "first_name", "last_name", "job_title", "manager_email", "hire_date"]
    long_a = "a-very-long-mailbox-name-number-one@contact-center.example"
    long_b = "a-very-long-mailbox-name-number-two@contact-center.example"
    rows = [
        [long_a, "Ann", "One", "Head of Call Center", "", "2020-01-06"],
        [long_b, "Ben", "Two", "Team Leader", long_a, "2021-02-01"],
    ]

    report = import_people(data=csv_bytes(rows, header))

    assert report.errors == []
    ids = sorted(Person.objects.values_list("employee_id", flat=True))
    assert [len(i) for i in ids] == [40, 40] and ids[0] != ids[1]
    assert import_people(data=csv_bytes(rows, header)).unchanged == [2, 3]


@pytest.mark.django_db(transaction=True)
def test_a_write_the_database_refuses_midway_leaves_nothing_written(roles, monkeypatch):
    """On PostgreSQL the rows are copied by a worker thread while the next ones are prepared: a
    constraint the database enforces (here a person hired in the app between the checks and the
    write, with an employee ID of the file) still fails the import as Django's IntegrityError,
    and the transaction leaves nothing of the file behind."""
    from django.db import IntegrityError

    from people.imports import write

    real = write._holders_after

    def with_a_hire_slipping_in(*args, **kwargs):
        PersonFactory(employee_id="A3")
        return real(*args, **kwargs)

    monkeypatch.setattr(write, "_holders_after", with_a_hire_slipping_in)
    people, seats = Person.objects.count(), Position.objects.count()

    with pytest.raises(IntegrityError):
        import_people(data=csv_bytes(_rows(20)))

    assert (Person.objects.count(), Position.objects.count()) == (people, seats)
    assert not Person.objects.filter(employee_id__in=["A3", "E1", "A0"]).exists()
