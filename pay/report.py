"""The gender pay gap report of Art. 9 of Directive (EU) 2023/970 for a reference year.

(a) mean gap, (b) mean gap of variable pay, (c) median gap, (d) median gap of variable pay,
(e) share of women and men receiving variable pay, (f) share of women and men in each pay
quartile, (g) the gap per category of workers, split into basic and variable pay.

Choices (docs/pay-transparency.md says why):
- Pay is gross pay per hour: each amount of the year divided by contractual weekly hours x 52,
  so a part-time worker's pay compares with a full-time worker's (Art. 3(1)(c): "pay level").
- A gap is (men - women) / men x 100, in per cent of men's pay: positive when women earn less.
- The variable gaps (b), (d) compare the workers who received variable pay (bonus, commission,
  allowances), as the share (e) then says how many did; per category (g) every worker counts,
  those without variable pay with 0.
- Quartiles (f): everyone sorted by hourly pay; the upper edge of quartile k is the pay at rank
  ⌈n·k/4⌉ (nearest rank); a worker belongs to the first quartile whose edge is at least their
  pay. Equal pay is never split across two quartiles, so quartiles can differ in size.
- Workers of sex "other" or not recorded are counted but in no comparison of women and men.
- One currency a report: the most common in the scope unless asked; records in another currency
  are counted as left out (a site pays in one currency).
- A group of women or of men smaller than the threshold (settings.PAY_REPORT_MIN_GROUP,
  default 5) makes the figures that compare it "too few to report" (`suppressed`): the page for
  HR still shows the counts and figures, the CSV and PDF show neither.
- The category and site of a worker are those of the seat they held in the reference year: the
  last one they held in it, from the dated assignments (at the year's end, or on their last day for
  a leaver of that year), with the seat's role and site as they were on that day (the seat's
  history). The role's category is the one HR gives it now. Without a seat in that year: the
  person's own site and no category.
- A report is for every site, one site, or the sites of one legal entity (EntitySite).
"""

import datetime
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from statistics import mean, median

from django.conf import settings
from django.db.models import IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Least

from people.models import Assignment, Position

from .models import EntitySite, JobEvaluation, PayRecord, Sex, WorkerCategory

WEEKS = Decimal(52)
FLAG_AT = Decimal(5)  # Art. 10(1)(a): a difference of at least 5 %
ONE_PLACE = Decimal("0.1")


def threshold() -> int:
    return settings.PAY_REPORT_MIN_GROUP


@dataclass(frozen=True)
class Worker:
    sex: str
    basic: Decimal  # per hour
    variable: Decimal  # per hour
    category_id: int | None = None

    @property
    def total(self) -> Decimal:
        return self.basic + self.variable


@dataclass
class Gap:
    """A comparison of women and men: their counts, the gap in per cent, and whether the groups
    are too small for it to leave HR."""

    women: int
    men: int
    value: Decimal | None  # None: a group is empty or men's pay is zero
    suppressed: bool

    @property
    def flagged(self) -> bool:
        return self.value is not None and abs(self.value) >= FLAG_AT


@dataclass
class Quartile:
    number: int
    low: Decimal | None
    high: Decimal | None
    women: int
    men: int
    suppressed: bool

    @property
    def women_pct(self) -> Decimal | None:
        return _share(self.women, self.women + self.men)

    @property
    def men_pct(self) -> Decimal | None:
        return _share(self.men, self.women + self.men)


@dataclass
class CategoryGap:
    category: WorkerCategory | None
    total: Gap
    basic: Gap
    variable: Gap

    @property
    def flagged(self) -> bool:
        return self.total.flagged


@dataclass
class Report:
    year: int
    currency: str
    site_id: int | None
    threshold: int
    entity_id: int | None = None
    women: int = 0
    men: int = 0
    others: int = 0  # "other" and not recorded
    left_out: int = 0  # records in another currency
    mean: Gap | None = None
    median: Gap | None = None
    variable_mean: Gap | None = None
    variable_median: Gap | None = None
    variable_women: int = 0  # women receiving variable pay
    variable_men: int = 0
    quartiles: list[Quartile] = field(default_factory=list)
    categories: list[CategoryGap] = field(default_factory=list)
    currencies: list[str] = field(default_factory=list)

    @property
    def variable_women_pct(self) -> Decimal | None:
        return _share(self.variable_women, self.women)

    @property
    def variable_men_pct(self) -> Decimal | None:
        return _share(self.variable_men, self.men)

    @property
    def variable_share_suppressed(self) -> bool:
        return self.women < self.threshold or self.men < self.threshold

    @property
    def flagged(self) -> list[CategoryGap]:
        return [c for c in self.categories if c.flagged]


def _round(value: Decimal) -> Decimal:
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def _share(part: int, whole: int) -> Decimal | None:
    return _round(Decimal(part) * 100 / whole) if whole else None


def gap(women: list[Decimal], men: list[Decimal], average, minimum: int) -> Gap:
    """(average of men - average of women) / average of men, in per cent, to one place."""
    value = None
    if women and men:
        of_men = Decimal(average(men))
        if of_men:
            value = _round((of_men - Decimal(average(women))) * 100 / of_men)
    return Gap(len(women), len(men), value, len(women) < minimum or len(men) < minimum)


def quartiles(workers: list[Worker], minimum: int) -> list[Quartile]:
    """Four pay quartiles of women and men by hourly pay (nearest-rank edges, ties kept
    together in the lower quartile)."""
    pays = sorted(w.total for w in workers)
    if not pays:
        return []
    n = len(pays)
    edges = [pays[math.ceil(n * k / 4) - 1] for k in (1, 2, 3, 4)]
    counts = [Counter() for _ in edges]
    for worker in workers:
        k = next(i for i, edge in enumerate(edges) if worker.total <= edge)
        counts[k][worker.sex] += 1
    found, low = [], None
    for number, (edge, count) in enumerate(zip(edges, counts, strict=True), start=1):
        size = count[Sex.FEMALE] + count[Sex.MALE]
        found.append(
            Quartile(number, low, edge, count[Sex.FEMALE], count[Sex.MALE], size < minimum)
        )
        low = edge
    return found


