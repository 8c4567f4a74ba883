"""HR's list of planned changes (failed ones first to act on), one change, and cancelling one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.groups import is_hr
from planning.models import SCENARIO_ONLY, PlannedChange, Status
from planning.pending import describe
from planning.services import change_cancel

LIST_PAGE = 50
SHOWN = {
    "open": [Status.FAILED, Status.PENDING],
    **{status: [status] for status in Status.values if status not in SCENARIO_ONLY},
}


def _refuse_unless_hr(request: HttpRequest) -> None:
    if not is_hr(request.user):
        raise PermissionDenied(_("Planned changes are for HR."))


def _rows(changes) -> list[tuple[PlannedChange, str]]:
    return [(change, describe(change, salary=True)) for change in changes]


def _named(changes):
    return changes.select_related(
        "person",
        "position__role",
        "position__holder",
        "new_manager__role",
        "new_manager__holder",
        "role",
        "site",
        "planned_by",
    )


def change_list(request: HttpRequest) -> HttpResponse:
    """Failed changes (waiting for HR) and pending ones by day; ?status= picks others."""
    _refuse_unless_hr(request)
    status = request.GET.get("status") or "open"
    if status not in SHOWN:
        status = "open"
    changes = _named(PlannedChange.objects.live().filter(status__in=SHOWN[status]))
    # failed ("failed" < "pending") before pending; then by day and by when planned
    changes = changes.order_by("status", "effective_on", "id")
    page = Paginator(changes, LIST_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": _rows(page),
        "status": status,
        "statuses": [
            ("open", _("Failed and pending")),
            *((v, label) for v, label in Status.choices if v not in SCENARIO_ONLY),
        ],
        "keep": f"status={status}&",
    }
    return render(request, "planning/changes.html", context)


def change_detail(request: HttpRequest, change_id: int) -> HttpResponse:
    _refuse_unless_hr(request)
    change = get_object_or_404(_named(PlannedChange.objects.live()), pk=change_id)
    context = {"change": change, "text": describe(change, salary=True)}
    return render(request, "planning/change.html", context)


@require_POST
def change_cancel_view(request: HttpRequest, change_id: int) -> HttpResponse:
    """HR cancels a pending change; back to where the button was (a person, a seat, the list)."""
    _refuse_unless_hr(request)
    change = get_object_or_404(PlannedChange, pk=change_id)
    try:
        change_cancel(change=change, cancelled_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Planned change #%(id)s is cancelled.") % {"id": change.pk})
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/") and not back.startswith("//") else "planned:list")
