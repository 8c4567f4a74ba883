"""A role's seat counts (total, filled, vacant), kept per process until a seat is written.

Counting the Consultant's 200,000 seats at 500,000 people took 34 ms of a 90 ms role page
(issue 21: a role page costing the same at any size). Every write that can change the counts (a
seat made, archived, deleted, filled, vacated or given another role) saves a historical row
(docs/history.md), so the counts are kept by role and by the last historical seat row when they
were counted (its id and time: the ids of rolled-back rows come again). Read the stamps with
the role (`SEAT_STAMPS`), so what is kept is never older than them.
"""

from django.db.models import Count, Q

from core.history import last_saved
from roles.models import Role

from .models import Position

SEAT_STAMPS = {
    "seat_stamp": last_saved(Position),
    "seat_stamp_at": last_saved(Position, "history_date"),
}

_COUNTED: dict[tuple, dict] = {}
_COUNTED_MOST = 256


def role_seat_counts(role: Role) -> dict:
    """Total, filled and vacant seats of the role today: no query when the stamps read with the
    role (SEAT_STAMPS) are those they were counted under, else one."""
    key = (role.pk, role.seat_stamp, role.seat_stamp_at)
    if (kept := _COUNTED.get(key)) is not None:
        return dict(kept)
    seats = (
        Position.objects.active()
        .filter(role=role)
        .aggregate(
            total=Count("id"),
            filled=Count("holder"),
            vacant=Count("id", filter=Q(holder__isnull=True)),
        )
    )
    if len(_COUNTED) >= _COUNTED_MOST:
        _COUNTED.clear()
    _COUNTED[key] = dict(seats)
    return seats
