"""The org chart pages: from the top (today or as of a date), around one seat, and a team's cards
for expanding a card in place."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.history import recent_changes
from people import as_of, chart
from people.access import hidden_seat_fields
from people.models import Position


def _chart_context(nodes: list[chart.Node], focus: Position | None = None) -> dict:
    return {"nodes": nodes, "focus": focus, "span_norm": settings.SPAN_OF_CONTROL_NORM}


def org_chart(request: HttpRequest) -> HttpResponse:
    """The chart from the top, as many levels open as fit; deeper levels load on demand.

    With ?as_of=YYYY-MM-DD: the org on that date, rebuilt from the history, with the dates the
    viewer may not see at month resolution (people/as_of.py).
    """
    asked = as_of.parse_as_of(request.GET.get("as_of"))
    if asked.day is None:
        # Not a date: today's org, the message and a 400; a future date: today's org and a note.
        context = _chart_context(chart.top_of_org()) | {"as_of_problem": asked.problem}
        return render(request, "people/chart.html", context, status=400 if asked.bad else 200)
    org = as_of.load(asked.day, viewer=request.user)
    context = _chart_context(as_of.top_of_org(org)) | {
        "as_of_day": asked.day,
        "approximated": org.approximated,
    }
    return render(request, "people/chart.html", context)


def org_focus(request: HttpRequest, position_id: int) -> HttpResponse:
    """The chart around one seat: chain of command, siblings and reports."""
    found = chart.in_focus(position_id)
    if found is None:
        raise Http404(_("There is no seat with this number."))
    seat, root = found
    # Past holders with the times they changed are assignment history: not for everyone.
    changes = recent_changes(Position, seat.pk, hidden=hidden_seat_fields(request.user, seat.pk))
    context = _chart_context([root], focus=seat) | {"changes": changes}
    return render(request, "people/chart.html", context)


def org_reports(request: HttpRequest, position_id: int) -> HttpResponse:
    """The direct reports of a seat as a fragment of cards, for expanding a card in place."""
    found = chart.reports_of(position_id)
    if found is None:
        raise Http404(_("There is no seat with this number."))
    seat, nodes = found
    return render(request, "people/_reports.html", {"seat": seat, "nodes": nodes})
