"""A scenario's chart as an overlay on the live chart's own reads (issue 17).

The live chart reads only the seats it draws and shows the counts stored on them (direct_count,
seat_count, headcount). A scenario's chart does the same: it reads the seats the live chart would
read, adds the seats the scenario (and the pending changes due before it) moves or opens under
them, drops those it moves away or closes, and corrects the stored counts only along the chains
its changes touch: each moved, closed or re-held seat cuts the live tree; the part of the tree it
heads (down to the next cut) leaves its live chain of managers and joins its new one, a delta per
ancestor. Nothing is counted over the whole org and nothing of it is copied.

Which of the changes apply, and the counts of the seats at the top, depend on every change before
them, so every change is read, but as plain ids and values (`ChangeRow`, one indexed query, no
related rows: a few milliseconds for 1,000); their descriptions in words are the scenario page's.
The live facts the changes need (reporting lines to check a move against, the stored counts of
the seats they move, the reports of the seats they close) and the first levels of the chart are
read in one query: a walk up from every seat a change names or a person it moves holds, and, for
the top of the chart, a walk down the first levels, as ids and counts.
"""

import copy
import datetime
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, fields
from decimal import Decimal

from django.db import connection
from django.db.models import Q, Subquery

from core.history import last_saved
from people import chart, tree
from people.models import Person, Position, Site
from roles.models import Role

from .models import Kind, PlannedChange, Revision, Scenario, Status
from .projection import Projection, Seat
from .services import change_problems


@dataclass(slots=True)
class ChangeRow:
    """A planned change as the overlay lays it: its own columns, none of its related rows."""

    pk: int
    kind: str
    status: str
    step: int | None
    effective_on: datetime.date
    position_id: int | None
    new_manager_id: int | None
    person_id: int | None
    role_id: int | None
    site_id: int | None
    salary: Decimal | None
    exception_reason: str
    note: str

    @property
    def person(self) -> Person | None:
        """Only a change that can no longer apply names its person (in the problem's words)."""
        return Person.objects.filter(pk=self.person_id).first()


_COLUMNS = [f.name for f in fields(ChangeRow)][1:]  # after the id


def _change_rows(scenario: Scenario) -> list[tuple]:
    """The changes to lay over the live org as plain tuples (`ChangeRow`'s fields): the drafts
    of the scenario and the pending changes due by its day (planning.scenarios.scenario_org's);
    one query."""
    return list(
        PlannedChange.objects.filter(
            Q(status=Status.PENDING, effective_on__lte=scenario.effective_on)
            | Q(scenario=scenario, status=Status.DRAFT)
        )
        .order_by()
        .values_list("id", *_COLUMNS)
    )


STAMPS = {
    # The planned changes' last write (every write adds a row: planning.models.Revision) and the
    # live org's: the last historical row of seats and of people. Every write the overlay's
    # facts depend on (a seat's manager, role, site, holder or archiving, a person's seat or
    # exit; the stored counts change only with those) saves one: the views, the admin, the API,
    # the worker and the import all do (docs/history.md). Each is the end of a primary key.
    "stamp_changes": Subquery(Revision.objects.order_by("-pk").values("pk")[:1]),
    "stamp_seats": last_saved(Position),
    "stamp_people": last_saved(Person),
}


def stamped(scenarios):
    """Scenarios with the stamps `Overlay` checks its kept results against, read with them."""
    return scenarios.annotate(**STAMPS)


def _stamps(scenario: Scenario) -> tuple:
    """The stamps read with the scenario (`stamped`), or now (one query)."""
    if not hasattr(scenario, "stamp_changes"):
        scenario = stamped(Scenario.objects.filter(pk=scenario.pk)).get()
    return tuple(getattr(scenario, name) for name in STAMPS)


