"""Salary bands drawn as bars on one scale, so bands of different roles compare at a glance.

The drawing is computed here and rendered as inline SVG by the templates: no JavaScript needed.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .models import SalaryBand

WIDTH = 600  # SVG user units of the plot; the SVG scales to its box


@dataclass(frozen=True)
class Bar:
    band: SalaryBand
    x: float
    width: float
    mid: float


@dataclass(frozen=True)
class Scale:
    currency: str
    period: str
    top: Decimal
    ticks: list[tuple[float, Decimal]]

    def x(self, amount: Decimal) -> float:
        return round(float(amount / self.top) * WIDTH, 1) if self.top else 0.0

    def bar(self, band: SalaryBand) -> Bar:
        left = self.x(band.minimum)
        return Bar(band, left, max(self.x(band.maximum) - left, 2.0), self.x(band.midpoint))


def _nice_top(amount: Decimal) -> tuple[Decimal, Decimal]:
    """A round upper end of the scale and a tick step (1, 2 or 5 times a power of ten)."""
    if amount <= 0:
        return Decimal(1), Decimal(1)
    power = Decimal(10) ** math.floor(math.log10(float(amount)))
    for step in (power / 5, power / 2, power, power * 2, power * 5):
        if amount / step <= 6:
            return (amount / step).to_integral_value(rounding="ROUND_CEILING") * step, step
    return amount, amount


def scale_for(bands: Iterable[SalaryBand], currency: str, period: str) -> Scale:
    """One scale from 0 to a round figure above the highest maximum of these bands."""
    highest = max((b.maximum for b in bands), default=Decimal(0))
    top, step = _nice_top(highest)
    count = int(top / step)
    ticks = [(round(WIDTH * i / count, 1), step * i) for i in range(count + 1)]
    return Scale(currency, period, top, ticks)


def current_bands(bands: Iterable[SalaryBand]) -> list[SalaryBand]:
    """The latest band per role, currency, period and location (bands come newest first)."""
    seen: set[tuple] = set()
    latest = []
    for band in sorted(bands, key=lambda b: b.effective_from, reverse=True):
        key = (band.role_id, band.currency, band.period, band.location)
        if key not in seen:
            seen.add(key)
            latest.append(band)
    return latest
