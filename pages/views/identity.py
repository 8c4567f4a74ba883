"""What the identity provider told HR (docs/identity.md): accounts it deactivated whose person
still holds a seat (pending exits: HR runs the exit), and managers it sent that differ from the
chart (the chart is not changed)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.groups import is_hr
from identity.models import ScimAccount

LIST_PAGE = 50


def pending_exits(request: HttpRequest) -> HttpResponse:
    if not is_hr(request.user):
        raise PermissionDenied(_("Pending exits are for HR."))
    exits = ScimAccount.objects.pending_exits().for_hr_list().order_by("-deactivated_at", "pk")
    proposals = ScimAccount.objects.manager_proposals().for_hr_list().order_by("-proposed_at", "pk")
    context = {
        "exits": Paginator(exits, LIST_PAGE).get_page(request.GET.get("page")),
        "proposals": Paginator(proposals, LIST_PAGE).get_page(request.GET.get("proposals")),
    }
    return render(request, "identity/pending_exits.html", context)