def _changes(rows: list[tuple]) -> tuple[list[ChangeRow], list[ChangeRow]]:
    """The scenario's drafts, and the changes to lay over the live org in order: the pending
    changes due by its day, then its drafts."""
    changes = [ChangeRow(*row) for row in rows]
    pending = sorted(
        (c for c in changes if c.status == Status.PENDING), key=lambda c: (c.effective_on, c.pk)
    )
    mine = sorted((c for c in changes if c.status == Status.DRAFT), key=lambda c: (c.step, c.pk))
    return mine, [*pending, *mine]


MARKS = {
    Kind.MOVE: "moved",
    Kind.ROLE: "role",
    Kind.SITE: "moved",
    Kind.CLOSE_SEAT: "closed",
    Kind.HIRE: "holder",
    Kind.PROMOTION: "holder",
    Kind.TRANSFER: "holder",
}

_FACT_COLUMNS = (
    "id, manager_id, direct_count, seat_count, headcount, holder_id, role_id, site_id, archived_on"
)
_FACTS = ", ".join(f"p.{column.strip()}" for column in _FACT_COLUMNS.split(","))


def _seeds(column: str, ids: list[int]) -> tuple[str, list]:
    """The seats whose `column` is one of `ids`, with their facts, by index. PostgreSQL takes
    the ids as one array joined to the seats: an IN list of 1,200 ids was planned as a scan of
    every seat (7 ms at 100k); the array's estimate of 100 rows keeps it to index look-ups."""
    if connection.vendor == "postgresql":
        sql = f"""SELECT {_FACTS} FROM unnest(%s::bigint[]) AS seed(id)
            JOIN {tree.TABLE} p ON p.{column} = seed.id"""
        params = [list(ids)]
    else:
        marks = ", ".join(["%s"] * len(ids))
        sql = f"SELECT {_FACTS} FROM {tree.TABLE} p WHERE p.{column} IN ({marks})"
        params = list(ids)
    if column == "manager_id":
        sql += " AND p.archived_on IS NULL"
    return sql, params


def _manager_of_up() -> str:
    """The walk up's step: each seat's manager, by index. PostgreSQL estimates the walk at ten
    times its seeds and, written as a join, hashed all 100,000 seats at every step (70 ms);
    a lateral look-up with LIMIT 1 is not flattened into a join, so it stays one index look-up
    a seat. SQLite (no LATERAL) looks each up by its primary key."""
    if connection.vendor == "postgresql":
        return f"""CROSS JOIN LATERAL (
            SELECT {_FACT_COLUMNS} FROM {tree.TABLE} m WHERE m.id = up.manager_id LIMIT 1) p"""
    return f"JOIN {tree.TABLE} p ON p.id = up.manager_id"


def _facts_sql(seats: list[int], people: list[int], closed: list[int], top: int) -> tuple:
    """One query for every live fact the overlay needs: each seat above (and including) the
    seats named, those the people named hold and the reports of the seats closed (one walk up
    from all of them at once, each seat visited once), and the first `top` levels below the top
    seats (a walk down; its rows flagged 1). Each seed is its own indexed lookup: an OR across
    them would scan. Both walks carry the seats' columns (people/tree.py's reason: PostgreSQL
    joined walked ids back to the seats by hashing all of them, 10 of the 20 ms at 100k), so a
    seat on both walks comes twice."""
    seeds, params = [], []
    for column, ids in (("id", seats), ("holder_id", people), ("manager_id", closed)):
        if ids:
            sql, more = _seeds(column, ids)
            seeds.append(sql)
            params += more
    ctes, parts = [], []
    if seeds:
        ctes.append(
            f"""up({_FACT_COLUMNS}) AS (
            {" UNION ".join(seeds)}
            UNION
            SELECT {_FACTS} FROM up {_manager_of_up()})"""
        )
        parts.append(f"SELECT {_FACT_COLUMNS}, 0 FROM up")
    if top:
        ctes.append(
            f"""down({_FACT_COLUMNS}, depth) AS (
            SELECT {_FACTS}, 0 FROM {tree.TABLE} p WHERE p.manager_id IS NULL
            UNION ALL
            SELECT {_FACTS}, down.depth + 1 FROM down JOIN {tree.TABLE} p
            ON p.manager_id = down.id WHERE down.depth < %s AND down.archived_on IS NULL)"""
        )
        params.append(top - 1)
        parts.append(f"SELECT {_FACT_COLUMNS}, 1 FROM down WHERE archived_on IS NULL")
    if not parts:
        return "", []
    return f"WITH RECURSIVE {', '.join(ctes)} {' UNION ALL '.join(parts)}", params


