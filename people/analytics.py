"""Structure analytics of the org (docs/analytics.md): spans of control against each role's
norm, layers from the top, vacancies, time in role, headcount and salary cost per branch.

Two queries whatever the org's size: every seat with its holder's pay and the day the holder
took the seat (one row a seat), and the roles. The figures are sums over those rows in Python;
the depth of every seat comes from one walk down from the top.
"""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from roles.models import Role, Track

from .tree import TABLE, reading

DAYS_A_MONTH = Decimal("30.44")
CENTS = Decimal("0.01")  # SQLite hands salaries back as floats


@dataclass(frozen=True)
class SeatRow:
    id: int
    manager_id: int | None
    role_id: int
    direct: int
    held: bool
    name: str
    salary: Decimal | None
    currency: str
    started_on: datetime.date | None


_SEATS = f"""
    SELECT p.id, p.manager_id, p.role_id, p.direct_count, p.holder_id,
           h.first_name, h.last_name, h.name_withheld, h.salary, h.salary_currency, a.started_on
    FROM {TABLE} p
    LEFT JOIN people_person h ON h.id = p.holder_id
    LEFT JOIN people_assignment a ON a.position_id = p.id AND a.ended_on IS NULL
    WHERE p.archived_on IS NULL
"""


def _date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])  # SQLite may hand back text


def _name(first, last, withheld) -> str:
    if withheld:
        return str(_("Name withheld"))
    return f"{first or ''} {last or ''}".strip()


def seat_rows() -> list[SeatRow]:
    """Every seat of the org (not the archived ones) with what the figures need of its holder;
    one query, on a replica when the request may read one."""
    with reading().cursor() as cursor:
        cursor.execute(_SEATS)
        return [
            SeatRow(
                id=pk,
                manager_id=manager_id,
                role_id=role_id,
                direct=direct,
                held=holder_id is not None,
                name=_name(first, last, withheld) if holder_id is not None else "",
                salary=None if salary is None else Decimal(str(salary)).quantize(CENTS),
                currency=currency or "",
                started_on=_date(started_on),
            )
            for (pk, manager_id, role_id, direct, holder_id, first, last, withheld, salary,
                 currency, started_on) in cursor.fetchall()
        ]  # fmt: skip


def span_flags(direct: int, role: Role) -> tuple[str, bool]:
    """("over" | "under" | "", single report) of a seat with `direct` reports in `role`.

    The same rules as PositionQuerySet.over_span, under_span and single_report.
    """
    if direct == 0:
        return "", False
    fewest, most = role.span_limits
    norm = "over" if direct > most else "under" if fewest and direct < fewest else ""
    return norm, direct == 1 and role.track != Track.EXECUTIVE


@dataclass
class Span:
    seat_id: int
    name: str
    role: Role
    direct: int
    norm: str  # "over", "under" or ""
    single: bool

    @property
    def limits(self) -> tuple[int | None, int]:
        return self.role.span_limits


@dataclass
class Layer:
    level: int  # 1 is the top
    seats: int = 0
    vacant: int = 0
    managers: int = 0

    @property
    def people(self) -> int:
        return self.seats - self.vacant


@dataclass
class Branch:
    seat_id: int
    name: str
    role: Role
    seats: int = 0
    vacant: int = 0
    cost: dict[str, Decimal] = field(default_factory=dict)
    unpaid: int = 0  # people with no salary recorded

    @property
    def people(self) -> int:
        return self.seats - self.vacant

    @property
    def vacancy_rate(self) -> float:
        return self.vacant / self.seats if self.seats else 0.0

    @property
    def vacancy_pct(self) -> float:
        return round(self.vacancy_rate * 100, 1)


@dataclass
class Tenure:
    role: Role
    people: int
    median_months: Decimal
    mean_months: Decimal


