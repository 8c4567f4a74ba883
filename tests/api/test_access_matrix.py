"""Object-level reads by group (docs/access.md) and writes that take only their listed fields."""

import datetime
from decimal import Decimal

import pytest

from people.models import Person
from tests.people.factories import PersonFactory, seat

from .conftest import V1

pytestmark = pytest.mark.django_db


def person_url(person: Person, suffix: str = "") -> str:
    return f"{V1}/people/{person.pk}/{suffix}"


def test_a_manager_reads_hire_dates_of_their_team_but_not_above_it(manager, org):
    ania, henrik = org["agents"][0].holder, org["middle"].holder
    assert manager.get(person_url(ania)).json()["hire_date"] == str(ania.hire_date)
    assert "hire_date" not in manager.get(person_url(henrik)).json()


@pytest.mark.parametrize("more", [0, 6])
def test_a_manager_sees_hire_dates_in_the_list_for_their_team_only(
    manager, org, django_assert_num_queries, more
):
    for n in range(more):
        seat(
            role=org["roles"]["agent"],
            manager=org["team"],
            holder=PersonFactory(first_name=f"N{n}"),
        )
    with django_assert_num_queries(7):  # session, user, groups, own seat, subtree, count, page
        rows = manager.get(f"{V1}/people/").json()["results"]
    dated = sorted(r["first_name"] for r in rows if "hire_date" in r)
    assert dated == ["Ania", "Ben", "Lena"] + [f"N{n}" for n in range(more)]
    assert not any("salary" in r for r in rows if r["first_name"] != "Lena")


def test_an_employee_reads_names_and_seats_but_no_hire_dates_or_salaries(employee, org):
    data = employee.get(person_url(org["agents"][0].holder)).json()
    assert data["first_name"] == "Ania" and data["position"] == org["agents"][0].pk
    assert "hire_date" not in data and "salary" not in data


@pytest.mark.parametrize(("who", "code"), [("employee", 403), ("manager", 403), ("hr", 200)])
def test_readiness_above_the_managers_seat_is_refused(as_user, manager, org, who, code):
    response = as_user(who).get(person_url(org["middle"].holder, "career/"))
    assert response.status_code == code
    if code == 403:
        assert "readiness" in response.json()["detail"]


def test_a_person_reads_their_own_readiness(as_user, users, org):
    ania = org["agents"][0].holder
    ania.user = users["employee"]
    ania.save(update_fields=["user"])
    assert as_user("employee").get(person_url(ania, "career/")).status_code == 200


@pytest.mark.parametrize("who", ["employee", "manager"])
def test_employees_and_managers_change_nobody_not_even_themselves(
    as_user, users, manager, org, who
):
    lena = org["team"].holder  # the manager's own person
    for person in (lena, org["agents"][0].holder):
        response = as_user(who).patch(person_url(person), {"salary": "99999.00"}, format="json")
        assert response.status_code == 403
    assert set(Person.objects.values_list("salary", flat=True)) <= {None, Decimal("32000.00")}


def test_a_patch_by_hr_ignores_fields_it_does_not_list(hr, users, org):
    ania = org["agents"][0].holder
    before = Person.objects.values().get(pk=ania.pk)
    response = hr.patch(
        person_url(ania),
        {
            "first_name": "Anna",
            "user": users["hradmin"].pk,
            "position": org["vacancy"].pk,
            "role": org["roles"]["cco"].pk,
            "groups": ["HR admin"],
            "is_superuser": True,
            "id": 424242,
            "left_on": "2020-01-01",
        },
        format="json",
    )
    assert response.status_code == 200
    after = Person.objects.values().get(pk=ania.pk)
    # search_name is the database's fold of the names (people/fold.py): it follows first_name
    assert after == {**before, "first_name": "Anna", "search_name": " anna nowak  anna nowak "}
    assert org["vacancy"].__class__.objects.get(pk=org["vacancy"].pk).holder_id is None
    assert ania.position.role == org["roles"]["agent"]
    assert list(users["hradmin"].groups.values_list("name", flat=True)) == ["HR admin"]
    assert not users["hr"].__class__.objects.get(pk=users["hr"].pk).is_superuser


def test_hr_changes_a_salary_through_the_listed_field(hr, org):
    ania = org["agents"][0].holder
    response = hr.patch(person_url(ania), {"salary": "33000.50"}, format="json")
    assert response.json()["salary"] == "33000.50"
    assert Person.objects.get(pk=ania.pk).salary == Decimal("33000.50")


def test_a_seat_patch_changes_its_role_and_never_its_holder_or_counts(hr, org):
    team = org["team"]
    body = {"role": org["roles"]["head"].pk, "holder": None, "headcount": 0}
    response = hr.patch(f"{V1}/positions/{team.pk}/", body, format="json")
    assert response.status_code == 200
    team.refresh_from_db()
    assert (team.role, team.holder.first_name) == (org["roles"]["head"], "Lena")
    assert (team.direct_count, team.seat_count, team.headcount) == (3, 3, 2)


def test_a_manager_cannot_move_or_vacate_a_seat_of_their_team(manager, org):
    agent = org["agents"][0]
    moved = manager.post(f"{V1}/positions/{agent.pk}/move/", {"manager": org["top"].pk})
    vacated = manager.post(
        f"{V1}/positions/{agent.pk}/vacate/", {"ended_on": str(datetime.date.today())}
    )
    assert (moved.status_code, vacated.status_code) == (403, 403)
    assert agent.__class__.objects.get(pk=agent.pk).manager_id == org["team"].pk


def test_only_hr_can_sort_people_by_hire_date(employee, hr, org):
    Person.objects.filter(first_name="Ben").update(hire_date=datetime.date(2001, 1, 1))

    by_hr = hr.get(f"{V1}/people/?ordering=hire_date")
    by_employee = employee.get(f"{V1}/people/?ordering=hire_date")

    assert by_hr.json()["results"][0]["first_name"] == "Ben"
    # refused outright (400), as any ordering a list does not offer: no order to learn from
    assert (by_employee.status_code, by_employee.json()["code"]) == (400, "invalid_filter")
    assert "hire_date" not in by_employee.json()["detail"].split("offers:")[1]
