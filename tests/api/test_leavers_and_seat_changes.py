"""Leavers show as such (the exit date stays hidden); a seat's role, site and assistant flag
change through PUT and PATCH, with history and counts kept."""

import datetime

import pytest

from people import services
from people.models import Person, Position
from tests.helpers import problem_errors
from tests.people.factories import PersonFactory, SiteFactory

from .conftest import V1

pytestmark = pytest.mark.django_db


@pytest.fixture
def ben_left(org) -> Person:
    ben = org["agents"][1].holder
    services.person_exit(person=ben, left_on=datetime.date(2025, 6, 30))
    return ben


def test_a_leaver_is_flagged_and_their_exit_date_stays_hidden(employee, hr, org, ben_left):
    for client in (employee, hr):
        row = client.get(f"{V1}/people/{ben_left.pk}/").json()
        assert (row["is_leaver"], row["status"]) == (True, "left")
        assert "left_on" not in row
        assert "2025-06-30" not in str(row)


def test_people_show_whether_they_hold_a_seat(employee, org):
    unseated = PersonFactory(first_name="Una")
    rows = {r["id"]: r for r in employee.get(f"{V1}/people/?page_size=50").json()["results"]}
    assert rows[unseated.pk]["status"] == "unseated" and rows[unseated.pk]["is_leaver"] is False
    assert rows[org["agents"][0].holder_id]["status"] == "seated"


def test_people_are_filtered_by_leaver(employee, org, ben_left):
    leavers = employee.get(f"{V1}/people/?leaver=true").json()["results"]
    staying = employee.get(f"{V1}/people/?leaver=false").json()
    assert [p["id"] for p in leavers] == [ben_left.pk]
    assert staying["count"] == 4 and ben_left.pk not in [p["id"] for p in staying["results"]]


def counts(position: Position) -> tuple[int, int, int]:
    position.refresh_from_db()
    return position.direct_count, position.seat_count, position.headcount


def test_a_seat_changes_role_site_and_assistant_flag_in_one_patch(hr, org):
    agent, site = org["agents"][0], SiteFactory(code="WAW", name="Warsaw", country="PL")
    body = {"role": org["roles"]["lead"].pk, "site": site.pk, "is_assistant": True}
    response = hr.patch(f"{V1}/positions/{agent.pk}/", body, format="json")
    assert response.status_code == 200
    agent.refresh_from_db()
    assert (agent.role, agent.site, agent.is_assistant) == (org["roles"]["lead"], site, True)
    assert agent.holder.first_name == "Ania"
    assert counts(org["team"]) == (3, 3, 2)
    latest = Position.history.model.objects.filter(id=agent.pk).latest()
    assert (latest.role_id, latest.site_id, latest.is_assistant) == (
        org["roles"]["lead"].pk,
        site.pk,
        True,
    )


def test_a_seat_put_with_another_manager_moves_it_with_its_counts(hr, org):
    team = org["team"]
    body = {"role": team.role_id, "manager": org["top"].pk}
    response = hr.put(f"{V1}/positions/{team.pk}/", body, format="json")
    assert response.status_code == 200
    assert counts(org["middle"]) == (0, 0, 0)
    assert counts(org["top"]) == (2, 5, 4)


def test_a_seat_patch_that_would_make_a_loop_is_refused_and_changes_nothing(hr, org):
    middle = org["middle"]
    body = {"manager": org["team"].pk, "is_assistant": True}
    response = hr.patch(f"{V1}/positions/{middle.pk}/", body, format="json")
    assert response.status_code == 400
    assert problem_errors(response) == {
        "manager": ["A seat cannot report to itself or to a seat below it."]
    }
    middle.refresh_from_db()
    assert (middle.manager_id, middle.is_assistant) == (org["top"].pk, False)


def test_only_the_top_seat_reports_to_no_one(hr, org):
    response = hr.patch(f"{V1}/positions/{org['team'].pk}/", {"manager": None}, format="json")
    assert response.status_code == 400 and "manager" in problem_errors(response)
    assert counts(org["team"])[0] == 3


def test_a_seat_with_an_unknown_role_is_refused(hr, org):
    response = hr.patch(f"{V1}/positions/{org['team'].pk}/", {"role": 999999}, format="json")
    assert response.status_code == 400 and "role" in problem_errors(response)


def test_seat_changes_need_hr(employee, manager, org):
    for client in (employee, manager):
        response = client.patch(
            f"{V1}/positions/{org['vacancy'].pk}/", {"is_assistant": True}, format="json"
        )
        assert response.status_code == 403
    assert Position.objects.get(pk=org["vacancy"].pk).is_assistant is False
