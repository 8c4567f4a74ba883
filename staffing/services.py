"""Workflows of staffing: storing a forecast with the agents it needs, and the manual demand."""

import datetime
from collections import defaultdict

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from .erlang import ImpossibleTarget, agents_needed_many
from .imports import Demand, Reading, read_forecast
from .models import PACKED, Forecast, ForecastDay, ForecastWeek, Queue, pack

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
    needs, computed per queue in one pass, and its weeks summed. All or nothing: a target no
    agent count meets refuses it."""
    queues = Queue.objects.in_bulk({queue for _site, queue, _day in demand.days})
    by_queue: dict[int, list] = defaultdict(list)
    for key in sorted(demand.days, key=lambda k: (k[1], k[0], k[2])):
        by_queue[key[1]].append(key)
    first = min(day for _site, _queue, day in demand.days)
    forecast = Forecast.objects.create(
        name=name[:200] or _("Forecast"),
        interval_minutes=demand.interval_minutes,
        first_day=first,
        last_day=max(day for _site, _queue, day in demand.days),
        created_by=user if user is not None and user.is_authenticated else None,
        intervals=demand.intervals,
    )
    days, weeks = [], defaultdict(lambda: [0.0, None, 0, 0.0])
    for queue_id, keys in by_queue.items():
        rows = _queue_days(forecast, queues[queue_id], keys, demand)
        days.extend(rows)
        for row in rows:
            week = weeks[(row[1], queue_id, row[3] - datetime.timedelta(days=row[3].weekday()))]
            week[0] += row[9]
            if row[10] is not None:  # the WFM tool's hours: None when none of its days had them
                week[1] = (week[1] or 0.0) + row[10]
            week[2] = max(week[2], row[11])
            week[3] += row[12]
    _insert(ForecastDay, DAY_COLUMNS, days)
    _insert(
        ForecastWeek,
        WEEK_COLUMNS,
        [(forecast.pk, *key, *figures) for key, figures in weeks.items()],
    )
    return forecast


DAY_COLUMNS = [
    "forecast_id",
    "site_id",
    "queue_id",
    "day",
    "offered",
    "aht",
    "acw",
    "wfm_agents",
    "agents",
    "agent_hours",
    "wfm_agent_hours",
    "peak_agents",
    "contacts",
]
WEEK_COLUMNS = [
    "forecast_id",
    "site_id",
    "queue_id",
    "week",
    "agent_hours",
    "wfm_agent_hours",
    "peak_agents",
    "contacts",
]


def _queue_days(forecast: Forecast, queue: Queue, keys: list, demand: Demand) -> list[tuple]:
    """The day rows of one queue: every day's intervals as one matrix, one Erlang pass."""
    offered = np.maximum(np.stack([demand.days[k][0] for k in keys]), 0)
    aht = np.stack([demand.days[k][1] for k in keys])
    acw = np.stack([demand.days[k][2] for k in keys])
    try:
        needed = agents_for(
            offered.ravel(), aht.ravel(), acw.ravel(), demand.interval_minutes, queue
        ).reshape(offered.shape)
    except ImpossibleTarget:
        raise ValidationError(
            _("The target of queue %(queue)s cannot be met by any number of agents.")
            % {"queue": queue}
        ) from None
    hours = needed.sum(axis=1) * demand.interval_minutes / 60
    theirs = [demand.days[k][3] for k in keys]
    wfm_hours = [
        None if t is None else float(np.sum(t)) * demand.interval_minutes / 60 for t in theirs
    ]
    peaks, contacts = needed.max(axis=1), offered.sum(axis=1)
    packed = [m.astype(PACKED) for m in (offered, aht, acw, needed)]
    return [
        (
            forecast.pk,
            key[0],
            key[1],
            key[2],
            packed[0][i].tobytes(),
            packed[1][i].tobytes(),
            packed[2][i].tobytes(),
            pack(theirs[i]) if theirs[i] is not None else None,
            packed[3][i].tobytes(),
            float(hours[i]),
            wfm_hours[i],
            int(peaks[i]),
            float(contacts[i]),
        )
        for i, key in enumerate(keys)
    ]


def _insert(model, columns: list[str], rows: list) -> None:
    """Rows as plain tuples: COPY on PostgreSQL, executemany elsewhere (a year of a large center
    is 73,000 day rows; building model instances for them took most of the time)."""
    qn = connection.ops.quote_name
    table, names = qn(model._meta.db_table), ", ".join(qn(c) for c in columns)
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})", rows[start : start + BATCH]
            )


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
