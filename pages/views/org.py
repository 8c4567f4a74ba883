"""The org chart pages: from the top (today or as of a date), around one seat, and a team's cards
(or a whole branch's) for expanding a card in place."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.groups import is_hr
from core.history import recent_changes
from people import as_of, chart
from people.access import DateScope, date_scope, hidden_seat_fields
from people.models import Position
from planning import future, pending

from ..cards import cards_html
from . import scenario_chart


def _cards(nodes: list[chart.Node], scope: DateScope) -> list[chart.Node]:
    """Today's cards with their dotted lines and the tenure bands this viewer may see."""
    chart.with_dotted_lines(nodes)
    return chart.with_tenure(nodes, scope, timezone.localdate())


def _chart_context(
    nodes: list[chart.Node], scope: DateScope | None, focus: Position | None = None
) -> dict:
    """scope None: the org of a past day, drawn without dotted lines and tenure bands."""
    return {
        "nodes": nodes if scope is None else _cards(nodes, scope),
        "focus": focus,
        "span_norm": settings.SPAN_OF_CONTROL_NORM,
        # Colour by tenure only for viewers who see some hire dates (HR, managers).
        "tenure_shown": scope is not None and (scope.everyone or bool(scope.seats)),
        "branch_limit": chart.BRANCH_LIMIT,
        "drill": chart.drill(nodes),
    }


def org_chart(request: HttpRequest) -> HttpResponse:
    """The chart from the top, as many levels open as fit; deeper levels load on demand.

    With ?as_of=YYYY-MM-DD: the org on that date, rebuilt from the history, with the dates the
    viewer may not see at month resolution (people/as_of.py). With ?scenario=<id>: the org as
    that scenario would make it (pages/views/scenario_chart.py).
    """
    if "scenario" in request.GET:
        return scenario_chart.scenario_chart(request)
    asked = as_of.parse_as_of(request.GET.get("as_of"))
    if asked.future is not None:
        return _projection(request, asked.future)
    if asked.day is None:
        # Not a date: today's org, the message and a 400; a future date: today's org and a note.
        context = _chart_context(chart.top_of_org(), date_scope(request.user))
        context["cards"] = cards_html(context["nodes"])  # the template's cards, fast
        context["as_of_problem"] = asked.problem
        context["as_list"] = request.GET.get("view") == "list"
        return _chart_page(request, context, status=400 if asked.bad else 200)
    org = as_of.load(asked.day, viewer=request.user)
    context = _chart_context(as_of.top_of_org(org), None) | {
        "as_of_day": asked.day,
        "chart_day": asked.day,
        "approximated": org.approximated,
    }
    return _chart_page(request, context)


def _projection(request: HttpRequest, day) -> HttpResponse:
    """The org as it will be on a future day: today's with the pending changes due by then laid
    over it, as the viewer may know of them (planning/future.py); marked as a projection."""
    nodes = _planned_seats(as_of.top_of_org(future.load(day, viewer=request.user)))
    context = _chart_context(nodes, None) | {"projection_day": day, "chart_day": day}
    return _chart_page(request, context)


def _planned_seats(nodes: list[chart.Node]) -> list[chart.Node]:
    """Seats a pending change will open have no id yet (the projection numbers them -change id):
    their cards name the change instead of linking to a seat page that does not exist."""
    for node in chart.walk(nodes):
        if node.seat.pk < 0:
            node.planned = -node.seat.pk
    return nodes


def org_focus(request: HttpRequest, position_id: int) -> HttpResponse:
    """The chart around one seat: chain of command, siblings and reports (?scenario=<id>: in
    that scenario)."""
    if "scenario" in request.GET:
        return scenario_chart.scenario_chart(request, position_id)
    found = chart.in_focus(position_id)
    if found is None:
        raise Http404(_("There is no seat with this number."))
    seat, root = found
    # Past holders with the times they changed are assignment history: not for everyone.
    changes = recent_changes(Position, seat.pk, hidden=hidden_seat_fields(request.user, seat.pk))
    context = _chart_context([root], date_scope(request.user), focus=seat)
    context["changes"] = changes
    context["planned"] = pending.for_seat(request.user, seat.pk)
    context["plan_query"] = pending.plan_query(person=seat.holder, seat=seat)
    context["as_list"] = request.GET.get("view") == "list"
    return _chart_page(request, context)


def _chart_page(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    # HR's links from the chart to the structure analytics and the org book (pages/views/analytics).
    context["hr"] = is_hr(request.user)
    return render(request, "people/chart.html", context, status=status)


def org_reports(request: HttpRequest, position_id: int) -> HttpResponse:
    """The direct reports of a seat as a fragment of cards, for expanding a card in place; with
    ?all=1 its whole branch, every level open, up to chart.BRANCH_LIMIT cards (409 past it).

    With ?as_of=YYYY-MM-DD: the reports on that day, as the chart of that day draws them (the
    history for a past day, the planned changes for a future one), so expanding a card of a dated
    chart never mixes in today's org. With ?scenario=<id>: the reports in that scenario."""
    if "scenario" in request.GET:
        return scenario_chart.scenario_reports(request, position_id)
    whole = request.GET.get("all") == "1"
    asked = as_of.parse_as_of(request.GET.get("as_of"))
    if asked.bad:
        return HttpResponseBadRequest(asked.problem, content_type="text/plain; charset=utf-8")
    day = asked.future or asked.day
    if day is None:
        found = chart.branch_of(position_id) if whole else chart.reports_of(position_id)
    else:
        org = (future if asked.future else as_of).load(day, viewer=request.user)
        found = (as_of.branch_of if whole else as_of.reports_of)(org, position_id)
    if found is None:
        raise Http404(_("There is no seat with this number."))
    seat, nodes = found
    if whole and chart.branch_too_large(seat):
        context = {"seat": seat, "limit": chart.BRANCH_LIMIT}
        return render(request, "people/_branch_too_large.html", context, status=409)
    nodes = _cards(nodes, date_scope(request.user)) if day is None else _planned_seats(nodes)
    context = {
        "seat": seat,
        "nodes": nodes,
        "compact": not any(n.is_open for n in nodes),
        "chart_day": day,
        "projection_day": asked.future,
        "hr": is_hr(request.user),
        "cards": cards_html(nodes) if day is None else "",  # today's: the template's, fast
    }
    return render(request, "people/_reports.html", context)
