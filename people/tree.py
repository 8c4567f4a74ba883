"""Reads of the reporting lines: chains and subtrees through recursive queries.

Every query starts at the seat asked for and walks only the rows it needs, so the cost follows the
size of the answer, not of the org. The SQL is the same on SQLite and PostgreSQL.

The walks that return rows carry the seat's and the holder's columns in the recursive query
itself, one index look-up a seat as it is reached, instead of walking ids and joining back to
the seats afterwards. PostgreSQL cannot estimate how many rows a recursive query yields (it
guesses about 2,000 whatever the seat) and joined the ids back by hashing all 100,000 seats:
30-40 ms of a 1,000-seat subtree went there (issue 21). Only the roles, a table of tens of rows,
are joined after the walk.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import get_language

from .models import Position

TABLE = "people_position"

Counts = tuple[int, int, int]  # direct reports, seats below, people below


# No org is this deep. A reporting loop, which only writes without the tree locks can make
# (tests/test_concurrency.py's negative control does), ends a walk here instead of running it
# forever: the database would spin on one query until it is killed.
MAX_DEPTH = 1000

# The two walks every read here is built on: up from a seat (chain), down from a seat (sub).
CHAIN_CTE = f"""WITH RECURSIVE chain(id, manager_id, depth) AS (
            SELECT id, manager_id, 0 FROM {TABLE} WHERE id = %s
            UNION ALL
            SELECT p.id, p.manager_id, chain.depth + 1
            FROM {TABLE} p JOIN chain ON p.id = chain.manager_id
            WHERE chain.depth < {MAX_DEPTH}
        )"""


# Archived seats keep their manager for the record but are no one's report. The walks down reach
# them and go no further, and what they select leaves them out (IN_ORG; the seat asked for is
# always in). Why not `p.archived_on IS NULL` in the step: SQLite, once ANALYZE has run, answers
# a filter on the joined seats with a Bloom filter built from a scan of every seat, 7 ms at 100k
# on every walk down, even of one seat (issue 21). A filter on the walk's own row costs nothing.
IN_ORG = "(archived_on IS NULL OR depth = 0)"
_GOES_ON = "(walk.archived_on IS NULL OR walk.depth = 0)"


def _subtree_cte(max_depth: int | None) -> str:
    """Takes the seat id, then max_depth when given, as parameters; select with IN_ORG."""
    depth_limit = "" if max_depth is None else "AND walk.depth < %s"
    return f"""WITH RECURSIVE walk(id, archived_on, depth) AS (
            SELECT id, archived_on, 0 FROM {TABLE} WHERE id = %s
            UNION ALL
            SELECT p.id, p.archived_on, walk.depth + 1
            FROM walk JOIN {TABLE} p ON p.manager_id = walk.id
            WHERE {_GOES_ON} AND walk.depth < {MAX_DEPTH} {depth_limit}
        )"""


def reading() -> BaseDatabaseWrapper:
    """The connection for a read that tolerates lag: the one the router picks for a read of the
    seats (a replica while the request may read one, callcenter/db_router.py), else the primary.

    The raw walks go through it, so the heaviest reads reach a replica as the ORM's do; inside a
    transaction, in a request that wrote or outside a request the router answers the primary."""
    return connections[router.db_for_read(Position)]


def _rows(sql: str, params: list) -> list[tuple]:
    with reading().cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def chain_ids(position_id: int) -> list[int]:
    """The seat and every seat above it, nearest first, ending at the top."""
    sql = f"""
        {CHAIN_CTE}
        SELECT id FROM chain ORDER BY depth
    """
    return [row[0] for row in _rows(sql, [position_id])]


def subtree_ids(position_id: int, max_depth: int | None = None) -> list[tuple[int, int]]:
    """(id, depth) of the seat and every seat below it, down to max_depth levels."""
    params = [position_id] + ([] if max_depth is None else [max_depth])
    sql = f"""
        {_subtree_cte(max_depth)}
        SELECT id, depth FROM walk WHERE {IN_ORG}
    """
    return _rows(sql, params)


def subtree_ids_sql(position_id: int) -> tuple[str, list]:
    """SQL selecting the ids of the seat and every seat below it, to use as a subquery."""
    return f"{_subtree_cte(None)} SELECT id FROM walk WHERE {IN_ORG}", [position_id]


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


# Rows for the chart and the API: one query each, plain dicts ready for a fast JSON encoder.

ROW_COLUMNS = """
    p.id, p.manager_id, p.role_id, r.slug AS role_slug, {title} AS role_title, p.holder_id,
    h.employee_id, h.first_name, h.last_name, h.name_withheld, p.site_id, p.is_assistant,
    p.direct_count, p.seat_count, p.headcount
"""
ROW_JOINS = """
    JOIN roles_role r ON r.id = p.role_id
    LEFT JOIN people_person h ON h.id = p.holder_id
