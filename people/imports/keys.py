"""A first import on PostgreSQL checks each foreign key of the org's tables once, as a set.

PostgreSQL checks a deferred foreign key with one query of its own for every inserted row, at
commit: 707,886 queries for 100,000 people (a seat's role, manager, holder and site, a person's
site, an assignment's person and seat), about 3 s, a third of the import. Its manual's advice for
a bulk load ("Populating a Database": remove the foreign keys, load, create them again) checks
each key with one join over the table instead, in the same transaction: a row that points
nowhere still fails the import as an IntegrityError and nothing is written.

Dropping a foreign key holds an ACCESS EXCLUSIVE lock on its table and on the table it points to
until the commit, so readers of people, seats, roles and sites wait for the import instead of
seeing the org as it was. That is done only when the org is empty, a first import, with nothing
to read yet; and only when the locks come within a second (`LOCK_WAIT`), else the rows are
checked one by one as always. Any other import (an update of a live org) keeps the row checks.
The indexes of those tables that no constraint needs go and come back with the keys: built once
from the loaded rows, they cost a fraction of growing them row by row.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection, transaction

LOCK_WAIT = "1s"


@contextmanager
def checked_as_a_set(models: list) -> Iterator[bool]:
    """Around the writes of an import: on PostgreSQL into an empty org, the foreign keys of the
    models' tables and their indexes no constraint needs are dropped before; after, the indexes
    are built and the keys created again (which checks every row). Yields whether it did. Must
    run inside the import's transaction."""
    tables = [m._meta.db_table for m in models]
    keys, indexes = (
        (_foreign_keys(tables), indexes_to_build(tables)) if _empty(tables) else ([], [])
    )
    dropped = keys and _drop(keys, indexes)
    yield bool(dropped)
    if dropped:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('maintenance_work_mem', '256MB', true)")
            for definition in indexes:
                cursor.execute(definition)
        _add(keys)


def _empty(tables: list[str]) -> bool:
    if connection.vendor != "postgresql":
        return False
    qn = connection.ops.quote_name
    probes = " AND ".join(f"NOT EXISTS (SELECT 1 FROM {qn(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {probes}")
        return cursor.fetchone()[0]


def _foreign_keys(tables: list[str]) -> list[tuple[str, str, str]]:
    """(table, name, definition) of each foreign key on the tables, as PostgreSQL prints it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s) "
            "ORDER BY 1, 2",
            [tables],
        )
        return cursor.fetchall()


def indexes_to_build(tables: list[str]) -> list[str]:
    """CREATE INDEX of each index on the tables that no constraint needs: built once from the
    loaded rows rather than grown row by row (the trigram indexes of people/search.py cost 2.3 s
    of the server's CPU at 100,000 people grown, a fraction of that built)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisunique "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
            "ORDER BY i.indexrelid",
            [tables],
        )
        return [row[0] for row in cursor.fetchall()]


def _drop(keys: list[tuple[str, str, str]], indexes: list[str]) -> bool:
    """Drops the keys and indexes if every lock comes within LOCK_WAIT; else leaves them and
    says so."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        # Rows written earlier in the transaction (roles the import creates) leave their
        # deferred checks pending, and PostgreSQL alters no table with pending trigger events:
        # those checks run now instead of at commit (a failure fails the import, as it would).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED")
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('lock_timeout'), set_config('lock_timeout', %s, true)",
                [LOCK_WAIT],
            )
            before = cursor.fetchone()[0]
            for table, names in _by_table(keys, lambda name, _: f"DROP CONSTRAINT {qn(name)}"):
                cursor.execute(f"ALTER TABLE {table} {names}")
            if indexes:
                names = [d.split(" INDEX ", 1)[1].split(" ON ", 1)[0] for d in indexes]
                cursor.execute(f"DROP INDEX {', '.join(names)}")
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [before])
    except DatabaseError:
        # A reader held a table past LOCK_WAIT, or the database user may not alter the tables
        # (it does not own them): the savepoint undid the drops; check row by row instead.
        return False
    return True


def _add(keys: list[tuple[str, str, str]]) -> None:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, clauses in _by_table(keys, lambda n, d: f"ADD CONSTRAINT {qn(n)} {d}"):
            cursor.execute(f"ALTER TABLE {table} {clauses}")


def _by_table(keys: list[tuple[str, str, str]], clause) -> list[tuple[str, str]]:
    """One ALTER TABLE a table: its clauses joined by commas."""
    tables: dict[str, list[str]] = {}
    for table, name, definition in keys:
        tables.setdefault(table, []).append(clause(name, definition))
    return [(table, ", ".join(clauses)) for table, clauses in tables.items()]
