"""How ready a person is for the roles their current role leads to.

The rule for the verdict (also in docs/ladder.md):
- ready:   the minimum months in role are served, no required skill is below its level, and every
           measurable criterion is met by the latest measurement;
- nearly:  at most 3 months to go, skill gaps of at most one level each and at most two levels in
           all, and no criterion known to be missed (a criterion without a measurement is open);
- not yet: anything else.

Everything is read in bulk: a constant number of queries for one person or for a page of people.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from people.access import people_with_visible_dates
from people.models import Assignment, AssignmentReason, Person, PersonSkill, Position
from roles import bands as pay
from roles.models import Role, SalaryBand

from .models import Measurement, PromotionPath

NEARLY_MONTHS = 3
NEARLY_TOTAL_GAP = 2


@dataclass(frozen=True)
class SkillCheck:
    skill_id: int
    skill_slug: str
    skill_name: str
    required: int
    actual: int
    gap: int
    met: bool


@dataclass(frozen=True)
class CriterionCheck:
    metric: str
    label: str
    threshold: Decimal
    unit: str
    value: Decimal | None
    met: bool | None


@dataclass(frozen=True)
class BandFit:
    currency: str
    period: str
    minimum: Decimal
    midpoint: Decimal
    maximum: Decimal
    salary: Decimal | None
    position_pct: float | None

    @property
    def below_by(self) -> Decimal | None:
        """How far the salary is under the band's minimum (None: not under, or not known)."""
        if self.salary is None or self.salary >= self.minimum:
            return None
        return self.minimum - self.salary

    @property
    def above_by(self) -> Decimal | None:
        """How far the salary is over the band's maximum (None: not over, or not known)."""
        if self.salary is None or self.salary <= self.maximum:
            return None
        return self.salary - self.maximum


@dataclass(frozen=True)
class Readiness:
    path_id: int
    kind: str
    to_role_id: int
    to_role_slug: str
    to_role_title: str
    months_in_role: int | None  # None: tenure unknown (imported without a hire date)
    min_months: int
    months_to_go: int | None
    tenure_met: bool | None
    skills: list[SkillCheck]
    criteria: list[CriterionCheck]
    band: BandFit | None
    verdict: str


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from start to end (0 when end is before start)."""
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return max(0, months)


def verdict(
    months_to_go: int | None, skills: list[SkillCheck], criteria: list[CriterionCheck]
) -> str:
    """With the tenure unknown, at best nearly: the months in role may or may not be served."""
    gaps = [s.gap for s in skills]
    if months_to_go is None:
        months_to_go = NEARLY_MONTHS
    elif months_to_go == 0 and not any(gaps) and all(c.met for c in criteria):
        return "ready"
    if (
        months_to_go <= NEARLY_MONTHS
        and sum(gaps) <= NEARLY_TOTAL_GAP
        and max(gaps, default=0) <= 1
        and not any(c.met is False for c in criteria)
    ):
        return "nearly"
    return "not_yet"


def _paths_out(role_ids) -> dict[int, list[PromotionPath]]:
    paths = (
        PromotionPath.objects.filter(from_role_id__in=role_ids)
        .select_related("to_role")
        .prefetch_related("skills__skill", "criteria")
        .order_by("kind", "to_role__career_level", "to_role__lft")
    )
    by_role = defaultdict(list)
    for path in paths:
        by_role[path.from_role_id].append(path)
    return by_role


def _bands(role_ids, on: datetime.date) -> dict[int, list[SalaryBand]]:
    by_role = defaultdict(list)
    bands = SalaryBand.objects.filter(role_id__in=role_ids, effective_from__lte=on)
    for band in bands.order_by("role_id", "-effective_from"):
        by_role[band.role_id].append(band)
    return by_role


def _fit(band: SalaryBand | None, person: Person, include_salary: bool) -> BandFit | None:
    if band is None:
        return None
    salary = pct = None
    if include_salary and person.salary is not None and person.salary_currency == band.currency:
        salary = person.salary
        width = band.maximum - band.minimum
        pct = float((salary - band.minimum) / width * 100) if width else 50.0
    return BandFit(
        band.currency, band.period, band.minimum, band.midpoint, band.maximum, salary, pct
    )


def _assess(person, path, started_on, on, skills, measures, band, include_salary) -> Readiness:
    months = months_between(started_on, on) if started_on else None
    to_go = max(0, path.min_months - months) if months is not None else None
    skill_checks = []
    for need in path.skills.all():
        actual = skills.get(need.skill_id, 0)
        gap = max(0, need.level - actual)
        skill_checks.append(
            SkillCheck(
                need.skill_id, need.skill.slug, need.skill.name, need.level, actual, gap, gap == 0
            )
        )
    criteria = []
    for criterion in path.criteria.all():
        value = measures.get(criterion.metric)
        met = None if value is None else value >= criterion.threshold
        criteria.append(
            CriterionCheck(
                criterion.metric, criterion.label, criterion.threshold, criterion.unit, value, met
            )
        )
    return Readiness(
        path_id=path.pk,
        kind=path.kind,
        to_role_id=path.to_role_id,
        to_role_slug=path.to_role.slug,
        to_role_title=path.to_role.title,
        months_in_role=months,
        min_months=path.min_months,
        months_to_go=to_go,
        tenure_met=None if to_go is None else to_go == 0,
        skills=skill_checks,
        criteria=criteria,
        band=_fit(band, person, include_salary),
        verdict=verdict(to_go, skill_checks, criteria),
    )


def _assess_people(people_seats, on, include_salary, paths_by_role) -> dict[int, list[Readiness]]:
    """people_seats: [(person, position with role and site)] → readiness per person id."""
    person_ids = [p.pk for p, _ in people_seats]
    started = {}
    current = Assignment.objects.current().filter(person_id__in=person_ids)
    for person_id, started_on, reason in current.values_list("person_id", "started_on", "reason"):
        started[person_id] = (started_on, reason)
    skills = defaultdict(dict)
    for pid, skill_id, level in PersonSkill.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "skill_id", "level"
    ):
        skills[pid][skill_id] = level
    measures = defaultdict(dict)
    rows = Measurement.objects.filter(person_id__in=person_ids, measured_on__lte=on)
    for pid, metric, value in rows.order_by("measured_on").values_list(
        "person_id", "metric", "value"
    ):
        measures[pid][metric] = value  # ordered by date: the latest stays
    to_roles = {p.to_role_id for paths in paths_by_role.values() for p in paths}
    bands = _bands(to_roles, on)
    result = {}
    for person, seat in people_seats:
        country = seat.site.country if seat.site_id else ""
        since = _in_role_since(person, *started.get(person.pk, (None, "")))
        result[person.pk] = [
            _assess(
                person,
                path,
                since,
                on,
                skills[person.pk],
                measures[person.pk],
                pay.band_for(
                    bands[path.to_role_id],
                    currency=person.salary_currency,
                    location=pay.location_for_country(country),
                ),
                include_salary,
            )
            for path in paths_by_role.get(seat.role_id, [])
        ]
    return result


def _in_role_since(person: Person, started_on, reason: str) -> datetime.date | None:
    """When the person took their seat; None when unknown: an import without a hire date opens
    the seat on the day of the import, which says nothing about their time in the role."""
    if person.hire_date is None and reason in ("", AssignmentReason.IMPORT):
        return None
    return started_on or person.hire_date


def career_options(
    person: Person, *, on: datetime.date | None = None, include_salary: bool = False
) -> list[Readiness]:
    """The next roles from the person's current role, each with how ready the person is."""
    on = on or timezone.localdate()
    seat = Position.objects.select_related("site").filter(holder=person).first()
    if seat is None:
        return []
    paths = _paths_out([seat.role_id])
    return _assess_people([(person, seat)], on, include_salary, paths)[person.pk]


