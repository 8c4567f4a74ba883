"""Bodies no integration should send get a JSON 4xx that says what is wrong, and change nothing:
JSON nested without end, a body over the size limit, dates outside the working-life window,
ids that are not whole numbers, currencies that are not ISO 4217 codes (issue 12, 10/13/14)."""

import datetime
import json

import pytest
from django.conf import settings

from people.models import Person
from tests.helpers import problem_errors

from .conftest import V1

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000


def new_person(**fields) -> dict:
    return {"employee_id": "N-1", "first_name": "Nora", "last_name": "Nowak", **fields} | (
        {"hire_date": "2020-01-01"} if "hire_date" not in fields else {}
    )


def test_deeply_nested_json_to_the_token_endpoint_is_a_400_with_a_json_message(anon):
    response = anon.post(f"{V1}/auth/token/", DEEP, content_type="application/json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"].startswith("JSON parse error - depth limit exceeded")


@pytest.mark.parametrize(
    "method, path",
    [
        ("post", "/people/"),
        ("patch", "/people/{person}/"),
        ("post", "/positions/{seat}/move/"),
        ("post", "/roles/"),
        ("post", "/promotions/"),
    ],
)
def test_deeply_nested_json_to_a_write_is_a_400(hradmin, org, method, path):
    url = V1 + path.format(person=org["agents"][0].holder_id, seat=org["team"].pk)
    people = Person.objects.count()

    response = getattr(hradmin, method)(url, DEEP, content_type="application/json")

    assert response.status_code == 400
    assert "depth limit exceeded" in response.json()["detail"]
    assert Person.objects.count() == people


def test_a_lone_surrogate_in_json_is_a_400(hr, org):
    body = '{"employee_id": "S-1", "first_name": "\\ud800", "last_name": "x", '
    body += '"hire_date": "2020-01-01"}'

    response = hr.post(f"{V1}/people/", body, content_type="application/json")

    assert response.status_code == 400
    assert not Person.objects.filter(employee_id="S-1").exists()


@pytest.mark.parametrize("path", ["/people/", "/auth/token/", "/positions/{seat}/move/"])
def test_a_body_over_the_limit_is_a_413_with_a_json_message(hr, org, path):
    body = json.dumps({"first_name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 2**20)})

    response = hr.post(V1 + path.format(seat=org["team"].pk), body, content_type="application/json")

    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert problem_errors(response) == {"detail": "The request body is larger than 5 MB."}


@pytest.mark.parametrize("hire_date", ["0001-01-01", "1949-12-31", "2099-01-01"])
def test_hire_dates_outside_1950_to_a_year_ahead_are_refused(hr, org, hire_date):
    latest = datetime.date.today().replace(year=datetime.date.today().year + 1)

    response = hr.post(f"{V1}/people/", new_person(hire_date=hire_date), format="json")

    assert response.status_code == 400
    assert problem_errors(response) == {
        "hire_date": [f"Give a date from 1950-01-01 to {latest.isoformat()}."]
    }
    assert not Person.objects.filter(employee_id="N-1").exists()


def test_hire_dates_at_the_edges_of_the_window_are_accepted(hr, org):
    latest = datetime.date.today().replace(year=datetime.date.today().year + 1)
    first = hr.post(f"{V1}/people/", new_person(hire_date="1950-01-01"), format="json")
    last = hr.post(
        f"{V1}/people/",
        new_person(employee_id="N-2", hire_date=latest.isoformat()),
        format="json",
    )

    assert (first.status_code, last.status_code) == (201, 201)


@pytest.mark.parametrize("site", [1.5, "1.5", True, "1", 2**63, -1, 0])
def test_ids_must_be_whole_numbers_in_json(hr, org, site):
    response = hr.post(f"{V1}/people/", new_person(site=site), format="json")

    assert response.status_code == 400
    assert list(problem_errors(response)) == ["site"]
    assert not Person.objects.filter(employee_id="N-1").exists()


def test_an_id_as_a_whole_number_is_accepted(hr, org):
    response = hr.post(f"{V1}/people/", new_person(site=org["site"].pk), format="json")

    assert response.status_code == 201
    assert response.json()["site"] == org["site"].pk


def test_a_form_post_may_send_an_id_as_digits(hr, org):
    response = hr.post(f"{V1}/people/", new_person(site=str(org["site"].pk)))

    assert response.status_code == 201


@pytest.mark.parametrize("currency", ["<s>", "eur", "XYZ", "EURO"])
def test_currencies_must_be_iso_4217_codes(hr, org, currency):
    response = hr.post(f"{V1}/people/", new_person(salary_currency=currency), format="json")

    assert response.status_code == 400
    assert list(problem_errors(response)) == ["salary_currency"]


def test_an_iso_4217_currency_is_accepted(hr, org):
    response = hr.post(f"{V1}/people/", new_person(salary_currency="PLN"), format="json")

    assert response.status_code == 201


def test_the_model_refuses_what_the_api_refuses_so_the_admin_agrees(org):
    from django.core.exceptions import ValidationError

    person = org["agents"][0].holder
    person.hire_date, person.salary_currency = datetime.date(1, 1, 1), "<s>"

    with pytest.raises(ValidationError) as refusal:
        person.full_clean()

    assert set(refusal.value.message_dict) == {"hire_date", "salary_currency"}


def test_the_schema_states_the_bounds_the_views_enforce():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components, paths = schema["components"]["schemas"], schema["paths"]
    people = {p["name"]: p["schema"] for p in paths["/api/v1/people/"]["get"]["parameters"]}
    children = paths["/api/v1/positions/{id}/children/"]["get"]["parameters"]

    ids = {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
    assert components["PositionInRequest"]["properties"]["manager"] == {
        **ids,
        "nullable": True,
        "description": "The seat this one reports to; null only for the top of the org.",
    }
    assert people["site"] == ids and people["page_size"]["maximum"] == 500
    assert {p["name"]: p["schema"] for p in children}["as_of"] == {
        "type": "string",
        "format": "date",
    }
    assert "EUR" in components["SalaryCurrencyEnum"]["enum"]
    assert components["PersonInRequest"]["properties"]["salary"] == {
        "type": "string",
        "format": "decimal",
        "pattern": r"^\d{0,10}(?:\.\d{0,2})?$",
        "nullable": True,
    }
    assert (
        components["PatchedPersonInRequest"]["properties"]["email"]["oneOf"][0]["maxLength"] == 254
    )
