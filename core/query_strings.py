"""Refuse a query string that holds a NUL character, before any view or filter reads it.

PostgreSQL cannot hold NUL in text: psycopg refuses a query that compares with one, so a search,
a filter or the admin's search box given `%00` crashed with a 500 there (SQLite just found
nothing). No search or filter needs the character, so every such request is a 400: JSON under
/api/, a short text elsewhere.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from .problems import problem_response


def _holds_nul(request: HttpRequest) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()
    )


class RefuseNulInQueryString:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _holds_nul(request):
            message = _("The address holds a NUL character, which no search or filter accepts.")
            if request.path.startswith("/api/"):
                return problem_response(400, "nul_in_query", message)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
