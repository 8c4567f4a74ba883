"""The answer to a locked-out sign-in (django-axes' AXES_LOCKOUT_CALLABLE): a page, or JSON for the
API, saying how long the lock lasts."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .problems import problem_response

STATUS = 429


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return ngettext(
        "Too many failed sign-ins. Try again in %(n)d minute, or ask HR to unlock the account.",
        "Too many failed sign-ins. Try again in %(n)d minutes, or ask HR to unlock the account.",
        minutes,
    ) % {"n": minutes}


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = problem_response(STATUS, "locked_out", lockout_message())
    else:
        context = {"message": lockout_message(), "title": _("Too many failed sign-ins")}
        response = render(request, "registration/locked_out.html", context, status=STATUS)
    # The lock lasts the cool-off from the last failure, as the message says; a client that
    # waits this long (as it does for the throttles' 429) is let in again.
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
