"""External ids on seats, people and roles; upserts by external id; exact employee-id lookup."""

import pytest

from people.models import Person, Position
from roles.models import Role
from tests.helpers import problem_errors
from tests.people.factories import PersonFactory

from .conftest import V1

pytestmark = pytest.mark.django_db


def counts(position: Position) -> tuple[int, int, int]:
    position.refresh_from_db()
    return position.direct_count, position.seat_count, position.headcount


def seat_body(org, **changes) -> dict:
    return {"role": org["roles"]["agent"].pk, "manager": org["team"].pk, **changes}


# ---------------------------------------------------------------- read, write, filter


def test_a_seat_is_created_with_an_external_id_and_found_by_it(hr, org):
    created = hr.post(f"{V1}/positions/", seat_body(org, external_id="POS-4711"), format="json")
    assert created.status_code == 201 and created.json()["external_id"] == "POS-4711"
    found = hr.get(f"{V1}/positions/?external_id=POS-4711").json()["results"]
    assert [row["id"] for row in found] == [created.json()["id"]]
    assert hr.get(f"{V1}/positions/?external_id=POS-471").json()["count"] == 0  # exact


def test_people_and_roles_carry_their_external_id_and_filter_by_it(hradmin, org):
    ania = org["agents"][0].holder
    hradmin.patch(f"{V1}/people/{ania.pk}/", {"external_id": "W-100"}, format="json")
    hradmin.patch(
        f"{V1}/roles/{org['roles']['agent'].pk}/", {"external_id": "JOB-7"}, format="json"
    )
    people = hradmin.get(f"{V1}/people/?external_id=W-100").json()["results"]
    roles = hradmin.get(f"{V1}/roles/?external_id=JOB-7").json()["results"]
    assert [(p["id"], p["external_id"]) for p in people] == [(ania.pk, "W-100")]
    assert [(r["id"], r["external_id"]) for r in roles] == [(org["roles"]["agent"].pk, "JOB-7")]


def test_a_change_of_external_id_is_history(hr, org):
    ben = org["agents"][1].holder
    hr.patch(f"{V1}/people/{ben.pk}/", {"external_id": "W-200"}, format="json")
    assert Person.history.model.objects.filter(id=ben.pk).latest().external_id == "W-200"


@pytest.mark.parametrize("bad", ["has space", "-leading-dash", "a/b", "x" * 101, "ümlaut"])
def test_a_bad_external_id_is_refused_with_a_message_and_changes_nothing(hr, org, bad):
    seats = Position.objects.count()
    response = hr.post(f"{V1}/positions/", seat_body(org, external_id=bad), format="json")
    assert response.status_code == 400
    assert "external_id" in problem_errors(response)
    assert Position.objects.count() == seats


def test_a_duplicate_external_id_is_a_409_and_changes_nothing(hradmin, org):
    Position.objects.filter(pk=org["vacancy"].pk).update(external_id="POS-1")
    seats = Position.objects.count()
    created = hradmin.post(f"{V1}/positions/", seat_body(org, external_id="POS-1"), format="json")
    assert created.status_code == 409
    assert "POS-1" in created.json()["detail"]
    assert Position.objects.count() == seats

    team = org["team"]
    patched = hradmin.patch(f"{V1}/positions/{team.pk}/", {"external_id": "POS-1"}, format="json")
    assert patched.status_code == 409
    team.refresh_from_db()
    assert team.external_id == ""


def test_duplicate_external_ids_of_people_and_roles_are_409(hradmin, org):
    Person.objects.filter(pk=org["agents"][0].holder.pk).update(external_id="W-1")
    Role.objects.filter(pk=org["roles"]["cco"].pk).update(external_id="JOB-1")
    ben = org["agents"][1].holder
    person = hradmin.patch(f"{V1}/people/{ben.pk}/", {"external_id": "W-1"}, format="json")
    role = hradmin.patch(
        f"{V1}/roles/{org['roles']['agent'].pk}/", {"external_id": "JOB-1"}, format="json"
    )
    assert (person.status_code, role.status_code) == (409, 409)
    assert Person.objects.filter(external_id="W-1").count() == 1
    assert Role.objects.filter(external_id="JOB-1").count() == 1


