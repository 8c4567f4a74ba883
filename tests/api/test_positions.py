import orjson
import pytest

from people.models import Assignment, Position
from roles.models import Role
from tests.helpers import body, problem_errors
from tests.people.factories import PersonFactory, seat

from .conftest import V1

pytestmark = pytest.mark.django_db


def counts(position: Position) -> tuple[int, int, int]:
    position.refresh_from_db()
    return position.direct_count, position.seat_count, position.headcount


def test_seats_are_listed_with_their_counts(employee, org):
    rows = employee.get(f"{V1}/positions/").json()["results"]
    top = rows[0]
    assert top["id"] == org["top"].pk
    assert top["manager"] is None
    assert top["role_title"] == "Chief Customer Officer"
    assert top["holder_name"] == "Clara Top"
    assert (top["direct_count"], top["seat_count"], top["headcount"]) == (1, 5, 4)


def test_vacancies_are_filtered(employee, org):
    vacant = employee.get(f"{V1}/positions/?vacancy=true").json()["results"]
    assert [p["id"] for p in vacant] == [org["vacancy"].pk]
    assert vacant[0]["is_vacant"] is True and vacant[0]["holder_name"] is None
    filled = employee.get(f"{V1}/positions/?vacancy=false").json()["count"]
    assert filled == 5


def test_seats_are_filtered_by_manager_role_and_track_and_searched(employee, org):
    def ids(query: str) -> list[int]:
        return [p["id"] for p in employee.get(f"{V1}/positions/?{query}").json()["results"]]

    team = [s.pk for s in org["agents"]] + [org["vacancy"].pk]
    assert ids(f"manager={org['team'].pk}") == team
    assert ids(f"role={org['roles']['agent'].pk}&vacancy=false") == team[:2]
    assert ids("track=executive") == [org["top"].pk]
    assert ids("search=henrik") == [org["middle"].pk]


def test_children_of_a_seat_come_with_direct_and_total_headcount(employee, org):
    data = employee.get(f"{V1}/positions/{org['middle'].pk}/children/").json()
    assert data["position"]["id"] == org["middle"].pk
    [lead] = data["children"]
    assert lead["id"] == org["team"].pk
    assert lead["first_name"] == "Lena"
    assert lead["role_title"] == "Team Leader"
    assert (lead["direct_count"], lead["seat_count"], lead["headcount"]) == (3, 3, 2)


def test_role_titles_on_the_chart_follow_accept_language(employee, org):
    Role.objects.filter(pk=org["roles"]["lead"].pk).update(title_de="Teamleiter")
    Role.objects.filter(pk=org["roles"]["agent"].pk).update(title_de="")
    url = f"{V1}/positions/{org['team'].pk}/children/"
    data = employee.get(url, HTTP_ACCEPT_LANGUAGE="de").json()
    assert data["position"]["role_title"] == "Teamleiter"
    assert {c["role_title"] for c in data["children"]} == {"Agent"}  # no German title: English


def test_the_subtree_goes_down_to_the_depth_asked(employee, org):
    url = f"{V1}/positions/{org['middle'].pk}/subtree/"
    everything = employee.get(url).json()
    assert [r["depth"] for r in everything] == [0, 1, 2, 2, 2]
    one_level = employee.get(url + "?depth=1").json()
    assert [r["id"] for r in one_level] == [org["middle"].pk, org["team"].pk]


@pytest.mark.parametrize("depth", ["0", "-1", "abc", "101"])
def test_a_bad_depth_is_a_400(employee, org, depth):
    response = employee.get(f"{V1}/positions/{org['top'].pk}/subtree/?depth={depth}")
    assert response.status_code == 400
    assert list(problem_errors(response)) == ["depth"]


def test_the_chain_of_command_runs_from_the_seat_to_the_top(employee, org):
    chain = employee.get(f"{V1}/positions/{org['agents'][0].pk}/chain/").json()
    assert [r["id"] for r in chain] == [
        org["agents"][0].pk,
        org["team"].pk,
        org["middle"].pk,
        org["top"].pk,
    ]
    assert [r["depth"] for r in chain] == [0, 1, 2, 3]


@pytest.mark.parametrize("action", ["children", "subtree", "chain"])
@pytest.mark.parametrize("pk", ["424242", "99999999999999999999999", "0"])
def test_tree_reads_of_unknown_seats_are_404(employee, org, action, pk):
    assert employee.get(f"{V1}/positions/{pk}/{action}/").status_code == 404


