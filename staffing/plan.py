"""From agents needed to seats, the gap against the org, and hiring waves (docs/staffing.md).

agents per interval → agent hours a week → FTE = hours / (hours per FTE x (1 - shrinkage)) →
agent seats per queue and site (rounded up) → team-leader seats by span → quality checkers,
trainers and planners by ratio; compared with the site's active seats and their holders.

Reads only stored figures (ForecastDay's agent hours, grouped by week in SQL) unless a what-if
changes the service level or the handle time: then the chosen week of one site is computed
again from its stored demand, nothing saved.

A forecast may carry the WFM tool's own "agents needed" (`wfm_agents`): the plan shows them
beside ours per interval and per week, and computes the seats from them instead of ours when
asked (`WhatIf.theirs`); a queue-week without them counts with ours.
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from people.models import Position, Site
from roles.models import Role

from .models import Forecast, ForecastDay, ForecastWeek, Queue, SiteStaffing, unpack
from .services import agents_for

WEEKS_A_MONTH = 52 / 12


@dataclass(frozen=True)
class WhatIf:
    """Changes to try without saving; None keeps the stored value."""

    level: float | None = None  # service level, 0-1
    aht_factor: float = 1.0  # handle time x this
    shrinkage: float | None = None  # 0-1
    span: int | None = None
    theirs: bool = False  # seats from the WFM tool's agents needed instead of ours

    @property
    def recomputes(self) -> bool:
        return self.level is not None or self.aht_factor != 1.0


class NoWfmAgents(ValueError):
    """The seats were asked from the WFM tool's agents, but the forecast has none."""


@dataclass
class WeekAgents:
    """One site's week, interval by interval (all queues summed): our agents needed, the WFM
    tool's (None unless every day of every queue had them), and our agent hours per queue."""

    ours: np.ndarray
    theirs: np.ndarray | None
    hours: dict[int, float]


@dataclass
class Parameters:
    """A site's parameters as numbers (defaults for a site without a SiteStaffing row)."""

    shrinkage: float
    hours_per_fte: float
    span: int
    per_quality: int
    per_trainer: int
    per_planner: int
    attrition: float  # a month, 0-1
    roles: dict[str, int | None]
    lead_times: dict[str, tuple[int, int]]  # role kind → (weeks to hire, weeks of training)

    @classmethod
    def of(cls, row: SiteStaffing | None, what_if: WhatIf) -> "Parameters":
        row = row or SiteStaffing()
        return cls(
            shrinkage=what_if.shrinkage if what_if.shrinkage is not None else row.shrinkage,
            hours_per_fte=float(row.hours_per_fte),
            span=what_if.span or row.team_leader_span,
            per_quality=row.agents_per_quality_checker,
            per_trainer=row.agents_per_trainer,
            per_planner=row.agents_per_planner,
            attrition=float(row.attrition_per_month) / 100,
            roles={
                "team_leader": row.team_leader_role_id,
                "quality": row.quality_role_id,
                "trainer": row.trainer_role_id,
                "planner": row.planner_role_id,
            },
            lead_times=row.lead_times(),
        )

    def fte(self, agent_hours: float) -> float:
        return agent_hours / (self.hours_per_fte * (1 - self.shrinkage))


@dataclass
class Need:
    """Seats one site needs in one week, and the org's seats and people to compare."""

    site: Site
    role_id: int | None
    kind: str  # "agent" (per role), "team_leader", "quality", "trainer", "planner"
    queues: list[tuple[Queue, float]]  # the queues an agent role answers, with their FTE
    fte: float
    seats: int
    have_seats: int = 0
    have_people: int = 0
    role_title: str = ""

    @property
    def gap(self) -> int:
        """Seats to open (positive) or surplus seats (negative)."""
        return self.seats - self.have_seats

    @property
    def to_hire(self) -> int:
        return self.seats - self.have_people


@dataclass
class Wave:
    site: Site
    start: datetime.date  # the class starts (first day of hiring)
    first_day: datetime.date  # new hires' first day (training; for agents, nesting)
    productive: datetime.date  # agents take contacts alone; the others lead, check, train, plan
    size: int
    late: bool  # should have started before today
    kind: str = "agent"  # as Need.kind: "agent", "team_leader", "quality", "trainer", "planner"
    role_id: int | None = None  # None for agents: one class for all the agent roles of the site


