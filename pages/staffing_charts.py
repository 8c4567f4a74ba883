"""Geometry of /planning/'s two SVG charts (templates/staffing/_*.svg): whole numbers only, as
in pages/charts.py (a float would be written with the language's decimal comma)."""

import datetime
from dataclasses import dataclass

import numpy as np

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 240, 44, 26, 10


@dataclass
class Tick:
    x: int
    y: int
    text: str


def _scale(top: float) -> tuple[float, list[int]]:
    step = max(1, int(10 ** np.floor(np.log10(max(top, 1)))))
    while top / step > 6:
        step *= 2
    most = (int(top // step) + 1) * step
    return most, list(range(0, most + 1, step))


def _y(value: float, most: float) -> int:
    return round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / most))


def interval_chart(
    needed: np.ndarray,
    minutes: int,
    week: datetime.date,
    *,
    available: int,
    parameters,
    title: str,
    theirs: np.ndarray | None = None,
) -> dict:
    """Agents needed in each interval of a week (an area), against the agents on hand if their
    productive hours were spread evenly over the open intervals (a line); the WFM tool's agents
    needed as a second line when the forecast has them."""
    open_slots = int(np.count_nonzero(needed))
    productive_hours = available * parameters.hours_per_fte * (1 - parameters.shrinkage)
    on_shift = productive_hours / (open_slots * minutes / 60) if open_slots else 0
    top = max(float(needed.max(initial=0)), on_shift, 1)
    if theirs is not None:
        top = max(top, float(theirs.max(initial=0)))
    most, steps = _scale(top)
    inner = WIDTH - LEFT - 8
    dx = inner / max(len(needed), 1)
    points = " ".join(f"{round(LEFT + i * dx)},{_y(v, most)}" for i, v in enumerate(needed))
    wfm = (
        ""
        if theirs is None
        else " ".join(f"{round(LEFT + i * dx)},{_y(v, most)}" for i, v in enumerate(theirs))
    )
    base = _y(0, most)
    area = f"{LEFT},{base} {points} {round(LEFT + len(needed) * dx)},{base}" if len(needed) else ""
    slots = 24 * 60 // minutes
    days = [
        Tick(
            round(LEFT + d * slots * dx + slots * dx / 2),
            HEIGHT - 8,
            (week + datetime.timedelta(days=d)).strftime("%d.%m"),
        )
        for d in range(7)
    ]
    return {
        "title": title,
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - 8,
        "base": base,
        "area": area,
        "wfm": wfm,
        "days": days,
        "grid": [Tick(LEFT - 6, _y(s, most), str(s)) for s in steps],
        "line_y": _y(on_shift, most),
        "on_shift": round(on_shift),
        "peak": int(needed.max(initial=0)),
    }


def week_chart(figures, site, *, title: str) -> dict:
    """FTE needed per week (bars) against the agents holding seats today (a line)."""
    weeks = figures.weeks
    values = [figures.weekly_fte.get((site.pk, w), 0.0) for w in weeks]
    other = figures.weekly_ours if figures.theirs else figures.weekly_theirs
    others = [other.get((site.pk, w)) for w in weeks]  # ticks: the basis not chosen
    have = figures.agents_now.get(site.pk, 0)
    most, steps = _scale(max([*values, *(o for o in others if o is not None), have, 1]))
    inner = WIDTH - LEFT - 8
    slot = inner / max(len(weeks), 1)
    bars = [
        {
            "x": round(LEFT + i * slot + slot * 0.15),
            "y": _y(v, most),
            "w": max(round(slot * 0.7), 1),
            "h": _y(0, most) - _y(v, most),
            "text": f"{w:%d.%m.}: {v:.1f}",
            "over": v > have,
            "label": f"{w:%d.%m}",
            "label_x": round(LEFT + i * slot + slot / 2),
            "tick_y": None if o is None else _y(o, most),
            "tick_x2": round(LEFT + i * slot + slot * 0.85),
        }
        for i, (w, v, o) in enumerate(zip(weeks, values, others, strict=False))
    ]
    return {
        "title": title,
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - 8,
        "bars": bars,
        "base": _y(0, most),
        "line_y": _y(have, most),
        "have": have,
        "grid": [Tick(LEFT - 6, _y(s, most), str(s)) for s in steps],
        "label_y": HEIGHT - 8,
    }


ROW, LABEL = 20, 210  # room for "Workforce Planning Analyst · 12" at 11 px


def _short(label: str, most: int = 28) -> str:
    return label if len(label) <= most else label[: most - 1] + "…"


def wave_timeline(waves, today: datetime.date, *, title: str) -> dict:
    """One row a hiring class (`label`: the role): hiring (start → first day) and training
    (first day → productive), on a time axis from today, with a tick at each month's start."""
    end = max((w.productive for w in waves), default=today) + datetime.timedelta(days=7)
    span = max((end - today).days, 1)
    inner = WIDTH - LABEL - 8

    def x(day: datetime.date) -> int:
        return round(LABEL + inner * (day - today).days / span)

    rows = [
        {
            "y": 6 + i * ROW,
            "text_y": 6 + i * ROW + 13,
            "label": f"{_short(w.label)} · {w.size}",
            "late": w.late,
            "hire_x": x(w.start),
            "hire_w": max(x(w.first_day) - x(w.start), 1),
            "nest_x": x(w.first_day),
            "nest_w": max(x(w.productive) - x(w.first_day), 1),
            "tip": f"{w.start} → {w.first_day} → {w.productive}",
        }
        for i, w in enumerate(waves)
    ]
    height = 6 + len(waves) * ROW + 22
    months, day = [], (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    while day < end:
        months.append(Tick(x(day), height - 6, day.strftime("%m/%y")))
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return {
        "title": title,
        "width": WIDTH,
        "height": height,
        "rows": rows,
        "months": months,
        "left": LABEL,
        "label_x": LABEL - 6,
        "axis_y": height - 20,
        "bar_h": ROW - 6,
    }
