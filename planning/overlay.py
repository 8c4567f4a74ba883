"""A scenario's chart as an overlay on the live chart's own reads (issue 17).

The live chart reads only the seats it draws and shows the counts stored on them (direct_count,
seat_count, headcount). A scenario's chart does the same: it reads the seats the live chart would
read, adds the seats the scenario (and the pending changes due before it) moves or opens under
them, drops those it moves away or closes, and corrects the stored counts only along the chains
its changes touch: each moved, closed or re-held seat cuts the live tree; the part of the tree it
heads (down to the next cut) leaves its live chain of managers and joins its new one, a delta per
ancestor. Nothing is counted over the whole org and nothing of it is copied.

The live facts the changes need (reporting lines to check a move against, the stored counts of
the seats they move) are read in one walk up from every seat a change names.
"""

from collections import defaultdict

from django.db import connection
from django.db.models import Q

from people import chart, tree
from people.models import Person, Position, Site
from roles.models import Role

from .models import Kind, PlannedChange, Scenario, Status
from .projection import Projection, Seat
from .services import change_problems

# What the page's list of changes in words shows of each (pages/views/scenarios._change_rows).
_RELATED = ("person", "position__role", "new_manager__role", "new_manager__holder", "role", "site")


def _changes(scenario: Scenario, words: bool) -> tuple[list[PlannedChange], list[PlannedChange]]:
    """The scenario's drafts, and the changes to lay over the live org in order: the pending
    changes due by its day, then its drafts (planning.scenarios.scenario_org's); one query.
    words: with what the changes in words show (the chart page lists them)."""
    rows = PlannedChange.objects.filter(
        Q(status=Status.PENDING, effective_on__lte=scenario.effective_on)
        | Q(scenario=scenario, status=Status.DRAFT)
    ).select_related(*(_RELATED if words else ("person", "position")))
    pending = sorted(
        (c for c in rows if c.status == Status.PENDING), key=lambda c: (c.effective_on, c.pk)
    )
    mine = sorted((c for c in rows if c.status == Status.DRAFT), key=lambda c: (c.step, c.pk))
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

# id, manager, direct reports, seats below, people below, whether held: every seat above (and
# including) the seats asked for, one walk up from all of them at once.
_CHAINS = f"""
    WITH RECURSIVE up(id, depth) AS (
        SELECT id, 0 FROM {tree.TABLE} WHERE id IN ({{ids}})
        UNION
        SELECT p.manager_id, up.depth + 1 FROM {tree.TABLE} p JOIN up ON p.id = up.id
        WHERE p.manager_id IS NOT NULL AND up.depth < {tree.MAX_DEPTH}
    )
    SELECT p.id, p.manager_id, p.direct_count, p.seat_count, p.headcount, p.holder_id,
        p.role_id, p.site_id, p.archived_on
    FROM {tree.TABLE} p WHERE p.id IN (SELECT id FROM up)
"""


def marks(mine: list[PlannedChange], failed: dict) -> dict[int, str]:
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


