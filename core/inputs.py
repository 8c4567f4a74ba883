"""What a date or a currency may be, checked alike by the models (admin, pages) and the API.

Dates of people's working lives (hire, exit, seat changes, promotions, bands) lie between
1 January 1950 and one year from today: nobody now employed was hired before 1950, and HR plans
hires and bands at most a year ahead. A typo such as 0001-01-01 or 2099-01-01 is refused, not
stored. Currencies are ISO 4217 codes as pycountry lists them (Debian's iso-codes data, kept up
to date upstream): "EUR", "PLN", never "<s>".
"""

import datetime
import re

import pycountry
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

EARLIEST_DATE = datetime.date(1950, 1, 1)
CURRENCIES = sorted(currency.alpha_3 for currency in pycountry.currencies)


def latest_date() -> datetime.date:
    """One year from today (29 February → 28 February)."""
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


def check_date(value: datetime.date | None) -> None:
    """Refuse a date outside 1950-01-01 … today + 1 year."""
    if value is None:
        return
    latest = latest_date()
    if not EARLIEST_DATE <= value <= latest:
        raise ValidationError(
            _("Give a date from %(earliest)s to %(latest)s.")
            % {"earliest": EARLIEST_DATE.isoformat(), "latest": latest.isoformat()},
            code="date_window",
        )


def check_currency(value: str | None) -> None:
    """Refuse anything but an ISO 4217 code (blank means none given)."""
    if value and value not in CURRENCIES:
        raise ValidationError(
            _("%(value)s is not an ISO 4217 currency code, such as EUR or PLN.")
            % {"value": value[:10]},
            code="currency",
        )


def check_fields(instance: object, *, dates: tuple = (), currencies: tuple = ()) -> None:
    """For a model's clean(): the date and currency fields named, every error by its field."""
    errors = {}
    checks = [(name, check_date) for name in dates] + [
        (name, check_currency) for name in currencies
    ]
    for name, check in checks:
        try:
            check(getattr(instance, name))
        except ValidationError as error:
            errors[name] = error
    if errors:
        raise ValidationError(errors)


# An integration's own key for a record (an HRIS position or worker id). It travels in URL paths
# (`/positions/by-external-id/{id}/`), so it is restricted to characters a path keeps as they are.
EXTERNAL_ID_MAX_LENGTH = 100
EXTERNAL_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:~-]{0,99}$"
EXTERNAL_ID_RE = re.compile(EXTERNAL_ID_PATTERN)


def check_external_id(value: str | None) -> None:
    """Refuse an external id a URL path would change: letters, digits and . _ : ~ - only."""
    if value and not EXTERNAL_ID_RE.fullmatch(value):
        raise ValidationError(
            _(
                "An external ID is 1 to 100 letters, digits and . _ : ~ - and starts with a "
                "letter or digit."
            ),
            code="external_id",
        )
