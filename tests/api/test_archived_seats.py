"""A seat with history is archived, not deleted: it leaves the org (lists, chart, counts, search,
exports) and keeps its history. Refused for a held seat, a seat with reports, the top."""

import datetime

import orjson
import pytest

from people import analytics, services
from people.integrity import tree_problems
from people.models import Assignment, Position
from people.search import search
from tests.helpers import body, problem_errors
from tests.people.factories import seat

from .conftest import V1

pytestmark = pytest.mark.django_db

LEFT = datetime.date(2025, 6, 30)


@pytest.fixture
def former(org) -> Position:
    """Ben's seat, vacant since he left: a seat with history."""
    ben_seat = org["agents"][1]
    services.position_vacate(position=ben_seat, ended_on=LEFT)
    return ben_seat


def archive(client, position: Position, **body):
    return client.post(f"{V1}/positions/{position.pk}/archive/", body, format="json")


def counts(position: Position) -> tuple[int, int, int]:
    position.refresh_from_db()
    return position.direct_count, position.seat_count, position.headcount


def test_deleting_a_seat_with_history_says_to_archive_it(hr, former):
    response = hr.delete(f"{V1}/positions/{former.pk}/")
    assert response.status_code == 409
    assert f"/positions/{former.pk}/archive/" in response.json()["detail"]
    assert Position.objects.filter(pk=former.pk).exists()


def test_an_archived_seat_leaves_the_counts_and_keeps_its_history(hr, org, former):
    response = archive(hr, former, archived_on="2025-07-01")
    assert response.status_code == 200
    assert response.json()["archived_on"] == "2025-07-01"
    assert counts(org["team"]) == (2, 2, 1)
    assert counts(org["top"]) == (1, 4, 3)
    assert Assignment.objects.filter(position=former).count() == 1
    assert Position.history.model.objects.filter(id=former.pk).latest().archived_on == (
        datetime.date(2025, 7, 1)
    )
    assert tree_problems() == []


def test_an_archived_seat_leaves_the_lists_unless_asked_for(employee, hr, org, former):
    archive(hr, former)
    listed = [row["id"] for row in employee.get(f"{V1}/positions/").json()["results"]]
    archived = employee.get(f"{V1}/positions/?archived=true").json()["results"]
    active = employee.get(f"{V1}/positions/?archived=false").json()["count"]
    assert former.pk not in listed and len(listed) == active == 5
    assert [row["id"] for row in archived] == [former.pk]
    assert employee.get(f"{V1}/positions/{former.pk}/").json()["archived_on"] is not None


def test_an_archived_seat_leaves_the_chart_the_subtree_the_export_and_search(
    employee, hr, org, former
):
    archive(hr, former)
    team = org["team"].pk
    children = employee.get(f"{V1}/positions/{team}/children/").json()["children"]
    subtree = employee.get(f"{V1}/positions/{org['top'].pk}/subtree/").json()
    export = orjson.loads(body(employee.get(f"{V1}/org/export/")))["rows"]
    assert former.pk not in [row["id"] for row in children]
    assert former.pk not in [row["id"] for row in subtree]
    assert former.pk not in [row[0] for row in export]
    assert former.pk not in [s.pk for s in search("Agent").seats]
    assert former.pk not in [s.pk for s in search(f"#{former.pk}").seats]
    page = employee.get(f"/org/{team}/")
    assert f"/org/{former.pk}/" not in page.content.decode()


def test_the_org_as_of_a_day_before_the_archive_still_shows_the_seat(employee, hr, org, former):
    long_ago = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    Position.history.model.objects.update(history_date=long_ago)  # the seats are older
    archive(hr, former, archived_on="2025-07-01")
    team = org["team"].pk
    before = employee.get(f"{V1}/positions/{team}/children/?as_of=2025-06-01").json()
    after = employee.get(f"{V1}/positions/{team}/children/?as_of=2025-07-02").json()
    assert former.pk in [row["id"] for row in before["children"]]
    assert former.pk not in [row["id"] for row in after["children"]]


def test_a_held_seat_is_not_archived(hr, org):
    agent = org["agents"][0]
    response = archive(hr, agent)
    assert response.status_code == 409
    assert "held" in response.json()["detail"]
    agent.refresh_from_db()
    assert agent.archived_on is None


def test_a_seat_with_reports_is_not_archived(hr, org):
    team = org["team"]
    services.position_vacate(position=team, ended_on=LEFT)
    response = archive(hr, team)
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "The seat has reports; move them to another seat before archiving it."
    )
    assert counts(org["middle"]) == (1, 4, 2)
    team.refresh_from_db()
    assert team.archived_on is None


def test_the_top_seat_and_an_archived_seat_are_not_archived_again(hr, org, former):
    assert archive(hr, former).status_code == 200
    again = archive(hr, former)
    assert again.status_code == 409 and "archived on" in again.json()["detail"]
    assert counts(org["team"]) == (2, 2, 1)


def test_an_archive_date_before_the_last_holder_left_is_refused(hr, former):
    response = archive(hr, former, archived_on="2025-06-01")
    assert response.status_code == 400 and "archived_on" in problem_errors(response)
    former.refresh_from_db()
    assert former.archived_on is None


def test_an_archived_seat_takes_no_holder_no_reports_and_no_changes(hr, org, former):
    archive(hr, former)
    newcomer = hr.post(
        f"{V1}/people/", {"employee_id": "E-NEW", "first_name": "Nina"}, format="json"
    ).json()
    hired = hr.post(
        f"{V1}/positions/{former.pk}/hire/",
        {"person": newcomer["id"], "started_on": "2025-08-01"},
        format="json",
    )
    under = hr.post(
        f"{V1}/positions/", {"role": org["roles"]["agent"].pk, "manager": former.pk}, format="json"
    )
    moved = hr.post(f"{V1}/positions/{former.pk}/move/", {"manager": org["top"].pk}, format="json")
    patched = hr.patch(f"{V1}/positions/{former.pk}/", {"is_assistant": True}, format="json")
    assert [r.status_code for r in (hired, under, moved, patched)] == [400, 400, 400, 400]
    former.refresh_from_db()
    assert (former.holder_id, former.manager_id, former.is_assistant) == (
        None,
        org["team"].pk,
        False,
    )
    assert Position.objects.filter(manager=former).count() == 0


def test_a_seat_once_holding_archived_seats_is_not_deleted(hr, org, former):
    lead = seat(role=org["roles"]["lead"], manager=org["middle"])
    services.position_move(position=former, new_manager=lead)
    services.position_archive(position=former, on=datetime.date.today())
    response = hr.delete(f"{V1}/positions/{lead.pk}/")
    assert response.status_code == 409
    assert Position.objects.filter(pk=lead.pk).exists()


def test_an_archived_seat_is_no_vacancy_in_the_analytics_and_their_lists(
    hr, org, former, client, users
):
    before = analytics.structure(today=datetime.date.today())
    archive(hr, former)
    after = analytics.structure(today=datetime.date.today())
    assert (after.seats, after.vacant) == (before.seats - 1, before.vacant - 1)
    client.force_login(users["hr"])
    page = client.get("/org/vacancies/").content.decode()
    assert f"/org/{org['vacancy'].pk}/" in page and f"/org/{former.pk}/" not in page