"""


def _title_sql() -> str:
    """The role title in the active language, falling back to English where it is empty."""
    lang = (get_language() or "en").split("-")[0]
    if lang not in {code for code, _name in settings.LANGUAGES} or lang == "en":
        return "r.title_en"
    return f"COALESCE(NULLIF(r.title_{lang}, ''), r.title_en)"


def _dict_rows(sql: str, params: list) -> list[dict]:
    db = reading()
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        names = [col[0] for col in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    if db.vendor == "sqlite":  # SQLite hands booleans back as 0/1
        for row in rows:
            row["is_assistant"] = bool(row["is_assistant"])
            if row["name_withheld"] is not None:
                row["name_withheld"] = bool(row["name_withheld"])
    return rows


def children_rows(position_id: int) -> list[dict]:
    """The seat itself (depth 0) and its direct reports (depth 1), in one query.

    Empty when the seat does not exist, so the caller can answer 404 without a second query. Two
    halves joined by UNION ALL, so each uses its own index (primary key, manager).
    """
    columns = ROW_COLUMNS.format(title=_title_sql())
    sql = f"""
        SELECT * FROM (
            SELECT {columns}, 0 AS depth, r.tree_id, r.lft
            FROM {TABLE} p {ROW_JOINS} WHERE p.id = %s
            UNION ALL
            SELECT {columns}, 1 AS depth, r.tree_id, r.lft
            FROM {TABLE} p {ROW_JOINS} WHERE p.manager_id = %s AND p.archived_on IS NULL
        ) seats
        ORDER BY depth, tree_id, lft, id
    """
    rows = _dict_rows(sql, [position_id, position_id])
    for row in rows:
        del row["tree_id"], row["lft"]
    return rows


# What a seat row takes from the seat and its holder, carried through the walks (the names of
# the walk's columns, then how each step reads them).
_WALKED = """id, manager_id, role_id, holder_id, employee_id, first_name, last_name, name_withheld,
    site_id, is_assistant, direct_count, seat_count, headcount, archived_on"""
_WALK_STEP = """p.id, p.manager_id, p.role_id, p.holder_id, h.employee_id, h.first_name,
    h.last_name, h.name_withheld, p.site_id, p.is_assistant, p.direct_count, p.seat_count,
    p.headcount, p.archived_on"""
_HOLDER = "LEFT JOIN people_person h ON h.id = p.holder_id"
# The row of a walk, in the order of ROW_COLUMNS, with the role joined on after the walk.
_WALKED_ROW = """
    w.id, w.manager_id, w.role_id, r.slug AS role_slug, {title} AS role_title, w.holder_id,
    w.employee_id, w.first_name, w.last_name, w.name_withheld, w.site_id, w.is_assistant,
    w.direct_count, w.seat_count, w.headcount, w.depth AS depth
"""


# Nearest levels first; within a level by manager, then by the role's place in the role tree.
SUBTREE_ORDER = "w.depth, w.manager_id, r.tree_id, r.lft, w.id"


def _rows_of_walk(cte: str, order: str, where: str = "") -> str:
    return f"""
        {cte}
        SELECT {_WALKED_ROW.format(title=_title_sql())}
        FROM walk w JOIN roles_role r ON r.id = w.role_id
        {where}
        ORDER BY {order}
    """


def _chain_walk() -> str:
    return f"""WITH RECURSIVE walk({_WALKED}, depth) AS (
            SELECT {_WALK_STEP}, 0 FROM {TABLE} p {_HOLDER} WHERE p.id = %s
            UNION ALL
            SELECT {_WALK_STEP}, walk.depth + 1
            FROM walk JOIN {TABLE} p ON p.id = walk.manager_id {_HOLDER}
            WHERE walk.depth < {MAX_DEPTH}
        )"""


def _subtree_walk(max_depth: int | None) -> str:
    """Like _subtree_cte (the seat id, then max_depth when given), carrying the row's columns."""
    depth_limit = "" if max_depth is None else "AND walk.depth < %s"
    return f"""WITH RECURSIVE walk({_WALKED}, depth) AS (
            SELECT {_WALK_STEP}, 0 FROM {TABLE} p {_HOLDER} WHERE p.id = %s
            UNION ALL
            SELECT {_WALK_STEP}, walk.depth + 1
            FROM walk JOIN {TABLE} p ON p.manager_id = walk.id {_HOLDER}
            WHERE {_GOES_ON} AND walk.depth < {MAX_DEPTH} {depth_limit}
        )"""


def subtree_rows_sql(max_depth: int | None = None) -> str:
    """The query of subtree_rows: the seat id, then max_depth when given, as parameters."""
    in_org = "WHERE w.archived_on IS NULL OR w.depth = 0"
    return _rows_of_walk(_subtree_walk(max_depth), SUBTREE_ORDER, in_org)


def chain_rows_sql() -> str:
    """The query of chain_rows: the seat id as its parameter."""
    return _rows_of_walk(_chain_walk(), "w.depth")


def chain_rows(position_id: int) -> list[dict]:
    """The seat and every seat above it, nearest first, ending at the top; empty if unknown."""
    return _dict_rows(chain_rows_sql(), [position_id])


def subtree_rows(position_id: int, max_depth: int | None = None) -> list[dict]:
    """The seat and every seat below it down to max_depth levels, by depth; empty if unknown."""
    params = [position_id] + ([] if max_depth is None else [max_depth])
    return _dict_rows(subtree_rows_sql(max_depth), params)
