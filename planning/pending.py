"""Planned changes as the person and seat pages show them: in words, and only what the viewer may
know (docs/access.md). A planned hire, exit or promotion tells a date of someone's employment, so
it follows the hire-date rule (`can_see_hire_date`); a planned salary follows `can_see_salary`;
changes of a seat (its manager, role, site, opening or closing) are the org's structure, which
every signed-in user reads. HR also sees failed changes, with the reason, and may cancel pending
ones.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from core.groups import is_hr
from people.access import can_see_hire_date, can_see_salary

from .models import Kind, PlannedChange, Status

STRUCTURE = (Kind.MOVE, Kind.ROLE, Kind.SITE, Kind.NEW_SEAT, Kind.CLOSE_SEAT)


@dataclass
class Shown:
    change: PlannedChange
    text: str
    failed: bool
    cancellable: bool


def _with_names(changes: QuerySet) -> QuerySet:
    return changes.select_related(
        "person",
        "position__role",
        "position__holder",
        "new_manager__role",
        "new_manager__holder",
        "role",
        "site",
    )


def _day(change: PlannedChange) -> str:
    return formats.date_format(change.effective_on, "DATE_FORMAT")


def seat_name(seat) -> str:
    holder = seat.holder.full_name if seat.holder_id else _("vacant")
    return _("%(holder)s (%(role)s, seat #%(id)s)") % {
        "holder": holder,
        "role": seat.role.title,
        "id": seat.pk,
    }


def _money(change: PlannedChange) -> str:
    currency = change.person.salary_currency if change.person else ""
    return f"{formats.number_format(change.salary, 0, force_grouping=True)} {currency}".strip()


def describe(change: PlannedChange, *, salary: bool) -> str:
    """The change in words, e.g. "Seat #12 moves to Lena Nowak (Team Leader, seat #3) on 1 March
    2027". `salary`: whether the viewer may read the amount of a salary it sets."""
    day = _day(change)
    kind = change.kind
    name = change.person.full_name if change.person_id else ""
    if kind == Kind.HIRE:
        return _("%(name)s takes seat #%(seat)s (%(role)s) on %(day)s.") % {
            "name": name,
            "seat": change.position_id,
            "role": change.position.role.title,
            "day": day,
        }
    if kind == Kind.EXIT:
        return _("%(name)s leaves on %(day)s.") % {"name": name, "day": day}
    if kind in (Kind.PROMOTION, Kind.TRANSFER):
        text = _("%(name)s moves to seat #%(seat)s (%(role)s) on %(day)s.") % {
            "name": name,
            "seat": change.position_id,
            "role": change.position.role.title,
            "day": day,
        }
        if salary and change.salary is not None:
            text += " " + _("New salary: %(amount)s.") % {"amount": _money(change)}
        return text
    if kind == Kind.MOVE:
        return _("Seat #%(seat)s moves to %(manager)s on %(day)s.") % {
            "seat": change.position_id,
            "manager": seat_name(change.new_manager),
            "day": day,
        }
    if kind == Kind.ROLE:
        return _("Seat #%(seat)s becomes %(role)s on %(day)s.") % {
            "seat": change.position_id,
            "role": change.role.title,
            "day": day,
        }
    if kind == Kind.SITE:
        return _("Seat #%(seat)s moves to the site %(site)s on %(day)s.") % {
            "seat": change.position_id,
            "site": change.site.name,
            "day": day,
        }
    if kind == Kind.NEW_SEAT:
        return _("A new %(role)s seat opens under %(manager)s on %(day)s.") % {
            "role": change.role.title,
            "manager": seat_name(change.new_manager),
            "day": day,
        }
    if kind == Kind.CLOSE_SEAT:
        return _("Seat #%(seat)s closes on %(day)s.") % {"seat": change.position_id, "day": day}
    if salary:
        return _("%(name)s's salary changes to %(amount)s on %(day)s.") % {
            "name": name,
            "amount": _money(change),
            "day": day,
        }
    return _("%(name)s's salary changes on %(day)s.") % {"name": name, "day": day}


def may_see(user, change: PlannedChange) -> bool:
    """Whether `user` may know of this planned change at all."""
    if is_hr(user) or change.kind in STRUCTURE:
        return True
    if change.kind == Kind.SALARY:
        return can_see_salary(user, change.person)
    return can_see_hire_date(user, change.person)


def _shown(user, changes) -> list[Shown]:
    hr = is_hr(user)
    shown = []
    for change in changes:
        if not may_see(user, change):
            continue
        salary = change.person_id is not None and can_see_salary(user, change.person)
        shown.append(
            Shown(
                change=change,
                text=describe(change, salary=salary),
                failed=change.status == Status.FAILED,
                cancellable=hr and change.status == Status.PENDING,
            )
        )
    return shown


def _open_for(user) -> QuerySet:
    """Pending changes; for HR also the failed ones, which wait for HR to act."""
    statuses = [Status.PENDING, Status.FAILED] if is_hr(user) else [Status.PENDING]
    return PlannedChange.objects.filter(status__in=statuses).in_order()


def for_person(user, person, seat_id: int | None) -> list[Shown]:
    """The planned changes of a person and of the seat they hold, as `user` may see them (one
    query, plus the manager's subtree check of the access rules)."""
    touching = Q(person_id=person.pk)
    if seat_id is not None:
        touching |= Q(position_id=seat_id, kind__in=STRUCTURE)
    return _shown(user, _with_names(_open_for(user).filter(touching)))


def for_seat(user, seat_id: int) -> list[Shown]:
    """The planned changes of a seat: its own, the seats planned under it, and who comes and
    goes, as `user` may see them (one query, plus the access rules' checks)."""
    changes = _open_for(user).filter(
        Q(position_id=seat_id)
        | Q(new_manager_id=seat_id, kind=Kind.NEW_SEAT)
        | Q(person__position=seat_id, kind__in=(Kind.EXIT, Kind.SALARY, Kind.PROMOTION))
    )
    return _shown(user, _with_names(changes))


def plan_query(*, person=None, seat=None) -> str:
    """The admin's "add a planned change" filled in (a query string): a move of the seat, or,
    for a person without one, their hire. HR changes the kind for anything else."""
    if seat is not None:
        return urlencode({"kind": Kind.MOVE, "position": seat.pk})
    return urlencode({"kind": Kind.HIRE, "person": person.pk} if person else {"kind": Kind.MOVE})
