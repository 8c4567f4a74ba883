"""The corpus of tests/data/: one file for each kind of org file HR teams have, each imported by
the command, and the resulting chart checked (seats, vacancies, holders not named, chains)."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from people.models import Person, Position
from roles.models import Role
from tests.people.helpers import corpus_roles, empty_the_org

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def roles():
    return corpus_roles()


def run(name: str, *options: str) -> str:
    out = StringIO()
    call_command("import_people", str(DATA / name), *options, stdout=out, stderr=StringIO())
    return out.getvalue()


def chart() -> dict[str, int]:
    seats = Position.objects.all()
    return {
        "seats": seats.count(),
        "vacant": seats.vacant().count(),
        "withheld": seats.filter(holder__name_withheld=True).count(),
        "named": seats.filter(holder__name_withheld=False).count(),
    }


def chain(reference: str) -> list[str]:
    """The post ids from a seat up to the top."""
    seat = Position.objects.get(reference=reference)
    found = []
    while seat is not None:
        found.append(seat.reference or seat.holder.employee_id)
        seat = seat.manager
    return found


def chain_of(employee_id: str) -> list[str]:
    seat = Position.objects.get(holder__employee_id=employee_id)
    found = []
    while seat is not None:
        found.append(seat.holder.employee_id)
        seat = seat.manager
    return found


def test_a_seat_first_file_with_vacancy_and_withheld_words_and_a_root_row(roles):
    out = run("organogram-flat.csv", "--create-roles", "--roles-under", "head-of-call-center")

    assert "placeholder top" in out
    assert chart() == {"seats": 15, "vacant": 5, "withheld": 7, "named": 3}
    assert chain("P-012") == ["P-012", "P-007", "P-004", "P-002", "P-001"]
    assert chain("P-008") == ["P-008", "P-006", "P-004", "P-002", "P-001"]
    assert Position.objects.get(reference="P-006").is_vacant
    withheld = Position.objects.get(reference="P-004").holder
    assert (withheld.name_withheld, withheld.first_name, withheld.last_name) == (True, "", "")
    assert withheld.full_name == "Name withheld"
    assert Person.objects.get(employee_id="P-007").full_name == "Chidi Okafor"
    assert Position.objects.top().get().reference == "P-001"
    new_roles = Role.objects.filter(parent=roles["head"]).exclude(pk=roles["lead"].pk)
    assert set(new_roles.values_list("title", flat=True)) >= {
        "Chief Executive",
        "Customer Service Adviser",
        "Quality Checker",
    }


def test_a_seat_first_file_imported_again_changes_nothing(roles):
    run("organogram-flat.csv", "--create-roles")
    before = set(Position.objects.values_list("id", "reference", "manager_id", "holder_id"))

    out = run("organogram-flat.csv", "--create-roles")

    assert "0 created, 0 updated, 15 unchanged" in out
    assert set(Position.objects.values_list("id", "reference", "manager_id", "holder_id")) == before


def test_a_government_organogram_with_post_references_and_xx_for_the_top(roles):
    out = run("organogram-senior.csv", "--create-roles")

    assert "3 vacant seats, 2 holders not named" in out
    assert chart() == {"seats": 7, "vacant": 3, "withheld": 2, "named": 2}
    assert chain("DIG02") == ["DIG02", "DIG01", "CEO01"]
    assert chain("OPS02") == ["OPS02", "OPS01", "CEO01"]
    assert Person.objects.get(employee_id="OPS02").last_name == "Zieliński"


def test_one_name_column_without_hire_dates(roles):
    run("one-name-no-hire-dates.csv")

    names = dict(Person.objects.values_list("employee_id", "first_name"))
    last = dict(Person.objects.values_list("employee_id", "last_name"))
    assert chart() == {"seats": 8, "vacant": 0, "withheld": 0, "named": 8}
    assert (names["O-6066"], last["O-6066"]) == ("Ursula", "von der Leyen")
    assert (names["O-6067"], last["O-6067"]) == ("Anna", "Nowak")
    assert (names["O-6068"], last["O-6068"]) == ("Rafael", "van der Vaart")
    assert (names["O-6069"], last["O-6069"]) == ("Madonna", "")
    assert (names["O-6071"], last["O-6071"]) == ("Hans-Peter", "Müller-Lüdenscheidt")
    assert (names["O-6072"], last["O-6072"]) == ("Jean", "de la Fontaine")
    assert Person.objects.filter(hire_date__isnull=True).count() == 8
    assert chain_of("O-6073") == ["O-6073", "O-6068", "O-6066"]


def test_a_semicolon_cp1252_file_with_german_headers_and_dotted_dates(roles):
    run("hris-semicolon-cp1252.csv")  # encoding and delimiter detected

    assert chart() == {"seats": 6, "vacant": 0, "withheld": 0, "named": 6}
    person = Person.objects.get(employee_id="1004")
    assert (person.first_name, person.last_name, person.hire_date) == (
        "Zoë",
        "Dupré",
        datetime.date(2020, 12, 31),
    )
    assert person.position.role == roles["agent"]
    assert chain_of("1006") == ["1006", "1003", "1001"]


def test_padded_and_differently_cased_titles_match_one_role_each(roles):
    out = run("titles-padded.csv", "--create-roles")

    role_of = dict(Position.objects.values_list("holder__employee_id", "role__title"))
    assert role_of["T1"] == "Chief Executive Officer"
    assert role_of["T2"] == role_of["T3"] == "Chief Technology Officer"
    assert role_of["T4"] == role_of["T5"] == role_of["T6"] == "Team Leader"
    assert role_of["T7"] == role_of["T8"] == "Consultant"
    assert role_of["T9"] == role_of["T10"] == role_of["T11"] == "Workforce Planner"
    assert Role.objects.filter(title__iexact="workforce planner").count() == 1
    assert "New roles: Workforce Planner." in out
    assert chain_of("T8") == ["T8", "T5", "T3", "T1"]


def test_several_tops_are_refused_with_their_names(roles):
    with pytest.raises(CommandError):
        run("several-tops.csv")

    assert Position.objects.count() == 0


def test_several_tops_go_under_the_seat_given_with_tops_under(roles):
    run("several-tops.csv", "--tops-under", "S1")

    assert chart() == {"seats": 6, "vacant": 0, "withheld": 0, "named": 6}
    assert Position.objects.top().get().holder.employee_id == "S1"
    assert chain_of("S6") == ["S6", "S3", "S1"]
    assert chain_of("S5") == ["S5", "S2", "S1"]


def test_a_seat_first_org_exported_and_imported_again_keeps_its_unnamed_holders(roles, tmp_path):
    run("organogram-flat.csv", "--create-roles")
    before = chart()
    path = tmp_path / "org.csv"
    call_command("export_people", str(path), stdout=StringIO())
    empty_the_org()

    call_command("import_people", str(path), stdout=StringIO())

    assert chart() == before == {"seats": 15, "vacant": 5, "withheld": 7, "named": 3}


def test_the_chart_shows_unnamed_holders_as_such_and_vacancies_as_vacant(roles, employee_client):
    run("organogram-flat.csv", "--create-roles")
    operations = Position.objects.get(reference="P-002")  # N/D, with two seats below

    page = employee_client.get(f"/org/{operations.pk}/").content.decode()

    assert page.count("Name withheld") >= 2  # the focused seat and its report P-004
    assert f'id="seat-{Position.objects.get(reference="P-005").pk}"' in page
    assert "Vacant" in page  # P-005, Not in Post
    assert "N/D" not in page


def test_hundreds_of_new_titles_are_grouped_by_unit_under_the_chosen_role(roles, tmp_path):
    units = ["Finance", "Operations", "Digital"]
    lines = ["post_id,name,title,unit,reports_to", "T0,Anna Top,Head of Call Center,Board,"]
    lines += [f"T{i},N/D,Specialist {i},{units[i % 3]},T0" for i in range(1, 31)]
    path = tmp_path / "titles.csv"
    path.write_text("\n".join(lines) + "\n")

    call_command(
        "import_people",
        str(path),
        "--create-roles",
        "--roles-under",
        "Team Leader",
        stdout=StringIO(),
    )

    groups = Role.objects.filter(parent=roles["lead"], title__in=units)
    assert sorted(groups.values_list("title", flat=True)) == sorted(units)
    assert Role.objects.filter(parent__in=groups).count() == 30
    assert Role.objects.get(title="Specialist 4").parent.title == "Operations"