def test_an_empty_external_id_is_none_and_may_repeat(hr, org):
    for _ in range(2):
        assert hr.post(f"{V1}/positions/", seat_body(org), format="json").status_code == 201
    assert Position.objects.filter(external_id="").count() == 8


# ---------------------------------------------------------------- upserts


def test_a_seat_upsert_creates_then_updates_through_the_services(hr, org):
    url = f"{V1}/positions/by-external-id/HR-POS-88/"
    created = hr.put(url, seat_body(org), format="json")
    assert created.status_code == 201
    seat = Position.objects.get(external_id="HR-POS-88")
    assert counts(org["team"]) == (4, 4, 2)

    moved = hr.put(
        url, seat_body(org, manager=org["middle"].pk, role=org["roles"]["lead"].pk), format="json"
    )
    assert moved.status_code == 200
    assert moved.json()["id"] == seat.pk and moved.json()["role"] == org["roles"]["lead"].pk
    assert counts(org["team"]) == (3, 3, 2)
    assert counts(org["middle"]) == (2, 5, 3)
    assert Position.objects.filter(external_id="HR-POS-88").count() == 1
    assert Position.history.model.objects.filter(id=seat.pk).count() == 3  # created, moved, role


def test_a_seat_upsert_answers_the_same_when_sent_twice(hr, org):
    url = f"{V1}/positions/by-external-id/HR-POS-9/"
    first = hr.put(url, seat_body(org), format="json")
    second = hr.put(url, seat_body(org), format="json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert Position.history.model.objects.filter(external_id="HR-POS-9").count() == 1


def test_an_upsert_with_a_bad_external_id_is_refused(hr, org):
    response = hr.put(f"{V1}/positions/by-external-id/has%20space/", seat_body(org), format="json")
    assert response.status_code == 400 and "external_id" in problem_errors(response)
    assert not Position.objects.filter(external_id="has space").exists()


def test_a_seat_upsert_with_a_loop_is_refused_and_changes_nothing(hr, org):
    Position.objects.filter(pk=org["middle"].pk).update(external_id="MID")
    response = hr.put(
        f"{V1}/positions/by-external-id/MID/",
        seat_body(org, role=org["roles"]["head"].pk, manager=org["team"].pk),
        format="json",
    )
    assert response.status_code == 400
    assert counts(org["middle"]) == (1, 4, 3)


def test_a_person_upsert_creates_then_updates(hr, org):
    url = f"{V1}/people/by-external-id/W-77/"
    body = {"employee_id": "E-77", "first_name": "Olga", "last_name": "Nowak"}
    created = hr.put(url, body, format="json")
    updated = hr.put(url, {**body, "last_name": "Kowalska"}, format="json")
    assert (created.status_code, updated.status_code) == (201, 200)
    assert updated.json()["id"] == created.json()["id"]
    olga = Person.objects.get(external_id="W-77")
    assert (olga.employee_id, olga.last_name) == ("E-77", "Kowalska")


def test_a_role_upsert_creates_then_updates(hradmin, org):
    url = f"{V1}/roles/by-external-id/JOB-QA/"
    body = {
        "title": "Quality Checker",
        "slug": "quality-checker",
        "parent": org["roles"]["lead"].pk,
        "track": "specialist",
        "career_level": 3,
    }
    created = hradmin.put(url, body, format="json")
    updated = hradmin.put(url, {**body, "career_level": 4}, format="json")
    assert (created.status_code, updated.status_code) == (201, 200)
    assert Role.objects.get(external_id="JOB-QA").career_level == 4


def test_upserts_need_hr(employee, org):
    response = employee.put(f"{V1}/positions/by-external-id/X-1/", seat_body(org), format="json")
    assert response.status_code == 403
    assert not Position.objects.filter(external_id="X-1").exists()


# ---------------------------------------------------------------- employee id


def test_people_are_found_by_their_exact_employee_id(employee, org):
    PersonFactory(employee_id="E1", first_name="One")
    PersonFactory(employee_id="E10", first_name="Ten")
    rows = employee.get(f"{V1}/people/?employee_id=E1").json()["results"]
    assert [row["first_name"] for row in rows] == ["One"]
    assert employee.get(f"{V1}/people/?employee_id=e1").json()["count"] == 0
