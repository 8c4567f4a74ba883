"""The chart of the org as a scenario would make it (/org/?scenario=<id>, /org/<seat>/?scenario=,
a card's reports), drawn over the live org and marked as a draft (issue 17).

It reads what the live chart reads, laid over with the scenario's changes as ids and values
(planning/overlay.py); the changes in words are the scenario page's, not the chart's: the chart
links there. Who sees what is the scenario pages' rule (pages/views/scenarios.py).
"""

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.groups import is_hr
from core.history import last_saved
from people import chart
from planning import overlay
from planning.models import PlannedChange, Scenario, Status
from planning.scenarios import visible_scenarios
from roles.models import Role

from ..cards import cards_html
from .scenarios import scenario_or_404


def _scenario(request: HttpRequest) -> Scenario:
    """The scenario asked for, with whether it has an edit to redo (one query); 404 when the
    viewer may not read it."""
    undone = PlannedChange.objects.filter(scenario=OuterRef("pk"), status=Status.UNDONE)
    scenarios = visible_scenarios(request.user).annotate(
        redo=Exists(undone), roles_stamp=last_saved(Role)
    )
    return scenario_or_404(request, request.GET.get("scenario"), overlay.stamped(scenarios))


_ROLES: dict[tuple, list[Role]] = {}


def _edit_roles(scenario: Scenario) -> list[Role]:
    """The roles of the edit form, by title in the page's language; kept per process until a
    role is written (its last historical row, read with the scenario). By scenario too, as its
    overlay is: two test databases rolled back can share a stamp, never two scenarios."""
    key = (scenario.roles_stamp, get_language(), scenario.pk, scenario.created_at)
    if key not in _ROLES:
        if len(_ROLES) > 16:
            _ROLES.clear()
        _ROLES[key] = list(Role.objects.order_by("title").only("id", "title", "slug"))
    return _ROLES[key]


def _labels() -> dict[str, str]:
    return {
        "moved": _("moved here"),
        "new": _("new seat"),
        "closed": _("closed"),
        "role": _("new role"),
        "holder": _("new holder"),
    }


def _marked(nodes: list[chart.Node], marks: dict[int, str]) -> list[chart.Node]:
    labels = _labels()
    for node in chart.walk(nodes):
        mark = marks.get(node.seat.pk, "")
        node.mark, node.mark_label = mark, labels.get(mark, "")
        if node.seat.pk < 0:
            node.planned = -node.seat.pk  # a seat a change opens: no page to link to
    return nodes


def scenario_chart(request: HttpRequest, position_id: int | None = None) -> HttpResponse:
    """/org/?scenario=<id> (or /org/<seat>/?scenario=<id>, around one seat): the chart of the
    org as the scenario would make it, marked as a draft."""
    scenario = _scenario(request)
    hr = is_hr(request.user)
    if position_id is None:
        org = overlay.Overlay(scenario, people_moves=hr, top=chart.MAX_OPEN_DEPTH)
        nodes, focus = overlay.top_of_org(org), None
    else:
        org = overlay.Overlay(scenario, people_moves=hr, also=(position_id,))
        found = overlay.in_focus(org, position_id)
        if found is None:
            raise Http404(_("There is no seat with this number."))
        focus, root = found
        nodes = [root]
    editable = hr and scenario.is_editable
    context = {
        "scenario": scenario,
        "changes_count": len(org.mine),
        "editable": editable,
        "can_undo": bool(org.mine),
        "can_redo": scenario.redo,
        "roles": _edit_roles(scenario) if editable else [],
        "nodes": _marked(nodes, org.marks),
        "cards": cards_html(nodes, scenario=scenario.pk, hr=hr),  # the template's, fast
        "focus": focus,
        "span_norm": settings.SPAN_OF_CONTROL_NORM,
        "tenure_shown": False,
        "branch_limit": chart.BRANCH_LIMIT,
        "drill": chart.drill(nodes),
        "chart_day": scenario.effective_on,
        "hr": hr,
    }
    return render(request, "people/chart.html", context)


def scenario_reports(request: HttpRequest, position_id: int) -> HttpResponse:
    """A card's reports (?all=1: its branch) in the scenario's org, for expanding in place."""
    whole = request.GET.get("all") == "1"
    people_moves = is_hr(request.user)
    scenario = _scenario(request)
    org = overlay.Overlay(scenario, people_moves=people_moves)
    found = (overlay.branch_of if whole else overlay.reports_of)(org, position_id)
    if found is None:
        raise Http404(_("There is no seat with this number."))
    seat, nodes = found
    if whole and seat.seat_count > chart.BRANCH_LIMIT:
        context = {"seat": seat, "limit": chart.BRANCH_LIMIT}
        return render(request, "people/_branch_too_large.html", context, status=409)
    context = {
        "seat": seat,
        "nodes": _marked(nodes, org.marks),
        "cards": cards_html(nodes, scenario=scenario.pk, hr=people_moves),
        "compact": not any(n.is_open for n in nodes),
        "chart_day": scenario.effective_on,
        "scenario": scenario,
        "hr": people_moves,
    }
    return render(request, "people/_reports.html", context)
