"""Which salary band applies, and bands drawn as bars on one scale.

Which band applies is decided here and nowhere else: for a person (readiness, the demo's
salaries), for a page in a language (the ladder), and for the list of roles. Bands are kept per
role, currency, period and location (a country's market, e.g. "Germany"; empty for the default).

The drawing is computed here and rendered as inline SVG by the templates: no JavaScript needed.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import PayPeriod, SalaryBand

WIDTH = 600  # SVG user units of the plot; the SVG scales to its box

# The band location of a site's country: Austria and Ireland are paid on the German market.
COUNTRY_LOCATION = {"DE": "Germany", "AT": "Germany", "IE": "Germany", "PL": "Poland"}
# The currency (and location) a page shows in each language when none is asked for.
LANGUAGE_CURRENCY = {"de": ("EUR", "Germany"), "pl": ("PLN", "Poland")}
DEFAULT_CURRENCY = ("USD", "")
# The currencies a page offers to switch to (the seed bands' currencies).
PAGE_CURRENCIES = ("USD", "EUR", "PLN")
LIST_FALLBACK = ("EUR", PayPeriod.ANNUAL)


def location_for_country(country: str) -> str:
    """The band location of a country code (ISO 3166), or "" for the default bands."""
    return COUNTRY_LOCATION.get((country or "").upper(), "")


def currency_for_language(language: str | None = None) -> tuple[str, str]:
    """The (currency, location) of the bands a page shows by default in a language."""
    return LANGUAGE_CURRENCY.get(language or get_language() or "en", DEFAULT_CURRENCY)


def band_for(
    bands: Iterable[SalaryBand],
    *,
    currency: str = "",
    location: str | None = None,
    period: str = PayPeriod.ANNUAL,
    other_currencies: bool = True,
) -> SalaryBand | None:
    """The band that applies among `bands` (newest first), for one period.

    In order of preference: the currency at the location; the currency anywhere; the location in
    another currency; a default band (no location). `location=None` takes any location;
    `other_currencies=False` stops after the currency.
    """
    candidates = [b for b in bands if b.period == period]
    preferences = [
        lambda b: b.currency == currency and (location is None or b.location == location),
        lambda b: b.currency == currency,
    ]
    if other_currencies:
        preferences += [
            lambda b: location is not None and b.location == location,
            lambda b: not b.location,
        ]
    for wanted in preferences:
        match = next((b for b in candidates if wanted(b)), None)
        if match is not None:
            return match
    return None


def list_choice(
    all_bands: list[SalaryBand], currency: str, period: str, *, default: str = ""
) -> tuple[tuple[str, str], list[tuple[str, str]], str | None]:
    """The (currency, period) the list of roles draws, the choices, and a message when the asked
    one has no bands. Nothing asked: `default` (the page language's currency) when it has bands."""
    choices = sorted({(b.currency, b.period) for b in all_bands})
    period = period or PayPeriod.ANNUAL
    asked = (currency.upper(), period)
    if asked in choices:
        return asked, choices, None
    if not currency and (default, period) in choices:
        return (default, period), choices, None
    fallback = LIST_FALLBACK if LIST_FALLBACK in choices else None
    fallback = fallback or (choices[0] if choices else LIST_FALLBACK)
    problem = None
    if currency:
        problem = _("There are no bands in %(currency)s; showing %(fallback)s.") % {
            "currency": currency[:10],
            "fallback": fallback[0],
        }
    return fallback, choices, problem


def one_per_role(
    all_bands: list[SalaryBand], currency: str, period: str, location: str
) -> list[SalaryBand]:
    """For each role, the band of this currency and period, preferring `location` (band_for)."""
    by_role: dict[int, list[SalaryBand]] = {}
    for band in all_bands:
        if (band.currency, band.period) == (currency, period):
            by_role.setdefault(band.role_id, []).append(band)
    found = [
        band_for(group, currency=currency, location=location, period=period)
        for group in by_role.values()
    ]
    return [band for band in found if band is not None]


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
