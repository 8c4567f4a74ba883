"""The seat gap of a staffing plan as a scenario of the org: "open these 12 agent seats and one
team-leader seat" becomes a draft reorganisation (planning/scenarios.py) HR reviews on the chart,
submits, has approved and applies on its day, never a silent write (issue 18).

Where a new seat goes: under a seat of the role its role reports to (the role tree: an agent's
seat under a team leader's, a team leader's under a call-center manager's) at the same site, one
at a time to whichever of them then has the fewest reports, so the new seats are spread over the
teams. A role whose managing role has no seat at the site cannot be placed; it is reported and
left out. A new team leader's seat opens empty of reports: the new agents go to the team leaders
there are today, and HR moves teams under the new ones on the scenario's chart (a seat another
change opens cannot be named until it exists, docs/planning.md).
"""

import datetime
import heapq
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from people.models import Position, Site
from planning.models import Kind, Scenario
from planning.scenarios import scenario_create, scenario_edit
from roles.models import Role

from .plan import Plan


@dataclass
class Opening:
    """New seats of one role at one site, and the seats they would report to."""

    site: Site
    role: Role
    count: int
    managers: dict[int, int] = field(default_factory=dict)  # manager's seat → new seats under it

    @property
    def unplaced(self) -> int:
        return self.count - sum(self.managers.values())


def openings(plan: Plan, site_ids: set[int] | None = None) -> list[Opening]:
    """The seats the plan's gap asks for (positive gaps of roles the org has), placed under
    managers as the module says. Two queries whatever the org's size."""
    wanted = [
        need
        for need in plan.needs
        if need.role_id and need.gap > 0 and (site_ids is None or need.site.pk in site_ids)
    ]
    if not wanted:
        return []
    roles = Role.objects.in_bulk({need.role_id for need in wanted})
    result = [Opening(need.site, roles[need.role_id], need.gap) for need in wanted]
    parents = {o.role.parent_id for o in result if o.role.parent_id}
    load: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for pk, site, role, reports in (
        Position.objects.active()
        .filter(site_id__in={o.site.pk for o in result}, role_id__in=parents)
        .order_by("id")
        .values_list("id", "site_id", "role_id", "direct_count")
    ):
        load.setdefault((site, role), []).append((reports, pk))
    for opening in result:
        heap = load.get((opening.site.pk, opening.role.parent_id))
        if not heap:
            continue
        heapq.heapify(heap)
        for _seat in range(opening.count):
            reports, pk = heapq.heappop(heap)
            opening.managers[pk] = opening.managers.get(pk, 0) + 1
            heapq.heappush(heap, (reports + 1, pk))
    return result


def gap_scenario(
    *,
    plan: Plan,
    user,
    name: str,
    effective_on: datetime.date,
    site_ids: set[int] | None = None,
) -> tuple[Scenario, list[Opening]]:
    """A new draft scenario that opens the seats of the plan's gap (at the sites given, else
    all), as one edit. Refused (ValidationError, nothing saved) as scenario_create and
    scenario_edit refuse: HR only, a day after today, every new seat able to open."""
    found = openings(plan, site_ids)
    changes = [
        {"kind": Kind.NEW_SEAT, "new_manager_id": manager, "role": o.role, "site": o.site}
        for o in found
        for manager, count in o.managers.items()
        for _seat in range(count)
    ]
    with transaction.atomic():
        scenario = scenario_create(
            created_by=user,
            name=name,
            effective_on=effective_on,
            description=_describe(found),
        )
        if changes:
            scenario_edit(scenario=scenario, user=user, changes=changes)
    return scenario, found


def _describe(found: list[Opening]) -> str:
    lines = [
        _("%(site)s: %(count)s new seats of %(role)s")
        % {"site": o.site.name, "count": o.count, "role": o.role.title}
        for o in found
    ]
    return "\n".join([_("Opens the seats the staffing plan is short of."), *lines])
