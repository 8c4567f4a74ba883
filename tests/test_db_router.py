"""Read replicas (callcenter/db_router.py): which database serves which read.

The replica here is a frozen copy of the test database, taken after the fixtures wrote their rows
and never updated: a replica infinitely behind. A read that sees a later write was served by the
primary; a read that does not, by the replica. The queries each connection ran say the same."""

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import orjson
import pytest
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from callcenter.db_router import PIN_COOKIE, PinToPrimaryAfterWrites, ReplicaRouter
from roles.models import Skill
from tests.people.factories import seat
from tests.test_deploy import ROOT

REPLICA = "replica1"
SKILLS = "/api/v1/skills/"
# The replica's connection sees only what was committed: transactions, not TestCase's rollback.
on_a_replica = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])


@contextmanager
def _copy_sqlite(default: dict) -> Iterator[str]:
    name = "file:memorydb_b21_replica?mode=memory&cache=shared"
    keep = sqlite3.connect(name, uri=True)  # the in-memory copy lives while a connection does
    connections[DEFAULT_DB_ALIAS].ensure_connection()
    connections[DEFAULT_DB_ALIAS].connection.backup(keep)
    try:
        yield name
    finally:
        keep.close()


@contextmanager
def postgres_copy(default: dict, suffix: str) -> Iterator[str]:
    """A copy of the PostgreSQL test database as it is now, dropped afterwards."""
    import psycopg

    name = f"{default['NAME']}_{suffix}"
    admin = psycopg.conninfo.make_conninfo(
        host=default["HOST"],
        port=default["PORT"] or 5432,
        user=default["USER"],
        password=default["PASSWORD"] or None,
        dbname="postgres",
    )

    def run(*statements: str) -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            for sql in statements:
                conn.execute(sql)

    # A template database may have no other sessions: ours in this thread close, and any a
    # finished test left open in another thread (a live server's) end.
    connections.close_all()
    run(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{default['NAME']}' AND pid <> pg_backend_pid()",
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        f'CREATE DATABASE "{name}" TEMPLATE "{default["NAME"]}"',
    )
    try:
        yield name
    finally:
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def _copy_postgres(default: dict) -> Iterator[str]:
    with postgres_copy(default, "replica") as name:
        try:
            yield name
        finally:
            connections[REPLICA].close()


@pytest.fixture(scope="module", autouse=True)
def _replica_alias(django_db_setup) -> Iterator[None]:
    """The alias exists before the tests' database set-up, which allows only the aliases it
    knows; a mirror of the primary (so the test set-up does not flush it) until `replica`."""
    default = connections[DEFAULT_DB_ALIAS].settings_dict
    connections.settings[REPLICA] = {**default, "TEST": {**default["TEST"], "MIRROR": "default"}}
    yield
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def replica(users, settings) -> Iterator[str]:
    """The cast and a skill on the primary, then a replica that never catches up."""
    Skill.objects.create(name="Inbound calls", slug="inbound")
    default = connections[DEFAULT_DB_ALIAS].settings_dict
    copy = _copy_postgres if default["ENGINE"].endswith("postgresql") else _copy_sqlite
    with copy(default) as name:
        connections[REPLICA].close()
        connections[REPLICA].settings_dict["NAME"] = name
        settings.DATABASE_ROUTERS = ["callcenter.db_router.ReplicaRouter"]
        settings.MIDDLEWARE = ["callcenter.db_router.PinToPrimaryAfterWrites", *settings.MIDDLEWARE]
        yield REPLICA
        connections[REPLICA].close()


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def skill_names(client: APIClient) -> list[str]:
    response = client.get(SKILLS)
    assert response.status_code == 200
    return [skill["name"] for skill in response.json()["results"]]


def statements(captured: CaptureQueriesContext, table: str) -> list[str]:
    return [q["sql"].split()[0].upper() for q in captured if f'"{table}"' in q["sql"]]