@dataclass
class Structure:
    seats: int
    vacant: int
    spans: list[Span]
    layers: list[Layer]
    branches: list[Branch]
    branches_under: int | None  # the seat whose reports are the branches; None: the tops
    tenure: list[Tenure]
    median_months: Decimal | None

    @property
    def vacancy_rate(self) -> float:
        return self.vacant / self.seats if self.seats else 0.0

    @property
    def vacancy_pct(self) -> float:
        return round(self.vacancy_rate * 100, 1)

    @property
    def out_of_norm(self) -> list[Span]:
        return [s for s in self.spans if s.norm]

    @property
    def single_report(self) -> list[Span]:
        return [s for s in self.spans if s.single]


def _months(days: float) -> Decimal:
    return (Decimal(str(days)) / DAYS_A_MONTH).quantize(Decimal("0.1"))


def _walk(below: dict) -> dict[int, int]:
    """The level of every seat (1 at the top), breadth-first from the tops."""
    level = {r.id: 1 for r in below.get(None, [])}
    queue = list(below.get(None, []))
    for row in queue:
        for kid in below.get(row.id, []):
            level[kid.id] = level[row.id] + 1
            queue.append(kid)
    return level


def default_branch_parent(below: dict) -> int | None:
    """The first seat from the top with more than one report (the CCO → VP → Head of Customer
    Service chain has one each); its reports are the branches. None: several tops are."""
    tops = below.get(None, [])
    if len(tops) != 1:
        return None
    seat = tops[0]
    while len(below.get(seat.id, [])) == 1:
        seat = below[seat.id][0]
    return seat.id


def _branches(by_id: dict, below: dict, under: int | None, roles: dict) -> list[Branch]:
    tops = below.get(None, []) if under is None else below.get(under, []) or [by_id[under]]
    tops = sorted(tops, key=lambda row: row.id)  # the rows come in no order (no ORDER BY)
    branches = []
    for top in tops:
        branch = Branch(top.id, top.name, roles[top.role_id])
        stack = [top]
        while stack:
            row = stack.pop()
            branch.seats += 1
            branch.vacant += not row.held
            if row.held and row.salary is not None and row.currency:
                branch.cost[row.currency] = branch.cost.get(row.currency, 0) + row.salary
            elif row.held:
                branch.unpaid += 1
            stack.extend(below.get(row.id, []))
        branches.append(branch)
    return branches


def _tenure(rows: list[SeatRow], roles: dict, today: datetime.date) -> list[Tenure]:
    days: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        if row.held and row.started_on is not None:
            days[row.role_id].append(max((today - row.started_on).days, 0))
    return [
        Tenure(
            roles[role_id],
            len(values),
            _months(statistics.median(values)),
            _months(statistics.fmean(values)),
        )
        for role_id, values in days.items()
    ]


def structure(*, branches_under: int | None = None, today: datetime.date) -> Structure:
    """The figures of the whole org; branches are the reports of `branches_under` (default: the
    first seat from the top with more than one report). Two queries. LookupError for an unknown
    `branches_under`."""
    rows = seat_rows()
    roles = {r.pk: r for r in Role.objects.all()}
    by_id = {r.id: r for r in rows}
    below: dict[int | None, list[SeatRow]] = defaultdict(list)
    for row in rows:
        below[row.manager_id if row.manager_id in by_id else None].append(row)
    levels = _walk(below)
    layers: dict[int, Layer] = {}
    spans = []
    for row in rows:
        layer = layers.setdefault(levels.get(row.id, 0), Layer(levels.get(row.id, 0)))
        layer.seats += 1
        layer.vacant += not row.held
        if row.direct:
            layer.managers += 1
            norm, single = span_flags(row.direct, roles[row.role_id])
            spans.append(Span(row.id, row.name, roles[row.role_id], row.direct, norm, single))
    if branches_under is None:
        branches_under = default_branch_parent(below)
    elif branches_under not in by_id:
        raise LookupError(branches_under)
    all_days = [
        max((today - r.started_on).days, 0) for r in rows if r.held and r.started_on is not None
    ]
    return Structure(
        seats=len(rows),
        vacant=sum(not r.held for r in rows),
        spans=spans,
        layers=[layers[k] for k in sorted(layers)],
        branches=_branches(by_id, below, branches_under, roles) if rows else [],
        branches_under=branches_under,
        tenure=_tenure(rows, roles, today),
        median_months=_months(statistics.median(all_days)) if all_days else None,
    )
