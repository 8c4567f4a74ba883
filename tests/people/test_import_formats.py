"""Step 2 of issue 13: the formats HR files come in, and the refusals of files that cannot be
read as one org (ambiguous dates, several snapshots, over the size cap)."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from people.imports import formats, import_people
from people.models import Person, Position
from tests.people.helpers import HEADER, csv_bytes, org_rows
from tests.roles.factories import RoleFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def roles():
    head = RoleFactory(title="Head of Call Center")
    lead = RoleFactory(title="Team Leader", title_de="Teamleiter", parent=head)
    RoleFactory(title="Consultant", title_de="Kundenbetreuer", parent=lead)
    RoleFactory(title="Customer Service Representative", parent=lead)


def hired(employee_id: str) -> datetime.date | None:
    return Person.objects.get(employee_id=employee_id).hire_date


def test_an_xlsx_export_imports_its_first_sheet_with_dates_serials_and_blanks(roles):
    out = StringIO()
    call_command("import_people", str(DATA / "hris-export.xlsx"), stdout=out)

    assert Position.objects.count() == 5
    assert hired("2001") == datetime.date(2014, 3, 1)
    assert hired("2003") == datetime.date(2023, 1, 1)  # Excel serial 44927
    assert hired("2004") == datetime.date(2021, 3, 15)
    assert hired("2005") is None
    assert Position.objects.get(holder__employee_id="2004").manager.holder.employee_id == "2002"
    assert "not read: Sp. z o.o." in out.getvalue()
    assert "Columns not imported: Abteilung, Arbeitszeit." not in out.getvalue()
    assert "Columns not imported: Arbeitszeit." in out.getvalue()


def test_a_sheet_that_is_not_in_the_workbook_is_refused_with_its_sheets(roles):
    data = (DATA / "hris-export.xlsx").read_bytes()

    report = import_people(data=data, sheet="AG")

    assert "its sheets: Callcenter GmbH, Sp. z o.o." in report.errors[0].message
    assert Person.objects.count() == 0


def test_a_broken_workbook_is_refused():
    report = import_people(data=formats.XLSX_MAGIC + b"not really a zip")

    assert report.errors[0].message == "This is not an .xlsx workbook Excel can open."


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le"])
def test_delimiter_and_encoding_are_detected(delimiter, encoding, roles):
    rows = org_rows()
    rows[0][2] = "Weiß"
    data = csv_bytes(rows, delimiter=delimiter).decode().encode(encoding)

    report = import_people(data=data)

    assert report.errors == []
    assert Person.objects.get(employee_id="E1").last_name == "Weiß"


POLISH = ["Łukasz Wiśniewski", "Małgorzata Żółkiewska", "Źdźisław Ąbczyński"]


@pytest.mark.parametrize("encoding", ["cp1250", "iso-8859-2"])
def test_a_polish_legacy_file_is_read_in_its_own_encoding_and_the_report_says_which(
    encoding, roles
):
    rows = [["employee_id", "name", "job_title", "manager_id"]]
    rows += [["P1", POLISH[0], "Head of Call Center", ""]]
    rows += [[f"P{n}", name, "Team Leader", "P1"] for n, name in enumerate(POLISH[1:], start=2)]
    data = "\n".join(";".join(r) for r in rows).encode(encoding)

    report = import_people(data=data)

    assert report.errors == []
    names = set(Person.objects.values_list("first_name", "last_name"))
    assert names == {
        ("Łukasz", "Wiśniewski"),
        ("Małgorzata", "Żółkiewska"),
        ("Źdźisław", "Ąbczyński"),
    }
    label = {"cp1250": "Windows-1250", "iso-8859-2": "ISO-8859-2"}[encoding]
    assert any(
        f"Read as {label} (Central European)" in n and "--encoding" in n for n in report.notes
    )


@pytest.mark.parametrize(
    "names",
    [["Jürgen Größer", "Anna Müller-Lüdenscheidt"], ["François Lœuvre", "Zoë Brontë"]],
    ids=["German", "French"],
)
def test_a_western_legacy_file_stays_windows_1252(names, roles):
    """German and English text reads the same in all three encodings: a tie is Windows-1252."""
    rows = [
        ["employee_id", "name", "job_title", "manager_id"],
        ["W1", names[0], "Head of Call Center", ""],
    ]
    rows += [["W2", names[1], "Team Leader", "W1"]]
    data = "\n".join(";".join(r) for r in rows).encode("cp1252")

    report = import_people(data=data)

    assert report.errors == []
    assert {f"{p.first_name} {p.last_name}" for p in Person.objects.all()} == set(names)
    assert any("Read as Windows-1252" in n for n in report.notes)


def test_a_file_in_utf_8_or_with_its_encoding_given_gets_no_guess_note(roles):
    rows = [
        ["employee_id", "name", "job_title", "manager_id"],
        ["P1", POLISH[0], "Head of Call Center", ""],
    ]
    text = "\n".join(";".join(r) for r in rows)

    for data, given in ((text.encode("utf-8"), None), (text.encode("cp1250"), "cp1250")):
        report = import_people(data=data, encoding=given, dry_run=True)
        assert report.errors == []
        assert not any("Read as" in n for n in report.notes)


DATES = {
    "dd.mm.yyyy": (["01.02.2020", "15.03.2021"], None, [(2020, 2, 1), (2021, 3, 15)]),
    "dd/mm/yyyy settled by a day over 12": (
        ["01/02/2020", "15/03/2021"],
        None,
        [(2020, 2, 1), (2021, 3, 15)],
    ),
    "mm/dd/yyyy settled by a day over 12": (
        ["01/02/2020", "03/15/2021"],
        None,
        [(2020, 1, 2), (2021, 3, 15)],
    ),
    "ambiguous, named with --date-format": (
        ["01/02/2020", "03/04/2021"],
        "MM/DD/YYYY",
        [(2020, 1, 2), (2021, 3, 4)],
    ),
    "ISO with a time and Z": (
        ["2020-02-01T00:00:00Z", "2021-03-15T23:30:00.000Z"],
        None,
        [(2020, 2, 1), (2021, 3, 15)],
    ),
    "Excel serial numbers": (["43862", "44270"], None, [(2020, 2, 1), (2021, 3, 15)]),
}


@pytest.mark.parametrize("case", DATES, ids=list(DATES))
def test_dates_are_read_in_the_formats_hr_files_use(case, roles):
    values, date_format, expected = DATES[case]
    rows = [[*row[:6], ""] for row in org_rows()]
    rows[0][6], rows[1][6] = values

    report = import_people(data=csv_bytes(rows), date_format=date_format)

    assert report.errors == []
    assert [hired("E1"), hired("E2")] == [datetime.date(*d) for d in expected]


def test_ambiguous_day_and_month_are_refused_naming_date_format(roles):
    rows = org_rows()
    rows[0][6], rows[1][6] = "01/02/2020", "03/04/2021"

    report = import_people(data=csv_bytes(rows))

    assert [(e.row, e.column) for e in report.errors] == [(1, "hire_date")]
    assert "--date-format DD/MM/YYYY" in report.errors[0].message
    assert Person.objects.count() == 0


def test_columns_the_import_does_not_use_are_listed(roles):
    rows = [[*row, "G7", "x"] for row in org_rows()]

    report = import_people(data=csv_bytes(rows, [*HEADER, "Grade", "Notes"]), dry_run=True)

    assert "Columns not imported: Grade, Notes." in report.notes


def snapshot_rows() -> list[list]:
    older = [[*row, "2024-03-31"] for row in org_rows()]
    newer = [[*row, "2024-09-30"] for row in org_rows()]
    newer[3][4] = "Team Leader"
    return older + newer


def test_a_file_of_several_snapshots_is_refused_saying_how_to_choose_one(roles):
    report = import_people(data=csv_bytes(snapshot_rows(), [*HEADER, "date"]))

    assert [(e.row, e.column) for e in report.errors] == [(1, "date")]
    assert "2 snapshots" in report.errors[0].message
    assert "--snapshot" in report.errors[0].message
    assert "“Snapshot”" in report.errors[0].message  # the import page's field
    assert "2024-09-30 for the latest" in report.errors[0].message
    assert Person.objects.count() == 0


def test_one_snapshot_of_several_imports_when_chosen(roles):
    report = import_people(
        data=csv_bytes(snapshot_rows(), [*HEADER, "date"]), snapshot="2024-09-30"
    )

    assert report.errors == []
    assert Position.objects.get(holder__employee_id="E4").role.title == "Team Leader"


def test_a_file_over_the_size_cap_is_refused_before_it_is_parsed(roles, monkeypatch):
    monkeypatch.setattr(formats, "MAX_BYTES", 100)
    data = csv_bytes(org_rows())

    report = import_people(data=data)

    assert [(e.row, e.message) for e in report.errors] == [(0, "The file is larger than 0 MB.")]


def test_the_command_refuses_a_file_over_the_cap_without_reading_it(roles, tmp_path, monkeypatch):
    from people.management.commands import import_people as command

    monkeypatch.setattr(command, "MAX_BYTES", 100)
    path = tmp_path / "org.csv"
    path.write_bytes(csv_bytes(org_rows()))

    with pytest.raises(CommandError, match="larger than"):
        call_command("import_people", str(path))
