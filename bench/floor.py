"""The floor: the best way measured in the same run to fetch the same rows and dump them as JSON.

Each read has alternatives, each the same rows in the same order dumped with orjson (no Django,
no serializer). The floor of a figure is the fastest alternative of that run; its name is
reported with it, so a ratio can never again hide a slow plan by running the app's own SQL as
its floor (issue 21: a subtree read 4.6x slower than it needed to be looked like 1.2x).

- `walk`: the app's recursive walk (people/tree.py) as raw SQL: what Django adds to the read.
- `closure`: a closure table (ancestor, descendant, depth) built for the bench only, indexed
  both ways: the other physical design of a tree, the one that needs no recursion to read (and
  that costs every move a rewrite of the moved team's rows, which is why the app does not keep it).
- `copy` (PostgreSQL): `COPY (…) TO STDOUT` of the export's rows: the server's own bulk output.
"""

from collections.abc import Callable

import orjson
from django.db import connection

from people import org_export, tree

Floor = Callable[[], object]
CLOSURE = "bench_closure"
NAMES = (
    "id",
    "manager_id",
    "role_id",
    "role_slug",
    "role_title",
    "holder_id",
    "employee_id",
    "first_name",
    "last_name",
    "name_withheld",
    "site_id",
    "is_assistant",
    "direct_count",
    "seat_count",
    "headcount",
    "depth",
)
COLUMNS = """
    p.id, p.manager_id, p.role_id, r.slug, r.title_en, p.holder_id, h.employee_id,
    h.first_name, h.last_name, h.name_withheld, p.site_id, p.is_assistant, p.direct_count,
    p.seat_count, p.headcount
"""
JOINS = """
    JOIN roles_role r ON r.id = p.role_id
    LEFT JOIN people_person h ON h.id = p.holder_id
"""


def _dump(sql: str, params: list) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return orjson.dumps([dict(zip(NAMES, row, strict=False)) for row in rows])


def _dump_closure(sql: str, params: list) -> bytes:
    """PostgreSQL's default random_page_cost (4, for spinning disks) makes it hash-join a
    1,000-row closure read to a scan of every seat (30 ms): the closure is read as planned for
    an SSD (1.1), as a deployment that chose a closure table would set it."""
    if connection.vendor != "postgresql":
        return _dump(sql, params)
    with connection.cursor() as cursor:
        cursor.execute("SET random_page_cost = 1.1")
    try:
        return _dump(sql, params)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET random_page_cost")


def build_closure() -> int:
    """The closure table of the active seats, for the bench's reads only; its row count."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {CLOSURE}")
        cursor.execute(f"""
            CREATE TABLE {CLOSURE} AS
            WITH RECURSIVE c(ancestor_id, descendant_id, depth) AS (
                SELECT id, id, 0 FROM people_position WHERE archived_on IS NULL
                UNION ALL
                SELECT c.ancestor_id, p.id, c.depth + 1
                FROM c JOIN people_position p ON p.manager_id = c.descendant_id
                WHERE p.archived_on IS NULL
            )
            SELECT ancestor_id, descendant_id, depth FROM c
        """)
        cursor.execute(f"CREATE INDEX {CLOSURE}_down ON {CLOSURE} (ancestor_id, descendant_id)")
        cursor.execute(f"CREATE INDEX {CLOSURE}_up ON {CLOSURE} (descendant_id, depth)")
        cursor.execute(f"ANALYZE {CLOSURE}")
        cursor.execute(f"SELECT COUNT(*) FROM {CLOSURE}")
        return cursor.fetchone()[0]


def drop_closure() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {CLOSURE}")


def children(position_id: int) -> dict[str, Floor]:
    sql = f"""
        SELECT {COLUMNS}, 1 FROM people_position p {JOINS}
        WHERE p.manager_id = %s AND p.archived_on IS NULL ORDER BY p.id
    """
    return {"select": lambda: _dump(sql, [position_id])}


def chain(position_id: int) -> dict[str, Floor]:
    walk = tree.chain_rows_sql()
    closure = f"""
        SELECT {COLUMNS}, c.depth FROM {CLOSURE} c
        JOIN people_position p ON p.id = c.ancestor_id {JOINS}
        WHERE c.descendant_id = %s ORDER BY c.depth
    """
    return {
        "walk": lambda: _dump(walk, [position_id]),
        "closure": lambda: _dump_closure(closure, [position_id]),
    }


def subtree(position_id: int) -> dict[str, Floor]:
    walk = tree.subtree_rows_sql()
    closure = f"""
        SELECT {COLUMNS}, c.depth FROM {CLOSURE} c
        JOIN people_position p ON p.id = c.descendant_id {JOINS}
        WHERE c.ancestor_id = %s
        ORDER BY c.depth, p.manager_id, r.tree_id, r.lft, p.id
    """
    return {
        "walk": lambda: _dump(walk, [position_id]),
        "closure": lambda: _dump_closure(closure, [position_id]),
    }


def export() -> dict[str, Floor]:
    """The export's rows as plain values (with the salary columns: the bench reads as HR): what
    the database has to send. `copy` is the server writing them as text, turned into no Python
    objects: the least any export of these rows can cost on PostgreSQL."""
    sql = org_export.rows_sql(include_salary=True)

    def select() -> bytes:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            rows = cursor.fetchall()
        return orjson.dumps({"rows": rows}, default=str)

    floors = {"select": select}
    if connection.vendor == "postgresql":

        def copy() -> int:
            size = 0
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(f"COPY ({sql}) TO STDOUT") as out,
            ):
                for block in out:
                    size += len(block)
            return size

        floors["copy"] = copy
    return floors


FLOORS = {"children": children, "chain": chain, "subtree": subtree, "export": export}