def test_hr_moves_a_team_under_another_manager(hr, org):
    other = seat(role=org["roles"]["lead"], manager=org["middle"])
    response = hr.post(
        f"{V1}/positions/{org['agents'][0].pk}/move/", {"manager": other.pk}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["manager"] == other.pk
    assert counts(other) == (1, 1, 1)
    assert counts(org["team"]) == (2, 2, 1)
    assert counts(org["top"]) == (1, 6, 4)


def test_moving_a_seat_under_its_own_report_is_refused_and_changes_nothing(hr, org):
    response = hr.post(
        f"{V1}/positions/{org['middle'].pk}/move/", {"manager": org["team"].pk}, format="json"
    )
    assert response.status_code == 400
    assert problem_errors(response) == {
        "manager": ["A seat cannot report to itself or to a seat below it."]
    }
    org["middle"].refresh_from_db()
    assert org["middle"].manager_id == org["top"].pk
    assert counts(org["top"]) == (1, 5, 4)


def test_a_move_to_an_unknown_manager_is_a_400(hr, org):
    response = hr.post(f"{V1}/positions/{org['team'].pk}/move/", {"manager": 424242}, format="json")
    assert response.status_code == 400
    assert list(problem_errors(response)) == ["manager"]


@pytest.mark.parametrize(("who", "code"), [(None, 401), ("employee", 403)])
def test_moving_needs_hr(as_user, org, who, code):
    url = f"{V1}/positions/{org['team'].pk}/move/"
    assert as_user(who).post(url, {"manager": org["top"].pk}, format="json").status_code == code
    org["team"].refresh_from_db()
    assert org["team"].manager_id == org["middle"].pk


def test_hr_creates_a_seat(hr, org):
    payload = {"role": org["roles"]["agent"].pk, "manager": org["team"].pk}
    response = hr.post(f"{V1}/positions/", payload, format="json")
    assert response.status_code == 201
    assert response.json()["is_vacant"] is True
    assert counts(org["team"]) == (4, 4, 2)


def test_a_second_top_seat_is_refused(hr, org):
    response = hr.post(
        f"{V1}/positions/", {"role": org["roles"]["cco"].pk, "manager": None}, format="json"
    )
    assert response.status_code == 400
    assert list(problem_errors(response)) == ["manager"]


def test_hr_fills_and_vacates_a_seat(hr, org):
    newcomer = PersonFactory()
    url = f"{V1}/positions/{org['vacancy'].pk}/"
    hired = hr.post(
        url + "hire/", {"person": newcomer.pk, "started_on": "2026-01-05"}, format="json"
    )
    assert hired.status_code == 200
    assert hired.json()["holder"] == newcomer.pk
    assert counts(org["team"])[2] == 3
    vacated = hr.post(url + "vacate/", {"ended_on": "2026-03-31"}, format="json")
    assert vacated.status_code == 200
    assert vacated.json()["holder"] is None
    assignment = Assignment.objects.get(person=newcomer)
    assert (str(assignment.ended_on), assignment.end_reason) == ("2026-03-31", "exit")


def test_hiring_into_a_taken_seat_is_refused(hr, org):
    newcomer = PersonFactory()
    response = hr.post(
        f"{V1}/positions/{org['team'].pk}/hire/",
        {"person": newcomer.pk, "started_on": "2026-01-05"},
        format="json",
    )
    assert response.status_code == 400
    assert problem_errors(response) == {"position": ["This seat is already taken."]}


def test_hr_removes_a_vacant_seat(hr, org):
    assert hr.delete(f"{V1}/positions/{org['vacancy'].pk}/").status_code == 204
    assert not Position.objects.filter(pk=org["vacancy"].pk).exists()
    assert counts(org["team"]) == (2, 2, 2)


def test_removing_a_held_seat_is_refused_with_409(hr, org):
    response = hr.delete(f"{V1}/positions/{org['team'].pk}/")
    assert response.status_code == 409
    assert problem_errors(response) == {
        "detail": "The seat is held; end the assignment before removing it."
    }


def test_the_export_has_every_seat_and_salaries_only_for_hr(employee, hr, org):
    for_hr = orjson.loads(body(hr.get(f"{V1}/org/export/")))
    for_employee = orjson.loads(body(employee.get(f"{V1}/org/export/")))
    assert len(for_hr["rows"]) == len(for_employee["rows"]) == 6
    assert for_hr["columns"][-2:] == ["salary", "salary_currency"]
    assert "salary" not in for_employee["columns"]
    rows = [dict(zip(for_hr["columns"], r, strict=True)) for r in for_hr["rows"]]
    ania = next(r for r in rows if r["first_name"] == "Ania")
    assert ania["manager_id"] == org["team"].pk
    assert ania["role_slug"] == "agent"
    assert ania["salary"] == "32000.00"
    assert ania["is_assistant"] == 0 and ania["is_assistant"] is not False
    assert ania["site_code"] is None
