"""The whole-org export (`GET /api/v1/org/export/`): every seat of the org as a flat row.

The answer is `{"columns": [...], "rows": [[...], ...]}`, one row a seat in the order of its id,
streamed in chunks of at most CHUNK seats, so memory holds one chunk whatever the size of the org,
in one query (issue 21).

On SQLite the database writes the JSON itself: `json_array` a seat and `group_concat` a range of
ids, both in C, so Python passes about 20 strings of 750 kB on for 100,000 seats instead of
turning 1.4 million values into Python objects and back (twice as fast). On PostgreSQL 15 that
was slower (see _dumped_by_orjson): the server streams the rows (_streamed_by_postgresql) and
orjson dumps them. Either way the bytes are those orjson writes from the plain rows (`rows_sql`),
which tests/api/test_export_format.py checks on both databases. The rows are read where the
router sends a read of the seats (a replica while the request may read one, people/tree.py).
"""

from collections.abc import Iterator
from contextlib import closing, nullcontext
from decimal import Decimal
from itertools import islice

import orjson
from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorDebugWrapper

from .tree import ROW_JOINS, TABLE, _title_sql, reading

COLUMNS = (
    "id",
    "manager_id",
    "role_id",
    "role_slug",
    "role_title",
    "holder_id",
    "employee_id",
    "first_name",
    "last_name",
    "email",
    "site_code",
    "is_assistant",
)
SALARY_COLUMNS = ("salary", "salary_currency")

# Seats a chunk, about 750 kB of JSON: a range of ids on SQLite, a fetch on PostgreSQL.
CHUNK = 5000

_FROM = f"""FROM {TABLE} p {ROW_JOINS}
        LEFT JOIN people_site s ON s.id = p.site_id
        WHERE p.archived_on IS NULL"""


def columns(*, include_salary: bool) -> list[str]:
    """The names of the export's columns: the salary and its currency for HR only."""
    return list(COLUMNS + (SALARY_COLUMNS if include_salary else ()))


def rows_sql(*, include_salary: bool) -> str:
    """The export's rows as plain values, in the order of `columns`: the bench's floor (`select`,
    `COPY`) and the reference the tests build the answer from. is_assistant is 1 or 0."""
    salary = ""
    if include_salary:  # as text on PostgreSQL: "52000.00" as JSON wants it, no Decimal between
        money = "h.salary::text" if connection.vendor == "postgresql" else "h.salary"
        salary = f", {money}, h.salary_currency"
    return f"""
        SELECT p.id, p.manager_id, p.role_id, r.slug, {_title_sql()}, p.holder_id,
               h.employee_id, h.first_name, h.last_name, h.email, s.code,
               CASE WHEN p.is_assistant THEN 1 ELSE 0 END{salary}
        {_FROM}
        ORDER BY p.id
    """


def org_export_json(*, include_salary: bool) -> Iterator[bytes]:
    """The export's JSON in pieces, read from the database as they are asked for.

    The query is made now (in the caller's language); it runs when the first row is read. Read
    it outside a transaction, as a response is read: stopping early cancels the query on
    PostgreSQL, which would abort a transaction around it. Until the last piece is read or the
    pieces are closed the query holds its connection: nothing else of this thread may use it
    (psycopg would wait for its own lock).
    """
    head = orjson.dumps({"columns": columns(include_salary=include_salary)})[:-1] + b',"rows":['
    db = reading()  # a replica while the request may read one: chosen now, read later
    if db.vendor == "sqlite":
        pieces = _written_by_sqlite(db, _sqlite_chunks_sql(include_salary=include_salary))
    elif _chunked_rows_mode():
        pieces = _streamed_by_postgresql(db, rows_sql(include_salary=include_salary))
    else:
        pieces = _dumped_by_orjson(db, rows_sql(include_salary=include_salary))
    return _joined(head, pieces)


def _joined(head: bytes, pieces: Iterator[bytes]) -> Iterator[bytes]:
    yield head
    first = True
    for piece in pieces:
        yield piece if first else b"," + piece
        first = False
    yield b"]}"


