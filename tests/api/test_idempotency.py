"""Idempotency keys on POST: a retried create returns the first answer and creates nothing twice;
the same key with another body is refused; keys are per user and last 24 hours."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from rest_framework.test import APIClient

from core.idempotency import IdempotentPosts
from core.models import IdempotencyKey
from people.models import Position
from tests.helpers import problem_errors

from .conftest import V1

pytestmark = pytest.mark.django_db


def new_seat(org) -> dict:
    return {"role": org["roles"]["agent"].pk, "manager": org["team"].pk}


def post_seat(client, org, key: str, **changes):
    body = {**new_seat(org), **changes}
    return client.post(f"{V1}/positions/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_retried_create_after_a_timeout_answers_the_first_result_and_makes_no_duplicate(hr, org):
    seats_before = Position.objects.count()
    first = post_seat(hr, org, "create-seat-7f3a")
    retry = post_seat(hr, org, "create-seat-7f3a")  # the client never saw the first answer

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Position.objects.count() == seats_before + 1
    org["team"].refresh_from_db()
    assert org["team"].direct_count == 4  # counted once


def test_the_same_json_with_other_spacing_and_key_order_is_the_same_request(hr, org):
    post_seat(hr, org, "k-1")
    body = f'{{ "manager": {org["team"].pk},   "role": {org["roles"]["agent"].pk} }}'
    retry = hr.post(
        f"{V1}/positions/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert retry.status_code == 201 and retry["Idempotent-Replayed"] == "true"


def test_the_same_key_with_another_body_is_refused_and_changes_nothing(hr, org):
    post_seat(hr, org, "k-2")
    seats = Position.objects.count()
    other = post_seat(hr, org, "k-2", is_assistant=True)
    assert other.status_code == 422
    assert "idempotency key was used for another request" in other.json()["detail"]
    assert Position.objects.count() == seats


def test_the_same_key_on_another_endpoint_is_refused(hr, org):
    post_seat(hr, org, "k-3")
    other = hr.post(
        f"{V1}/sites/",
        {"code": "GDN", "name": "Gdańsk", "country": "PL"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-3",
    )
    assert other.status_code == 422


def test_a_refusal_is_replayed_as_well(hr, org):
    bad = {"manager": org["vacancy"].pk * 1000}
    first = post_seat(hr, org, "k-4", **bad)
    retry = post_seat(hr, org, "k-4", **bad)
    assert first.status_code == retry.status_code == 400
    assert retry.json() == first.json() and retry["Idempotent-Replayed"] == "true"


def test_keys_belong_to_their_user(as_user, org):
    hanna, adam = as_user("hr"), as_user("hradmin")
    seats = Position.objects.count()
    assert post_seat(hanna, org, "shared-key").status_code == 201
    theirs = post_seat(adam, org, "shared-key")
    assert theirs.status_code == 201 and "Idempotent-Replayed" not in theirs
    assert Position.objects.count() == seats + 2


def test_a_key_older_than_24_hours_is_forgotten_and_removed(hr, org, users):
    post_seat(hr, org, "old-key")
    day_ago = timezone.now() - datetime.timedelta(hours=24, seconds=1)
    IdempotencyKey.objects.filter(key="old-key").update(created_at=day_ago)
    again = post_seat(hr, org, "old-key")
    assert again.status_code == 201 and "Idempotent-Replayed" not in again
    assert IdempotencyKey.objects.filter(key="old-key").count() == 1
    assert IdempotencyKey.objects.get(key="old-key").created_at > day_ago


def test_a_retry_while_the_first_request_runs_is_refused_with_409(hr, org, users):
    # What a concurrent retry finds: the first request's claim, not yet answered.
    first = post_seat(hr, org, "running")
    IdempotencyKey.objects.filter(key="running").update(status=None, body=b"")
    seats = Position.objects.count()
    retry = post_seat(hr, org, "running")
    assert first.status_code == 201 and retry.status_code == 409
    assert "still running" in retry.json()["detail"]
    assert Position.objects.count() == seats


@pytest.mark.parametrize("key", ["", "has space", "x" * 256, "naïve"])
def test_a_malformed_key_is_refused_and_changes_nothing(hr, org, key):
    seats = Position.objects.count()
    response = post_seat(hr, org, key)
    assert response.status_code == 400
    assert "Idempotency-Key" in problem_errors(response)
    assert Position.objects.count() == seats


def test_a_quoted_key_as_the_draft_writes_it_is_the_same_key(hr, org):
    post_seat(hr, org, '"abc-123"')
    assert post_seat(hr, org, "abc-123")["Idempotent-Replayed"] == "true"


def test_a_post_without_permission_claims_no_key(employee, org):
    assert post_seat(employee, org, "nope").status_code == 403
    assert not IdempotencyKey.objects.exists()


def _views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_every_post_of_the_api_takes_an_idempotency_key():
    for route, callback in _views(get_resolver().url_patterns):
        view = getattr(callback, "cls", None)
        if not route.startswith("api/v1/") or view is None or "token" in route:
            continue
        actions = getattr(callback, "actions", None) or {}
        takes_post = "post" in actions if actions else hasattr(view, "post")
        if takes_post:
            assert issubclass(view, IdempotentPosts), route


def test_the_schema_declares_the_header_and_the_422_on_every_post(anon):
    schema = anon.get("/api/schema/?format=json").json()
    for path, operations in schema["paths"].items():
        if "post" not in operations or path.endswith("/auth/token/"):
            continue
        names = [p["name"] for p in operations["post"].get("parameters", [])]
        assert "Idempotency-Key" in names, path
        assert "422" in operations["post"]["responses"], path


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_make_one_seat(on_postgres, org, users):
    """Real threads, each with its own connection, sending the same keyed create at once (on
    PostgreSQL: SQLite serialises writers, and the sequential retry above covers it)."""
    seats = Position.objects.count()
    answers = []
    start = threading.Barrier(6)

    def send() -> None:
        client = APIClient()
        client.force_authenticate(users["hr"])
        start.wait()
        try:
            answers.append(post_seat(client, org, "together").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Position.objects.count() == seats + 1
    assert answers.count(201) >= 1 and set(answers) <= {201, 409}


def test_a_replayed_refusal_is_the_same_problem_document(hr, org):
    """A refusal kept for its key comes back as it was: status, body and problem media type."""
    first = hr.post(
        f"{V1}/positions/",
        {"role": org["top"].role_id, "manager": 10**9},
        format="json",
        HTTP_IDEMPOTENCY_KEY="bad-seat-1",
    )
    again = hr.post(
        f"{V1}/positions/",
        {"role": org["top"].role_id, "manager": 10**9},
        format="json",
        HTTP_IDEMPOTENCY_KEY="bad-seat-1",
    )

    assert first.status_code == again.status_code == 400
    assert again["Content-Type"] == first["Content-Type"] == "application/problem+json"
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