@on_a_replica
def test_a_client_that_has_not_written_reads_the_replica_and_no_write_ever_goes_there(
    replica, users
):
    client, hradmin = signed_in(users["employee"]), signed_in(users["hradmin"])
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(connections[replica]) as copy,
    ):
        assert skill_names(client) == ["Inbound calls"]
    assert statements(copy, "roles_skill") == ["SELECT", "SELECT"]  # the count and the page
    assert statements(primary, "roles_skill") == []
    # The session and the user are read where they were written, never from a copy.
    assert statements(primary, "identity_accountsession") == ["SELECT"]
    assert statements(copy, "identity_accountsession") == statements(copy, "auth_user") == []

    with CaptureQueriesContext(connections[replica]) as copy:
        hradmin.post(SKILLS, {"name": "Chat support", "slug": "chat"}, format="json")
        chat = Skill.objects.get(slug="chat")
        for write in (hradmin.patch, hradmin.delete):
            hradmin.cookies.pop(PIN_COOKIE, None)  # each write as if from a client not pinned
            write(f"{SKILLS}{chat.pk}/", {"name": "Chat"}, format="json")
        hradmin.cookies.pop(PIN_COOKIE, None)
        assert hradmin.get("/roles/").status_code == 200
        APIClient().post("/accounts/login/", {"username": "emil", "password": "wrong"})
    assert copy.captured_queries, "the replica served the reads"
    assert {q["sql"].split()[0].upper() for q in copy} == {"SELECT"}
    assert not Skill.objects.using(DEFAULT_DB_ALIAS).filter(slug="chat").exists()  # deleted


@on_a_replica
def test_after_its_write_a_client_reads_the_primary_until_its_pin_runs_out(replica, users):
    writer, someone_else = signed_in(users["hradmin"]), signed_in(users["employee"])

    created = writer.post(SKILLS, {"name": "Chat support", "slug": "chat"}, format="json")

    assert created.status_code == 201
    assert created.cookies[PIN_COOKIE]["max-age"] == 10
    assert skill_names(writer) == ["Chat support", "Inbound calls"]  # pinned: the primary
    assert skill_names(someone_else) == ["Inbound calls"]  # the replica, which lags
    assert not Skill.objects.using(replica).filter(slug="chat").exists()
    writer.cookies[PIN_COOKIE] = "1"  # 1970: long past
    assert skill_names(writer) == ["Inbound calls"]
    writer.cookies[PIN_COOKIE] = "not a time"
    assert skill_names(writer) == ["Inbound calls"]


@on_a_replica
def test_an_api_client_is_pinned_by_its_token_and_a_transaction_reads_the_primary(replica, users):
    token = APIClient().post(
        "/api/v1/auth/token/", {"username": "adam", "password": "pw-adam-2026"}, format="json"
    )
    assert token.status_code == 200
    authorization = f"Token {token.json()['token']}"

    def fresh_client() -> APIClient:  # a new client for every request: no cookies kept
        return APIClient(HTTP_AUTHORIZATION=authorization)

    before = skill_names(fresh_client())
    fresh_client().post(SKILLS, {"name": "Chat support", "slug": "chat"}, format="json")
    after = skill_names(fresh_client())

    assert before == ["Inbound calls"]
    assert after == ["Chat support", "Inbound calls"]

    # Inside a transaction, and outside a request (a command, the worker): the primary.
    def view(request):
        outside_a_transaction = Skill.objects.all().db
        with transaction.atomic():
            inside = Skill.objects.all().db
        return {"outside": outside_a_transaction, "inside": inside}

    served = PinToPrimaryAfterWrites(view)(RequestFactory().get("/"))
    assert served == {"outside": replica, "inside": DEFAULT_DB_ALIAS}
    assert Skill.objects.all().db == DEFAULT_DB_ALIAS


def test_every_model_is_written_and_migrated_on_the_primary_only():
    replicas = ReplicaRouter()
    for model in apps.get_models():
        assert replicas.db_for_write(model) == DEFAULT_DB_ALIAS
        assert replicas.allow_migrate(DEFAULT_DB_ALIAS, model._meta.app_label)
        assert not replicas.allow_migrate(REPLICA, model._meta.app_label)


