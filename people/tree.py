"""Reads of the reporting lines: chains and subtrees through recursive queries.

Every query starts at the seat asked for and walks only the rows it needs, so the cost follows the
size of the answer, not of the org. The SQL is the same on SQLite and PostgreSQL.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection

TABLE = "people_position"

Counts = tuple[int, int, int]  # direct reports, seats below, people below


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def chain_ids(position_id: int) -> list[int]:
    """The seat and every seat above it, nearest first, ending at the top."""
    sql = f"""
        WITH RECURSIVE chain(id, manager_id, depth) AS (
            SELECT id, manager_id, 0 FROM {TABLE} WHERE id = %s
            UNION ALL
            SELECT p.id, p.manager_id, chain.depth + 1
            FROM {TABLE} p JOIN chain ON p.id = chain.manager_id
        )
        SELECT id FROM chain ORDER BY depth
    """
    return [row[0] for row in _rows(sql, [position_id])]


def subtree_ids(position_id: int, max_depth: int | None = None) -> list[tuple[int, int]]:
    """(id, depth) of the seat and every seat below it, down to max_depth levels."""
    depth_limit = "" if max_depth is None else "WHERE sub.depth < %s"
    params = [position_id] + ([] if max_depth is None else [max_depth])
    sql = f"""
        WITH RECURSIVE sub(id, depth) AS (
            SELECT id, 0 FROM {TABLE} WHERE id = %s
            UNION ALL
            SELECT p.id, sub.depth + 1
            FROM {TABLE} p JOIN sub ON p.manager_id = sub.id
            {depth_limit}
        )
        SELECT id, depth FROM sub
    """
    return _rows(sql, params)


def is_at_or_below(position_id: int, ancestor_id: int) -> bool:
    """Whether position_id is ancestor_id itself or reports to it, directly or not.

    Walks up from position_id: a chain is a handful of rows, a subtree can be the whole org.
    """
    return ancestor_id in chain_ids(position_id)


def derived_counts(rows: Iterable[tuple[int, int | None, bool]]) -> dict[int, Counts]:
    """(direct reports, seats below, people below) of every seat, from (id, manager id, held).

    Seats in a reporting loop, or below one, have no true counts and are left out.
    """
    children: dict[int | None, list[int]] = defaultdict(list)
    held: dict[int, bool] = {}
    for pk, manager_id, is_held in rows:
        children[manager_id].append(pk)
        held[pk] = is_held
    # Tops are the seats without a manager, or with one that does not exist.
    order = [pk for manager_id, kids in children.items() if manager_id not in held for pk in kids]
    for pk in order:  # breadth-first: every seat after its manager
        order.extend(children[pk])
    counts: dict[int, Counts] = {}
    for pk in reversed(order):
        kids = children[pk]
        seats = sum(counts[k][1] + 1 for k in kids)
        people = sum(counts[k][2] + held[k] for k in kids)
        counts[pk] = (len(kids), seats, people)
    return counts
