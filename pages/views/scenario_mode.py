"""The person, role and analytics pages in scenario mode (?scenario=<id>, issue 17): the org as
the scenario would make it on its day, read once in bulk (planning/orgstate.py), with the same
visibility as the scenario's own pages: HR every scenario, a manager those shared with them,
everyone else a 404.

A manager sees the scenario's structure (moves, new, closed seats, roles) but who is hired,
leaves or changes seat follows the hire-date rule, as on the scenario's chart: the seats keep
their live holders for them, and salaries are HR's only."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from core.groups import is_hr
from people.models import Person
from planning.models import PlannedChange, Scenario
from planning.orgstate import LiveOrg, OrgState, money, org_state
from planning.pending import describe, may_see
from planning.scenarios import may_see_scenario_salaries, scenario_org
from roles.models import Role

from .scenarios import scenario_or_404

WORDS = ("person", "position__role", "new_manager__role", "new_manager__holder", "role", "site")


@dataclass
class ScenarioMode:
    scenario: Scenario
    state: OrgState
    live: OrgState
    mine: list[PlannedChange]
    failed: dict
    salaries: bool
    people_moves: bool

    def changes_touching(self, user, *, people=(), seats=()) -> list[str]:
        """The scenario's changes (those that apply) about these people or seats, in words, as
        the viewer may know of them."""
        people, seats = set(people), {s for s in seats if s is not None}
        touching = [
            c.pk
            for c in self.mine
            if c.pk not in self.failed
            and (c.person_id in people or {c.position_id, c.new_manager_id} & seats)
        ]
        if not touching:
            return []
        # describe() names roles and managers: read them for these changes in one query.
        changes = PlannedChange.objects.filter(pk__in=touching).in_order().select_related(*WORDS)
        return [describe(c, salary=self.salaries) for c in changes if may_see(user, c)]

    def salary_of(self, person: int):
        """(amount, currency) in the scenario, or None when the viewer may not see it."""
        if not self.salaries or person not in self.state.pay:
            return None
        salary, currency = self.state.pay[person]
        return (money(salary), currency) if salary is not None else None


def scenario_mode(request: HttpRequest) -> ScenarioMode:
    """The org as ?scenario= would make it, or 404 when the viewer may not read that scenario.
    Constant queries: the scenario, the live seats, the changes, their seats and people."""
    scenario = scenario_or_404(request, request.GET.get("scenario"))
    live = LiveOrg.read()
    projection, failed, mine = scenario_org(scenario, live_manager=live.managers())
    state = org_state(projection, live)
    base = live.base()
    today = OrgState(*(d.copy() for d in base))
    people_moves = is_hr(request.user)
    if not people_moves:
        state.holder = {seat: base[3].get(seat) for seat in state.holder}
        state.pay = {}
    return ScenarioMode(
        scenario=scenario,
        state=state,
        live=today,
        mine=mine,
        failed=failed,
        salaries=may_see_scenario_salaries(request.user),
        people_moves=people_moves,
    )


@dataclass
class SeatShown:
    """A seat as the scenario makes it: its number (negative: opened by the scenario), role and
    holder (None: vacant)."""

    pk: int
    role: Role | None
    holder: Person | None
    chart_url: str
    direct_count: int = 0


def seats_shown(mode: ScenarioMode, seat_ids: list[int]) -> list[SeatShown]:
    """These seats with their roles and holders in the scenario: two queries, whatever their
    number."""
    state = mode.state
    roles = Role.objects.in_bulk({state.role[s] for s in seat_ids})
    people = Person.objects.in_bulk({state.holder[s] for s in seat_ids} - {None})
    query = f"?scenario={mode.scenario.pk}"
    return [
        SeatShown(
            pk=s,
            role=roles.get(state.role[s]),
            holder=people.get(state.holder[s]),
            chart_url=reverse("people:chart-focus", args=[s]) + query if s > 0 else "",
        )
        for s in seat_ids
    ]
