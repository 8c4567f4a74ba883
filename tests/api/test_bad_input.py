"""Odd input gets a 400 or 404 with JSON, never a 500, on SQLite and PostgreSQL alike."""

import pytest

from people.models import Position
from tests.helpers import problem_errors

from .conftest import V1

pytestmark = pytest.mark.django_db

HUGE = 2**70


@pytest.mark.parametrize(
    "query",
    ["search=a%00b", "role=abc", f"role={HUGE}", "manager=-1", "vacancy=maybe", "page_size=abc"],
)
def test_odd_query_strings_on_lists_are_refused_or_ignored_never_a_500(employee, org, query):
    response = employee.get(f"{V1}/positions/?{query}")
    assert response.status_code in (200, 400)
    problem = response.status_code == 400
    assert response["Content-Type"] == (
        "application/problem+json" if problem else "application/json"
    )


@pytest.mark.parametrize("query", ["page=abc", "page=0", f"page={HUGE}"])
def test_pages_that_do_not_exist_are_404(employee, org, query):
    assert employee.get(f"{V1}/people/?{query}").status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"manager": HUGE},
        {"manager": "1; DROP TABLE people_position"},
        {"manager": None},
        {"manager": [1]},
    ],
)
def test_odd_move_bodies_are_400_and_change_nothing(hr, org, body):
    response = hr.post(f"{V1}/positions/{org['team'].pk}/move/", body, format="json")
    assert response.status_code == 400
    assert list(problem_errors(response)) == ["manager"]
    assert Position.objects.get(pk=org["team"].pk).manager_id == org["middle"].pk


def test_malformed_json_is_a_400(hr, org):
    response = hr.post(
        f"{V1}/positions/{org['team'].pk}/move/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")


def test_a_list_instead_of_an_object_is_a_400(hr, org):
    response = hr.post(f"{V1}/people/", [1, 2], format="json")
    assert response.status_code == 400
    assert problem_errors(response) == {
        "non_field_errors": ["Invalid data. Expected a dictionary, but got list."]
    }


def test_a_nul_character_in_a_text_field_is_a_400(hr, org):
    person = org["agents"][0].holder
    response = hr.patch(f"{V1}/people/{person.pk}/", {"last_name": "a\x00b"}, format="json")
    assert response.status_code == 400
    assert list(problem_errors(response)) == ["last_name"]


def test_huge_ids_in_urls_are_404(employee, org):
    for url in (f"/people/{HUGE}/", f"/positions/{HUGE}/chain/", f"/roles/{HUGE}/ancestors/"):
        assert employee.get(V1 + url).status_code == 404