@dataclass
class Plan:
    forecast: Forecast | None
    sites: list[Site]
    weeks: list[datetime.date] = field(default_factory=list)
    week: datetime.date | None = None
    # (site id, week) → agent FTE needed (from theirs when asked); (site id) → agents now
    weekly_fte: dict[tuple[int, datetime.date], float] = field(default_factory=dict)
    # the same from our agents and from the WFM tool's (only site-weeks it covers whole)
    weekly_ours: dict[tuple[int, datetime.date], float] = field(default_factory=dict)
    weekly_theirs: dict[tuple[int, datetime.date], float] = field(default_factory=dict)
    theirs: bool = False
    needs: list[Need] = field(default_factory=list)
    waves: list[Wave] = field(default_factory=list)
    parameters: dict[int, Parameters] = field(default_factory=dict)
    agents_now: dict[int, int] = field(default_factory=dict)
    # site id → agents needed per interval of the chosen week, when a what-if computed them
    intervals: dict[int, WeekAgents] = field(default_factory=dict)


def current_forecast() -> Forecast | None:
    return Forecast.objects.first()


def weekly_fte_hours(
    forecast: Forecast, site_ids: list[int]
) -> dict[tuple[int, datetime.date], tuple[float, float | None, float, bool]]:
    """Agent hours per (site, week), summed in SQL from the stored weeks (one query): ours, the
    WFM tool's (None unless all the site's queues have them that week), theirs with ours
    standing in for the queues without, and whether any queue has theirs."""
    rows = (
        ForecastWeek.objects.filter(forecast=forecast, site_id__in=site_ids)
        .values_list("site_id", "week")
        .annotate(
            hours=Sum("agent_hours"),
            wfm=Sum("wfm_agent_hours"),
            either=Sum(Coalesce("wfm_agent_hours", "agent_hours")),
            missing=Count("pk", filter=Q(wfm_agent_hours=None)),
            queues=Count("pk"),
        )
        .order_by()
    )
    return {
        (site, week): (hours, None if missing else wfm, either, missing < queues)
        for site, week, hours, wfm, either, missing, queues in rows
    }


def week_hours(
    forecast: Forecast, site_ids: list[int], week: datetime.date, *, theirs: bool = False
) -> dict[tuple[int, int], float]:
    """Agent hours per (site, queue) of one week (one query): ours, or the WFM tool's where
    the queue has them."""
    rows = ForecastWeek.objects.filter(forecast=forecast, site_id__in=site_ids, week=week)
    figures = rows.values_list("site_id", "queue_id", "agent_hours", "wfm_agent_hours")
    return {(s, q): (w if theirs and w is not None else h) for s, q, h, w in figures}


def week_agents(
    forecast: Forecast, site: Site, week: datetime.date, what_if: WhatIf, queues: dict[int, Queue]
) -> WeekAgents:
    """Agents needed per interval of one site's week (all queues summed), ours and the WFM
    tool's, and our agent hours per queue; ours computed again from the stored demand when the
    what-if asks, one Erlang pass a queue (one query)."""
    slots = forecast.slots
    total, theirs = np.zeros(7 * slots), np.zeros(7 * slots)
    complete = True  # every day row has the WFM tool's agents
    hours: dict[int, float] = defaultdict(float)
    days = list(
        ForecastDay.objects.filter(forecast=forecast, site=site).between(
            week, week + datetime.timedelta(days=6)
        )
    )
    by_queue: dict[int, list] = defaultdict(list)
    for day in days:
        by_queue[day.queue_id].append(day)
    for queue_id, queue_days in by_queue.items():
        if what_if.recomputes:
            agents = agents_for(
                np.concatenate([unpack(d.offered) for d in queue_days]),
                np.concatenate([unpack(d.aht) for d in queue_days]),
                np.concatenate([unpack(d.acw) for d in queue_days]),
                forecast.interval_minutes,
                queues[queue_id],
                level=what_if.level,
                aht_factor=what_if.aht_factor,
            )
        else:
            agents = np.concatenate([unpack(d.agents) for d in queue_days])
        for i, day in enumerate(queue_days):
            offset = (day.day - week).days * slots
            total[offset : offset + slots] += agents[i * slots : (i + 1) * slots]
            if day.wfm_agents is None:
                complete = False
            else:
                theirs[offset : offset + slots] += unpack(day.wfm_agents)
        hours[queue_id] += float(agents.sum()) * forecast.interval_minutes / 60
    return WeekAgents(total, theirs if complete and days else None, hours)


