import datetime

import pytest

from people.models import Assignment, Person, Position
from tests.helpers import problem_errors
from tests.people.factories import PersonFactory, SiteFactory

from .conftest import V1

pytestmark = pytest.mark.django_db


def new_person(**extra) -> dict:
    return {
        "employee_id": "E-100",
        "first_name": "Zofia",
        "last_name": "Wójcik",
        "email": "zofia@example.com",
        "hire_date": "2025-02-01",
        **extra,
    }


def test_people_are_paged(employee, org):
    first = employee.get(f"{V1}/people/?page_size=2").json()
    assert first["count"] == 5
    assert len(first["results"]) == 2
    assert first["next"].endswith("/api/v1/people/?page=2&page_size=2")
    last = employee.get(f"{V1}/people/?page_size=2&page=3").json()
    assert len(last["results"]) == 1 and last["next"] is None


def test_the_page_size_has_a_hard_maximum(employee, db):
    Person.objects.bulk_create(
        PersonFactory.build(employee_id=f"B{n}", email="") for n in range(501)
    )
    page = employee.get(f"{V1}/people/?page_size=10000").json()
    assert page["count"] == 501
    assert len(page["results"]) == 500


def test_a_page_past_the_end_is_404(employee, org):
    assert employee.get(f"{V1}/people/?page=9").status_code == 404


def test_a_person_shows_their_seat_and_role(employee, org):
    lena = org["team"].holder
    data = employee.get(f"{V1}/people/{lena.pk}/").json()
    assert data["position"] == org["team"].pk
    assert data["role"] == org["roles"]["lead"].pk
    assert data["role_slug"] == "team-leader"
    assert data["full_name"] == f"Lena {lena.last_name}"


def test_hr_sees_salaries(hr, org):
    ania = org["agents"][0].holder
    data = hr.get(f"{V1}/people/{ania.pk}/").json()
    assert (data["salary"], data["salary_currency"]) == ("32000.00", "EUR")


def test_salaries_are_absent_for_employees_in_list_and_detail(employee, org):
    ania = org["agents"][0].holder
    assert "salary" not in employee.get(f"{V1}/people/{ania.pk}/").json()
    for row in employee.get(f"{V1}/people/").json()["results"]:
        assert "salary" not in row and "salary_currency" not in row


def test_an_employee_sees_their_own_salary(employee, users, org):
    ania = org["agents"][0].holder
    ania.user = users["employee"]
    ania.save()
    assert employee.get(f"{V1}/people/{ania.pk}/").json()["salary"] == "32000.00"


def test_people_are_filtered_by_role_site_manager_and_track(employee, org):
    site = SiteFactory(code="WAW", name="Warsaw", country="PL")
    ania = org["agents"][0].holder
    ania.site = site
    ania.save()

    def ids(query: str) -> set[int]:
        return {p["id"] for p in employee.get(f"{V1}/people/?{query}").json()["results"]}

    agents = {s.holder_id for s in org["agents"]}
    assert ids(f"role={org['roles']['agent'].pk}") == agents
    assert ids(f"manager={org['team'].pk}") == agents
    assert ids(f"site={site.pk}") == {ania.pk}
    assert ids("track=executive") == {org["top"].holder_id}


def test_people_are_searched_by_name_and_ordered(employee, org):
    found = employee.get(f"{V1}/people/?search=henrik").json()["results"]
    assert [p["first_name"] for p in found] == ["Henrik"]
    ordered = employee.get(f"{V1}/people/?ordering=-employee_id").json()["results"]
    assert [p["employee_id"] for p in ordered] == sorted(
        Person.objects.values_list("employee_id", flat=True), reverse=True
    )


def test_a_bad_filter_value_is_a_400_naming_the_filter(employee, org):
    response = employee.get(f"{V1}/people/?role=999999&track=wizard")
    assert response.status_code == 400
    assert set(problem_errors(response)) == {"role", "track"}


def test_hr_adds_a_person_into_a_vacant_seat(hr, users, org):
    vacancy = org["vacancy"]
    response = hr.post(f"{V1}/people/", new_person(position=vacancy.pk), format="json")
    assert response.status_code == 201
    zofia = Person.objects.get(employee_id="E-100")
    assert response.json()["position"] == vacancy.pk
    assert Position.objects.get(pk=vacancy.pk).holder == zofia
    assignment = Assignment.objects.get(person=zofia)
    assert assignment.started_on == datetime.date(2025, 2, 1)
    assert assignment.approved_by == users["hr"]


def test_a_person_for_a_taken_seat_is_not_added_at_all(hr, org):
    response = hr.post(f"{V1}/people/", new_person(position=org["team"].pk), format="json")
    assert response.status_code == 400
    assert problem_errors(response) == {"position": ["This seat is already taken."]}
    assert not Person.objects.filter(employee_id="E-100").exists()


def test_a_duplicate_employee_id_is_a_409_with_a_field_message(hr, org):
    taken = org["top"].holder.employee_id
    response = hr.post(f"{V1}/people/", new_person(employee_id=taken), format="json")
    assert response.status_code == 409
    assert list(problem_errors(response)) == ["employee_id"]
    assert response.json()["code"] == "duplicate_person_employee_id"


def test_bad_person_input_names_each_field(hr, db):
    bad = new_person(hire_date="yesterday", email="not-an-email", salary="-5", position=999999)
    response = hr.post(f"{V1}/people/", bad, format="json")
    assert response.status_code == 400
    assert set(problem_errors(response)) == {"hire_date", "email", "salary", "position"}


@pytest.mark.parametrize(("who", "code"), [(None, 401), ("employee", 403), ("hradmin", 201)])
def test_writing_people_needs_hr(as_user, db, who, code):
    assert as_user(who).post(f"{V1}/people/", new_person(), format="json").status_code == code


def test_hr_edits_a_person(hr, org):
    ben = org["agents"][1].holder
    response = hr.patch(f"{V1}/people/{ben.pk}/", {"last_name": "Braun"}, format="json")
    assert response.status_code == 200
    ben.refresh_from_db()
    assert ben.last_name == "Braun"


def test_an_employee_cannot_edit_a_person(employee, org):
    ben = org["agents"][1].holder
    response = employee.patch(f"{V1}/people/{ben.pk}/", {"last_name": "Braun"}, format="json")
    assert response.status_code == 403
    ben.refresh_from_db()
    assert ben.last_name == "Nowak"


def test_unknown_people_are_404(employee, db):
    assert employee.get(f"{V1}/people/424242/").status_code == 404
    assert employee.get(f"{V1}/people/424242/career/").status_code == 404
