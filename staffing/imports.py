"""A forecast file → the demand of each site, queue and day, or a message for every bad row.

The columns of a WFM tool's forecast export (Calabrio's has exactly these; NICE and Assembled
export similar): site, queue (skill), interval start, interval length in minutes, offered
contacts, average handle time and after-contact work in seconds, and optionally the agents the
tool computed. CSV (`,` `;` tab) or .xlsx through people/imports/formats.py, the people import's
reader; rows are reported as the people import reports them (`RowError`). Nothing is stored
here: services.forecast_create stores what this read, all or nothing.
"""

import datetime
import itertools
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _

from people.imports.formats import table
from people.imports.read import RowError
from people.models import Site

from .models import Queue

MAX_ERRORS = 200  # a file of a million bad rows says so without a million lines
LENGTHS = (5, 10, 15, 20, 30, 60)
COLUMNS = {
    "site": ("site", "location", "standort", "lokalizacja", "sitecode"),
    "queue": ("queue", "skill", "queuecode", "skillname", "warteschlange", "kolejka"),
    "start": ("intervalstart", "start", "interval", "datetime", "intervalbeginn", "poczatek"),
    "length": ("intervallength", "length", "intervalminutes", "minutes", "intervalllaenge"),
    "offered": ("offered", "contacts", "calls", "volume", "offeredcontacts", "forecastedcontacts"),
    "aht": ("aht", "averagehandletime", "handletime", "forecastedaht", "talktime"),
    "acw": ("acw", "aftercontactwork", "aftercallwork", "wrapup", "nacharbeit"),
    "agents": ("agentsneeded", "forecastedagents", "requiredagents", "agents", "fte"),
}
REQUIRED = ("site", "queue", "start", "offered", "aht")
NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
START_FORMATS = (
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
)


@dataclass
class Demand:
    """Per (site id, queue id, day): offered, aht, acw and the WFM tool's agents (or None),
    each an array of the day's intervals."""

    interval_minutes: int
    days: dict[tuple[int, int, datetime.date], list] = field(default_factory=dict)

    @property
    def slots(self) -> int:
        return 24 * 60 // self.interval_minutes

    @property
    def intervals(self) -> int:
        return sum(int(np.count_nonzero(d[0] >= 0)) for d in self.days.values())


@dataclass
class Reading:
    demand: Demand | None = None
    errors: list[RowError] = field(default_factory=list)
    more_errors: int = 0
    rows: int = 0

    def bad(self, row: int, column: str, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(row, column, message))
        else:
            self.more_errors += 1


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold().replace("ä", "ae").replace("ł", "l"))


def _columns(header: list[str], reading: Reading) -> dict[str, int]:
    spelled = {_key(s): name for name, spellings in COLUMNS.items() for s in spellings}
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        name = spelled.get(_key(title))
        if name and name not in found:
            found[name] = index
    missing = [name for name in REQUIRED if name not in found]
    if missing:
        reading.bad(
            1,
            "",
            _("Missing columns: %(names)s. Expected: %(all)s.")
            % {"names": ", ".join(missing), "all": ", ".join(COLUMNS)},
        )
    return found


def _number(text: str) -> float | None:
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if not NUMBER.fullmatch(text):
        return None
    value = float(text.replace(",", "."))
    return value if math.isfinite(value) else None


def _start(text: str) -> datetime.datetime | None:
    text = text.strip()
    for style in START_FORMATS:
        try:
            return datetime.datetime.strptime(text, style)
        except ValueError:
            continue
    return None


def read_forecast(data: bytes, *, delimiter: str | None = None, sheet: str = "") -> Reading:
    """The file's demand, or its errors (then `demand` is None)."""
    reading = Reading()
    found = table(data, delimiter=delimiter, sheet=sheet)
    if found.problem:
        reading.bad(found.problem[0], "", found.problem[1])
        return reading
    columns = _columns(found.header, reading)
    if reading.errors:
        return reading
    sites = _lookup(Site.objects.values_list("pk", "code", "name"))
    queues = _lookup(Queue.objects.values_list("pk", "code", "name"))
    rows = []
    for number, cells in found.lines:
        row = _row(number, cells, columns, sites, queues, reading)
        if row:
            rows.append(row)
    reading.rows = len(found.lines)
    if not found.lines:
        reading.bad(0, "", _("The file has no rows of demand."))
    length = _one_length(rows, reading)
    if not length:
        return reading
    reading.demand = _demand(rows, length, reading)  # overlaps and gaps too, with row errors
    if reading.errors:
        reading.demand = None
    return reading


def _lookup(values) -> dict[str, int]:
    """Sites and queues by code or by name, case-insensitively."""
    found = {}
    for pk, code, name in values:
        found[name.casefold()] = pk
        found[code.casefold()] = pk
    return found