class Overlay:
    """The scenario's changes over the live org, ready to lay over the seats a chart reads.

    people_moves False (a manager the scenario is shared with): holders stay as they are today
    (the hire-date rule, pages/views/scenarios.py); structure changes show to all its readers.
    `also`: seats whose chain the caller needs (the seat in focus). words: read the changes with
    what the page's changes in words show (`mine`)."""

    def __init__(self, scenario: Scenario, *, people_moves: bool = True, also=(), words=False):
        mine, changes = _changes(scenario, words)
        self.mine = mine
        named = {pk for c in changes for pk in (c.position_id, c.new_manager_id) if pk}
        named |= {pk for pk in also if pk and pk > 0}
        self.live: dict[int, tuple] = {}
        self.live_manager: dict[int, int | None] = {}
        projection = Projection(live_manager=self.live_manager)
        self.projection: Projection = projection
        self._read_chains(named)
        for pk in named:  # a seat a change names that is gone: known not to exist
            projection._seats.setdefault(pk, None)
        # planning.services.simulate, with the seats' live facts read by the walk up above
        projection.load(person_ids={c.person_id for c in changes})
        failed: dict = {}
        for change in changes:
            if problems := change_problems(change, projection):
                failed[change.pk] = problems
            else:
                projection.add(change)
        # The seats people leave (a transfer's, a promotion's old seat) are named by no change.
        self._read_chains({*projection.holder, *projection.closed} - set(self.live))
        self.people_moves = people_moves
        self.marks = marks(mine, failed)
        if not people_moves:
            self.marks = {pk: m for pk, m in self.marks.items() if m != "holder"}
        self.ghosts = {pk for pk, mark in self.marks.items() if mark == "closed"}
        self.dropped = projection.closed - self.ghosts
        self.new_seats = {-new.change_id: new for new in projection.new_seats}
        self._deltas()

    def _read_chains(self, seats: set[int]) -> None:
        if not seats:
            return
        ids = sorted(seats)
        with connection.cursor() as cursor:
            cursor.execute(_CHAINS.format(ids=", ".join(["%s"] * len(ids))), ids)
            rows = cursor.fetchall()
        for pk, manager, direct, below, people, holder, role, site, archived in rows:
            self.live[pk] = (manager, direct, below, people, holder is not None)
            self.live_manager[pk] = manager
            self.projection._seats[pk] = Seat(manager, role, site, holder, archived is not None)

    # ------------------------------------------------------------ the org as it would be

    def manager_of(self, pk: int) -> int | None:
        if pk < 0:
            return self.new_seats[pk].manager
        if pk in self.projection.manager:
            return self.projection.manager[pk]
        return self.live_manager.get(pk)

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
        for pk in cuts:  # less the parts below the next cuts down: those move on their own
            up = self.live_manager.get(pk)
            while up is not None and up not in cuts:
                up = self.live_manager.get(up)
            if up is not None:
                weight[up][0] -= weight_of_live(self.live[pk])[0]
                weight[up][1] -= weight_of_live(self.live[pk])[1]

        def along(pk: int, seats: int, people: int, final: bool) -> None:
            up = self.manager_of(pk) if final else self.live_manager.get(pk)
            seen = set()
            while up is not None and up not in seen:
                if final and up in p.closed:
                    return  # below a closed seat: counted for nothing, as the full projection
                seen.add(up)
                delta[up][1] += seats
                delta[up][2] += people
                up = self.manager_of(up) if final else self.live_manager.get(up)

        for pk in cuts:
            seats, people = weight[pk]
            along(pk, -seats, -people, final=False)
            if self.live_manager.get(pk) is not None:
                delta[self.live_manager[pk]][0] -= 1
            if pk in p.closed:
                continue
            along(pk, seats, people - self.live[pk][4] + self._held(pk), final=True)
            if self.manager_of(pk) is not None:
                delta[self.manager_of(pk)][0] += 1
        for pk, new in self.new_seats.items():
            along(pk, 1, 0, final=True)
            delta[new.manager][0] += 1
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

    def level_size(self, seats: list[Position]) -> int:
        """The cards one level below these: their reports as the scenario counts them, and the
        seats it closes (still drawn, marked)."""
        ids = {s.pk for s in seats}
        ghosts = sum(1 for pk in self.ghosts if self.manager_of(pk) in ids)
        return sum(s.direct_count for s in seats) + ghosts


def weight_of_live(row: tuple) -> tuple[int, int]:
    _m, _d, below, people, is_held = row
    return below + 1, people + is_held


def top_of_org(overlay: Overlay) -> list[chart.Node]:
    """chart.top_of_org in the scenario: the first levels, as many as fit the card budget, read
    level by level (the size of the next level is known from the corrected counts first)."""
    roots = overlay.seats(
        list(Position.objects.for_chart().filter(manager_id__isnull=True, archived_on__isnull=True))
    )
    seats, level, shown = list(roots), roots, len(roots)
    for _depth in range(1, chart.MAX_OPEN_DEPTH):
        size = overlay.level_size(level)
        if not size or shown + size > chart.CARD_BUDGET:
            break
        ids = {s.pk for s in level}
        level = overlay.seats(list(overlay.reports_read(ids)), managers=ids)
        seats += level
        shown += len(level)
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
