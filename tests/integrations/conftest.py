"""The integration tests' clients and a reader of the change feed."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

V1 = "/api/v1"


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def as_user(users):
    """as_user("hr") → an APIClient signed in as that one of the cast."""

    def make(who: str) -> APIClient:
        client = APIClient()
        client.force_login(users[who])
        return client

    return make


@pytest.fixture
def hr(as_user) -> APIClient:
    return as_user("hr")


@pytest.fixture
def hradmin(as_user) -> APIClient:
    return as_user("hradmin")


def read_feed(client, after: str = "0", limit: int = 1000) -> tuple[list[dict], str]:
    """Every change after the cursor, following `next` until `has_more` is false."""
    changes = []
    while True:
        answer = client.get(f"{V1}/changes/", {"after": after, "limit": limit})
        assert answer.status_code == 200, answer.content
        body = answer.json()
        changes += body["results"]
        after = body["next"]
        if not body["has_more"]:
            return changes, after
