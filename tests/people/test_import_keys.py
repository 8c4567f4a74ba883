"""A first import on PostgreSQL checks each foreign key once, as a set (people/imports/keys.py):
the keys come back exactly as they were, a row that points nowhere still fails the whole import,
a live org keeps the row-by-row checks, and a reader holding a table only makes it wait a second."""

import psycopg
import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from people.imports import import_people, write
from people.models import Assignment, Person, Position
from tests.people.helpers import csv_bytes, import_roles, org_rows

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

LOADED = {
    "people_person",
    "people_position",
    "people_position_dotted_line_managers",
    "people_assignment",
}


def foreign_keys() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text LIKE 'people_%%' "
            "ORDER BY 1, 2"
        )
        return cursor.fetchall()


def indexes() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid::regclass::text LIKE 'people_%%' ORDER BY 1"
        )
        return cursor.fetchall()


def schema_changes(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ALTER TABLE")]


def test_a_first_import_checks_the_keys_as_a_set_and_leaves_them_as_they_were(on_postgres):
    import_roles()
    before, indexed = foreign_keys(), indexes()

    with CaptureQueriesContext(connection) as queries:
        report = import_people(data=csv_bytes(org_rows()))

    assert report.errors == [] and Person.objects.count() == len(org_rows())
    loaded = {name for table, name, *_ in before if table in LOADED}
    altered = schema_changes(queries)
    dropped = [sql for sql in altered if "DROP CONSTRAINT" in sql]
    added = [sql for sql in altered if "ADD CONSTRAINT" in sql]
    assert len(dropped) == len(added) == len(LOADED)  # one statement a table
    assert {name for sql in dropped for name in sql.split('"')[1::2]} == loaded
    assert len(loaded) >= 7
    assert foreign_keys() == before and all(key[3] for key in before)
    assert indexes() == indexed  # the indexes no constraint needs: dropped, then built again
    rebuilt = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("CREATE INDEX")]
    assert any("gin_trgm_ops" in sql for sql in rebuilt)


def test_a_row_pointing_nowhere_still_fails_a_first_import_and_writes_nothing(
    on_postgres, monkeypatch
):
    import_roles()
    real = write._write_history

    def with_a_seat_pointing_nowhere(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("UPDATE people_position SET role_id = 987654 WHERE manager_id IS NULL")
        return real(*args, **kwargs)

    monkeypatch.setattr(write, "_write_history", with_a_seat_pointing_nowhere)
    before, indexed = foreign_keys(), indexes()

    with pytest.raises(IntegrityError):
        import_people(data=csv_bytes(org_rows()))

    assert (Person.objects.count(), Position.objects.count(), Assignment.objects.count()) == (
        0,
        0,
        0,
    )
    assert foreign_keys() == before and indexes() == indexed


def test_an_import_into_a_live_org_keeps_the_row_by_row_checks(on_postgres):
    import_roles()
    import_people(data=csv_bytes(org_rows()))
    rows = [*org_rows(), ["N1", "Nina", "Nowak", "n1@cc.example", "Consultant", "E2", "2024-03-01"]]

    with CaptureQueriesContext(connection) as queries:
        report = import_people(data=csv_bytes(rows))

    assert report.errors == [] and Person.objects.filter(employee_id="N1").exists()
    assert schema_changes(queries) == []


def test_a_reader_holding_a_table_makes_a_first_import_check_row_by_row(on_postgres):
    """A reader's lock is waited for a second (keys.LOCK_WAIT), then the import goes on with the
    keys in place instead of queueing every later reader behind it."""
    import_roles()
    settings = connection.settings_dict
    reader = psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"],
        dbname=settings["NAME"],
        autocommit=False,
    )
    try:
        reader.execute("SELECT count(*) FROM people_person")  # ACCESS SHARE until its rollback
        with CaptureQueriesContext(connection) as queries:
            report = import_people(data=csv_bytes(org_rows()))
    finally:
        reader.rollback()
        reader.close()

    assert report.errors == [] and Person.objects.count() == len(org_rows())
    assert not any("ADD CONSTRAINT" in sql for sql in schema_changes(queries))
    assert foreign_keys()  # all still there


def test_a_first_import_that_creates_its_roles_still_checks_the_keys_as_a_set(on_postgres):
    """The new roles' own checks are pending in the transaction, and PostgreSQL alters no table
    with pending checks: they run first (keys._drop), then the keys go as for any first import."""
    import_roles()
    rows = [[*row[:4], f"{row[4]} (new)", *row[5:]] for row in org_rows()]

    with CaptureQueriesContext(connection) as queries:
        report = import_people(data=csv_bytes(rows), create_roles=True)

    assert report.errors == [] and Person.objects.count() == len(rows)
    assert any("DROP CONSTRAINT" in sql for sql in schema_changes(queries))
    assert not any("ROLLBACK TO SAVEPOINT" in q["sql"] for q in queries.captured_queries)
