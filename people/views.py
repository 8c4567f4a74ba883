from django.shortcuts import render

from .models import Position


def home(request):
    """The top of the org: the top seat and two levels below it (the full chart comes later)."""
    top = Position.objects.for_chart().top().first()
    first = list(Position.objects.for_chart().filter(manager=top)) if top else []
    second = (
        Position.objects.for_chart()
        .filter(manager__in=first)
        .order_by("role__tree_id", "role__lft", "id")
    )
    below: dict[int, list[Position]] = {}
    for seat in second:
        below.setdefault(seat.manager_id, []).append(seat)
    levels = [(seat, below.get(seat.pk, [])) for seat in first]
    return render(request, "people/home.html", {"top": top, "levels": levels})
