"""Invented planned changes for the demo, so `make run` shows effective-dated changes on the
person pages, /planning/changes/ and the chart of a future day (`/org/?as_of=...`).

Nothing here is real: a handful of rows a few weeks ahead of today, planned by the demo's HR
account — the demo manager's team moves to another manager, a new agent is hired into a
vacancy, an agent of that team leaves, and the team gets a new seat.
"""

import datetime

from django.utils import timezone

from people.models import Person, Position
from people.services import person_create
from planning.models import Kind
from planning.services import change_plan

NOTE = "Invented for the demo."
WEEK = datetime.timedelta(weeks=1)


def _team() -> Position | None:
    """The demo manager's team leader seat (the first team with agents when there is none)."""
    manager = Person.objects.filter(user__username="manager").select_related("position").first()
    if manager is not None and manager.position is not None:
        return manager.position
    leads = Position.objects.active().filter(role__slug="team-leader", direct_count__gte=2)
    return leads.order_by("pk").first()


def plan_demo_changes(*, planned_by) -> int:
    """Plan four changes from two to five weeks ahead; returns how many were planned (none
    when the org has no team with a manager of a role that has another seat)."""
    today = timezone.localdate()
    team = _team()
    if team is None or team.manager is None:
        return 0
    other = (
        Position.objects.active()
        .filter(role_id=team.manager.role_id)
        .exclude(pk=team.manager_id)
        .order_by("pk")
        .first()
    )
    leaver = Person.objects.filter(position__manager=team, user__isnull=True).order_by("pk").first()
    vacancy = Position.objects.active().vacant().filter(role__slug="consultant").order_by("pk")
    vacancy = vacancy.first()
    if other is None or leaver is None or vacancy is None:
        return 0
    newcomer = person_create(
        fields={
            "employee_id": "E900001",
            "first_name": "Marta",
            "last_name": "Wiśniewska",
            "email": "marta.wisniewska@example.com",
            "site": vacancy.site,
            "languages": ["pl", "en"],
        }
    )
    plans = [
        (Kind.HIRE, 2, {"person": newcomer, "position": vacancy}),
        (Kind.MOVE, 3, {"position": team, "new_manager": other}),
        (Kind.EXIT, 4, {"person": leaver}),
        (Kind.NEW_SEAT, 5, {"new_manager": team, "role": vacancy.role, "site": team.site}),
    ]
    for kind, weeks, columns in plans:
        change_plan(
            planned_by=planned_by,
            kind=kind,
            effective_on=today + weeks * WEEK,
            note=NOTE,
            **columns,
        )
    return len(plans)