def _compare(workers: list[Worker], value, minimum: int, average) -> Gap:
    women = [value(w) for w in workers if w.sex == Sex.FEMALE]
    men = [value(w) for w in workers if w.sex == Sex.MALE]
    return gap(women, men, average, minimum)


def from_workers(
    workers: list[Worker], *, year: int, currency: str, site_id=None, categories=None
) -> Report:
    """The report of these workers (their pay per hour in one currency)."""
    minimum = threshold()
    compared = [w for w in workers if w.sex in (Sex.FEMALE, Sex.MALE)]
    receiving = [w for w in compared if w.variable > 0]
    report = Report(year, currency, site_id, minimum)
    report.women = sum(1 for w in compared if w.sex == Sex.FEMALE)
    report.men = len(compared) - report.women
    report.others = len(workers) - len(compared)
    report.mean = _compare(compared, lambda w: w.total, minimum, mean)
    report.median = _compare(compared, lambda w: w.total, minimum, median)
    report.variable_mean = _compare(receiving, lambda w: w.variable, minimum, mean)
    report.variable_median = _compare(receiving, lambda w: w.variable, minimum, median)
    report.variable_women = sum(1 for w in receiving if w.sex == Sex.FEMALE)
    report.variable_men = len(receiving) - report.variable_women
    report.quartiles = quartiles(compared, minimum)
    by_category: dict[int | None, list[Worker]] = defaultdict(list)
    for worker in compared:
        by_category[worker.category_id].append(worker)
    names = categories or {}
    report.categories = [
        CategoryGap(
            names.get(key),
            _compare(group, lambda w: w.total, minimum, mean),
            _compare(group, lambda w: w.basic, minimum, mean),
            _compare(group, lambda w: w.variable, minimum, mean),
        )
        for key, group in sorted(
            by_category.items(), key=lambda item: (item[0] is None, str(names.get(item[0], "")))
        )
    ]
    return report


def hourly(amount: Decimal, weekly_hours: Decimal) -> Decimal:
    return amount / (weekly_hours * WEEKS)


def _as_it_was(field: str):
    """The seat's `field` (role, site) on the last day the person held it in the year, from the
    seat's history: a seat whose role or site changed since is placed as it was. The seat as it
    is now when its history does not reach back to that day."""
    then = Position.history.model.objects.filter(
        id=OuterRef("position_id"), history_date__date__lte=OuterRef("last_day")
    ).order_by("-history_date", "-history_id")
    return Coalesce(
        Subquery(then.values(field)[:1]), f"position__{field}", output_field=IntegerField()
    )


def _seat_held_in(year: int):
    """The pay record's person's seat of the reference year: the last one they held in it (at
    the year's end, or on their last day for a leaver of that year), from the dated
    assignments, so a report made later neither drops leavers nor moves movers; with the role
    and site the seat had on that day."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        Assignment.objects.filter(person=OuterRef("person"), started_on__lte=last)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
        .annotate(last_day=Least(Coalesce("ended_on", Value(last)), Value(last)))
        .annotate(role_then=_as_it_was("role_id"), site_then=_as_it_was("site_id"))
        .order_by("-started_on", "-id")
    )


def _in_scope(site_id: int | None, entity_id: int | None):
    """Whether a worker placed at a site counts: every site, one site, or an entity's sites."""
    if entity_id is not None:
        sites = set(
            EntitySite.objects.filter(entity_id=entity_id).values_list("site_id", flat=True)
        )
        return lambda place: place in sites and (site_id is None or place == site_id)
    return lambda place: site_id is None or place == site_id


def pay_report(
    *, year: int, site_id: int | None = None, entity_id: int | None = None, currency: str = ""
) -> Report:
    """The Art. 9 report of a reference year for one site, the sites of one legal entity, or
    every site (both None), from the pay records of that year. Two queries (three with an
    entity): the records with their seat of the year, the categories of roles."""
    held = _seat_held_in(year)
    records = (
        PayRecord.objects.of_year(year)
        .annotate(
            held_site=Subquery(held.values("site_then")[:1]),
            held_role=Subquery(held.values("role_then")[:1]),
        )
        .values_list(
            "currency",
            "basic",
            "bonus",
            "commission",
            "allowances",
            "weekly_hours",
            "person__pay_profile__sex",
            "held_site",
            "person__site_id",
            "held_role",
        )
    )
    counts = _in_scope(site_id, entity_id)
    rows = [r for r in records if counts(r[7] or r[8])]
    counted = Counter(r[0] for r in rows)
    chosen = currency or (counted.most_common(1)[0][0] if counted else "")
    evaluations = JobEvaluation.objects.filter(category__isnull=False).select_related("category")
    category_of = {e.role_id: e.category for e in evaluations}
    workers = [
        Worker(
            sex or "",
            hourly(basic, hours),
            hourly(bonus + commission + allowances, hours),
            category_of[role].pk if role in category_of else None,
        )
        for (cur, basic, bonus, commission, allowances, hours, sex, _s, _p, role) in rows
        if cur == chosen
    ]
    names = {c.pk: c for c in category_of.values()}
    report = from_workers(workers, year=year, currency=chosen, site_id=site_id, categories=names)
    report.entity_id = entity_id
    report.left_out = sum(n for cur, n in counted.items() if cur != chosen)
    report.currencies = sorted(counted)
    return report
