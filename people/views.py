from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from callcenter.history import recent_changes

from . import as_of, chart
from .access import can_see_hire_date, can_see_readiness, can_see_salary, is_hr
from .models import Person, Position
from .search import MAX_LENGTH, MIN_LENGTH, clean_query, search


def _chart_context(nodes: list[chart.Node], focus: Position | None = None) -> dict:
    return {"nodes": nodes, "focus": focus, "span_norm": settings.SPAN_OF_CONTROL_NORM}


def org_chart(request: HttpRequest) -> HttpResponse:
    """The chart from the top, as many levels open as fit; deeper levels load on demand.

    With ?as_of=YYYY-MM-DD: the org on that date, rebuilt from the history (people/as_of.py).
    """
    asked = as_of.parse_as_of(request.GET.get("as_of"))
    if asked.day is None:
        # Not a date: today's org, the message and a 400; a future date: today's org and a note.
        context = _chart_context(chart.top_of_org()) | {"as_of_problem": asked.problem}
        return render(request, "people/chart.html", context, status=400 if asked.bad else 200)
    org = as_of.load(asked.day)
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
    context = _chart_context([root], focus=seat) | {"changes": recent_changes(Position, seat.pk)}
    return render(request, "people/chart.html", context)


def org_reports(request: HttpRequest, position_id: int) -> HttpResponse:
    """The direct reports of a seat as a fragment of cards, for expanding a card in place."""
    found = chart.reports_of(position_id)
    if found is None:
        raise Http404(_("There is no seat with this number."))
    seat, nodes = found
    return render(request, "people/_reports.html", {"seat": seat, "nodes": nodes})


def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_object_or_404(
        Person.objects.select_related(
            "site",
            "position__role",
            "position__site",
            "position__manager__role",
            "position__manager__holder",
        ),
        pk=person_id,
    )
    seat = getattr(person, "position", None)
    show_salary = can_see_salary(request.user, person)
    show_hire_date = can_see_hire_date(request.user, person)
    show_career = seat is not None and can_see_readiness(request.user, person)
    context = {
        "person": person,
        "seat": seat,
        "reports": list(Position.objects.for_chart().filter(manager=seat)) if seat else [],
        "skills": person.skills.select_related("skill").order_by("-level", "skill__name"),
        # Assignment dates reveal the hire date: shown to those who may see it.
        "history": person.assignments.select_related("position__role").order_by("-started_on")
        if show_hire_date
        else None,
        "show_salary": show_salary,
        "show_hire_date": show_hire_date,
        "show_career": show_career,
        "career": _career_options(person, show_salary) if show_career else [],
        "can_promote": is_hr(request.user),
        # Salary and hire date changes only for those who may see them.
        "changes": recent_changes(
            Person,
            person.pk,
            hidden=(() if show_salary else ("salary", "salary_currency"))
            + (() if show_hire_date else ("hire_date",)),
        ),
    }
    return render(request, "people/person_detail.html", context)


def _career_options(person: Person, include_salary: bool) -> list:
    # The readiness rules live in ladder/, which builds on people/: the page composes both, the
    # people models never import ladder.
    from ladder.readiness import career_options

    return career_options(person, include_salary=include_salary)


def _search_context(request: HttpRequest) -> dict:
    text, problem = clean_query(request.GET.get("q"))
    messages = {
        "short": _("Type at least %(n)d characters.") % {"n": MIN_LENGTH},
        "long": _("Type at most %(n)d characters.") % {"n": MAX_LENGTH},
    }
    return {
        "q": request.GET.get("q", "")[:MAX_LENGTH],
        "problem": messages.get(problem or ""),
        "results": search(text) if text else None,
    }


def search_page(request: HttpRequest) -> HttpResponse:
    """People, seats and roles by name, alias, employee id, e-mail or seat number."""
    return render(request, "people/search.html", _search_context(request))


def search_results(request: HttpRequest) -> HttpResponse:
    """The hits alone, for search as you type."""
    return render(request, "people/_search_results.html", _search_context(request))
