"""The floor: the same rows as the app's read, fetched with raw SQL and dumped with orjson."""

import orjson
from django.db import connection

from people.tree import CHAIN_CTE, _subtree_cte

COLUMNS = """
    p.id, p.manager_id, p.role_id, r.slug, r.title_en, p.holder_id, h.employee_id,
    h.first_name, h.last_name, p.site_id, p.is_assistant, p.direct_count, p.seat_count,
    p.headcount
"""
JOINS = """
    JOIN roles_role r ON r.id = p.role_id
    LEFT JOIN people_person h ON h.id = p.holder_id
"""
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
    "site_id",
    "is_assistant",
    "direct_count",
    "seat_count",
    "headcount",
)


def _dump(sql: str, params: list) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return orjson.dumps([dict(zip(NAMES, row, strict=True)) for row in rows])


def children(position_id: int):
    sql = f"SELECT {COLUMNS} FROM people_position p {JOINS} WHERE p.manager_id = %s ORDER BY p.id"
    return lambda: _dump(sql, [position_id])


def chain(position_id: int):
    # The same recursive walks as the app (people/tree.py), so the ratio is the app's overhead.
    sql = f"""
        {CHAIN_CTE}
        SELECT {COLUMNS} FROM chain JOIN people_position p ON p.id = chain.id {JOINS}
        ORDER BY chain.depth
    """
    return lambda: _dump(sql, [position_id])


def subtree(position_id: int):
    sql = f"""
        {_subtree_cte(None)}
        SELECT {COLUMNS} FROM sub JOIN people_position p ON p.id = sub.id {JOINS}
    """
    return lambda: _dump(sql, [position_id])


def export():
    sql = f"SELECT {COLUMNS} FROM people_position p {JOINS} ORDER BY p.id"
    return lambda: _dump(sql, [])


FLOORS = {"children": children, "chain": chain, "subtree": subtree, "export": export}
