"""What every test may use: the user cast, a small org, one large org per session, and the rule
that a test needing PostgreSQL or Chromium fails in CI instead of skipping."""

import datetime
import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings
from django.utils import translation

from tests.helpers import LARGE_ORG

IN_CI = os.environ.get("CI", "").lower() == "true"


def require(condition: bool, reason: str) -> None:
    """Skip with a reason on a developer machine; fail in CI, where nothing may be skipped."""
    if not condition:
        if IN_CI:
            pytest.fail(f"CI=true and {reason}")
        pytest.skip(reason)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Slow tests (those on the large org) run last: the org is built once and stays in the
    database until the session ends, and a test that empties the database (a live server's)
    must not run after it."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is not None)


@pytest.fixture(autouse=True, scope="session")
def _fast_passwords():
    """Tests sign in thousands of times; PBKDF2 at its real cost took most of the run (0.8 s a
    user here). Production keeps Django's default hashers."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


class _FlushByDelete:
    """On PostgreSQL a test with transaction=True (every browser test) ends in Django's flush, a
    TRUNCATE of all 86 tables: 3.3 s a test here, where a DELETE of each table took 0.08 s (a
    test's tables hold a few thousand rows; TRUNCATE pays for new files for every table). Tables
    the planner counts over 10,000 rows (the 20,000-person and the large org, analysed by
    load_demo) are still truncated: there DELETE is the slower one. The same tables are emptied,
    sequences are kept as Django's TRUNCATE keeps them, and the foreign keys (deferrable, as
    Django makes them) are checked at the commit."""

    LARGE = 10_000  # rows

    @classmethod
    def install(cls) -> None:
        try:
            from django.db.backends.postgresql.operations import DatabaseOperations
        except ImportError:  # pragma: no cover - psycopg is a dependency
            return
        truncate = DatabaseOperations.sql_flush

        def sql_flush(ops, style, tables, *, reset_sequences=False, allow_cascade=False):
            if reset_sequences or not tables:
                return truncate(
                    ops, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
                )
            large = cls.large_tables(ops.connection, tables)
            sql = ["SET CONSTRAINTS ALL DEFERRED"]
            if large:
                sql.append(f"TRUNCATE {', '.join(map(ops.quote_name, large))} CASCADE;")
            return sql + [
                f"DELETE FROM {ops.quote_name(table)};" for table in tables if table not in large
            ]

        DatabaseOperations.sql_flush = sql_flush

    @classmethod
    def large_tables(cls, connection, tables) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > %s"
                " AND relname = ANY(%s) AND pg_table_is_visible(oid)",
                [cls.LARGE, list(tables)],
            )
            return sorted(row[0] for row in cursor.fetchall())


def pytest_configure(config: pytest.Config) -> None:
    """The settings' cache is shared by every worker (the database by default) and costs each API
    request a few queries for its throttle count; the query counts asserted here are the views'
    own. tests/test_limits.py measures the database cache's cost and runs the shared cache under
    gunicorn. Set here, not in a fixture: test_schemathesis.py asks the API at collection."""
    memory = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    override_settings(CACHES=memory).enable()
    _FlushByDelete.install()


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A request in German or Polish leaves its language active in the thread; the next test
    starts in English again, whatever order the tests run in."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def on_postgres(db):
    if connection.vendor != "postgresql" and os.environ.get("PG_URL"):
        # .ci/run sets PG_URL and runs the whole suite on PostgreSQL after the SQLite run.
        pytest.skip("needs PostgreSQL; this CI run runs the suite on PostgreSQL as well")
    require(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL=postgres://…")


# ---------------------------------------------------------------- the cast


def _user(django_user_model, username: str, group: str | None):
    # Imported here, as every model below: this file is read before Django is set up.
    from core.groups import HR, HR_ADMIN, ensure_groups

    user = django_user_model.objects.create_user(
        username, password=f"pw-{username}-2026", is_staff=group in (HR, HR_ADMIN)
    )
    if group:
        user.groups.set([ensure_groups()[group]])
    return user


@pytest.fixture
def users(db, django_user_model) -> dict:
    """The cast: Adam (HR admin), Hanna (HR), Mia (Manager), Emil (Employee) and Otto, who has an
    account in no group. Passwords are pw-<name>-2026. Nobody is linked to a person yet."""
    from core.groups import EMPLOYEE, HR, HR_ADMIN, MANAGER

    return {
        "employee": _user(django_user_model, "emil", EMPLOYEE),
        "manager": _user(django_user_model, "mia", MANAGER),
        "hr": _user(django_user_model, "hanna", HR),
        "hradmin": _user(django_user_model, "adam", HR_ADMIN),
        "outsider": _user(django_user_model, "otto", None),
    }


@pytest.fixture
def hr_user(users):
    return users["hr"]


@pytest.fixture
def employee_client(client, users):
    client.force_login(users["employee"])
    return client


@pytest.fixture
def admin_user_client(client, admin_user):
    client.force_login(admin_user)
    return client


# ---------------------------------------------------------------- orgs


@pytest.fixture
def org(db) -> dict:
    """A small org: CCO → head → team lead → two agents and a vacancy."""
    from roles.models import Track
    from tests.people.factories import PersonFactory, SiteFactory, seat
    from tests.roles.factories import RoleFactory

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


@pytest.fixture(scope="session")
def large_org(django_db_setup, django_db_blocker) -> int:
    """The demo org at 100,000 people, built once a session and shared by every test that asks
    for it (they run last, each inside its own transaction); emptied when the session ends."""
    with django_db_blocker.unblock():
        call_command(
            "load_demo",
            people=LARGE_ORG,
            seed=1,
            as_of=datetime.date(2026, 11, 1),
            no_accounts=True,
            no_pay=True,  # no slow test reads pay; it would add a quarter to the build
            stdout=open(os.devnull, "w"),  # noqa: SIM115 - closed with the process
        )
    yield LARGE_ORG
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
