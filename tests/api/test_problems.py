"""Every refusal of the API is one shape, RFC 9457 problem details with a stable code (issue 14):
each status's path, the codes under another language, the 409 of each cause."""

import json

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.test import Client
from rest_framework.throttling import SimpleRateThrottle

from core.problem_errors import as_api_exception
from people.models import Assignment, Person, Position
from roles.models import Role
from tests.people.factories import PersonFactory
from tests.roles.factories import RoleSkillFactory, SkillFactory

from .conftest import V1

pytestmark = pytest.mark.django_db

PROBLEM_KEYS = {"type", "title", "status", "detail", "code"}


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= PROBLEM_KEYS
    assert (body["status"], body["code"], body["type"]) == (status, code, f"/api/problems/{code}")
    assert body["title"] and body["detail"]
    return body


def new_person(**fields) -> dict:
    return {"employee_id": "N-1", "first_name": "Nora", "last_name": "Nowak", **fields}


# ---------------------------------------------------------------- one shape for every status

BIG = json.dumps({"first_name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})


def _request(who: str, as_user, org) -> tuple:
    """(client, method, url, body, content type, extra headers) of a request that fails so."""
    seat = org["team"].pk
    return {
        "400": ("hr", "post", "/people/", {"first_name": ""}, "application/json", {}),
        "400 parse": ("hr", "post", "/people/", "{not json", "application/json", {}),
        "401": (None, "get", "/people/", None, None, {}),
        "403": ("employee", "post", "/people/", new_person(), "application/json", {}),
        "404": ("employee", "get", "/people/424242/", None, None, {}),
        "404 url": ("employee", "get", "/no-such-thing/", None, None, {}),
        "405": ("hr", "put", "/people/", {}, "application/json", {}),
        "406": ("employee", "get", "/people/", None, None, {"HTTP_ACCEPT": "image/png"}),
        "409": ("hr", "delete", f"/positions/{seat}/", None, None, {}),
        "413": ("hr", "post", "/people/", BIG, "application/json", {}),
        "415": ("hr", "post", "/people/", "x", "text/plain", {}),
    }[who]


@pytest.mark.parametrize(
    ("case", "status", "code"),
    [
        ("400", 400, "invalid"),
        ("400 parse", 400, "parse_error"),
        ("401", 401, "not_authenticated"),
        ("403", 403, "permission_denied"),
        ("404", 404, "not_found"),
        ("404 url", 404, "not_found"),
        ("405", 405, "method_not_allowed"),
        ("406", 406, "not_acceptable"),
        ("409", 409, "seat_held"),
        ("413", 413, "too_large"),
        ("415", 415, "unsupported_media_type"),
    ],
)
def test_every_error_is_a_problem_document_with_its_code(as_user, org, case, status, code):
    who, method, path, body, content_type, extra = _request(case, as_user, org)
    client = as_user(who)
    kwargs = {"content_type": content_type} if content_type else {}
    if isinstance(body, dict):
        body = json.dumps(body)
    args = (V1 + path, body) if body is not None else (V1 + path,)
    people = Person.objects.count()

    response = getattr(client, method)(*args, **kwargs, **extra)

    assert_problem(response, status, code)
    assert Person.objects.count() == people


def test_too_many_requests_is_a_problem_with_retry_after(employee, org, monkeypatch):
    rates = {"user": "2/minute", "anon": "9/minute"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    for _ in range(2):
        employee.get(f"{V1}/skills/")

    refused = employee.get(f"{V1}/skills/")

    assert_problem(refused, 429, "throttled")
    assert int(refused["Retry-After"]) > 0


def test_a_crash_under_api_answers_a_problem_not_a_page(users, org, monkeypatch):
    from people.api import PersonViewSet

    def crash(self, request):
        raise RuntimeError("a bug")

    monkeypatch.setattr(PersonViewSet, "list", crash)
    client = Client(raise_request_exception=False)
    client.force_login(users["employee"])

    response = client.get(f"{V1}/people/")

    body = assert_problem(response, 500, "server_error")
    assert "a bug" not in body["detail"]


def test_a_body_django_refuses_before_any_view_is_a_413_problem(rf):
    from django.core.exceptions import RequestDataTooBig

    from core.problems import bad_request

    response = bad_request(rf.post("/api/v1/people/"), RequestDataTooBig("too big"))

    assert response.status_code == 413
    assert json.loads(response.content)["code"] == "too_large"
    assert bad_request(rf.post("/people/"), RequestDataTooBig("x"))["Content-Type"].startswith(
        "text/html"
    )


def test_field_errors_point_into_the_body_nested_fields_and_list_items(hr, org):
    body = new_person(languages=["de", "x" * 11], site=1.5)

    response = hr.post(f"{V1}/people/", body, format="json")

    problem = assert_problem(response, 400, "invalid")
    assert {(e["pointer"], e["code"]) for e in problem["errors"]} == {
        ("/languages/1", "max_length"),
        ("/site", "incorrect_type"),
    }


def test_errors_of_a_query_name_the_parameter(employee, org):
    response = employee.get(f"{V1}/positions/{org['team'].pk}/subtree/?depth=0")

    problem = assert_problem(response, 400, "invalid")
    assert problem["errors"] == [
        {"code": "min_value", "detail": problem["errors"][0]["detail"], "parameter": "depth"}
    ]


# ---------------------------------------------------------------- codes never change language


@pytest.mark.parametrize(
    ("method", "path", "body", "code"),
    [
        ("post", "/people/", {"first_name": ""}, "invalid"),
        ("delete", "/positions/{seat}/", None, "seat_held"),
        ("get", "/people/424242/", None, "not_found"),
        ("get", "/positions/?vacancy=maybe", None, "invalid_filter"),
    ],
)
def test_the_code_stays_while_the_detail_follows_accept_language(hr, org, method, path, body, code):
    url = V1 + path.format(seat=org["team"].pk)
    answers = {
        language: getattr(hr, method)(url, body, format="json", HTTP_ACCEPT_LANGUAGE=language)
        for language in ("en", "de", "pl")
    }

    codes = {language: r.json()["code"] for language, r in answers.items()}
    details = {r.json()["detail"] for r in answers.values()}
    error_codes = {str([e["code"] for e in r.json().get("errors", [])]) for r in answers.values()}
    assert codes == {"en": code, "de": code, "pl": code}
    assert len(details) == 3  # translated
    assert len(error_codes) == 1


# ---------------------------------------------------------------- 409, one code per cause


def test_a_duplicate_employee_id_is_409(hr, org):
    taken = org["top"].holder.employee_id

    response = hr.post(f"{V1}/people/", new_person(employee_id=taken), format="json")

    problem = assert_problem(response, 409, "duplicate_person_employee_id")
    assert problem["errors"][0]["pointer"] == "/employee_id"


def test_a_duplicate_work_email_is_409(hr, org):
    PersonFactory(email="nora@example.com")

    response = hr.post(f"{V1}/people/", new_person(email="NORA@example.com"), format="json")

    assert_problem(response, 409, "duplicate_person_email")
    assert not Person.objects.filter(employee_id="N-1").exists()


def test_a_duplicate_role_slug_is_409(hradmin, org):
    body = {"title": "Agent 2", "slug": "agent", "parent": org["roles"]["lead"].pk}
    body |= {"track": "individual", "career_level": 1}

    response = hradmin.post(f"{V1}/roles/", body, format="json")

    assert_problem(response, 409, "duplicate_role_slug")


def test_a_duplicate_skill_slug_is_409(hradmin, db):
    SkillFactory(slug="empathy")

    response = hradmin.post(f"{V1}/skills/", {"name": "Empathy", "slug": "empathy"}, format="json")

    assert_problem(response, 409, "duplicate_skill_slug")


def test_a_role_in_use_a_role_with_children_and_a_skill_in_use_have_their_codes(hradmin, org):
    skill = SkillFactory()
    RoleSkillFactory(role=org["roles"]["agent"], skill=skill)

    in_use = hradmin.delete(f"{V1}/roles/{org['roles']['agent'].pk}/")
    with_children = hradmin.delete(f"{V1}/roles/{org['roles']['head'].pk}/")
    skill_in_use = hradmin.delete(f"{V1}/skills/{skill.pk}/")

    assert_problem(in_use, 409, "role_in_use")
    assert_problem(with_children, 409, "role_has_children")
    assert_problem(skill_in_use, 409, "in_use")
    assert Role.objects.count() == 4


def test_removing_seats_is_refused_with_a_code_per_cause(hr, org):
    vacancy = org["vacancy"]
    Assignment.objects.create(
        person=PersonFactory(),
        position=vacancy,
        started_on="2020-01-01",
        ended_on="2021-01-01",
        reason="hire",
    )
    held = hr.delete(f"{V1}/positions/{org['team'].pk}/")
    history = hr.delete(f"{V1}/positions/{vacancy.pk}/")
    empty = Position.objects.create(role=org["roles"]["lead"], manager=org["middle"])
    Position.objects.create(role=org["roles"]["agent"], manager=empty)
    inside = hr.delete(f"{V1}/positions/{empty.pk}/?reports_to={empty.pk}")

    assert_problem(held, 409, "seat_held")
    assert_problem(history, 409, "seat_has_history")
    assert_problem(inside, 409, "reports_to_within_seat")


def test_a_change_made_meanwhile_and_a_busy_database_are_409s_of_their_own():
    meanwhile = as_api_exception(ValidationError("gone", code="concurrent_change"))
    busy = as_api_exception(OperationalError("database is locked"))

    assert (meanwhile.status_code, meanwhile.problem_code) == (409, "concurrent_change")
    assert (busy.status_code, busy.default_code, busy.wait) == (409, "busy", 1)


def test_a_duplicate_the_database_refuses_in_a_race_is_a_409_with_the_field(org):
    taken = org["top"].holder.employee_id
    try:
        with transaction.atomic():
            Person.objects.create(employee_id=taken, first_name="Twin")
    except IntegrityError as error:
        refused = as_api_exception(error)

    assert (refused.status_code, refused.detail.code) == (409, "duplicate_person_employee_id")


@pytest.mark.parametrize(
    ("code", "status"),
    [("seat_held", 409), ("duplicate_person_employee_id", 409), ("invalid", 400)],
)
def test_a_problem_type_can_be_looked_up(anon, db, code, status):
    response = anon.get(f"/api/problems/{code}")

    assert response.status_code == 200
    assert response.json()["status"] == status
    assert response.json()["type"] == f"/api/problems/{code}"


def test_an_unknown_problem_type_is_a_404_problem(anon, db):
    assert_problem(anon.get("/api/problems/no_such_code"), 404, "not_found")