def _written_by_sqlite(db: BaseDatabaseWrapper, sql: str) -> Iterator[bytes]:
    """One statement, read a few ranges at a time: SQLite reads it all from one snapshot."""
    with db.cursor() as cursor:
        cursor.execute(sql)
        while chunks := cursor.fetchmany(4):
            yield from (text.encode() for (text,) in chunks if text is not None)


def _sqlite_chunks_sql(*, include_salary: bool) -> str:
    """One row a range of CHUNK seat ids: the JSON of its seats joined by commas, NULL for a
    range with no seat in the org. The seats of a range are read in the order of the primary
    key, the order group_concat joins them in."""
    salary = ""
    if include_salary:  # SQLite keeps a decimal as a number (52000, 52000.5); money has cents
        salary = ", CASE WHEN h.salary IS NULL THEN NULL ELSE printf('%.2f', h.salary) END, "
        salary += "h.salary_currency"
    row = f"""json_array(p.id, p.manager_id, p.role_id, r.slug, {_title_sql()}, p.holder_id,
        h.employee_id, h.first_name, h.last_name, h.email, s.code,
        CASE WHEN p.is_assistant THEN 1 ELSE 0 END{salary})"""
    return f"""
        WITH RECURSIVE span(lo, hi) AS (
            SELECT min(id), max(id) FROM {TABLE}
            UNION ALL
            SELECT lo + {CHUNK}, hi FROM span WHERE lo + {CHUNK} <= hi
        )
        SELECT (SELECT group_concat(row, ',') FROM (
                    SELECT {row} AS row {_FROM}
                    AND p.id >= lo AND p.id < lo + {CHUNK} ORDER BY p.id))
        FROM span
    """


def _chunked_rows_mode() -> bool:
    """libpq 17 and later can hand a query's rows over in results of up to N rows as they come
    (psycopg's `stream(size=N)`); psycopg[binary] brings its own libpq 17 or later."""
    import psycopg  # only on PostgreSQL: SQLite installations may not have it

    return psycopg.pq.version() >= 170000


def _streamed_by_postgresql(db: BaseDatabaseWrapper, sql: str) -> Iterator[bytes]:
    """PostgreSQL: the rows as the server sends them, CHUNK at a time, dumped by orjson.

    One plain query: the server writes rows while this process turns the last chunk into JSON
    (two cores at work), with no round trip a chunk and planned for all its rows. A server-side
    cursor (_dumped_by_orjson) waits for each chunk and is planned for its first rows: at 100k,
    2.0-2.4x the time of `COPY` against 1.0-1.2x streamed (issue 21). Stopping early (a client
    that goes away) cancels the query. Logged as one query, as Django's cursors log theirs.
    """
    with db.cursor() as cursor:
        logged = cursor.debug_sql(sql) if isinstance(cursor, CursorDebugWrapper) else nullcontext()
        with logged, closing(cursor.cursor.stream(sql, size=CHUNK)) as rows:
            while chunk := list(islice(rows, CHUNK)):
                yield orjson.dumps(chunk, default=_decimal)[1:-1]


def _dumped_by_orjson(db: BaseDatabaseWrapper, sql: str) -> Iterator[bytes]:
    """PostgreSQL with a libpq older than 17: the rows through a server-side cursor, CHUNK at a
    time, dumped by orjson.

    PostgreSQL 15 writing the JSON itself was slower, not faster (issue 21, measured at 100k
    under load): to_json looks the value's type up on every call and each `||` copies the row
    so far; rows built by the server, joined by string_agg or sent by COPY, took 850-1,400 ms
    against 530-1,000 ms for psycopg's loaders and orjson.
    """
    with transaction.atomic(using=db.alias), db.chunked_cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(CHUNK):
            yield orjson.dumps(rows, default=_decimal)[1:-1]


def _decimal(value: object) -> str:
    if isinstance(value, Decimal):  # a salary: numeric(12, 2) keeps its cents, "52000.00"
        return str(value)
    raise TypeError(f"{type(value).__name__} is not in the export")
