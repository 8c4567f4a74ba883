"""An invented forecast for the demo sites, so /planning/ shows something on `make run`.

Nothing here is real data: four queues answered by the demo's consultant and specialist roles,
eight weeks of 30-minute intervals (weekdays 08:00-20:00, Saturdays 09:00-16:00, Sundays
closed) with a usual day shape and a volume that grows 1.5 % a week from about what each site's
agents answer today, so the plan shows a gap and hiring classes. Each interval also carries an
invented WFM tool's "agents needed" (plain Erlang C at 85/20, no patience, no chat sharing), so
the page compares ours with theirs.
"""

import datetime
import math

import numpy as np
from django.db.models import Count

from people.models import Position, Site
from roles.models import Role
from staffing.erlang import Target, agents_needed_many
from staffing.imports import Demand
from staffing.models import Channel, Queue, SiteStaffing
from staffing.services import forecast_create

QUEUES = (  # code, name, channel, role, share of the site's volume, AHT, ACW, patience
    ("SERVICE", "Customer service", Channel.VOICE, "consultant", 0.55, 280, 40, None),
    ("BILLING", "Billing", Channel.VOICE, "consultant", 0.2, 340, 60, None),
    ("CHAT", "Chat", Channel.CHAT, "consultant", 0.15, 600, 30, None),
    ("TECH", "Technical support", Channel.VOICE, "technical-support-specialist", 0.1, 480, 60, 240),
)
SLOTS = 48
PEAK_PER_SEAT = 5.6
SHAPE = np.array(
    [
        0.55,
        0.8,
        1.0,
        1.1,
        1.15,
        1.1,
        1.0,
        1.05,
        1.1,
        1.0,
        0.95,
        0.9,
        0.8,
        0.7,
        0.6,
        0.5,
        0.45,
        0.45,
        0.4,
        0.35,
        0.3,
        0.3,
        0.25,
        0.2,
    ]
)


THEIR_TARGET = Target(level=0.85, seconds=20, max_occupancy=0.85)  # the invented WFM tool's


def _their_agents(demand: Demand) -> None:
    """The WFM tool's agents for every interval, in one call: the Erlang walk costs the same
    for 48 intervals as for 100,000 (it steps through the agent counts once), so a call per
    queue and day took most of the demo's load time (64 of 100 s at 100,000 people)."""
    days = list(demand.days.values())
    offered = np.concatenate([d[0] for d in days])
    handle = np.concatenate([d[1] + d[2] for d in days])
    agents = agents_needed_many(offered * handle / 1800, handle, THEIR_TARGET).astype(float)
    for day, part in zip(days, np.split(agents, len(days)), strict=True):
        day.append(part)


def load_demo_forecast(*, as_of: datetime.date, weeks: int = 8) -> int:
    """Queues, site parameters and a forecast for every demo site; returns its intervals."""
    roles = {
        r.slug: r
        for r in Role.objects.filter(
            slug__in=[q[3] for q in QUEUES]
            + ["team-leader", "quality-checker", "trainer-coach", "workforce-planning-analyst"]
        )
    }
    queues = {}
    for code, name, channel, role, *_rest, patience in QUEUES:
        queues[code] = Queue.objects.create(
            code=code,
            name=name,
            channel=channel,
            role=roles[role],
            patience_seconds=patience,
            concurrency=2 if channel == Channel.CHAT else 1,
        )
    sites = list(Site.objects.all())
    for site in sites:
        SiteStaffing.objects.create(
            site=site,
            team_leader_role=roles.get("team-leader"),
            quality_role=roles.get("quality-checker"),
            trainer_role=roles.get("trainer-coach"),
            planner_role=roles.get("workforce-planning-analyst"),
        )
    seats = {
        (site_id, role_id): n
        for site_id, role_id, n in Position.objects.active()
        .values_list("site_id", "role_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    monday = as_of - datetime.timedelta(days=as_of.weekday())
    demand = Demand(interval_minutes=30)
    rng = np.random.default_rng(18)
    shares = {}  # a role's volume is shared by its queues
    for _code, _name, _channel, role, share, *_rest in QUEUES:
        shares[role] = shares.get(role, 0) + share
    for site in sites:
        for day_number in range(weeks * 7):
            day = monday + datetime.timedelta(days=day_number)
            growth = 1.015 ** (day_number / 7)
            for code, _name, _channel, role, share, aht, acw, _patience in QUEUES:
                # contacts a half hour at the busiest time of the first week: about what the
                # role's seats at the site answer (see the module's note)
                held = max(seats.get((site.pk, roles[role].pk), 0), 3)
                peak = PEAK_PER_SEAT * held * share / shares[role] * 300 / (aht + acw)
                offered = np.zeros(SLOTS)
                if day.weekday() < 5:
                    offered[16:40] = SHAPE * peak * share * growth
                elif day.weekday() == 5:
                    offered[18:32] = SHAPE[2:16] * peak * share * growth * 0.5
                offered = np.round(offered * rng.uniform(0.93, 1.07, SLOTS), 1)
                demand.days[(site.pk, queues[code].pk, day)] = [
                    offered,
                    np.full(SLOTS, float(aht)),
                    np.full(SLOTS, float(acw)),
                ]
    _their_agents(demand)
    forecast_create(name="Demo forecast (invented)", demand=demand)
    return int(math.fsum(1 for d in demand.days.values() for _ in d[0]))
