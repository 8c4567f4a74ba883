"""Each account's manager as the org chart has it: the holder of the nearest filled seat above
the account's person's seat (vacancies are skipped upward), when that holder has an account."""

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection

SQL = """
    WITH RECURSIVE up(start_id, id, holder_id, steps) AS (
        SELECT s.id, m.id, m.holder_id, 1
        FROM people_position s JOIN people_position m ON m.id = s.manager_id
        WHERE s.id IN ({starts})
        UNION ALL
        SELECT up.start_id, m.id, m.holder_id, up.steps + 1
        FROM up JOIN people_position cur ON cur.id = up.id
        JOIN people_position m ON m.id = cur.manager_id
        WHERE up.holder_id IS NULL AND up.steps < 1000  -- a loop of vacancies ends (tree.MAX_DEPTH)
    )
    SELECT up.start_id, p.user_id FROM up JOIN people_person p ON p.id = up.holder_id
"""


def chart_managers(users) -> dict[int, int | None]:
    """{account id: the manager's account id or None}, one query for any number of accounts.
    Reads `user.person.position` when loaded (select_related), else asks for it."""
    seat_of = {}
    for user in users:
        person = getattr(user, "person", None) if _has_person(user) else None
        position = getattr(person, "position", None) if person and _has_position(person) else None
        if position is not None and position.archived_on is None:
            seat_of[position.pk] = user.pk
    if not seat_of:
        return {}
    sql = SQL.format(starts=", ".join(["%s"] * len(seat_of)))
    with connection.cursor() as cursor:
        cursor.execute(sql, list(seat_of))
        rows = cursor.fetchall()
    return {seat_of[start]: manager for start, manager in rows}


def _has_person(user) -> bool:
    try:
        return user.person is not None
    except ObjectDoesNotExist:  # no person linked
        return False


def _has_position(person) -> bool:
    try:
        return person.position is not None
    except ObjectDoesNotExist:  # holds no seat
        return False