def marks(mine: list, failed: dict) -> dict[int, str]:
    """The chart's mark of each seat a scenario's change that applies touches (new seats as
    -change id)."""
    marks: dict[int, str] = {}
    for change in mine:
        if change.pk in failed:
            continue
        if change.kind == Kind.NEW_SEAT:
            marks[-change.pk] = "new"
        elif change.kind in MARKS:
            marks[change.position_id] = MARKS[change.kind]
    return marks


class _KnownOrg(Projection):
    """The projection over the facts read up front: the reports of a seat a change closes are
    among them (read with the facts), so checking a closure asks the database nothing."""

    def reports_of(self, pk: int) -> set[int]:
        assert self.live_manager is not None
        live = {s for s, m in self.live_manager.items() if m == pk and self.seat_exists(s)}
        moved_in = {seat for seat, manager in self.manager.items() if manager == pk}
        reports = {s for s in live | moved_in if self.manager_of(s) == pk and self.seat_exists(s)}
        return reports | {-new.change_id for new in self.new_seats if new.manager == pk}


class _Checked:
    """The overlays built lately in this process, by scenario, reader and stamps (`STAMPS`): a
    scenario's chart page then reads nothing before the live chart's own reads (the stamps come
    with the scenario); reading its changes and their facts, checking them in order and
    correcting the counts (10-12 ms for 1,000 at 100k) happen once per write to planned changes
    or to the live org, whichever page reads first: a page needing facts the kept overlay lacks
    (another seat's chain, a person's seat, the top levels) reads only those, once, and what it
    read is kept with the rest (`Overlay._read_more`). The stamps are read before the changes
    and facts are: what is kept under a stamp is never older than it. The scenario's creation
    time keeps apart two scenarios with one id (a test database rolled back). Per process (each
    app server keeps its own), least recently used dropped first."""

    SIZE = 16

    def __init__(self):
        self._kept: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def restore(self, overlay: "Overlay", key: tuple) -> bool:
        with self._lock:
            kept = self._kept.get(key)
            if kept is None:
                return False
            self._kept.move_to_end(key)
        overlay.__dict__.update(kept.copy().__dict__)
        return True

    def keep(self, overlay: "Overlay", key: tuple) -> None:
        kept = overlay.copy()
        with self._lock:
            self._kept[key] = kept
            while len(self._kept) > self.SIZE:
                self._kept.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


_CACHE = _Checked()


