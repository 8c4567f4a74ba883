"""The cast of the API tests: anonymous, an employee, HR and an HR admin, each with a client."""

import datetime

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from people.accounts import EMPLOYEE, HR, HR_ADMIN, ensure_groups
from roles.models import Track
from tests.people.factories import PersonFactory, SiteFactory, seat
from tests.roles.factories import RoleFactory

V1 = "/api/v1"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # PBKDF2 at its real cost took most of the run; these tests are about the API, not hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()  # the token endpoint is throttled; each test starts with a clean count
    yield
    cache.clear()


def _user(django_user_model, username: str, group: str | None):
    user = django_user_model.objects.create_user(username, password=f"pw-{username}-2026")
    if group:
        user.groups.set([ensure_groups()[group]])
    return user


@pytest.fixture
def users(db, django_user_model) -> dict:
    return {
        "employee": _user(django_user_model, "emil", EMPLOYEE),
        "hr": _user(django_user_model, "hanna", HR),
        "hradmin": _user(django_user_model, "adam", HR_ADMIN),
    }


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
def hr(as_user) -> APIClient:
    return as_user("hr")


@pytest.fixture
def hradmin(as_user) -> APIClient:
    return as_user("hradmin")


@pytest.fixture
def org(db) -> dict:
    """A small org: CCO → head → team lead → two agents and a vacancy."""
    cco = RoleFactory(title="Chief Customer Officer", slug="cco", track=Track.EXECUTIVE)
    head = RoleFactory(title="Head of Call Center", slug="head", parent=cco, career_level=8)
    lead = RoleFactory(title="Team Leader", slug="team-leader", parent=head, career_level=4)
    agent = RoleFactory(title="Agent", slug="agent", parent=lead)
    site = SiteFactory()
    top = seat(role=cco, holder=PersonFactory(first_name="Clara", last_name="Top"))
    middle = seat(role=head, manager=top, holder=PersonFactory(first_name="Henrik"))
    team = seat(role=lead, manager=middle, holder=PersonFactory(first_name="Lena"))
    agents = [
        seat(
            role=agent,
            manager=team,
            holder=PersonFactory(first_name=name, salary=32000, salary_currency="EUR"),
        )
        for name in ("Ania", "Ben")
    ]
    vacancy = seat(role=agent, manager=team)
    return {
        "roles": {"cco": cco, "head": head, "lead": lead, "agent": agent},
        "site": site,
        "top": top,
        "middle": middle,
        "team": team,
        "agents": agents,
        "vacancy": vacancy,
        "today": datetime.date.today(),
    }
