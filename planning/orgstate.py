"""The whole org as a projection would make it, in plain dicts: every seat's manager, role, site
and holder, and every holder's pay. One query for the live org (every seat not archived with its
holder's pay), one for the pay of the people the changes seat; the projection's overlay is laid
over it in Python, in one pass, whatever the number of changes (issue 17: problems and impact).

Seats a change creates are keyed -change id, as the projected chart numbers them.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection

from people.models import Person

from .projection import Projection

CENTS = Decimal("0.01")  # SQLite hands salaries back as floats

_SEATS = """
    SELECT p.id, p.manager_id, p.role_id, p.site_id, p.holder_id, h.salary, h.salary_currency
    FROM people_position p
    LEFT JOIN people_person h ON h.id = p.holder_id
    WHERE p.archived_on IS NULL
"""


def money(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(CENTS)


@dataclass
class LiveOrg:
    """The live org's rows, read once and shared by the states laid over it."""

    rows: list[tuple] = field(default_factory=list)

    @classmethod
    def read(cls) -> "LiveOrg":
        with connection.cursor() as cursor:
            cursor.execute(_SEATS)
            return cls(cursor.fetchall())

    def managers(self) -> dict[int, int | None]:
        return self.base()[0]

    def base(self) -> tuple[dict, dict, dict, dict, dict]:
        """seat → manager, role, site, holder; holder → (salary, currency). Built once."""
        if not hasattr(self, "_base"):
            rows = self.rows
            self._base = (
                {r[0]: r[1] for r in rows},
                {r[0]: r[2] for r in rows},
                {r[0]: r[3] for r in rows},
                {r[0]: r[4] for r in rows},
                {r[4]: (r[5], r[6] or "") for r in rows if r[4] is not None},
            )
        return self._base


@dataclass
class OrgState:
    manager: dict[int, int | None]
    role: dict[int, int]
    site: dict[int, int | None]
    holder: dict[int, int | None]
    # person → (salary, currency), holders only; the salary as the database gave it (a float on
    # SQLite): convert with money() where it is summed or shown.
    pay: dict[int, tuple[Decimal | float | None, str]]

    def reports(self) -> dict[int | None, list[int]]:
        below: dict[int | None, list[int]] = defaultdict(list)
        for seat, manager in self.manager.items():
            below[manager if manager in self.manager else None].append(seat)
        return below

    def tops(self) -> list[int]:
        return [s for s, m in self.manager.items() if m is None]

    def seat_of(self) -> dict[int, int]:
        return {p: s for s, p in self.holder.items() if p is not None}


def org_state(projection: Projection, live: LiveOrg) -> OrgState:
    """The org as `projection` makes it (live rows with its overlay laid over them)."""
    base = live.base()
    manager, role, site, holder = (d.copy() for d in base[:4])
    pay = base[4].copy()
    for pk in projection.closed:
        for d in (manager, role, site, holder):
            d.pop(pk, None)
    for pk, value in projection.manager.items():
        if pk in manager:
            manager[pk] = value
    for pk, value in projection.role.items():
        if pk in role:
            role[pk] = value
    for pk, value in projection.site.items():
        if pk in site:
            site[pk] = value
    for pk, value in projection.holder.items():
        if pk in holder:
            holder[pk] = value
    for new in projection.new_seats:
        key = -new.change_id
        manager[key], role[key], site[key], holder[key] = new.manager, new.role, new.site, None
    seated = {p for p in holder.values() if p is not None}
    missing = seated - pay.keys()
    if missing:
        for pk, salary, currency in Person.objects.filter(pk__in=missing).values_list(
            "id", "salary", "salary_currency"
        ):
            pay[pk] = (salary, currency or "")
    for person, salary in projection.salary.items():
        currency = pay.get(person, (None, ""))[1] or projection.salary_currency(person)
        pay[person] = (salary, currency or "")
    pay = {p: v for p, v in pay.items() if p in seated}
    return OrgState(manager, role, site, holder, pay)