class Overlay:
    """The scenario's changes over the live org, ready to lay over the seats a chart reads.

    people_moves False (a manager the scenario is shared with): holders stay as they are today
    (the hire-date rule, pages/views/scenarios.py); structure changes show to all its readers.
    `also`: seats whose chain the caller needs (the seat in focus); `people`: people whose live
    seats' chains it needs (a person's page). `top`: the number of levels from the top seats to
    read as well (the top of the chart)."""

    def __init__(
        self, scenario: Scenario, *, people_moves: bool = True, also=(), people=(), top: int = 0
    ):
        key = (scenario.pk, scenario.created_at, scenario.effective_on, *_stamps(scenario))
        key += (people_moves,)
        also = {pk for pk in also if pk and pk > 0}
        if _CACHE.restore(self, key):
            if self._read_more(also, set(people), top):
                _CACHE.keep(self, key)
            return
        mine, changes = _changes(_change_rows(scenario))
        self.mine = mine
        named = {pk for c in changes for pk in (c.position_id, c.new_manager_id) if pk} | also
        closed = {c.position_id for c in changes if c.kind == Kind.CLOSE_SEAT}
        asked = set(people)  # people whose seats the caller needs (a person's page)
        self._asked = set(asked)
        people = {c.person_id for c in changes if c.person_id}
        self.live: dict[int, tuple] = {}
        self.live_manager: dict[int, int | None] = {}
        self.top_seats: set[int] = set()
        self.top = top
        self._more: set[int] = set()
        self._reports_read: set[int] = set()
        projection = _KnownOrg(live_manager=self.live_manager)
        self.projection: Projection = projection
        self._read_facts(named, people | asked, closed, top)
        for pk in named:  # a seat a change names that is gone: known not to exist
            projection._seats.setdefault(pk, None)
        # planning.services.simulate, with the seats' live facts read above
        projection.load(person_ids=people)
        self.failed: dict = {}
        failed = self.failed
        for change in changes:
            if problems := change_problems(change, projection):
                failed[change.pk] = problems
            else:
                projection.add(change)
        # The seats people leave are read above (their holders are named); one left out by a
        # change before (a seat the same person was hired into) is named too. Nothing to read.
        self._read_facts({*projection.holder, *projection.closed} - set(self.live), (), (), 0)
        self.people_moves = people_moves
        self.marks = marks(mine, failed)
        if not people_moves:
            self.marks = {pk: m for pk, m in self.marks.items() if m != "holder"}
        self.ghosts = {pk for pk, mark in self.marks.items() if mark == "closed"}
        self.dropped = projection.closed - self.ghosts
        self.new_seats = {-new.change_id: new for new in projection.new_seats}
        self._deltas()
        _CACHE.keep(self, key)

    def _read_more(self, also: set[int], people: set[int], top: int) -> bool:
        """What a page needs beyond the facts kept (read by the pages before it): the chains of
        the seats `also` and of the seats of `people`, and the first `top` levels; one query,
        none when all are known. Live facts under the same stamps: what the changes' checks
        and the count corrections found does not depend on them. Whether any was read."""
        seats, asked = also - set(self.live), people - self._asked
        deeper = top if top > self.top else 0
        if not (seats or asked or deeper):
            return False
        self._read_facts(seats, asked, (), deeper)
        for pk in seats:  # a seat asked for that is gone: known not to exist
            self.projection._seats.setdefault(pk, None)
        self._asked |= asked
        self.top = max(self.top, top)
        return True

    def copy(self) -> "Overlay":
        """A copy whose reads (reports, branches, lazily loaded facts) leave this one as it is:
        the containers filled after construction are copied, the rest shared."""
        twin = copy.copy(self)
        twin.live, twin.live_manager = dict(self.live), dict(self.live_manager)
        twin._more, twin._reports_read = set(self._more), set(self._reports_read)
        twin.top_seats, twin._asked = set(self.top_seats), set(self._asked)
        twin.projection = copy.copy(self.projection)
        twin.projection.live_manager = twin.live_manager
        twin.projection._seats = dict(self.projection._seats)
        twin.projection._people = dict(self.projection._people)
        return twin

    def _read_facts(self, seats, people, closed, top: int) -> None:
        sql, params = _facts_sql(sorted(seats), sorted(people), sorted(closed), top)
        if not sql:
            return
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        for pk, manager, direct, below, people_below, holder, role, site, archived, on_top in rows:
            self.live[pk] = (manager, direct, below, people_below, holder is not None)
            self.live_manager[pk] = manager
            self.projection._seats[pk] = Seat(manager, role, site, holder, archived is not None)
            if top and on_top:
                self.top_seats.add(pk)

    # ------------------------------------------------------------ the org as it would be

    def manager_of(self, pk: int) -> int | None:
        if pk < 0:
            return self.new_seats[pk].manager
        if pk in self.projection.manager:
            return self.projection.manager[pk]
        return self.live_manager.get(pk)

    def live_seat_of(self, person: int) -> int | None:
        """The seat the person holds today (known when they were asked for or a change names
        them)."""
        return next(
            (pk for pk, s in self.projection._seats.items() if s and s.holder == person), None
        )

    def seat_of(self, person: int) -> int | None:
        """The seat the person will hold (today's for a reader who may not see people move)."""
        if self.people_moves and person in self.projection.seat_of:
            return self.projection.seat_of[person]
        return self.live_seat_of(person)

    def live_fact(self, pk: int) -> Seat | None:
        return self.projection._seats.get(pk)

    def role_of(self, pk: int) -> int | None:
        if pk < 0:
            return self.new_seats[pk].role
        return self.projection.role_of(pk)

    def holder_of(self, pk: int) -> int | None:
        if pk < 0:
            return None
        if self.people_moves and pk in self.projection.holder:
            return self.projection.holder[pk]
        seat = self.projection._seats.get(pk)
        return seat.holder if seat else None

    def _held(self, pk: int) -> bool:
        if self.people_moves and pk in self.projection.holder:
            return self.projection.holder[pk] is not None
        return self.live[pk][4]

    def _deltas(self) -> None:
        """The corrections of the stored counts: (direct, seats, people) per seat."""
        p = self.projection
        moved = {pk for pk, m in p.manager.items() if m != self.live_manager.get(pk)}
        held = set(p.holder) if self.people_moves else set()
        cuts = (moved | p.closed | {pk for pk in held if self._held(pk) != self.live[pk][4]}) & set(
            self.live
        )
        delta: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
        weight: dict[int, list[int]] = {}
        for pk in cuts:  # each cut's live weight: itself and what is below it
            _m, _d, below, people, is_held = self.live[pk]
            weight[pk] = [below + 1, people + is_held]
        cut_above: dict[int, int | None] = {}  # a seat's nearest cut above it (live lines)
        for pk in cuts:  # less the parts below the next cuts down: those move on their own
            chain, up = [], self.live_manager.get(pk)
            while up is not None and up not in cuts and up not in cut_above:
                chain.append(up)
                up = self.live_manager.get(up)
            if up is not None and up not in cuts:
                up = cut_above[up]
            cut_above.update(dict.fromkeys(chain, up))
            if up is not None:
                seats, people = weight_of_live(self.live[pk])
                weight[up][0] -= seats
                weight[up][1] -= people

        live_points: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        final_points: dict[int, list[int]] = defaultdict(lambda: [0, 0])

        def place(points, up: int | None, seats: int, people: int) -> None:
            if up is not None and up not in p.closed:
                points[up][0] += seats
                points[up][1] += people

        for pk in cuts:
            seats, people = weight[pk]
            if self.live_manager.get(pk) is not None:
                up = self.live_manager[pk]
                live_points[up][0] -= seats
                live_points[up][1] -= people
                delta[up][0] -= 1
            if pk in p.closed:
                continue
            people += self._held(pk) - self.live[pk][4]
            place(final_points, self.manager_of(pk), seats, people)
            if self.manager_of(pk) is not None:
                delta[self.manager_of(pk)][0] += 1
        for new in self.new_seats.values():
            place(final_points, new.manager, 1, 0)
            delta[new.manager][0] += 1
        # each seat above a cut: the sum of what moves out of or into the part below it; no
        # count above a closed seat (what is below it counts for nothing, as the full projection)
        for totals in (
            _spread(live_points, self.live_manager.get),
            _spread(final_points, self.manager_of, stop=p.closed),
        ):
            for pk, (seats, people) in totals.items():
                delta[pk][1] += seats
                delta[pk][2] += people
        self.delta = delta

    # ------------------------------------------------------------ laid over the chart's reads

    def moved_into(self, managers) -> set[int]:
        """Live seats the overlay moves under one of these seats."""
        return {
            pk
            for pk, m in self.projection.manager.items()
            if m in managers and self.live_manager.get(pk) != m
        }

    def seats(self, rows: list[Position], managers=None) -> list[Position]:
        """The chart's live rows as the scenario makes them (managers: keep only the seats that
        will report to one of these; None keeps all), with its new seats under them."""
        p = self.projection
        roles = set(p.role.values()) | {new.role for new in self.new_seats.values()}
        sites = (set(p.site.values()) | {new.site for new in self.new_seats.values()}) - {None}
        people = set(p.holder.values()) - {None} if self.people_moves else set()
        ids = {row.pk for row in rows}
        roles_by = Role.objects.in_bulk(roles) if roles and self._any(ids, p.role) else {}
        sites_by = Site.objects.in_bulk(sites) if sites and self._any(ids, p.site) else {}
        people_by = Person.objects.in_bulk(people) if people and self._any(ids, p.holder) else {}
        new_here = [
            pk
            for pk, new in self.new_seats.items()
            if managers is not None and new.manager in managers
        ]
        if new_here:
            need = {self.new_seats[pk].role for pk in new_here} - set(roles_by)
            roles_by |= Role.objects.in_bulk(need) if need else {}
            need = {self.new_seats[pk].site for pk in new_here} - set(sites_by) - {None}
            sites_by |= Site.objects.in_bulk(need) if need else {}
        shown = []
        for seat in rows:
            pk = seat.pk
            if pk in self.dropped:
                continue
            seat.manager_id = self.manager_of(pk) if pk in p.manager else seat.manager_id
            if managers is not None and seat.manager_id not in managers:
                continue
            if pk in p.role:
                seat.role = roles_by[p.role[pk]]
            if pk in p.site:
                seat.site = sites_by.get(p.site[pk])
            if self.people_moves and pk in p.holder:
                seat.holder = people_by.get(p.holder[pk])
            if pk in self.ghosts:
                seat.direct_count = seat.seat_count = seat.headcount = 0
            elif pk in self.delta:
                direct, below, people_below = self.delta[pk]
                seat.direct_count += direct
                seat.seat_count += below
                seat.headcount += people_below
            shown.append(seat)
        for pk in new_here:
            new = self.new_seats[pk]
            direct, below, people_below = self.delta.get(pk, (0, 0, 0))
            shown.append(
                Position(
                    pk=pk,
                    manager_id=new.manager,
                    role=roles_by[new.role],
                    site=sites_by.get(new.site),
                    holder=None,
                    is_assistant=False,
                    direct_count=direct,
                    seat_count=below,
                    headcount=people_below,
                )
            )
        return shown

    @staticmethod
    def _any(ids: set[int], changed: dict) -> bool:
        return any(pk in ids for pk in changed)

    def reports_read(self, managers: set[int], also=()):
        """The live rows below these seats and those the overlay moves under them, and the seats
        `also` (one query)."""
        live = [pk for pk in managers if pk > 0]
        return Position.objects.for_chart().filter(
            Q(manager_id__in=live, archived_on__isnull=True)
            | Q(pk__in=self.moved_into(managers))
            | Q(pk__in=list(also))
        )

    def live_below(self, roots: list[int]) -> set[int]:
        """The ids of these seats and every live seat below them (one walk down); their
        managers join what the overlay knows, to follow its reporting lines."""
        sql = f"""WITH RECURSIVE down(id) AS (
            SELECT id FROM {tree.TABLE} WHERE id IN ({", ".join(["%s"] * len(roots))})
            UNION
            SELECT p.id FROM down JOIN {tree.TABLE} p ON p.manager_id = down.id
            WHERE p.archived_on IS NULL)
            SELECT p.id, p.manager_id FROM {tree.TABLE} p WHERE p.id IN (SELECT id FROM down)"""
        with connection.cursor() as cursor:
            cursor.execute(sql, roots)
            rows = cursor.fetchall()
        for pk, manager in rows:
            self.live_manager.setdefault(pk, manager)
        return {pk for pk, _m in rows}

    def reaches(self, pk: int, ancestor: int) -> bool:
        """Whether seat `pk` will report to `ancestor`, directly or not (below it)."""
        seen, up = set(), self.manager_of(pk)
        while up is not None and up not in seen:
            if up == ancestor:
                return True
            seen.add(up)
            up = self.manager_of(up)
        return False

    def reports_ids(self, seats: list[int]) -> list[int]:
        """The seats that will report to these (new seats as -change id), known from the facts
        read; the live reports of a seat the scenario moves up into the first levels are read
        here (one query for all of them)."""
        unknown = [pk for pk in seats if pk > 0 and not self._reports_known(pk)]
        if unknown:
            self._read_reports(unknown)
        wanted = set(seats)
        return [pk for pk in self._candidates() if self.manager_of(pk) in wanted]

    def _reports_known(self, pk: int) -> bool:
        if pk in self._reports_read or self.live[pk][1] == 0:
            return True  # all its reports, if any, are moved in: the overlay knows them
        return pk in self.top_seats and self._top_depth(pk) < self.top - 1

    def _top_depth(self, pk: int) -> int:
        depth, up = 0, self.live_manager[pk]
        while up is not None:
            depth, up = depth + 1, self.live_manager[up]
        return depth

    def _read_reports(self, managers: list[int]) -> None:
        rows = Position.objects.filter(manager_id__in=managers, archived_on__isnull=True)
        for pk, *facts in rows.values_list(
            "id", "manager_id", "direct_count", "seat_count", "headcount", "holder_id"
        ):
            self.live.setdefault(pk, (*facts[:4], facts[4] is not None))
            self.live_manager.setdefault(pk, facts[0])
            self._more.add(pk)
        self._reports_read.update(managers)

    def _candidates(self) -> list[int]:
        """The seats the top of the chart may draw: the first live levels, the seats moved
        (anywhere: their new manager decides) and opened, and the reports read since."""
        seats = self.top_seats | set(self.projection.manager) | self._more
        return sorted(seats - self.dropped) + sorted(self.new_seats, reverse=True)