def _row(number, cells, columns, sites, queues, reading: Reading):
    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    problems_before = len(reading.errors) + reading.more_errors
    site = sites.get(cell("site").casefold())
    if site is None:
        reading.bad(number, "site", _("Unknown site %(site)s.") % {"site": cell("site") or "–"})
    queue = queues.get(cell("queue").casefold())
    if queue is None:
        reading.bad(
            number, "queue", _("Unknown queue %(queue)s.") % {"queue": cell("queue") or "–"}
        )
    start = _start(cell("start"))
    if start is None:
        reading.bad(
            number,
            "start",
            _("Interval start %(value)s is not a date and time such as 2026-12-01 08:30.")
            % {"value": cell("start") or "–"},
        )
    length = _number(cell("length")) if "length" in columns else None
    if "length" in columns and (length is None or int(length) not in LENGTHS):
        reading.bad(number, "length", _("An interval is 5, 10, 15, 20, 30 or 60 minutes long."))
    offered = _number(cell("offered"))
    if offered is None or offered < 0:
        reading.bad(number, "offered", _("Offered contacts must be a number, 0 or more."))
    aht = _number(cell("aht"))
    if aht is None or aht <= 0:
        reading.bad(number, "aht", _("The average handle time must be more than 0 seconds."))
    acw = _number(cell("acw")) if cell("acw") else 0.0
    if acw is None or acw < 0:
        reading.bad(number, "acw", _("After-contact work must be a number of seconds, 0 or more."))
    agents = _number(cell("agents")) if cell("agents") else None
    if cell("agents") and (agents is None or agents < 0):
        reading.bad(number, "agents", _("Agents needed must be a number, 0 or more."))
    if len(reading.errors) + reading.more_errors > problems_before:
        return None
    return number, site, queue, start, int(length) if length else None, offered, aht, acw, agents


def _one_length(rows: list, reading: Reading) -> int | None:
    """One interval length for the whole file: given in a column, or the step between starts."""
    if not rows:  # every row had errors, reported already
        return None
    given = {r[4] for r in rows if r[4]}
    if len(given) > 1:
        reading.bad(
            0,
            "length",
            _("All intervals must have the same length; the file has %(list)s minutes.")
            % {"list": ", ".join(str(g) for g in sorted(given))},
        )
        return None
    if given:
        return given.pop()
    steps = sorted({r[3] for r in rows})
    gaps = [int((b - a).total_seconds() // 60) for a, b in itertools.pairwise(steps)]
    step = min(gaps, default=0)
    if step not in LENGTHS:
        reading.bad(
            0, "length", _("Give the interval length in a column: the starts do not show it.")
        )
        return None
    return step


def _demand(rows: list, length: int, reading: Reading) -> Demand:
    demand = Demand(interval_minutes=length)
    slots = demand.slots
    series: dict[tuple[int, int], list] = defaultdict(list)
    for row in rows:
        series[(row[1], row[2])].append(row)
    for (site, queue), items in series.items():
        items.sort(key=lambda r: (r[3], r[0]))
        previous, merged = None, set()
        for number, _site, _queue, start, _len, offered, aht, acw, agents in items:
            minutes = start.hour * 60 + start.minute
            if minutes % length or start.second:
                reading.bad(
                    number,
                    "start",
                    _(
                        "An interval of %(n)s minutes starts at a multiple "
                        "of %(n)s minutes after midnight."
                    )
                    % {"n": length},
                )
                continue
            if _repeated_hour(start, previous, merged):
                _merge(
                    demand,
                    (site, queue, start.date()),
                    minutes // length,
                    offered,
                    aht,
                    acw,
                    agents,
                )
                merged.add(start)
                continue
            if previous is not None and start < previous[1] + datetime.timedelta(minutes=length):
                reading.bad(
                    number,
                    "start",
                    _("This interval overlaps the one in row %(row)s.") % {"row": previous[0]},
                )
                continue
            # Within a day intervals follow each other; a day may open later than the last
            # closed (exports leave closed nights out).
            same_day = previous is not None and previous[1].date() == start.date()
            expected = previous[1] + datetime.timedelta(minutes=length) if same_day else None
            if same_day and start > expected and not _skipped_hour(expected, start):
                reading.bad(
                    number,
                    "start",
                    _(
                        "Intervals are missing between row %(row)s and this "
                        "row (a gap); give 0 contacts for closed hours."
                    )
                    % {"row": previous[0]},
                )
            previous = (number, start)
            day = demand.days.get((site, queue, start.date()))
            if day is None:
                day = [np.full(slots, -1.0), np.zeros(slots), np.zeros(slots), None]
                demand.days[(site, queue, start.date())] = day
            slot = minutes // length
            day[0][slot], day[1][slot], day[2][slot] = offered, aht, acw
            if agents is not None:
                if day[3] is None:
                    day[3] = np.zeros(slots)
                day[3][slot] = agents
    return demand


# Summer time in the EU (Germany, Poland, Ireland, the UK): clocks go forward from 02:00 to
# 03:00 on the last Sunday of March and back from 03:00 to 02:00 on the last Sunday of October.
# A forecast in local time skips the one hour and has the other twice; neither is a gap or an
# overlap. The hour that comes twice is added into the day's one slot (its contacts summed,
# handle times weighted by contacts): at night, and more agents rather than fewer. Other
# countries' rules are not known here (a site has a country, not a time zone).


def _last_sunday(day: datetime.date, month: int) -> bool:
    return day.month == month and day.weekday() == 6 and day.day + 7 > 31


def _skipped_hour(expected: datetime.datetime, start: datetime.datetime) -> bool:
    return (
        _last_sunday(start.date(), 3)
        and expected.time() == datetime.time(2)
        and start.time() == datetime.time(3)
    )


def _repeated_hour(start: datetime.datetime, previous, merged: set) -> bool:
    return (
        previous is not None
        and _last_sunday(start.date(), 10)
        and start.hour == 2
        and start == previous[1]
        and start not in merged
    )


def _merge(demand: Demand, key: tuple, slot: int, offered, aht, acw, agents) -> None:
    day = demand.days[key]
    before = max(day[0][slot], 0.0)
    total = before + offered
    if total > 0:
        day[1][slot] = (day[1][slot] * before + aht * offered) / total
        day[2][slot] = (day[2][slot] * before + acw * offered) / total
    day[0][slot] = total
    if agents is not None:
        if day[3] is None:
            day[3] = np.zeros(demand.slots)
        day[3][slot] += agents
