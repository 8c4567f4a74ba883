"""The org as it was on a date, rebuilt from the history.

Who held which seat comes from the assignments (held on a date when it started on or before it
and ended after it, or not at all: an assignment ending on a day is already over that day, so a
promotion dated D shows the person in the new seat on D). Reporting lines, roles and sites come
from the seats' historical rows (the last one written before the end of the date).

Who may see what: the holders of a day reveal when people started and left a seat, so for a
viewer who may not see a person's hire and exit dates (docs/access.md) that person is placed as on
the first day of the month of the date asked for: bisecting dates finds at most the month. People
whose dates the viewer may see (everyone for HR; themself; a manager's subtree) are placed as on
the day itself. Where both would sit in one seat, the month's holder wins, so what is shown never
depends on a hidden person's day. `load` applies this rule for the page and the API alike.

Approximations, said on the page and in docs/history.md: a seat with no history row before the
date (it existed before history was kept, e.g. the demo org, or was never changed) is shown as it
is now; a seat whose first history row is its creation after the date is left out; seats removed
before the date are left out.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from roles.models import Role

from . import chart, tree
from .access import DateScope, date_scope
from .models import Assignment, Person, Position, Site


@dataclass
class AsOf:
    day: datetime.date | None = None  # None: today's org
    problem: str | None = None  # what to tell the user
    bad: bool = False  # not a date at all (400); a future date only gets a message
    future: datetime.date | None = None  # a day after today: the org as planned (planning/)


def parse_as_of(raw: str | None) -> AsOf:
    """The date asked for, or a message. Empty means today's org; so does a future date."""
    raw = (raw or "").strip()
    if not raw:
        return AsOf()
    try:
        day = datetime.date.fromisoformat(raw[:10]) if len(raw) == 10 else None
    except ValueError:
        day = None
    if day is None:
        return AsOf(
            bad=True,
            problem=_("“%(value)s” is not a date; use YYYY-MM-DD, e.g. 2026-01-31.")
            % {"value": raw[:20]},
        )
    if day > timezone.localdate():
        return AsOf(
            problem=_("%(date)s is in the future; the org of today is shown.") % {"date": day},
            future=day,
        )
    return AsOf(day=day)


def _end_of(day: datetime.date) -> datetime.datetime:
    start = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(start)


@dataclass
class OrgAsOf:
    day: datetime.date
    seats: dict[int, tuple[int | None, int, int | None, bool]]  # id → manager, role, site, asst.
    holders: dict[int, int]  # seat id → person id
    approximated: int  # seats shown as they are now, for want of history before the date

    def counts(self) -> dict[int, tree.Counts]:
        return tree.derived_counts(
            (pk, seat[0], pk in self.holders) for pk, seat in self.seats.items()
        )


def load(day: datetime.date, *, viewer) -> OrgAsOf:
    """Every seat of the org on `day` with its holder as `viewer` may see it (see the module's
    docstring; None: exact for everyone, for commands and tests); four queries whatever the size,
    one more for a manager's subtree."""
    history = Position.history.model
    cutoff = _end_of(day)
    latest = (
        history.objects.filter(history_date__lt=cutoff)
        .values("id")
        .annotate(last=Max("history_id"))
        .values("last")
    )
    seats: dict[int, tuple] = {}
    removed: set[int] = set()
    for pk, manager, role, site, assistant, kind, archived in history.objects.filter(
        history_id__in=latest
    ).values_list(
        "id", "manager_id", "role_id", "site_id", "is_assistant", "history_type", "archived_on"
    ):
        if kind == "-" or (archived is not None and archived <= day):
            removed.add(pk)
        else:
            seats[pk] = (manager, role, site, bool(assistant))
    created_later = history.objects.filter(history_type="+", history_date__gte=cutoff).values("id")
    approximated = 0
    for pk, manager, role, site, assistant, archived in (
        Position.objects.exclude(id__in=created_later)
        .order_by()
        .values_list("id", "manager_id", "role_id", "site_id", "is_assistant", "archived_on")
    ):
        if archived is not None and archived <= day:  # archived by then, maybe with a past date
            seats.pop(pk, None)
        elif pk not in seats and pk not in removed:
            seats[pk] = (manager, role, site, bool(assistant))
            approximated += 1
    scope = DateScope(everyone=True) if viewer is None else date_scope(viewer)
    holders = {seat: person for seat, person in _holders(day, scope).items() if seat in seats}
    return OrgAsOf(day=day, seats=seats, holders=holders, approximated=approximated)


def _holders(day: datetime.date, scope: DateScope) -> dict[int, int]:
    """seat id → person id on `day`; people outside `scope` as on the first of its month."""
    held_on_day = Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    if scope.everyone:
        return dict(Assignment.objects.filter(held_on_day).values_list("position_id", "person_id"))
    month = day.replace(day=1)
    rows = (
        Assignment.objects.filter(started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=month))
        .values_list(
            "position_id", "person_id", "started_on", "ended_on", "person__user", "person__position"
        )
    )
    exact: dict[int, int] = {}
    by_month: dict[int, int] = {}
    for seat, person, started, ended, user_id, seat_now in rows:
        if scope.covers(user_id, seat_now):
            if started <= day and (ended is None or ended > day):
                exact[seat] = person
        elif started <= month and (ended is None or ended > month):
            by_month[seat] = person
    return exact | by_month


