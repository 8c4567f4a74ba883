"""The career ladders page, and HR's promotion form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.groups import is_hr
from ladder.models import CareerTrack, PromotionPath, Rung
from ladder.services import promote_person
from people.models import Person
from roles import bands as pay

from .. import drawing
from ..forms import PromoteForm


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


def promote(request, person_id: int):
    """HR promotes a person into a vacant seat (ladder.services.promote_person)."""
    if not is_hr(request.user):
        raise PermissionDenied
    person = get_object_or_404(Person.objects.select_related("position__role"), pk=person_id)
    form = PromoteForm(
        request.POST or None,
        person=person,
        user=request.user,
        initial={"effective": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            promote_person(person=person, approved_by=request.user, **form.cleaned_data)
        except ValidationError as exc:  # someone else took the seat meanwhile
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s was promoted.") % {"name": person})
            return redirect(person.get_absolute_url())
    return render(request, "ladder/promote.html", {"person": person, "form": form})
