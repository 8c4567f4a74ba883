"""The job architecture: every role with its band on one scale, and one role's page (what it
does and asks, its band among its neighbours, paths in and out, holders, who is ready for it)."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from core.groups import is_hr
from core.history import recent_changes
from ladder.readiness import ready_for_role
from pay.models import JobEvaluation
from people.models import Position
from people.role_seats import SEAT_STAMPS, role_seat_counts
from roles import bands
from roles.models import Role, SalaryBand

from .scenario_mode import scenario_overlay

HOLDERS_SHOWN = 50


def role_list(request: HttpRequest) -> HttpResponse:
    """The job architecture with holders, vacancies and bands on one scale."""
    roles = list(Role.objects.order_by("tree_id", "lft"))
    counts = {
        row["role"]: row
        for row in Position.objects.active()
        .values("role")
        .annotate(holders=Count("holder"), vacant=Count("id", filter=Q(holder__isnull=True)))
    }
    # Bands in the currency of the page's language unless another is asked for, as the ladder.
    language_currency, location = bands.currency_for_language()
    all_bands = bands.current_bands(SalaryBand.objects.all())
    (currency, period), choices, problem = bands.list_choice(
        all_bands,
        request.GET.get("currency", ""),
        request.GET.get("period", ""),
        default=language_currency,
    )
    location = location if currency == language_currency else ""
    shown = bands.one_per_role(all_bands, currency, period, location)
    scale = bands.scale_for(shown, currency, period)
    bar_of = {b.role_id: scale.bar(b) for b in shown}
    rows = [
        (role, counts.get(role.pk, {"holders": 0, "vacant": 0}), bar_of.get(role.pk))
        for role in roles
    ]
    context = {"rows": rows, "scale": scale, "choices": choices, "problem": problem}
    return render(request, "roles/role_list.html", context)


def _evaluation_for_hr(role: Role, user) -> JobEvaluation | None:
    """The role's job evaluation and category (pay transparency), for HR only; the groups are
    asked only when there is an evaluation to show."""
    try:
        evaluation = role.job_evaluation
    except ObjectDoesNotExist:
        return None
    return evaluation if is_hr(user) else None


def _in_scenario(request: HttpRequest, role: Role) -> dict:
    """?scenario=<id>: the role's seats, vacancies and holders as the scenario would make them
    (404 unless the viewer may read the scenario). The live counts in one aggregate, corrected
    for the seats the scenario touches (their live facts are the overlay's); the first holders
    read with the seats it moves into the role."""
    mode = scenario_overlay(request)
    lay = mode.overlay
    live = Position.objects.active().filter(role=role)
    seats = live.aggregate(total=Count("id"), filled=Count("holder"))
    touched = set(lay.projection.role) | set(lay.projection.closed)
    touched |= set(lay.projection.holder) if lay.people_moves else set()
    was_here, now_here = [], []
    for pk in touched:
        fact = lay.live_fact(pk)
        if fact and not fact.archived and fact.role == role.pk:
            was_here.append(pk)
            seats["total"] -= 1
            seats["filled"] -= fact.holder is not None
        if pk not in lay.projection.closed and lay.role_of(pk) == role.pk:
            now_here.append(pk)
            seats["total"] += 1
            seats["filled"] += lay.holder_of(pk) is not None
    seats["total"] += sum(1 for new in lay.new_seats.values() if new.role == role.pk)
    seats["vacant"] = seats["total"] - seats["filled"]
    filled = Q(pk__in=[pk for pk in now_here if lay.holder_of(pk) is not None])
    filled |= Q(role=role, holder__isnull=False, archived_on__isnull=True)
    rows = Position.objects.for_chart().filter(filled).order_by("pk")
    holders = [
        s
        for s in mode.shown(list(rows[: HOLDERS_SHOWN + len(was_here)]))
        if s.holder is not None and s.role_id == role.pk and s.pk not in lay.ghosts
    ]
    return {"scenario": mode.scenario, "seats": seats, "holders": holders[:HOLDERS_SHOWN]}


def role_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One role: what it does and asks, its band next to the roles around it, paths and holders
    (?scenario=<id>: its seats and holders as that scenario would make them)."""
    # The job evaluation rides along (pay transparency, issue 19): no query of its own.
    # So do the stamps of its kept seat counts (people/role_seats.py).
    role = get_object_or_404(
        Role.objects.select_related("parent", "job_evaluation__category").annotate(**SEAT_STAMPS),
        slug=slug,
    )
    paths_in = list(role.paths_in.select_related("from_role").order_by("from_role__career_level"))
    paths_out = list(role.paths_out.select_related("to_role").order_by("to_role__career_level"))
    related = [role.pk] + [p.from_role_id for p in paths_in] + [p.to_role_id for p in paths_out]
    nearby = bands.current_bands(SalaryBand.objects.filter(role__in=related).select_related("role"))
    charts = []
    for currency, period in sorted({(b.currency, b.period) for b in nearby}):
        group = [b for b in nearby if (b.currency, b.period) == (currency, period)]
        group.sort(key=lambda b: (b.role.career_level, b.role_id != role.pk, b.minimum))
        scale = bands.scale_for(group, currency, period)
        charts.append((scale, [scale.bar(b) for b in group]))
    context = {
        "role": role,
        "aliases": role.aliases.order_by("language", "name"),
        "duties": role.responsibilities.all(),
        "skills": role.role_skills.select_related("skill").order_by("-level", "skill__name"),
        "charts": charts,
        "paths_in": paths_in,
        "paths_out": paths_out,
        "ready": ready_for_role(role, viewer=request.user, limit=HOLDERS_SHOWN),
        "changes": recent_changes(Role, role.pk),
        # Pay transparency (issue 19): the job evaluation and category of workers, HR only.
        "evaluation": _evaluation_for_hr(role, request.user),
    }
    in_scenario = "scenario" in request.GET
    context |= _in_scenario(request, role) if in_scenario else _seats_today(role)
    return render(request, "roles/role_detail.html", context)


def _seats_today(role: Role) -> dict:
    seats = role_seat_counts(role)
    # Ordered: without it PostgreSQL returns rows as stored, and an update (e.g. a salary)
    # moves a row, which would tell whose record changed.
    holders = Position.objects.for_chart().filter(role=role).filled().order_by("pk")
    return {"seats": seats, "holders": list(holders[:HOLDERS_SHOWN])}
