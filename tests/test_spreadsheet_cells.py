"""CSV cells a spreadsheet would run are neutralised as OWASP's CSV-injection guidance asks, and
past it: full-width and other look-alike starters after NFKC, and starters behind whitespace or
invisible characters (issue 12, point 15)."""

import io

import pytest

from core.spreadsheet import neutralise, restore
from people.imports import import_people
from people.imports.export import write_csv
from people.models import Person
from tests.people.factories import PersonFactory, seat
from tests.roles.factories import RoleFactory

HOSTILE = [
    "=SUM(A1)",
    "+49 30 1234",
    "-3",
    "@cmd",
    "\t=1+2",
    "\r=1+2",
    '\uff1dHYPERLINK("http://x")',  # full-width =
    "\uff0b1",  # full-width +
    "\uff0d1",  # full-width -
    "\uff201",  # full-width @
    "\ufe661",  # small form variant of =
    " =1+2",
    "   @SUM(1)",
    "\u00a0=1",  # no-break space
    "\u3000=1",  # ideographic space
    "\u200b=1",  # zero-width space
    "\ufeff=1",  # byte order mark
    "\n=1",
]
HARMLESS = ["Anna", "Łukasz", "O'Brien", "a=b", "", "1+1", "Zoë-Marie", "5"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_cell_a_spreadsheet_could_run_gets_a_leading_quote_and_keeps_its_text(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_a_harmless_cell_is_left_as_it_is(text):
    assert neutralise(text) == text


def test_none_and_numbers_become_text():
    assert [neutralise(None), neutralise(5), neutralise(-2)] == ["", "5", "'-2"]


@pytest.mark.django_db
def test_the_export_quotes_every_cell_and_neutralises_a_full_width_equals():
    role = RoleFactory(title="Agent")
    seat(role=role, holder=PersonFactory(employee_id="E1", last_name='\uff1d1+2 "x"'))
    stream = io.StringIO()

    write_csv(stream, with_salary=False)

    header, row = stream.getvalue().splitlines()
    assert header.startswith('"employee_id","first_name","last_name",')
    assert '"\'\uff1d1+2 ""x"""' in row.split(",")[2]
    assert all(cell.startswith('"') and cell.endswith('"') for cell in header.split(","))


@pytest.mark.parametrize("text", HOSTILE + HARMLESS + ["'quoted"])
def test_restore_gives_back_what_neutralise_was_given(text):
    assert restore(neutralise(text)) == text


def test_restore_leaves_a_quote_that_neutralise_did_not_write():
    assert [restore("'Brien"), restore("'"), restore("''=x")] == ["'Brien", "'", "''=x"]


@pytest.mark.django_db
def test_an_export_imports_again_with_the_names_it_neutralised():
    role = RoleFactory(title="Agent")
    names = {"E1": "\uff1dHYPERLINK", "E2": "@home", "E3": "'Brien", "E4": "+49"}
    top = None
    for employee_id, last_name in names.items():
        holder = PersonFactory(employee_id=employee_id, last_name=last_name)
        top = top or seat(role=role, holder=holder)
        if top.holder_id != holder.pk:
            seat(role=role, holder=holder, manager=top)
    stream = io.StringIO()
    write_csv(stream, with_salary=False)
    Person.objects.update(last_name="changed")

    report = import_people(data=stream.getvalue().encode())

    assert report.errors == []
    assert dict(Person.objects.values_list("employee_id", "last_name")) == names
