"""The import over the API: dry run → plan → confirm, a file or JSON rows, HR only, and the
same all-or-nothing rule and messages as the command."""

import time
from pathlib import Path

import pytest

from people.imports import import_people
from people.models import Person, Position
from tests.api.conftest import V1
from tests.people.helpers import csv_bytes, org_rows
from tests.roles.factories import RoleFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data"
URL = f"{V1}/imports/"


@pytest.fixture
def roles():
    head = RoleFactory(title="Head of Call Center", slug="head-of-call-center")
    lead = RoleFactory(title="Team Leader", title_de="Teamleiter", parent=head)
    RoleFactory(title="Consultant", title_de="Kundenbetreuer", parent=lead)
    RoleFactory(title="Customer Service Representative", parent=lead)
    return head


def upload(client, name: str, **options):
    with (DATA / name).open("rb") as file:
        return client.post(URL, {"file": file, **options}, format="multipart")


def confirm(client, token: str):
    return client.post(f"{URL}{token}/confirm/")


def test_a_dry_run_answers_the_plan_and_writes_nothing_then_confirm_applies_it(hr, roles):
    plan = upload(hr, "organogram-flat.csv", create_roles="true")
    written_before_confirm = Position.objects.count()
    done = confirm(hr, plan.json()["token"])

    assert plan.status_code == 200
    body = plan.json()
    assert (body["applied"], body["rows"], body["created"], body["vacancies"]) == (
        False,
        15,
        15,
        5,
    )
    assert (body["withheld"], body["problems"]) == (7, [])
    assert "placeholder top" in body["notes"][0]
    assert written_before_confirm == 0
    assert (done.status_code, done.json()["applied"]) == (200, True)
    assert Position.objects.count() == 15
    assert Position.objects.vacant().count() == 5


CORPUS = {
    "organogram-flat.csv": ({"create_roles": "true"}, 15, 5, 7),
    "organogram-senior.csv": ({"create_roles": "true"}, 7, 3, 2),
    "one-name-no-hire-dates.csv": ({}, 8, 0, 0),
    "hris-semicolon-cp1252.csv": ({}, 6, 0, 0),
    "hris-export.xlsx": ({}, 5, 0, 0),
    "titles-padded.csv": ({"create_roles": "true"}, 11, 0, 0),
    "several-tops.csv": ({"tops_under": "S1"}, 6, 0, 0),
}


@pytest.mark.parametrize("name", CORPUS)
def test_each_file_of_the_corpus_imports_in_two_calls(name, hr, roles):
    RoleFactory(title="Chief Technology Officer").aliases.create(name="CTO", language="en")
    RoleFactory(title="Chief Executive Officer")
    options, seats, vacant, withheld = CORPUS[name]

    plan = upload(hr, name, **options)
    done = confirm(hr, plan.json()["token"])

    assert (plan.status_code, done.status_code) == (200, 200), plan.json()["problems"]
    assert Position.objects.count() == seats
    assert Position.objects.vacant().count() == vacant
    assert Position.objects.filter(holder__name_withheld=True).count() == withheld


def test_several_tops_are_refused_with_the_same_message_as_the_command(hr, roles):
    data = (DATA / "several-tops.csv").read_bytes()
    expected = import_people(data=data, dry_run=True).errors

    answer = upload(hr, "several-tops.csv")

    assert answer.status_code == 422
    assert answer.json()["token"] is None
    assert [(p["row"], p["column"], p["message"]) for p in answer.json()["problems"]] == [
        (e.row, e.column, e.message) for e in expected
    ]
    assert Person.objects.count() == 0


def test_json_rows_import_like_a_file(hr, roles):
    header = ["employee_id", "name", "title", "manager_id"]
    rows = [
        dict(zip(header, values, strict=True))
        for values in [
            ["E1", "Hanna Berg", "Head of Call Center", ""],
            ["E2", "Lis, Tomasz", "team leader ", "E1"],
            ["E3", "Vacant", "Consultant", "E2"],
        ]
    ]
    rows[0]["manager_id"] = None  # JSON null reads as an empty cell

    answer = hr.post(URL, {"rows": rows, "dry_run": False}, format="json")

    assert (answer.status_code, answer.json()["applied"]) == (200, True)
    assert Person.objects.get(employee_id="E2").first_name == "Tomasz"
    assert Position.objects.vacant().get().manager.holder.employee_id == "E2"