def _positions(org: OrgAsOf, ids: list[int], counts: dict) -> list[Position]:
    """Unsaved Position objects for the cards, as they were; three queries."""
    roles = Role.objects.in_bulk({org.seats[pk][1] for pk in ids})
    people = Person.objects.in_bulk([org.holders[pk] for pk in ids if pk in org.holders])
    sites = Site.objects.in_bulk({org.seats[pk][2] for pk in ids} - {None})
    shown = []
    for pk in ids:
        manager, role, site, assistant = org.seats[pk]
        if role not in roles:  # a removed seat whose role was removed since: nothing to show
            continue
        direct, below, people_below = counts.get(pk, (0, 0, 0))
        shown.append(
            Position(
                pk=pk,
                manager_id=manager,
                role=roles[role],
                holder=people.get(org.holders.get(pk)),
                site=sites.get(site),
                is_assistant=assistant,
                direct_count=direct,
                seat_count=below,
                headcount=people_below,
            )
        )
    return shown


def top_of_org(org: OrgAsOf) -> list[chart.Node]:
    """The chart from the top as it was, as many levels open as fit the card budget."""
    below: dict[int | None, list[int]] = {}
    for pk, seat in org.seats.items():
        below.setdefault(seat[0] if seat[0] in org.seats else None, []).append(pk)
    ids, level = [], below.get(None, [])
    for _depth in range(chart.MAX_OPEN_DEPTH):
        ids += level
        level = [kid for pk in level for kid in below.get(pk, [])]
    seats = _positions(org, ids, org.counts())
    for seat in seats:  # seats under a manager the history does not show hang from the top
        if seat.manager_id not in org.seats:
            seat.manager_id = None
    by_manager = chart._below(seats)
    roots = chart._ordered(by_manager.get(None, []))
    open_depth = chart._open_depth(roots, by_manager)
    return [chart._build(root, by_manager, 0, open_depth) for root in roots]


def children_rows(org: OrgAsOf, position_id: int) -> list[dict]:
    """The seat (depth 0) and its direct reports (depth 1) as they were, in the shape of
    tree.children_rows; empty when the seat did not exist on the day."""
    if position_id not in org.seats:
        return []
    kids = [pk for pk, seat in org.seats.items() if seat[0] == position_id]
    seats = _positions(org, [position_id, *kids], org.counts())
    rows = []
    for seat in seats:
        holder = seat.holder
        rows.append(
            {
                "id": seat.pk,
                "manager_id": seat.manager_id,
                "role_id": seat.role.pk,
                "role_slug": seat.role.slug,
                "role_title": seat.role.title,
                "holder_id": holder.pk if holder else None,
                "employee_id": holder.employee_id if holder else None,
                "first_name": holder.first_name if holder else None,
                "last_name": holder.last_name if holder else None,
                "site_id": seat.site.pk if seat.site else None,
                "is_assistant": seat.is_assistant,
                "direct_count": seat.direct_count,
                "seat_count": seat.seat_count,
                "headcount": seat.headcount,
                "depth": 0 if seat.pk == position_id else 1,
            }
        )
    rows[1:] = sorted(rows[1:], key=lambda r: r["id"])
    return rows


def _below(org: OrgAsOf) -> dict[int | None, list[int]]:
    below: dict[int | None, list[int]] = {}
    for pk, seat in org.seats.items():
        below.setdefault(seat[0], []).append(pk)
    return below


def reports_of(org: OrgAsOf, position_id: int) -> tuple[Position, list[chart.Node]] | None:
    """The seat and its direct reports on the org's day as collapsed cards (the shape of
    chart.reports_of), for expanding a card of a dated chart; None when the seat is not in it."""
    if position_id not in org.seats:
        return None
    kids = _below(org).get(position_id, [])
    seats = _positions(org, [position_id, *kids], org.counts())
    seat = next((s for s in seats if s.pk == position_id), None)
    if seat is None:
        return None
    return seat, [chart.Node(s) for s in chart._ordered([s for s in seats if s is not seat])]


def branch_of(org: OrgAsOf, position_id: int) -> tuple[Position, list[chart.Node]] | None:
    """The seat and its whole branch on the org's day, every level open (chart.branch_of's
    shape); an empty branch when it has more than chart.BRANCH_LIMIT seats."""
    if position_id not in org.seats:
        return None
    counts = org.counts()
    if counts.get(position_id, (0, 0, 0))[1] > chart.BRANCH_LIMIT:
        return _positions(org, [position_id], counts)[0], []
    below, ids, level = _below(org), [], [position_id]
    while level:
        ids += level
        level = [kid for pk in level for kid in below.get(pk, [])]
    seats = _positions(org, ids, counts)
    seat = next((s for s in seats if s.pk == position_id), None)
    if seat is None:
        return None
    by_manager = chart._below(s for s in seats if s is not seat)
    kids = chart._ordered(by_manager.get(position_id, []))
    return seat, [chart._build(kid, by_manager, 0, chart.MAX_ID) for kid in kids]
