"""The career ladders page, and HR's promotion form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.groups import is_hr
from ladder.models import CareerTrack, PromotionPath, Rung
from ladder.readiness import career_options
from ladder.services import promote_person
from people.access import can_see_readiness, can_see_salary
from people.models import Person
from planning.models import PlannedChange
from planning.pending import describe
from planning.services import change_plan
from roles import bands as pay

from .. import drawing
from ..forms import PromoteForm
from .person import next_steps_first


def index(request):
    """The career tracks as ladders and the graph of every promotion path."""
    currency = request.GET.get("currency")
    currency = currency if currency in pay.PAGE_CURRENCIES else None
    tracks = CareerTrack.objects.prefetch_related(
        Prefetch("rungs", queryset=Rung.objects.select_related("role")),
        "rungs__role__salary_bands",
    )
    paths = list(PromotionPath.objects.select_related("from_role", "to_role"))
    return render(
        request,
        "ladder/index.html",
        {
            "ladders": [drawing.track_layout(t, currency) for t in tracks],
            "graph": drawing.path_graph(paths),
            "paths": paths,
            "currency": currency,
            "currencies": pay.PAGE_CURRENCIES,
        },
    )


def promote(request: HttpRequest, person_id: int) -> HttpResponse:
    """HR promotes a person into a vacant seat, or a vacancy created in the same step, with
    their readiness for each role in view (ladder.services.promote_person)."""
    if not is_hr(request.user):
        raise PermissionDenied
    person = get_object_or_404(
        Person.objects.select_related("position__role", "position__site"), pk=person_id
    )
    readiness = (
        next_steps_first(
            career_options(person, include_salary=can_see_salary(request.user, person))
        )
        if can_see_readiness(request.user, person)
        else []
    )
    form = PromoteForm(
        request.POST or None,
        person=person,
        user=request.user,
        readiness=readiness,
        initial={"effective": timezone.localdate()},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and form.cleaned_data["effective"] > (timezone.localdate())
    ):
        try:
            change = change_plan(**_columns(form.planned_change(form.cleaned_data)))
        except ValidationError as exc:  # the org changed meanwhile
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Planned: %(change)s") % {"change": describe(change, salary=True)}
            )
            return redirect(person.get_absolute_url())
    elif request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if not k.startswith("new_seat_")}
        try:
            promotion = promote_person(person=person, approved_by=request.user, **data)
        except ValidationError as exc:  # someone else took the seat meanwhile
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(name)s is now %(role)s (seat #%(seat)s) from %(date)s.")
                % {
                    "name": person,
                    "role": promotion.to_position.role.title,
                    "seat": promotion.to_position.pk,
                    "date": formats.date_format(promotion.effective, "SHORT_DATE_FORMAT"),
                },
            )
            return redirect(person.get_absolute_url())
    context = {"person": person, "form": form, "readiness": readiness}
    return render(request, "ladder/promote.html", context)


def _columns(change: PlannedChange) -> dict:
    names = ("planned_by", "kind", "effective_on", "person", "position", "salary", "note")
    return {name: getattr(change, name) for name in names} | {
        "exception_reason": change.exception_reason
    }
