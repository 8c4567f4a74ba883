"""Issue 12, point 12: whatever the preview (a dry run) accepts, the confirm step writes.

Each case is a file with one hostile cell. The dry run either refuses it with a row, a column and
a message, or accepts it, and then the real import writes it without an error from the database.
Run on SQLite and on PostgreSQL (NUL bytes and numbers over 2^63 behave differently there).
"""

import datetime

import pytest

from people.imports import import_people
from people.models import Person, Position
from tests.people.factories import PersonFactory
from tests.people.helpers import HEADER, csv_bytes, import_roles, org_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles():
    import_roles()


def with_seats(seats: list[str]) -> bytes:
    rows = [[*row, pid] for row, pid in zip(org_rows(), seats, strict=True)]
    return csv_bytes(rows, [*HEADER, "position_id"])


def with_cell(row: int, column: int, value: str, header: list[str] = HEADER) -> bytes:
    rows = [[*r, "note"] if len(header) > len(HEADER) else r for r in org_rows()]
    rows[row][column] = value
    return csv_bytes(rows, header)


BIG = "x" * (128 * 1024 + 1)
CASES = {
    "a cell over 128 KB": (with_cell(1, 1, BIG), (3, "")),
    "a cell over 128 KB in an unused column": (
        with_cell(1, 7, BIG, [*HEADER, "notes"]),
        (3, ""),
    ),
    "a seat number above 2^63": (with_seats(["1", "", str(2**63 + 5), ""]), (4, "position_id")),
    "a seat number above 2^53": (with_seats(["1", "", str(2**53), ""]), (4, "position_id")),
    "a seat number in superscript digits": (with_seats(["1", "", "²", ""]), (4, "position_id")),
    "a new seat number above 2^31": (with_seats(["1", "", str(2**31), ""]), (4, "position_id")),
    "a NUL byte in a name": (with_cell(2, 1, "O\x00la"), (4, "first_name")),
    "a NUL byte in a job title": (with_cell(2, 4, "Team\x00Leader"), (4, "job_title")),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_hostile_cell_is_refused_in_the_preview_by_row_and_column(case, roles):
    data, (row, column) = CASES[case]

    preview = import_people(data=data, dry_run=True)
    confirm = import_people(data=data)

    assert [(e.row, e.column) for e in preview.errors] == [(row, column)]
    assert [(e.row, e.column) for e in confirm.errors] == [(row, column)]
    assert (Person.objects.count(), Position.objects.count()) == (0, 0)


ACCEPTED = {
    "seat numbers of the file": with_seats(["7", "", "9", ""]),
    "a NUL byte in a column the import does not read": with_cell(
        1, 7, "a\x00b", [*HEADER, "notes"]
    ),
}


@pytest.mark.parametrize("case", ACCEPTED, ids=list(ACCEPTED))
def test_what_the_preview_accepts_the_confirm_writes(case, roles):
    data = ACCEPTED[case]

    preview = import_people(data=data, dry_run=True)
    confirm = import_people(data=data)

    assert (preview.errors, confirm.errors, confirm.applied) == ([], [], True)
    assert Person.objects.count() == 4


def test_a_person_who_left_before_the_file_hire_date_is_refused_in_the_preview(roles):
    PersonFactory(
        employee_id="E3", hire_date=datetime.date(2019, 1, 1), left_on=datetime.date(2020, 1, 1)
    )
    data = csv_bytes(org_rows())

    preview = import_people(data=data, dry_run=True)
    confirm = import_people(data=data)

    assert [(e.row, e.column) for e in preview.errors] == [(4, "hire_date")]
    assert [(e.row, e.column) for e in confirm.errors] == [(4, "hire_date")]
