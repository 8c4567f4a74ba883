"""The pay import: a CSV or .xlsx of pay for a reference year, one row a person, keyed by
employee id. All or nothing: every bad row is reported with its number and nothing is written.

Files are read by the people import's reader (people/imports/formats.py: encodings, delimiters,
.xlsx, size limits) and amounts by its parse_amount (32000.50, 32.000,50, 32 000).

Columns (headers in any case; German and Polish spellings below): employee_id, year, basic,
bonus, commission, allowances, currency, weekly_hours or fte, sex. employee_id, basic, currency
and weekly_hours or fte are required; year when not given for the whole file.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from core.inputs import CURRENCIES
from people.imports.formats import table
from people.imports.read import parse_amount
from people.models import Person

from .models import PayProfile, PayRecord, Sex

HEADERS = {
    "employee_id": ("employee_id", "employee id", "personalnummer", "numer pracownika", "id"),
    "year": ("year", "jahr", "rok"),
    "basic": ("basic", "basic pay", "grundgehalt", "wynagrodzenie zasadnicze", "salary"),
    "bonus": ("bonus", "prämie", "premia"),
    "commission": ("commission", "provision", "prowizja"),
    "allowances": ("allowances", "zulagen", "dodatki"),
    "currency": ("currency", "währung", "waluta"),
    "weekly_hours": ("weekly_hours", "weekly hours", "wochenstunden", "godziny tygodniowo"),
    "fte": ("fte", "vollzeitäquivalent", "etat"),
    "sex": ("sex", "geschlecht", "płeć"),
}
SEXES = {
    **dict.fromkeys(("f", "female", "w", "weiblich", "frau", "k", "kobieta"), Sex.FEMALE),
    **dict.fromkeys(("m", "male", "männlich", "mann", "mężczyzna"), Sex.MALE),
    **dict.fromkeys(("d", "divers", "x", "other", "inna", "inne"), Sex.OTHER),
    "": Sex.NOT_RECORDED,
}
FULL_TIME_HOURS = Decimal(40)
MAX_ROWS = 200_000


@dataclass
class PayRow:
    number: int
    person_id: int
    year: int
    fields: dict
    sex: str | None  # None: the file has no sex column


@dataclass
class PayImport:
    rows: list[PayRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, message)
    written: int = 0


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower().replace("_", " "))


def _columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    known = {_key(name): column for column, names in HEADERS.items() for name in names}
    index, problems = {}, []
    for i, cell in enumerate(header):
        column = known.get(_key(cell))
        if column and column not in index:
            index[column] = i
    for needed in ("employee_id", "basic", "currency"):
        if needed not in index:
            problems.append(_("The file has no “%(column)s” column.") % {"column": needed})
    if "weekly_hours" not in index and "fte" not in index:
        problems.append(_("The file needs a “weekly_hours” or an “fte” column."))
    return index, problems


def _hours(cells: dict) -> Decimal | None:
    try:
        if cells.get("weekly_hours"):
            return Decimal(cells["weekly_hours"].replace(",", "."))
        if cells.get("fte"):
            return Decimal(cells["fte"].replace(",", ".")) * FULL_TIME_HOURS
    except InvalidOperation:
        return None
    return None


def _row(number: int, cells: dict, people: dict, year: int | None, has_sex: bool):
    """A PayRow, or the row's messages."""
    problems = []
    person_id = people.get(cells.get("employee_id", ""))
    if person_id is None:
        problems.append(_("no person has employee ID “%(id)s”") % {"id": cells.get("employee_id")})
    asked_year = cells.get("year") or (str(year) if year else "")
    if not (asked_year.isdigit() and 2000 <= int(asked_year) <= 2100):
        problems.append(_("the year must be from 2000 to 2100"))
    amounts = {}
    for name in ("basic", "bonus", "commission", "allowances"):
        text = cells.get(name, "")
        amount = parse_amount(text) if text else (Decimal(0) if name != "basic" else None)
        if amount is None:
            problems.append(
                _("“%(value)s” is not an amount for %(column)s")
                % {"value": text[:20], "column": name}
            )
        amounts[name] = amount
    currency = cells.get("currency", "").upper()
    if currency not in CURRENCIES:
        message = _("“%(value)s” is not a currency code such as EUR")
        problems.append(message % {"value": currency[:10]})
    hours = _hours(cells)
    if hours is None or not 0 < hours <= 80:
        problems.append(_("contractual hours must be more than 0 and at most 80 a week"))
    sex = SEXES.get(cells.get("sex", "").strip().lower()) if has_sex else None
    if has_sex and sex is None:
        problems.append(
            _("sex is female, male, other or empty, not “%(value)s”")
            % {"value": cells.get("sex", "")[:20]}
        )
    if problems:
        return problems
    fields = amounts | {"currency": currency, "weekly_hours": hours.quantize(Decimal("0.01"))}
    return PayRow(number, person_id, int(asked_year), fields, sex)


def read(data: bytes, *, year: int | None = None) -> PayImport:
    """Every row of the file checked; nothing written."""
    found = PayImport()
    parsed = table(data)
    if parsed.problem:
        found.errors.append(parsed.problem)
        return found
    index, problems = _columns(parsed.header)
    found.errors += [(1, p) for p in problems]
    if problems:
        return found
    if len(parsed.lines) > MAX_ROWS:
        found.errors.append((0, _("The file has more than %(n)s rows.") % {"n": MAX_ROWS}))
        return found
    people = dict(Person.objects.values_list("employee_id", "pk"))
    seen: dict[tuple[int, int], int] = {}
    for number, cells in parsed.lines:
        named = {c: (cells[i].strip() if i < len(cells) else "") for c, i in index.items()}
        row = _row(number, named, people, year, "sex" in index)
        if isinstance(row, list):
            found.errors += [(number, message) for message in row]
            continue
        key = (row.person_id, row.year)
        if key in seen:
            found.errors.append(
                (number, _("the same person and year as row %(row)s") % {"row": seen[key]})
            )
            continue
        seen[key] = number
        found.rows.append(row)
    if not found.rows and not found.errors:
        found.errors.append((0, _("The file has no rows.")))
    return found


@transaction.atomic
def write(reading: PayImport) -> int:
    """Write every row (a record per person and year, replaced if there is one) with its
    history; only a reading without errors is written."""
    if reading.errors:
        raise ValueError("a reading with errors is not written")
    for row in reading.rows:
        record = PayRecord.objects.filter(person_id=row.person_id, year=row.year).first()
        record = record or PayRecord(person_id=row.person_id, year=row.year)
        for name, value in row.fields.items():
            setattr(record, name, value)
        record.full_clean()
        record.save()
        if row.sex is not None:
            profile, _created = PayProfile.objects.get_or_create(person_id=row.person_id)
            if profile.sex != row.sex:
                profile.sex = row.sex
                profile.save()
    return len(reading.rows)


def import_pay(data: bytes, *, year: int | None = None, dry_run: bool = False) -> PayImport:
    """Read the file and, when every row is good and it is not a dry run, write it."""
    reading = read(data, year=year)
    if not reading.errors and not dry_run:
        reading.written = write(reading)
    return reading