def settings_seen_with(extra_env: dict) -> str:
    code = (
        "from django.conf import settings as s; "
        "print(sorted(s.DATABASES), getattr(s, 'DATABASE_ROUTERS', []), "
        "'callcenter.db_router.PinToPrimaryAfterWrites' in s.MIDDLEWARE)"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URLS"}
    env |= {"DATABASE_URL": "sqlite:///:memory:", **extra_env}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_without_replica_urls_nothing_changes_and_with_them_each_is_an_alias():
    assert settings_seen_with({}) == "['default'] [] False"
    two = "postgres://r@replica-a:5432/app, postgres://r@replica-b:5432/app"
    assert settings_seen_with({"DATABASE_REPLICA_URLS": two}) == (
        "['default', 'replica1', 'replica2'] ['callcenter.db_router.ReplicaRouter'] True"
    )


def tree_reads(client: APIClient, team: int) -> dict[str, list[int]]:
    """The ids each raw-SQL tree read answers for the team's seat (children, subtree, chain)."""
    base = f"/api/v1/positions/{team}"
    children = client.get(f"{base}/children/").json()["children"]
    subtree = client.get(f"{base}/subtree/").json()
    chain = client.get(f"{base}/chain/").json()
    return {
        "children": sorted(row["id"] for row in children),
        "subtree": sorted(row["id"] for row in subtree),
        "chain": [row["id"] for row in chain],
    }


@on_a_replica
def test_the_raw_sql_tree_reads_go_to_the_replica_and_after_a_write_to_the_primary(
    org, replica, users
):
    team = org["team"]
    before = sorted([*(a.pk for a in org["agents"]), org["vacancy"].pk])
    hired_later = seat(role=org["roles"]["agent"], manager=team)  # on the primary only
    reader, writer = signed_in(users["hr"]), signed_in(users["hradmin"])

    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(connections[replica]) as copy,
    ):
        seen = tree_reads(reader, team.pk)
        chart = reader.get(f"/org/{team.pk}/")

    assert seen["children"] == before  # the replica, which lags
    assert seen["subtree"] == sorted([team.pk, *before])
    assert seen["chain"] == [team.pk, org["middle"].pk, org["top"].pk]
    assert f'id="seat-{hired_later.pk}"' not in chart.content.decode()
    recursive = [q["sql"] for q in copy if "WITH RECURSIVE" in q["sql"]]
    assert len(recursive) == 3  # the subtree, the chain and the chart's chain in focus
    assert not [q for q in primary if "people_position" in q["sql"]]

    writer.post(SKILLS, {"name": "Chat support", "slug": "chat"}, format="json")
    after = tree_reads(writer, team.pk)  # pinned to the primary by its write

    assert after["children"] == sorted([*before, hired_later.pk])
    assert hired_later.pk in after["subtree"]
    assert tree_reads(reader, team.pk)["children"] == before  # the others still read the copy


@on_a_replica
def test_the_structure_figures_read_the_replica_outside_a_transaction_only(org, replica):
    from people import analytics

    seat(role=org["roles"]["agent"], manager=org["team"])  # on the primary only

    def view(request):
        outside = len(analytics.seat_rows())
        with transaction.atomic():
            inside = len(analytics.seat_rows())
        return {"outside": outside, "inside": inside}

    assert PinToPrimaryAfterWrites(view)(RequestFactory().get("/")) == {"outside": 6, "inside": 7}


@on_a_replica
def test_the_export_reads_the_replica_and_after_a_write_the_primary(org, replica, users):
    hired_later = seat(role=org["roles"]["agent"], manager=org["team"])  # on the primary only
    reader, writer = signed_in(users["hr"]), signed_in(users["hradmin"])

    def exported(client: APIClient) -> set[int]:
        response = client.get("/api/v1/org/export/")
        assert response.status_code == 200
        return {row[0] for row in orjson.loads(b"".join(response.streaming_content))["rows"]}

    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary:
        seen = exported(reader)
    assert hired_later.pk not in seen and org["team"].pk in seen  # the replica, which lags
    assert not [q for q in primary if "people_position" in q["sql"]]

    writer.post(SKILLS, {"name": "Chat support", "slug": "chat"}, format="json")
    assert hired_later.pk in exported(writer)  # pinned to the primary by its write
