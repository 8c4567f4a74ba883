"""The vacancy and span lists of a scenario over the live lists' own queries (issue 17).

The live lists read their seats from the database in order. A scenario changes only the seats it
touches: those whose holder, role or manager it changes, those it closes, those it opens (-change
id) and, for the spans, those whose direct reports it changes (`Overlay.delta`). So a scenario's
list is the live list less the touched seats (read as ids and sort keys only), merged with the
touched seats that belong on it as the scenario makes them; then only the page's seats are read.
Nothing of the whole org is built: at 100,000 seats the live list's ids and keys are a few
thousand rows, the touched seats about as many as the scenario's changes.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from people.models import Position
from roles.models import Role

from .overlay import Overlay
from .projection import Seat


def exists(overlay: Overlay, pk: int) -> bool:
    """Whether the seat is in the scenario's org (a touched seat: its facts are known)."""
    if pk < 0:
        return pk in overlay.new_seats
    seat = overlay.live_fact(pk)
    return seat is not None and not seat.archived and pk not in overlay.projection.closed


def seat_count(overlay: Overlay) -> int:
    """The seats of the scenario's org: the live ones less those it closes, and those it opens
    (one query)."""
    closed = {
        pk for pk in overlay.projection.closed if (s := overlay.live_fact(pk)) and not s.archived
    }
    return Position.objects.active().count() - len(closed) + len(overlay.new_seats)


def vacancies(overlay: Overlay) -> list[int]:
    """The scenario's vacant seats, highest roles first: career level, then the title in the
    language asked for, then seat, as the list in scenario mode has always sorted them. Two
    queries: the live vacant seats with their roles' ids, and those roles."""
    p = overlay.projection
    touched = set(p.role) | set(p.holder) | p.closed | set(overlay.new_seats)
    # The touched seats are left out here, not in SQL: one parameter a seat would be a thousand
    # and more. The titles are the roles' own (modeltranslation's, in the active language): an
    # ORDER BY role__title would sort by the untranslated column, in the database's collation.
    seats = [
        (pk, role)
        for pk, role in Position.objects.vacant().values_list("pk", "role_id")
        if pk not in touched
    ]
    seats += [
        (pk, overlay.role_of(pk))
        for pk in touched
        if exists(overlay, pk) and overlay.holder_of(pk) is None
    ]
    roles = Role.objects.in_bulk({role for _pk, role in seats})
    order = {pk: (-role.career_level, role.title) for pk, role in roles.items()}
    seats.sort(key=lambda seat: (*order[seat[1]], seat[0]))
    return [pk for pk, _role in seats]


def spans(
    overlay: Overlay, live: QuerySet, flagged: Callable[[Role, int], bool]
) -> list[tuple[int, int]]:
    """(seat, direct reports) of the scenario's managers on a span list, most reports first:
    `live` is the live list's queryset (its stored counts), `flagged` its rule for one seat of a
    role with a number of reports. Two queries."""
    p = overlay.projection
    counted = {pk for pk, (direct, _s, _p) in overlay.delta.items() if direct}
    touched = counted | set(p.role) | p.closed | set(overlay.new_seats)
    rows = [
        (-direct, pk)
        for pk, direct in live.filter(archived_on__isnull=True)
        .order_by("-direct_count", "pk")
        .values_list("pk", "direct_count")
        if pk not in touched
    ]
    here = [pk for pk in touched if exists(overlay, pk)]
    roles = Role.objects.in_bulk({overlay.role_of(pk) for pk in here})
    for pk in here:
        reports = direct_reports(overlay, pk)
        if reports and flagged(roles[overlay.role_of(pk)], reports):
            rows.append((-reports, pk))
    rows.sort()
    return [(pk, -negative) for negative, pk in rows]


def direct_reports(overlay: Overlay, pk: int) -> int:
    """A touched seat's direct reports in the scenario: the stored count and its correction."""
    live = overlay.live[pk][1] if pk > 0 else 0
    return live + overlay.delta.get(pk, (0, 0, 0))[0]


@dataclass
class ShownSeat:
    """A seat as the scenario makes it, as ids: its manager (None: none in the scenario's org),
    role and holder (None: vacant; today's for a reader who may not see people move)."""

    pk: int
    manager: int | None
    role: int
    holder: int | None


def shown(overlay: Overlay, seat_ids: Iterable[int]) -> tuple[list[ShownSeat], dict]:
    """These seats of the scenario's org and, by id, the seats they report to, as the scenario
    makes them; one query for the live rows of the seats and of their live managers (a seat the
    scenario moves reports to a seat its change names: its facts are known)."""
    seat_ids = list(seat_ids)
    live = _live_rows([pk for pk in seat_ids if pk > 0])
    seats = [_shown(overlay, live, pk) for pk in seat_ids]
    managers = {}
    for seat in seats:
        if seat.manager is not None and (seat.manager < 0 or seat.manager in live):
            manager = _shown(overlay, live, seat.manager)
            if manager.pk < 0 or _exists_in(overlay, live[manager.pk], manager.pk):
                managers[manager.pk] = manager
        if seat.manager not in managers:
            seat.manager = None
    return seats, managers


_FACTS = ("manager_id", "role_id", "site_id", "holder_id", "archived_on")


def _live_rows(ids: list[int]) -> dict[int, Seat]:
    """The live facts of these seats and of their managers, joined by primary key: one query.
    (Written as `pk IN ids OR pk IN (their managers)`, PostgreSQL scanned every seat for it:
    16 ms for a page of 50 at 100,000 seats, 0.8 ms joined.)"""
    if not ids:
        return {}
    rows = Position.objects.filter(pk__in=ids).values_list(
        "pk", *_FACTS, "manager_id", *(f"manager__{name}" for name in _FACTS)
    )
    found = {}
    for pk, manager, role, site, holder, archived, *above in rows:
        found[pk] = Seat(manager, role, site, holder, archived is not None)
        up, up_manager, up_role, up_site, up_holder, up_archived = above
        if up is not None:
            found.setdefault(
                up, Seat(up_manager, up_role, up_site, up_holder, up_archived is not None)
            )
    return found


def _exists_in(overlay: Overlay, seat: Seat, pk: int) -> bool:
    return not seat.archived and pk not in overlay.projection.closed


def _shown(overlay: Overlay, live: dict[int, Seat], pk: int) -> ShownSeat:
    p = overlay.projection
    if pk < 0:
        new = overlay.new_seats[pk]
        _known(overlay, live, new.manager)
        return ShownSeat(pk, new.manager, new.role, None)
    seat = live.get(pk) or overlay.live_fact(pk)
    live.setdefault(pk, seat)
    if pk in p.manager:
        _known(overlay, live, p.manager[pk])
    holder = seat.holder
    if overlay.people_moves and pk in p.holder:
        holder = p.holder[pk]
    return ShownSeat(pk, p.manager.get(pk, seat.manager), p.role.get(pk, seat.role), holder)


def _known(overlay: Overlay, live: dict[int, Seat], pk: int | None) -> None:
    """A seat a change names (a seat moved or opened under it): read with the overlay's facts."""
    if pk is not None and pk > 0 and pk not in live:
        live[pk] = overlay.live_fact(pk)
