"""The org as pending changes will make it: the live org read from the database, and on top of it
an overlay of what the changes due by a day alter. Nothing of the org is copied; the overlay holds
only what changes (a few dicts keyed by seat and person id) and asks the database for the live
facts of the seats and people it needs, in bulk and once each.

Used three ways: to check a change against the live org and the pending changes before it
(planning/services.py), to tell at apply time why a change can no longer apply, and to draw the
chart of a future day (planning/future.py). Scenarios reuse it with their own list of changes.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from people import tree
from people.models import Person, Position

from .models import Kind, PlannedChange


@dataclass
class Seat:
    manager: int | None
    role: int
    site: int | None
    holder: int | None
    archived: bool


@dataclass
class NewSeat:
    """A seat a pending change will create; it has no id yet (the chart numbers it -change id)."""

    change_id: int
    manager: int
    role: int
    site: int | None


@dataclass
class Projection:
    """Live facts (read lazily, cached) plus the overlay of the changes added so far."""

    manager: dict[int, int] = field(default_factory=dict)
    role: dict[int, int] = field(default_factory=dict)
    site: dict[int, int | None] = field(default_factory=dict)
    holder: dict[int, int | None] = field(default_factory=dict)  # seat → person (None: vacated)
    seat_of: dict[int, int | None] = field(default_factory=dict)  # person → seat
    closed: set[int] = field(default_factory=set)
    left: dict[int, datetime.date] = field(default_factory=dict)
    salary: dict[int, Decimal] = field(default_factory=dict)
    new_seats: list[NewSeat] = field(default_factory=list)
    # Every live seat's manager, when the caller has read the whole org anyway (a scenario's
    # impact, its apply): reporting lines are then walked in memory, not one query a move.
    live_manager: dict[int, int | None] | None = None
    _seats: dict[int, Seat | None] = field(default_factory=dict)
    _people: dict[int, tuple[int | None, datetime.date | None, str]] = field(default_factory=dict)

    # ------------------------------------------------------------ live facts, read in bulk

    def load(self, seat_ids=(), person_ids=()) -> None:
        """Read the live facts of these seats and people (two queries at most)."""
        seats = {pk for pk in seat_ids if pk is not None and pk not in self._seats}
        if seats:
            for pk, manager, role, site, holder, archived in Position.objects.filter(
                pk__in=seats
            ).values_list("id", "manager_id", "role_id", "site_id", "holder_id", "archived_on"):
                self._seats[pk] = Seat(manager, role, site, holder, archived is not None)
            for pk in seats:
                self._seats.setdefault(pk, None)
        people = {pk for pk in person_ids if pk is not None and pk not in self._people}
        if people:
            for pk, seat, left_on, currency in Person.objects.filter(pk__in=people).values_list(
                "id", "position", "left_on", "salary_currency"
            ):
                self._people[pk] = (seat, left_on, currency)

    def load_changes(self, changes) -> None:
        self.load(
            seat_ids={pk for c in changes for pk in (c.position_id, c.new_manager_id)},
            person_ids={c.person_id for c in changes},
        )

    def _seat(self, pk: int) -> Seat | None:
        if pk not in self._seats:
            self.load(seat_ids=[pk])
        return self._seats[pk]

    def _person(self, pk: int):
        if pk not in self._people:
            self.load(person_ids=[pk])
        return self._people.get(pk, (None, None, ""))

    # ------------------------------------------------------------ the org as it will be

    def seat_exists(self, pk: int) -> bool:
        seat = self._seat(pk)
        return seat is not None and not seat.archived and pk not in self.closed

    def manager_of(self, pk: int) -> int | None:
        if pk in self.manager:
            return self.manager[pk]
        seat = self._seat(pk)
        return seat.manager if seat else None

    def role_of(self, pk: int) -> int | None:
        if pk in self.role:
            return self.role[pk]
        seat = self._seat(pk)
        return seat.role if seat else None

    def site_of(self, pk: int) -> int | None:
        if pk in self.site:
            return self.site[pk]
        seat = self._seat(pk)
        return seat.site if seat else None

    def holder_of(self, pk: int) -> int | None:
        if pk in self.holder:
            return self.holder[pk]
        seat = self._seat(pk)
        return seat.holder if seat else None

    def seat_held_by(self, person: int) -> int | None:
        if person in self.seat_of:
            return self.seat_of[person]
        return self._person(person)[0]

    def has_left(self, person: int) -> bool:
        return person in self.left or self._person(person)[1] is not None

    def salary_currency(self, person: int) -> str:
        return self._person(person)[2]

    def is_at_or_below(self, pk: int, ancestor: int) -> bool:
        """Whether seat `pk` reports to `ancestor` (or is it) once the overlay is applied: the
        live chain in one query, jumping where the overlay gives a seat another manager."""
        if self.live_manager is not None:
            node, seen = pk, set()
            while node is not None and node not in seen:
                if node == ancestor:
                    return True
                seen.add(node)
                node = self.manager[node] if node in self.manager else self.live_manager.get(node)
            return False
        node: int | None = pk
        seen: set[int] = set()
        while node is not None and node not in seen:
            chain = tree.chain_ids(node)
            for seat in chain:
                if seat == ancestor:
                    return True
                seen.add(seat)
                if seat in self.manager:
                    node = self.manager[seat]
                    break
            else:
                return False
        return False

    def reports_of(self, pk: int) -> set[int]:
        """The seats of the org that will report to `pk`, new seats as -change id."""
        live = set(Position.objects.active().filter(manager_id=pk).values_list("id", flat=True))
        moved_in = {seat for seat, manager in self.manager.items() if manager == pk}
        reports = {s for s in live | moved_in if self.manager_of(s) == pk and self.seat_exists(s)}
        return reports | {-new.change_id for new in self.new_seats if new.manager == pk}

    # ------------------------------------------------------------ applying a change

    def add(self, change: PlannedChange) -> None:
        """Lay the change over the org (it is assumed to apply: check it first)."""
        kind = change.kind
        if kind in (Kind.HIRE, Kind.PROMOTION, Kind.TRANSFER):
            old = self.seat_held_by(change.person_id)
            if old is not None:
                self.holder[old] = None
            self.holder[change.position_id] = change.person_id
            self.seat_of[change.person_id] = change.position_id
            if kind == Kind.PROMOTION and change.salary is not None:
                self.salary[change.person_id] = change.salary
        elif kind == Kind.EXIT:
            old = self.seat_held_by(change.person_id)
            if old is not None:
                self.holder[old] = None
            self.seat_of[change.person_id] = None
            self.left[change.person_id] = change.effective_on
        elif kind == Kind.MOVE:
            self.manager[change.position_id] = change.new_manager_id
        elif kind == Kind.ROLE:
            self.role[change.position_id] = change.role_id
        elif kind == Kind.SITE:
            self.site[change.position_id] = change.site_id
        elif kind == Kind.NEW_SEAT:
            self.new_seats.append(
                NewSeat(change.pk or 0, change.new_manager_id, change.role_id, change.site_id)
            )
        elif kind == Kind.CLOSE_SEAT:
            self.closed.add(change.position_id)
        elif kind == Kind.SALARY:
            self.salary[change.person_id] = change.salary


def pending_by(day: datetime.date, *, changes=None) -> tuple[Projection, list[PlannedChange]]:
    """The org as the pending changes due by `day` make it (two queries for the changes' seats
    and people, one for the changes), and those changes in the order they apply."""
    if changes is None:
        changes = list(PlannedChange.objects.pending().filter(effective_on__lte=day).in_order())
    projection = Projection()
    projection.load_changes(changes)
    for change in changes:
        projection.add(change)
    return projection, changes
