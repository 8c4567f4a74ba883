"""Workflows of staffing: storing a forecast with the agents it needs, and the manual demand."""

import datetime
from collections import defaultdict

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .erlang import ImpossibleTarget, agents_needed_many
from .imports import Demand, Reading, read_forecast
from .models import Forecast, ForecastDay, ForecastWeek, Queue, pack

BATCH = 5000


def agents_for(
    offered: np.ndarray,
    aht: np.ndarray,
    acw: np.ndarray,
    interval_minutes: int,
    queue: Queue,
    *,
    level: float | None = None,
    aht_factor: float = 1.0,
) -> np.ndarray:
    """Agents each interval needs to meet the queue's target (a what-if may change the service
    level or scale the handle time). Raises ImpossibleTarget."""
    handle = (aht + acw) * aht_factor
    traffic = np.maximum(offered, 0) * handle / (interval_minutes * 60)
    return agents_needed_many(traffic, np.where(handle > 0, handle, 1.0), queue.target(level=level))


@transaction.atomic
def forecast_create(*, name: str, demand: Demand, user=None) -> Forecast:
    """Store the demand as a new forecast (the plan from now on) with the agents each interval
    needs, computed per queue in one pass. All or nothing: an impossible target refuses it."""
    queues = Queue.objects.in_bulk({queue for _site, queue, _day in demand.days})
    keys = sorted(demand.days, key=lambda k: (k[1], k[0], k[2]))
    by_queue: dict[int, list] = defaultdict(list)
    for key in keys:
        by_queue[key[1]].append(key)
    agents: dict[tuple, np.ndarray] = {}
    slots, minutes = demand.slots, demand.interval_minutes
    for queue_id, queue_keys in by_queue.items():
        offered = np.concatenate([demand.days[k][0] for k in queue_keys])
        aht = np.concatenate([demand.days[k][1] for k in queue_keys])
        acw = np.concatenate([demand.days[k][2] for k in queue_keys])
        try:
            needed = agents_for(offered, aht, acw, minutes, queues[queue_id])
        except ImpossibleTarget:
            raise ValidationError(
                _("The target of queue %(queue)s cannot be met by any number of agents.")
                % {"queue": queues[queue_id]}
            ) from None
        for i, key in enumerate(queue_keys):
            agents[key] = needed[i * slots : (i + 1) * slots]
    days = [day for _site, _queue, day in demand.days]
    forecast = Forecast.objects.create(
        name=name[:200] or _("Forecast"),
        interval_minutes=minutes,
        first_day=min(days),
        last_day=max(days),
        created_by=user if user is not None and user.is_authenticated else None,
        intervals=demand.intervals,
    )
    hours = minutes / 60
    rows = []
    weeks: dict[tuple, list] = {}
    for key in keys:
        offered, aht, acw, wfm = demand.days[key]
        offered = np.maximum(offered, 0)
        needed = agents[key]
        day = ForecastDay(
            forecast=forecast,
            site_id=key[0],
            queue_id=key[1],
            day=key[2],
            offered=pack(offered),
            aht=pack(aht),
            acw=pack(acw),
            wfm_agents=pack(wfm) if wfm is not None else None,
            agents=pack(needed),
            agent_hours=float(needed.sum()) * hours,
            peak_agents=int(needed.max(initial=0)),
            contacts=float(offered.sum()),
        )
        rows.append(day)
        monday = key[2] - datetime.timedelta(days=key[2].weekday())
        week = weeks.setdefault((key[0], key[1], monday), [0.0, 0, 0.0])
        week[0] += day.agent_hours
        week[1] = max(week[1], day.peak_agents)
        week[2] += day.contacts
    ForecastDay.objects.bulk_create(rows, batch_size=BATCH)
    ForecastWeek.objects.bulk_create(
        (
            ForecastWeek(forecast=forecast, site_id=site, queue_id=queue, week=monday,
                         agent_hours=h, peak_agents=peak, contacts=contacts)
            for (site, queue, monday), (h, peak, contacts) in weeks.items()
        ),
        batch_size=BATCH,
    )  # fmt: skip
    return forecast


def forecast_import(
    *,
    data: bytes,
    name: str,
    user=None,
    dry_run: bool = False,
    delimiter: str | None = None,
    sheet: str = "",
) -> tuple[Reading, Forecast | None]:
    """Read a forecast file and store it unless it has errors (or this is a dry run)."""
    reading = read_forecast(data, delimiter=delimiter, sheet=sheet)
    if reading.demand is None or dry_run:
        return reading, None
    return reading, forecast_create(name=name, demand=reading.demand, user=user)


def manual_demand(
    *,
    site_id: int,
    queue_id: int,
    day: datetime.date,
    interval_minutes: int,
    hours: tuple[int, int],
    contacts_per_interval: float,
    aht: float,
    acw: float,
) -> Demand:
    """A flat demand typed in by hand: the same contacts every interval of the opening hours."""
    demand = Demand(interval_minutes=interval_minutes)
    slots = demand.slots
    offered = np.zeros(slots)
    first, last = (h * 60 // interval_minutes for h in hours)
    offered[first:last] = contacts_per_interval
    demand.days[(site_id, queue_id, day)] = [
        offered,
        np.full(slots, float(aht)),
        np.full(slots, float(acw)),
        None,
    ]
    return demand