def _spread(points: dict, parent, stop=frozenset()) -> dict[int, list[int]]:
    """Each seat's total of the (seats, people) placed on it and on the seats below it, following
    `parent` up: nothing passes up from a seat whose parent is in `stop`. Each seat on the chains
    above the points is visited once (a deepest-first pass), not once per point below it."""
    depth: dict[int, int] = {}
    for start in points:
        chain, pk, on = [], start, set()
        while pk is not None and pk not in depth and pk not in on:
            on.add(pk)
            chain.append(pk)
            pk = parent(pk)
        level = depth.get(pk, -1) if pk is not None else -1
        for seat in reversed(chain):
            level += 1
            depth[seat] = level
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for pk, (seats, people) in points.items():
        totals[pk][0] += seats
        totals[pk][1] += people
    for pk in sorted(depth, key=depth.__getitem__, reverse=True):
        up = parent(pk)
        if pk in totals and up is not None and up not in stop and up in depth:
            totals[up][0] += totals[pk][0]
            totals[up][1] += totals[pk][1]
    return totals


def weight_of_live(row: tuple) -> tuple[int, int]:
    _m, _d, below, people, is_held = row
    return below + 1, people + is_held


def top_of_org(overlay: Overlay) -> list[chart.Node]:
    """chart.top_of_org in the scenario: the first levels, as many as fit the card budget. Their
    seats are known from the facts the overlay read (built with `top=chart.MAX_OPEN_DEPTH`); the
    reports of a seat the scenario moves up into them are read level by level (none when the
    seats moved there have no reports); then one query for the cards drawn."""
    level = sorted(
        pk
        for pk in overlay.top_seats
        if overlay.live_manager[pk] is None and pk not in overlay.dropped
    )
    drawn = list(level)
    for _depth in range(1, chart.MAX_OPEN_DEPTH):
        below = overlay.reports_ids(level)
        if not below or len(drawn) + len(below) > chart.CARD_BUDGET:
            break
        drawn += below
        level = below
    rows = list(Position.objects.for_chart().filter(pk__in=[pk for pk in drawn if pk > 0]))
    parents = {overlay.manager_of(pk) for pk in drawn}
    seats = overlay.seats(rows, managers=parents)
    by_manager = chart._below(seats)
    ordered = chart._ordered(by_manager.get(None, []))
    return [chart._build(root, by_manager, 0, chart.MAX_ID) for root in ordered]


