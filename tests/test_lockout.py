"""Login lockout (django-axes): five failures lock a username on one address for 15 minutes."""

import pytest
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse

from tests.helpers import problem_errors

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed sign-ins. Try again in 15 minutes, or ask HR to unlock the account."


@pytest.fixture(autouse=True)
def _fast_passwords_and_fresh_throttles(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def emil(django_user_model):
    return django_user_model.objects.create_user("emil", password="right-password-2026")


def sign_in(client, password: str):
    return client.post(reverse("login"), {"username": "emil", "password": password})


def test_five_failed_sign_ins_lock_the_account_even_for_the_right_password(client, emil):
    answers = [sign_in(client, "wrong").status_code for _ in range(5)]
    locked = sign_in(client, "right-password-2026")

    assert answers == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    assert LOCKED in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_starts_the_count_again(client, emil):
    for _ in range(4):
        sign_in(client, "wrong")
    assert sign_in(client, "right-password-2026").status_code == 302
    client.logout()
    assert [sign_in(client, "wrong").status_code for _ in range(4)] == [200] * 4


def test_the_lock_holds_only_for_that_username(client, emil, django_user_model):
    django_user_model.objects.create_user("hanna", password="hanna-password-2026")
    for _ in range(5):
        sign_in(client, "wrong")
    response = client.post(
        reverse("login"), {"username": "hanna", "password": "hanna-password-2026"}
    )
    assert response.status_code == 302


def test_the_test_clients_login_works_when_given_a_request(client, emil):
    # django-axes needs the request to know the address; Client.login passes it through.
    assert client.login(request=HttpRequest(), username="emil", password="right-password-2026")


def test_the_api_token_endpoint_locks_too_and_answers_json(client, emil):
    url = "/api/v1/auth/token/"
    codes = [
        client.post(url, {"username": "emil", "password": "wrong"}).status_code for _ in range(5)
    ]
    locked = client.post(url, {"username": "emil", "password": "right-password-2026"})

    assert codes == [400, 400, 400, 400, 429]
    assert locked.status_code == 429
    assert problem_errors(locked) == {"detail": LOCKED}


def test_the_api_token_endpoint_still_hands_out_tokens(client, emil):
    response = client.post(
        "/api/v1/auth/token/", {"username": "emil", "password": "right-password-2026"}
    )
    assert response.status_code == 200
    assert len(response.json()["token"]) == 64


def test_the_lockout_message_follows_the_language(client, emil):
    for _ in range(5):
        sign_in(client, "wrong")
    response = client.post(
        reverse("login"),
        {"username": "emil", "password": "wrong"},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 429
    assert "Versuchen Sie es in 15 Minuten wieder" in response.content.decode()


def token(client, password: str):
    return client.post("/api/v1/auth/token/", {"username": "emil", "password": password})


def test_a_token_sign_in_before_the_limit_starts_the_count_again(client, emil):
    # 4 wrong, right, wrong used to lock for 15 minutes: the token endpoint kept the old count.
    assert [token(client, "wrong").status_code for _ in range(4)] == [400] * 4
    assert token(client, "right-password-2026").status_code == 200
    assert [token(client, "wrong").status_code for _ in range(4)] == [400] * 4
    assert token(client, "right-password-2026").status_code == 200


def test_a_token_sign_in_records_the_sign_in_like_the_login_forms(client, emil):
    token(client, "right-password-2026")
    emil.refresh_from_db()
    assert emil.last_login is not None
