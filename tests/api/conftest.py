"""The API tests' clients: anonymous, or signed in as one of the cast of tests/conftest.py."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

V1 = "/api/v1"


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()  # the token endpoint is throttled; each test starts with a clean count
    yield
    cache.clear()


@pytest.fixture
def as_user(users):
    """as_user("hr") → an APIClient signed in (session) as that user; as_user(None) is anonymous."""

    def make(who: str | None) -> APIClient:
        client = APIClient()
        if who is not None:
            client.force_login(users[who])
        return client

    return make


@pytest.fixture
def anon(as_user) -> APIClient:
    return as_user(None)


@pytest.fixture
def employee(as_user) -> APIClient:
    return as_user("employee")


@pytest.fixture
def manager(as_user, users, org) -> APIClient:
    """Signed in as the team lead of `org` (Lena): her team is the two agents and the vacancy."""
    lena = org["team"].holder
    lena.user = users["manager"]
    lena.save(update_fields=["user"])
    return as_user("manager")


@pytest.fixture
def hr(as_user) -> APIClient:
    return as_user("hr")


@pytest.fixture
def hradmin(as_user) -> APIClient:
    return as_user("hradmin")