def build(
    *,
    sites: list[Site],
    week: datetime.date | None = None,
    what_if: WhatIf = WhatIf(),
    today: datetime.date | None = None,
) -> Plan:
    """The plan of these sites: weekly FTE, the seats of the chosen week (default: the busiest),
    the gap against the org and the hiring waves. A fixed number of queries for any size."""
    today = today or datetime.date.today()
    forecast = current_forecast()
    plan = Plan(forecast=forecast, sites=sites, theirs=what_if.theirs)
    if forecast is None or not sites:
        return plan
    site_ids = [s.pk for s in sites]
    rows = {r.site_id: r for r in SiteStaffing.objects.filter(site_id__in=site_ids)}
    plan.parameters = {s.pk: Parameters.of(rows.get(s.pk), what_if) for s in sites}
    per_week = weekly_fte_hours(forecast, site_ids)
    if what_if.theirs and not any(some for *_h, some in per_week.values()):
        raise NoWfmAgents()
    plan.weeks = sorted({w for _s, w in per_week})
    for (site_id, week_), (ours, theirs, either, _some) in per_week.items():
        fte = plan.parameters[site_id].fte
        plan.weekly_ours[(site_id, week_)] = fte(ours)
        if theirs is not None:
            plan.weekly_theirs[(site_id, week_)] = fte(theirs)
        plan.weekly_fte[(site_id, week_)] = fte(either if what_if.theirs else ours)
    busiest = max(plan.weeks, key=lambda w: sum(plan.weekly_fte.get((s, w), 0) for s in site_ids))
    plan.week = week if week in plan.weeks else busiest
    chosen = week_hours(forecast, site_ids, plan.week, theirs=what_if.theirs)
    queues = Queue.objects.in_bulk()
    if what_if.recomputes:  # each site's week again, from its demand
        for site in sites:
            figures = week_agents(forecast, site, plan.week, what_if, queues)
            plan.intervals[site.pk] = figures
            if not what_if.theirs:
                chosen.update({(site.pk, q): h for q, h in figures.hours.items()})
    have = _org_seats(site_ids)
    plan.needs = _needs(sites, chosen, queues, plan.parameters, have)
    titles = Role.objects.in_bulk({n.role_id for n in plan.needs if n.role_id})
    for need in plan.needs:
        need.role_title = titles[need.role_id].title if need.role_id else ""
    plan.agents_now = _agents_now(plan, have)
    plan.waves = _waves(plan, have, today)
    return plan


def _org_seats(site_ids: list[int]) -> dict[tuple[int, int], tuple[int, int]]:
    """(site, role) → (active seats, held seats), one query."""
    rows = (
        Position.objects.active()
        .filter(site_id__in=site_ids)
        .values("site_id", "role_id")
        .annotate(seats=Count("pk"), held=Count("holder"))
        .order_by()
    )
    return {(r["site_id"], r["role_id"]): (r["seats"], r["held"]) for r in rows}


def _needs(sites, chosen, queues, parameters, have) -> list[Need]:
    """Per site: agent seats per role (summed over the queues that role answers, which are
    listed), then team leaders by span and the staff roles by ratio of all agent seats."""
    needs = []
    for site in sites:
        p = parameters[site.pk]
        by_role: dict[int, Need] = {}
        for (s, q), hours in sorted(chosen.items(), key=lambda i: queues[i[0][1]].code):
            if s != site.pk:
                continue
            queue = queues[q]
            need = by_role.get(queue.role_id)
            if need is None:
                need = by_role[queue.role_id] = Need(site, queue.role_id, "agent", [], 0.0, 0)
            need.queues.append((queue, p.fte(hours)))
            need.fte += p.fte(hours)
        for need in by_role.values():
            need.seats = math.ceil(need.fte - 1e-9)
            need.have_seats, need.have_people = have.get((site.pk, need.role_id), (0, 0))
        agents = sum(n.seats for n in by_role.values())
        needs.extend(by_role.values())
        for kind, per in (
            ("team_leader", p.span),
            ("quality", p.per_quality),
            ("trainer", p.per_trainer),
            ("planner", p.per_planner),
        ):
            role_id = p.roles[kind]
            need = Need(site, role_id, kind, [], agents / per, math.ceil(agents / per - 1e-9))
            if role_id:
                need.have_seats, need.have_people = have.get((site.pk, role_id), (0, 0))
            needs.append(need)
    return needs


def _agents_now(plan: Plan, have) -> dict[int, int]:
    """People holding agent seats (the roles that answer queues) at each site."""
    agent_roles = {n.role_id for n in plan.needs if n.kind == "agent"}
    return {
        site.pk: sum(
            held for (s, r), (_seats, held) in have.items() if s == site.pk and r in agent_roles
        )
        for site in plan.sites
    }


STAFF_RATIOS = {  # role kind → the Parameters attribute of its agents per seat
    "team_leader": "span",
    "quality": "per_quality",
    "trainer": "per_trainer",
    "planner": "per_planner",
}