def test_a_mapping_saved_on_the_page_is_used_by_name_and_map_entries_override_it(hr, roles):
    from people.models import ImportMapping

    ImportMapping.objects.create(
        name="Personio",
        columns={"employee_id": "Personalnummer", "manager_id": "Chef", "job_title": "Job"},
    )
    rows = [
        {
            "Personalnummer": "P1",
            "Name": "Hanna Berg",
            "Job": "Head of Call Center",
            "Chef": "",
            "Stelle": "Head of Call Center",
        },
        {
            "Personalnummer": "P2",
            "Name": "Tomasz Lis",
            "Job": "x",
            "Chef": "P1",
            "Stelle": "Team Leader",
        },
    ]

    answer = hr.post(
        URL,
        {"rows": rows, "mapping_name": "Personio", "map": ["job_title=Stelle"], "dry_run": False},
        format="json",
    )

    assert (answer.status_code, answer.json()["applied"]) == (200, True)
    assert Position.objects.get(holder__employee_id="P2").role.title == "Team Leader"


def test_a_mapping_name_nobody_saved_is_refused_with_the_names_there_are(hr, roles):
    from people.models import ImportMapping

    ImportMapping.objects.create(name="SAP", columns={})
    rows = [{"employee_id": "E1", "name": "Hanna Berg", "title": "Head of Call Center"}]

    answer = hr.post(URL, {"rows": rows, "mapping_name": "Workday"}, format="json")

    assert answer.status_code == 400
    assert "saved mappings: SAP" in str(answer.json())
    assert Person.objects.count() == 0


def test_a_bad_row_of_json_is_named_by_its_row_number(hr, roles):
    rows = [
        {"employee_id": "E1", "name": "Hanna Berg", "title": "Head of Call Center"},
        {"employee_id": "E2", "name": "Tomasz Lis", "title": "Team Leader", "manager_id": "E9"},
    ]

    answer = hr.post(URL, {"rows": rows}, format="json")

    assert answer.status_code == 422
    assert [(p["row"], p["column"]) for p in answer.json()["problems"]] == [(3, "manager_id")]


def test_neither_a_file_nor_rows_is_bad_input(hr):
    answer = hr.post(URL, {"dry_run": True}, format="json")

    assert answer.status_code == 400
    assert "file" in answer.json()


def test_only_hr_may_import(employee, roles):
    answer = employee.post(URL, {"rows": [{"employee_id": "E1"}]}, format="json")

    assert answer.status_code == 403


def test_a_token_confirms_only_for_whoever_checked_the_file(hr, as_user, roles):
    token = hr.post(URL, {"rows": _rows(3)}, format="json").json()["token"]

    other = confirm(as_user("hradmin"), token)
    unknown = confirm(hr, "0" * 64)

    assert (other.status_code, unknown.status_code) == (404, 404)
    assert Person.objects.count() == 0


def _rows(n: int) -> list[dict]:
    rows = [{"post_id": "P0", "name": "Hanna Berg", "title": "Head of Call Center"}]
    leads = max(1, n // 20)
    for i in range(1, n):
        lead = i <= leads
        rows.append(
            {
                "post_id": f"P{i}",
                "name": "Vacant" if i % 7 == 0 else ("" if i % 3 == 0 else f"Person {i}"),
                "title": "Team Leader" if lead else "Consultant",
                "reports_to": "P0" if lead else f"P{1 + i % leads}",
            }
        )
    return rows


def test_a_5000_seat_org_loads_in_two_calls(hr, roles, capsys):
    rows = _rows(5000)

    started = time.perf_counter()
    plan = hr.post(URL, {"rows": rows}, format="json")
    done = confirm(hr, plan.json()["token"])
    elapsed = time.perf_counter() - started

    assert (plan.status_code, done.status_code) == (200, 200)
    assert Position.objects.count() == 5000
    with capsys.disabled():
        print(f"\n5,000-seat org over the API (dry run + confirm): {elapsed:.1f} s")


def test_csv_with_the_same_rows_gives_the_same_plan_as_json(hr, roles):
    by_file = hr.post(
        URL, {"file": _named(csv_bytes(org_rows()), "org.csv")}, format="multipart"
    ).json()
    header = ["employee_id", "first_name", "last_name", "email", "job_title", "manager_id"]
    rows = [dict(zip([*header, "hire_date"], r, strict=True)) for r in org_rows()]
    by_rows = hr.post(URL, {"rows": rows}, format="json").json()

    assert by_file["created"] == by_rows["created"] == 4
    assert by_file["changes"] == by_rows["changes"]


def _named(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_the_tree_rows_say_which_holders_are_not_named(hr, roles):
    upload(hr, "organogram-flat.csv", create_roles="true", dry_run="false")
    operations = Position.objects.get(reference="P-002")

    answer = hr.get(f"{V1}/positions/{operations.pk}/children/").json()

    children = {row["id"]: row["name_withheld"] for row in answer["children"]}
    assert answer["position"]["name_withheld"] is True
    assert children[Position.objects.get(reference="P-004").pk] is True  # blank name
    assert children[Position.objects.get(reference="P-005").pk] is None  # vacant
