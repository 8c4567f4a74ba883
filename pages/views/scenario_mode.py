"""The person, role and analytics pages in scenario mode (?scenario=<id>, issue 17), with the same
visibility as the scenario's own pages: HR every scenario, a manager those shared with them,
everyone else a 404. The person and role pages and the vacancy and span lists read what they show
and lay the scenario's changes over it (planning/overlay.py and overlay_lists.py,
`scenario_overlay`); the analytics page compares the whole org with and without the scenario
(planning/impact.py).

A manager sees the scenario's structure (moves, new, closed seats, roles) but who is hired,
leaves or changes seat follows the hire-date rule, as on the scenario's chart: the seats keep
their live holders for them, and salaries are HR's only."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from core.groups import is_hr
from people.models import Person, Position
from planning.models import PlannedChange, Scenario
from planning.overlay import Overlay, stamped
from planning.overlay_lists import ShownSeat
from planning.pending import describe, may_see
from planning.scenarios import may_see_scenario_salaries, visible_scenarios
from roles.models import Role

from .scenarios import scenario_or_404

WORDS = ("person", "position__role", "new_manager__role", "new_manager__holder", "role", "site")


@dataclass
class SeatShown:
    """A seat as the scenario makes it: its number (negative: opened by the scenario), role and
    holder (None: vacant)."""

    pk: int
    role: Role | None
    holder: Person | None
    chart_url: str
    direct_count: int = 0
    planned: bool = False  # a new seat a pending change due by the scenario's day opens
    planned_url: str = ""  # that change's page, for HR


def seats_shown(mode: "ScenarioOverlay", seats: list[ShownSeat]) -> list[SeatShown]:
    """These seats (planning.overlay_lists.shown) with their roles and holders: two queries,
    whatever their number."""
    roles = Role.objects.in_bulk({seat.role for seat in seats})
    people = Person.objects.in_bulk({seat.holder for seat in seats} - {None})
    query = f"?scenario={mode.scenario.pk}"
    hr = mode.overlay.people_moves  # HR's readers (pages/views/scenario_mode.py)
    shown = []
    for seat in seats:
        # opened, but not by the scenario: by a pending change due by its day
        planned = seat.pk < 0 and mode.overlay.marks.get(seat.pk) != "new"
        shown.append(
            SeatShown(
                pk=seat.pk,
                role=roles.get(seat.role),
                holder=people.get(seat.holder),
                chart_url=reverse("people:chart-focus", args=[seat.pk]) + query
                if seat.pk > 0
                else "",
                planned=planned,
                planned_url=reverse("planned:detail", args=[-seat.pk]) if planned and hr else "",
            )
        )
    return shown


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
