"""The person, role and analytics pages in scenario mode (?scenario=<id>, issue 17), with the same
visibility as the scenario's own pages: HR every scenario, a manager those shared with them,
everyone else a 404. The person and role pages read what they show and lay the scenario's
changes over it (planning/overlay.py, `scenario_overlay`); the analytics, which count over the
whole org, read it once in bulk (planning/orgstate.py, `scenario_mode`).

A manager sees the scenario's structure (moves, new, closed seats, roles) but who is hired,
leaves or changes seat follows the hire-date rule, as on the scenario's chart: the seats keep
their live holders for them, and salaries are HR's only."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from core.groups import is_hr
from people.models import Person, Position
from planning.models import PlannedChange, Scenario
from planning.orgstate import LiveOrg, OrgState, money, org_state
from planning.overlay import Overlay, stamped
from planning.pending import describe, may_see
from planning.scenarios import may_see_scenario_salaries, scenario_org, visible_scenarios
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
        return changes_touching(self, user, people=people, seats=seats)

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


@dataclass
class ScenarioOverlay:
    """A scenario laid over the rows a page reads (planning/overlay.py), for the viewer."""

    scenario: Scenario
    overlay: Overlay
    salaries: bool

    def changes_touching(self, user, *, people=(), seats=()) -> list[str]:
        return changes_touching(self, user, people=people, seats=seats)

    @property
    def mine(self):
        return self.overlay.mine

    @property
    def failed(self):
        return self.overlay.failed

    def shown(self, rows: list[Position], managers=None) -> list[Position]:
        """The rows as the scenario makes them (planning.overlay.Overlay.seats), each with its
        link into the scenario's chart."""
        query = f"?scenario={self.scenario.pk}"
        seats = self.overlay.seats(rows, managers=managers)
        for seat in seats:
            seat.chart_url = (
                reverse("people:chart-focus", args=[seat.pk]) + query if seat.pk > 0 else ""
            )
        return seats


def scenario_overlay(request: HttpRequest, *, people=()) -> ScenarioOverlay:
    """The scenario asked for (404 when the viewer may not read it) as an overlay: its changes
    and the live facts they need, in three queries whatever the size of the org."""
    scenarios = stamped(visible_scenarios(request.user))
    scenario = scenario_or_404(request, request.GET.get("scenario"), scenarios)
    lay = Overlay(scenario, people_moves=is_hr(request.user), people=people)
    return ScenarioOverlay(scenario, lay, may_see_scenario_salaries(request.user))


def changes_touching(mode, user, *, people=(), seats=()) -> list[str]:
    """The scenario's changes (those that apply) about these people or seats, in words, as the
    viewer may know of them; one query for them (none when there are none)."""
    people, seats = set(people), {s for s in seats if s is not None}
    touching = [
        c.pk
        for c in mode.mine
        if c.pk not in mode.failed
        and (c.person_id in people or {c.position_id, c.new_manager_id} & seats)
    ]
    if not touching:
        return []
    # describe() names roles and managers: read them for these changes in one query.
    changes = PlannedChange.objects.filter(pk__in=touching).in_order().select_related(*WORDS)
    return [describe(c, salary=mode.salaries) for c in changes if may_see(user, c)]