def _waves(plan: Plan, have, today: datetime.date) -> list[Wave]:
    """Hiring classes per site for every role the plan needs: agents (all agent roles of the
    site together, against their weekly FTE) and each role set for team leaders, quality
    checkers, trainers and planners (against the seats each week's agent seats need by span or
    ratio), each with its own weeks to hire and to train. A kind without a role set at the site
    has no people to count, so no classes."""
    waves = []
    future = [w for w in plan.weeks if w >= today - datetime.timedelta(days=6)]
    for site in plan.sites:
        p = plan.parameters[site.pk]
        fte = [plan.weekly_fte.get((site.pk, w), 0.0) for w in future]
        needs = {"agent": (fte, plan.agents_now.get(site.pk, 0), None)}
        for kind, ratio in STAFF_RATIOS.items():
            role_id = p.roles[kind]
            if role_id is None:
                continue
            per = getattr(p, ratio)
            seats = [math.ceil(math.ceil(f - 1e-9) / per - 1e-9) for f in fte]
            needs[kind] = (seats, have.get((site.pk, role_id), (0, 0))[1], role_id)
        for kind, (weekly, on_hand, role_id) in needs.items():
            hire, train = p.lead_times[kind]
            for wave in _classes(future, weekly, on_hand, p.attrition, hire, train, today):
                waves.append(Wave(site, *wave, kind=kind, role_id=role_id))
    return waves


def _classes(
    weeks: list[datetime.date],
    needed: list[float],
    on_hand: float,
    attrition: float,
    hire_weeks: int,
    training_weeks: int,
    today: datetime.date,
) -> list[tuple]:
    """The classes of one role at one site: the people on hand shrink by attrition each week;
    when they fall below what a coming week needs, a class must be productive by then, so it
    starts the weeks to hire plus the training weeks before. A class covers the largest need of
    the four weeks from its first (classes at most monthly); classes that should already have
    started are marked late (start now: productive later than needed).
    (start, first day, productive, size, late) each."""
    classes = []
    weekly_loss = 1 - (1 - attrition) ** (1 / WEEKS_A_MONTH)
    lead = datetime.timedelta(weeks=hire_weeks + training_weeks)
    previous, covered_until = today, None
    for i, week in enumerate(weeks):
        on_hand *= 1 - weekly_loss * max(0, (week - previous).days) / 7
        previous = week
        if on_hand + 1e-9 >= needed[i] or (covered_until and week <= covered_until):
            continue
        horizon = needed[i : i + 4]
        most = max(need * (1 - weekly_loss) ** -k for k, need in enumerate(horizon))
        size = math.ceil(most - on_hand - 1e-9)
        if size <= 0:
            continue
        start = max(week - lead, today)
        classes.append(
            (
                start,
                start + datetime.timedelta(weeks=hire_weeks),
                max(week, today + lead),
                size,
                week - lead < today,
            )
        )
        on_hand += size
        covered_until = weeks[min(i + 3, len(weeks) - 1)]
    return classes


@dataclass
class WeekCompared:
    """One week of a site: agent FTE from our agents and from the WFM tool's."""

    week: datetime.date
    ours: float
    theirs: float | None

    @property
    def difference(self) -> float | None:
        return None if self.theirs is None else self.ours - self.theirs


def weeks_compared(figures: Plan, site: Site) -> list[WeekCompared]:
    """Every week of the forecast at the site, ours beside the WFM tool's (None where it has
    no figures for every queue of the week)."""
    return [
        WeekCompared(
            w, figures.weekly_ours.get((site.pk, w), 0.0), figures.weekly_theirs.get((site.pk, w))
        )
        for w in figures.weeks
    ]


@dataclass
class IntervalsCompared:
    """One site's week interval by interval: ours, theirs, and where they differ most."""

    starts: list[datetime.datetime]
    ours: np.ndarray
    theirs: np.ndarray
    minutes: int

    @property
    def difference(self) -> np.ndarray:
        return self.ours - self.theirs

    def hours(self, agents: np.ndarray) -> float:
        return float(agents.sum()) * self.minutes / 60

    @property
    def largest(self) -> tuple[datetime.datetime, float]:
        """The interval where ours and theirs differ most, and by how much (ours - theirs)."""
        i = int(np.argmax(np.abs(self.difference)))
        return self.starts[i], float(self.difference[i])


def intervals_compared(
    agents: WeekAgents, week: datetime.date, minutes: int
) -> IntervalsCompared | None:
    """None when the WFM tool's agents are not there for the whole week."""
    if agents.theirs is None:
        return None
    start = datetime.datetime.combine(week, datetime.time())
    step = datetime.timedelta(minutes=minutes)
    starts = [start + i * step for i in range(len(agents.ours))]
    return IntervalsCompared(starts, agents.ours, agents.theirs, minutes)
