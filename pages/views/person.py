"""A person's page: seat, manager, reports, skills, history and career options with readiness.

It shows people and ladder together, which is why it lives above both."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.groups import is_hr
from core.history import language_names, recent_changes
from ladder.models import PathKind
from ladder.readiness import Readiness, career_options
from people.access import can_see_hire_date, can_see_readiness, can_see_salary, hidden_fields
from people.models import Person, Position
from planning import pending

from .scenario_mode import scenario_mode, seats_shown


def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    """A person's page; ?scenario=<id>: their seat, manager and reports as that scenario would
    make them (person_in_scenario)."""
    if "scenario" in request.GET:
        return person_in_scenario(request, person_id)
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
    hidden = hidden_fields(request.user, person)
    context = {
        "person": person,
        "seat": seat,
        # Ordered: without it PostgreSQL returns rows as stored, and an update moves a row.
        "reports": list(Position.objects.active().for_chart().filter(manager=seat).order_by("pk"))
        if seat
        else [],
        "skills": person.skills.select_related("skill").order_by("-level", "skill__name"),
        # Assignment dates reveal the hire date: shown to those who may see it.
        "history": person.assignments.select_related("position__role").order_by("-started_on")
        if show_hire_date
        else None,
        "show_salary": show_salary,
        "show_hire_date": show_hire_date,
        "show_career": show_career,
        "career": next_steps_first(career_options(person, include_salary=show_salary))
        if show_career
        else [],
        "can_promote": is_hr(request.user),
        "hr": is_hr(request.user),
        # Pending changes in words (and failed ones for HR), as the viewer may know of them.
        "planned": pending.for_person(request.user, person, seat.pk if seat else None),
        "plan_query": pending.plan_query(person=person, seat=seat),
        "spoken_languages": language_names(person.languages or []),
        # Salary, hire and exit date changes only for those who may see them; the time a person
        # was recorded is usually their hire day.
        "changes": recent_changes(
            Person, person.pk, hidden=hidden, hide_creation="hire_date" in hidden
        ),
    }
    return render(request, "people/person_detail.html", context)


def person_in_scenario(request: HttpRequest, person_id: int) -> HttpResponse:
    """The person's seat, manager, reports (and pay, for those who may see it) as the scenario
    would make them, with the scenario's changes that touch them; marked as a draft."""
    mode = scenario_mode(request)
    person = get_object_or_404(Person, pk=person_id)
    state, live = mode.state, mode.live
    seat_id = state.seat_of().get(person.pk)
    live_seat_id = live.seat_of().get(person.pk)
    manager_id = state.manager.get(seat_id) if seat_id is not None else None
    manager_id = manager_id if manager_id in state.manager else None
    reports = sorted(s for s, m in state.manager.items() if m == seat_id) if seat_id else []
    shown = seats_shown(mode, [s for s in (seat_id, manager_id) if s is not None] + reports)
    by_pk = {s.pk: s for s in shown}
    seat = by_pk.get(seat_id)
    context = {
        "scenario": mode.scenario,
        "person": person,
        "seat": seat,
        "manager": by_pk.get(manager_id),
        "reports": [by_pk[r] for r in reports],
        "leaves": live_seat_id is not None and seat_id is None,
        "seat_changes": seat_id != live_seat_id,
        "role_changes": seat is not None
        and live_seat_id is not None
        and seat.role is not None
        and seat.role.pk != live.role.get(live_seat_id),
        "manager_changes": live_seat_id is not None
        and seat_id is not None
        and live.holder.get(live.manager.get(live_seat_id)) != state.holder.get(manager_id),
        "salary": mode.salary_of(person.pk),
        "changes": mode.changes_touching(
            request.user, people=[person.pk], seats=[seat_id, live_seat_id]
        ),
    }
    return render(request, "people/person_scenario.html", context)


def next_steps_first(options: list[Readiness]) -> list[Readiness]:
    """Promotions before lateral moves (the paths come ordered by kind's name, lateral first)."""
    return sorted(options, key=lambda option: option.kind != PathKind.UP)


def my_page(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own person page (the header's "My page")."""
    me = Person.objects.filter(user=request.user).only("pk").first()
    if me is None:
        messages.info(request, _("Your account is not linked to a person in the org."))
        return redirect("home")
    return redirect(me.get_absolute_url())


def my_team(request: HttpRequest) -> HttpResponse:
    """The chart around the user's team: a manager's own seat with their reports; for others,
    their manager's seat, where they and their colleagues sit."""
    seat = Position.objects.filter(holder__user=request.user).only("pk", "manager_id").first()
    if seat is None:
        messages.info(request, _("You hold no seat in the org, so there is no team to show."))
        return redirect("home")
    leads = Position.objects.filter(manager=seat).exists()
    return redirect(
        "people:chart-focus", seat.pk if leads or not seat.manager_id else seat.manager_id
    )
