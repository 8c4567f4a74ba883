import os

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

IN_CI = os.environ.get("CI", "").lower() == "true"


def require(condition: bool, reason: str) -> None:
    """Skip with a reason on a developer machine; fail in CI, where nothing may be skipped."""
    if not condition:
        if IN_CI:
            pytest.fail(f"CI=true and {reason}")
        pytest.skip(reason)


@pytest.fixture
def on_postgres(db):
    if connection.vendor != "postgresql" and os.environ.get("PG_URL"):
        # .ci/run sets PG_URL and runs the whole suite on PostgreSQL after the SQLite run.
        pytest.skip("needs PostgreSQL; this CI run runs the suite on PostgreSQL as well")
    require(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL=postgres://…")


@pytest.fixture
def hr_user(django_user_model):
    from people.accounts import HR, ensure_groups

    user = django_user_model.objects.create_user("hanna", password="pw-hanna-123", is_staff=True)
    user.groups.set([ensure_groups()[HR]])
    return user


@pytest.fixture
def admin_user_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def employee_client(client, django_user_model):
    user = django_user_model.objects.create_user("emil", password="pw-emil-123")
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A request in German or Polish leaves its language active in the thread; the next test
    starts in English again, whatever order the tests run in."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