def ready_for_role(
    role: Role, *, viewer, on: datetime.date | None = None, limit: int = 50
) -> list[tuple[Person, Readiness]]:
    """People who are ready now for `role`, through any path into it; longest in role first.

    Only people whose readiness `viewer` may see (people.access: HR everyone, a person themself,
    a manager their subtree; viewer None: everyone, for commands and tests). Tenure, skills and
    who may be seen are filtered in SQL: the skills through the kept skill fits
    (ladder.models.SkillFit, one indexed join instead of grouping every person-skill row), so
    only plausible candidates are assessed in Python, all paths together, and the page makes the
    same queries at 1,000 people and at 500,000.
    """
    on = on or timezone.localdate()
    paths = list(
        PromotionPath.objects.filter(to_role=role)
        .select_related("to_role")
        .prefetch_related("skills__skill", "criteria")
    )
    if not paths:
        return []
    visible = Q() if viewer is None else people_with_visible_dates(viewer, via="holder")
    seats = [seat for path in paths for seat in _candidates(path, on, limit, visible)]
    # One path per from-role (ladder_path_unique), so each candidate is judged on their own.
    assessed = _assess_people(
        [(s.holder, s) for s in seats], on, False, {p.from_role_id: [p] for p in paths}
    )
    found = [
        (s.holder, r) for s in seats for r in assessed.get(s.holder_id, []) if r.verdict == "ready"
    ]
    found.sort(key=lambda pair: -(pair[1].months_in_role or 0))
    return found[:limit]


def _candidates(path: PromotionPath, on: datetime.date, limit: int, visible: Q) -> list[Position]:
    """Holders of the path's from-role long enough in their seat and with every skill it asks,
    longest in role first (a few more than the limit: a criterion may still be missed)."""
    latest_start = on - datetime.timedelta(days=round(path.min_months * 30.44))
    candidates = Position.objects.filter(
        visible,
        role_id=path.from_role_id,
        holder__isnull=False,
        holder__assignments__ended_on__isnull=True,
        holder__assignments__started_on__lte=latest_start,
    )
    if path.skills.all():
        candidates = candidates.filter(holder__path_fits__path=path)
    return list(
        candidates.select_related("holder", "site").order_by(
            "holder__assignments__started_on", "id"
        )[: limit * 4]
    )