def reports_of(overlay: Overlay, position_id: int) -> tuple[Position, list[chart.Node]] | None:
    """chart.reports_of in the scenario: the seat and its reports as it makes them."""
    if position_id > chart.MAX_ID or position_id in overlay.dropped:
        return None
    if position_id < 0:
        if position_id not in overlay.new_seats:
            return None
        manager = overlay.new_seats[position_id].manager
        seat = next(s for s in overlay.seats([], managers={manager}) if s.pk == position_id)
        return seat, []
    rows = list(overlay.reports_read({position_id}, also={position_id}))
    here = next((s for s in rows if s.pk == position_id), None)
    if here is None:
        return None
    kids = overlay.seats([s for s in rows if s is not here], managers={position_id})
    seat = overlay.seats([here])[0]
    return seat, [chart.Node(s) for s in chart._ordered(kids)]


def branch_of(overlay: Overlay, position_id: int) -> tuple[Position, list[chart.Node]] | None:
    """chart.branch_of in the scenario (a card's "expand all"): the seat and its whole branch as
    the scenario makes it, every level open. The seat first (its corrected seat_count is checked
    against chart.BRANCH_LIMIT by the caller, as the live chart does); then the ids of the live
    branches below it and below every seat the scenario moves into it (one walk down), kept
    where the scenario's reporting lines lead to the seat; then the cards of those."""
    found = reports_of(overlay, position_id)
    if found is None or position_id < 0:
        return found
    seat, _reports = found
    if chart.branch_too_large(seat):
        return seat, []
    moved_in = [pk for pk in overlay.projection.manager if overlay.reaches(pk, position_id)]
    below = overlay.live_below([position_id, *moved_in])
    inside = {pk for pk in below if pk != position_id and overlay.reaches(pk, position_id)}
    rows = list(Position.objects.for_chart().filter(pk__in=inside))
    kids = overlay.seats(rows, managers=inside | {position_id})
    by_manager = chart._below(kids)
    top = chart._ordered(by_manager.get(position_id, []))
    return seat, [chart._build(kid, by_manager, 0, chart.MAX_ID) for kid in top]


