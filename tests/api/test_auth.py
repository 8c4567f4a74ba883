import datetime

import pytest
from django.utils import timezone
from knox.models import AuthToken

from tests.helpers import problem_errors

from .conftest import V1

pytestmark = pytest.mark.django_db

READ_ENDPOINTS = [
    "/roles/",
    "/roles/tree/",
    "/skills/",
    "/people/",
    "/positions/",
    "/promotion-paths/",
    "/promotions/",
    "/org/export/",
]


def _token(client, username: str, password: str):
    return client.post(f"{V1}/auth/token/", {"username": username, "password": password})


def test_a_user_trades_username_and_password_for_a_token_that_signs_requests(anon, users):
    response = _token(anon, "hanna", "pw-hanna-2026")
    assert response.status_code == 200
    token = response.json()["token"]
    assert datetime.datetime.fromisoformat(response.json()["expiry"]) > timezone.now()
    anon.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert anon.get(f"{V1}/people/").status_code == 200


def test_tokens_are_stored_hashed(anon, users):
    token = _token(anon, "hanna", "pw-hanna-2026").json()["token"]
    stored = AuthToken.objects.get(user=users["hr"])
    assert token not in (stored.digest, stored.token_key)
    assert stored.token_key == token[:15]


def test_a_wrong_password_gets_a_400_with_a_message_and_no_token(anon, users):
    response = _token(anon, "hanna", "wrong")
    assert response.status_code == 400
    assert problem_errors(response) == {
        "non_field_errors": ["Unable to sign in with this username and password."]
    }
    assert AuthToken.objects.count() == 0


def test_a_token_request_without_fields_names_the_missing_fields(anon, db):
    response = anon.post(f"{V1}/auth/token/", {}, format="json")
    assert response.status_code == 400
    assert set(problem_errors(response)) == {"username", "password"}


def test_logging_out_revokes_the_token(anon, users):
    token = _token(anon, "hanna", "pw-hanna-2026").json()["token"]
    anon.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert anon.post(f"{V1}/auth/logout/").status_code == 204
    assert anon.get(f"{V1}/people/").status_code == 401
    assert AuthToken.objects.count() == 0


def test_logging_out_everywhere_revokes_every_token_of_the_user(anon, users):
    first = _token(anon, "hanna", "pw-hanna-2026").json()["token"]
    _token(anon, "hanna", "pw-hanna-2026")
    anon.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert anon.post(f"{V1}/auth/logout-all/").status_code == 204
    assert AuthToken.objects.filter(user=users["hr"]).count() == 0


def test_an_expired_token_is_refused(anon, users):
    _instance, token = AuthToken.objects.create(user=users["hr"], expiry=datetime.timedelta(0))
    anon.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = anon.get(f"{V1}/people/")
    assert response.status_code == 401
    assert problem_errors(response) == {"detail": "Invalid token."}


def test_guessing_passwords_is_throttled(anon, users):
    # A different username each time: one username is locked out after 5 (tests/test_lockout.py).
    codes = [_token(anon, f"user-{n}", f"guess-{n}").status_code for n in range(31)]
    assert codes[:30] == [400] * 30
    assert codes[30] == 429


@pytest.mark.parametrize("path", READ_ENDPOINTS)
def test_anonymous_requests_get_a_json_401_and_no_data(anon, org, path):
    response = anon.get(V1 + path)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert problem_errors(response) == {"detail": "Authentication credentials were not provided."}


@pytest.mark.parametrize("path", READ_ENDPOINTS)
def test_every_signed_in_user_reads(employee, org, path):
    assert employee.get(V1 + path).status_code == 200


def test_an_unknown_api_url_answers_json_404(employee):
    response = employee.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert problem_errors(response) == {"detail": "No such endpoint or record."}


def test_the_schema_is_public_openapi_3(anon):
    response = anon.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/positions/{id}/subtree/" in schema["paths"]
    assert "knoxApiToken" in schema["components"]["securitySchemes"]


def test_the_docs_page_serves_swagger_ui_from_the_python_package_not_a_cdn(anon):
    body = anon.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in body
    assert "cdn" not in body.lower()
