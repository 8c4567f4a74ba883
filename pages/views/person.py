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
from planning.orgstate import money

from .scenario_mode import scenario_overlay


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
    would make them, with the scenario's changes that touch them; marked as a draft. Reads the
    person, their seat, manager and reports, and the scenario's changes as an overlay
    (pages/views/scenario_mode.py): the same queries at any size of org or scenario."""
    mode = scenario_overlay(request, people=[person_id])
    person = get_object_or_404(Person, pk=person_id)
    lay = mode.overlay
    live_seat_id = lay.live_seat_of(person.pk)
    seat_id = lay.seat_of(person.pk)
    manager_id = lay.manager_of(seat_id) if seat_id is not None else None
    reports, seat, manager = [], None, None
    if seat_id is not None:
        around = {seat_id} | ({manager_id} if manager_id is not None else set())
        rows = list(lay.reports_read({seat_id}, also=around))
        kids = mode.shown([r for r in rows if r.pk not in around], managers={seat_id})
        reports = sorted((k for k in kids if k.pk not in lay.ghosts), key=lambda s: s.pk)
        by_pk = {s.pk: s for s in mode.shown([r for r in rows if r.pk in around])}
        seat, manager = by_pk.get(seat_id), by_pk.get(manager_id)
    live = lay.live_fact(live_seat_id) if live_seat_id is not None else None
    live_manager = lay.live_fact(live.manager) if live and live.manager is not None else None
    context = {
        "scenario": mode.scenario,
        "person": person,
        "seat": seat,
        "manager": manager,
        "reports": reports,
        "leaves": live_seat_id is not None and seat_id is None,
        "seat_changes": seat_id != live_seat_id,
        "role_changes": seat is not None and live is not None and seat.role_id != live.role,
        "manager_changes": live is not None
        and seat is not None
        and (live_manager.holder if live_manager else None)
        != (manager.holder_id if manager else None),
        "salary": _salary(mode, person) if seat_id is not None else None,
        "changes": mode.changes_touching(
            request.user, people=[person.pk], seats=[seat_id, live_seat_id]
        ),
    }
    return render(request, "people/person_scenario.html", context)


def _salary(mode, person: Person):
    """(amount, currency) in the scenario, or None when the viewer may not see it."""
    if not (mode.salaries and mode.overlay.people_moves):
        return None
    salary = mode.overlay.projection.salary.get(person.pk, person.salary)
    currency = person.salary_currency or mode.overlay.projection.salary_currency(person.pk)
    return (money(salary), currency) if salary is not None else None


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
