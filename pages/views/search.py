"""Search: people, seats and roles by name, alias, employee id, e-mail or seat number."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from people.search import MAX_LENGTH, MIN_LENGTH, clean_query, search


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
