"""/favicon.ico: browsers ask for it on every page, signed in or not."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static


@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    # Resolved per request, not when the URLs load: the hashed name of the manifest storage exists
    # only after collectstatic, and `check --deploy` loads the URLs before it.
    return redirect(static("img/favicon.svg"), permanent=True)
