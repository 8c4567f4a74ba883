"""The org as it will be on a future day: today's seats with the pending changes due by then laid
over them (planning/projection.py), in the shape people/as_of.py draws the past in, so the chart
draws both alike. Nothing is copied or written; the queries are the same whatever the org's size.

Who may see what (docs/access.md): a planned hire, exit or move of a person tells a date of their
employment, so it is laid over the org only for viewers who may see that person's dates (HR; the
person; their managers); for everyone else the person stays where they sit today. Changes of
seats (their manager, role, site, opening and closing) are the org's structure and apply for all.
"""

import datetime

from django.db.models import F

from people.access import DateScope, date_scope
from people.as_of import OrgAsOf
from people.models import Position

from .models import PlannedChange
from .pending import STRUCTURE
from .projection import Projection
from .services import simulate


def _visible(changes: list[PlannedChange], viewer) -> list[PlannedChange]:
    scope = DateScope(everyone=True) if viewer is None else date_scope(viewer)
    return [
        change
        for change in changes
        if change.kind in STRUCTURE
        or (change.person_id and scope.covers(change.person.user_id, change.person_seat))
    ]


def load(day: datetime.date, *, viewer, scenario=None) -> OrgAsOf:
    """Every seat of the org on `day` as the pending changes due by then make it, as `viewer`
    may know of them (None: everything, for commands and tests). New seats have the negative id
    of the change that opens them. With `scenario`: on its day, with its drafts laid over the
    pending changes (those that could no longer apply left out)."""
    if scenario is not None:
        day = scenario.effective_on
    changes = list(
        PlannedChange.objects.pending()
        .filter(effective_on__lte=day)
        .in_order()
        .select_related("person")
        .annotate(person_seat=F("person__position"))
    )
    if scenario is not None:
        changes += list(
            scenario.changes.drafts()
            .select_related("person")
            .annotate(person_seat=F("person__position"))
        )
        _org, failed = simulate(changes)
        changes = [c for c in changes if c.pk not in failed]
    org = Projection()
    shown = _visible(changes, viewer)
    org.load_changes(shown)
    for change in shown:
        org.add(change)
    seats: dict[int, tuple] = {}
    holders: dict[int, int] = {}
    for pk, manager, role, site, assistant, holder in (
        Position.objects.active()
        .order_by()
        .values_list("id", "manager_id", "role_id", "site_id", "is_assistant", "holder_id")
    ):
        if pk in org.closed:
            continue
        seats[pk] = (
            org.manager.get(pk, manager),
            org.role.get(pk, role),
            org.site.get(pk, site),
            assistant,
        )
        holder = org.holder.get(pk, holder)
        if holder is not None:
            holders[pk] = holder
    for new in org.new_seats:
        seats[-new.change_id] = (new.manager, new.role, new.site, False)
    return OrgAsOf(day=day, seats=seats, holders=holders, approximated=0)