def in_focus(overlay: Overlay, position_id: int) -> tuple[Position, chart.Node] | None:
    """chart.in_focus in the scenario: the seat's chain to the top, its siblings and its reports
    (the overlay was built with `also=[position_id]`, so the chain is known)."""
    if position_id not in overlay.live or position_id in overlay.dropped:
        return None
    chain = [position_id]
    while (up := overlay.manager_of(chain[-1])) is not None and up not in chain:
        chain.append(up)
    parent = chain[1] if len(chain) > 1 else None
    around = {position_id} | ({parent} if parent is not None else set())
    rows = list(overlay.reports_read(around, also=chain))
    on_chain = overlay.seats([s for s in rows if s.pk in chain])
    others = overlay.seats([s for s in rows if s.pk not in chain], managers=around)
    seats = {s.pk: s for s in on_chain + others}
    if position_id not in seats:
        return None
    focus = seats[position_id]

    def kids(pk: int) -> list[Position]:
        return chart._ordered([s for s in seats.values() if s.manager_id == pk])

    node = chart.Node(focus, [chart.Node(s) for s in kids(position_id)], on_path=True, focused=True)
    if parent is not None:
        node = chart.Node(
            seats[parent],
            [node if s.pk == position_id else chart.Node(s) for s in kids(parent)],
            on_path=True,
        )
    for pk in chain[2:]:
        node = chart.Node(seats[pk], [node], on_path=True)
    return focus, node
