"""Scenarios' pages (issue 17): the list and a new scenario, one scenario with its changes in
words, its edits (from the chart or the no-JS form), undo and redo, and the chart of the org as
the scenario would make it, drawn over the live org and marked as a draft.

Who sees what (docs/access.md): HR every scenario, a manager those shared with them, without
salaries; everyone else gets a 404, as if there were none. Only HR edits, and only a draft.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.groups import is_hr, is_hr_admin, is_manager
from people import as_of, tree
from people.models import Position
from planning import overlay
from planning.edits import edits_page, hidden_changes
from planning.impact import scenario_compare, scenario_impact
from planning.models import Kind, Scenario, ScenarioStatus
from planning.scenarios import (
    can_redo,
    can_undo,
    conflict_resolve,
    may_decide,
    may_see_scenario_salaries,
    missing_approvals,
    scenario_apply,
    scenario_conflicts,
    scenario_create,
    scenario_decide,
    scenario_edit,
    scenario_org,
    scenario_problems,
    scenario_redo,
    scenario_share,
    scenario_shares,
    scenario_submit,
    scenario_undo,
    scenario_unshare,
    share_candidates,
    visible_scenarios,
)
from roles.models import Role

EDITS = ("move", "team", "close", "new", "role")
MOST_NEW_SEATS = 50


def scenario_or_404(request: HttpRequest, scenario_id, scenarios=None) -> Scenario:
    """The scenario `scenario_id` names among those the viewer may read (`scenarios`: a narrower
    or annotated queryset of them), or 404."""
    try:
        pk = int(scenario_id)
    except (TypeError, ValueError):
        pk = 0
    if scenarios is None:
        scenarios = visible_scenarios(request.user)
    return get_object_or_404(scenarios, pk=pk)


# ---------------------------------------------------------------- the chart as it would be


@dataclass
class ScenarioOrg(as_of.OrgAsOf):
    """The org on the scenario's day, with the seats it closes kept as marked cards (they count
    for nothing) and each changed seat's mark: moved, new, closed, role, holder."""

    closed: set[int] = field(default_factory=set)
    marks: dict[int, str] = field(default_factory=dict)

    def counts(self) -> dict[int, tree.Counts]:
        return tree.derived_counts(
            (pk, seat[0], pk in self.holders)
            for pk, seat in self.seats.items()
            if pk not in self.closed
        )


def chart_org(scenario: Scenario, *, people_moves: bool = True) -> ScenarioOrg:
    """Every seat of the org as the scenario would make it on its day (the live seats, the
    pending changes due by then, the scenario's drafts; future.load's shape). The live seats
    are read once, before the overlay, so its checks walk reporting lines in memory.

    people_moves False (a manager the scenario is shared with): the seats' holders stay as they
    are today, since who is hired, leaves or changes seat and when is the hire-date rule's; the
    structure (moves, new, closed seats, roles, sites) is shown to everyone who may read it."""
    live = list(
        Position.objects.active()
        .order_by()
        .values_list("id", "manager_id", "role_id", "site_id", "is_assistant", "holder_id")
    )
    managers = {row[0]: row[1] for row in live}
    projection, failed, mine = scenario_org(scenario, live_manager=managers)
    marks = overlay.marks(mine, failed)
    if not people_moves:
        marks = {pk: mark for pk, mark in marks.items() if mark != "holder"}
    ghosts = {pk for pk, mark in marks.items() if mark == "closed"}
    seats: dict[int, tuple] = {}
    holders: dict[int, int] = {}
    for pk, manager, role, site, assistant, holder in live:
        if pk in projection.closed and pk not in ghosts:
            continue
        seats[pk] = (
            projection.manager.get(pk, manager),
            projection.role.get(pk, role),
            projection.site.get(pk, site),
            assistant,
        )
        if people_moves:
            holder = projection.holder.get(pk, holder)
        if holder is not None:
            holders[pk] = holder
    for new in projection.new_seats:
        seats[-new.change_id] = (new.manager, new.role, new.site, False)
    return ScenarioOrg(
        day=scenario.effective_on,
        seats=seats,
        holders=holders,
        approximated=0,
        closed=ghosts,
        marks=marks,
    )


def _scenario_context(request: HttpRequest, scenario: Scenario) -> dict:
    """The edit tools and the scenario's edits, a page of them (?page=)."""
    hr = is_hr(request.user)
    page, lines = edits_page(scenario, request.user, request.GET.get("page") or 1)
    return {
        "scenario": scenario,
        "editable": hr and scenario.is_editable,
        "edits": lines,
        "hidden": hidden_changes(scenario, request.user),
        "page": page,
        "can_undo": can_undo(scenario),
        "can_redo": can_redo(scenario),
        "roles": Role.objects.order_by("title").only("id", "title", "slug") if hr else [],
    }


STEPS = ("current", "new_jobs", "departures", "comp_changes", "proposed")
BAR_SCALE = 1000  # a row's bar in viewBox units, stretched to the row's width by CSS


def waterfall(steps: dict) -> list[dict]:
    """The cost waterfall of one currency, one row a step: its label and amount as text (they
    wrap and never overlap, in any language and on a phone) and its bar as SVG, current and
    proposed from zero, each delta from where the one before ended (up red, down green)."""
    labels = {
        "current": _("Current cost"),
        "new_jobs": _("New jobs"),
        "departures": _("Departures"),
        "comp_changes": _("Pay changes"),
        "proposed": _("Proposed cost"),
    }
    levels, running = [], 0
    for key in STEPS:
        amount = steps[key]
        if key in ("current", "proposed"):
            low, high, running = 0, amount, amount
        else:
            low, high = sorted((running, running + amount))
            running += amount
        levels.append((key, amount, low, high))
    top = max([high for _k, _a, _l, high in levels] + [1])
    rows = []
    for key, amount, low, high in levels:
        kind = "total" if key in ("current", "proposed") else ("up" if amount >= 0 else "down")
        rows.append(
            {
                "label": labels[key],
                "amount": amount,
                "kind": kind,
                "x": round(BAR_SCALE * float(low) / float(top), 1),
                "width": round(max(BAR_SCALE * float(high - low) / float(top), 2), 1),
            }
        )
    return rows


def _review_context(request: HttpRequest, scenario: Scenario) -> dict:
    """Problems, conflicts (HR), the impact, the approval state and the decisions record."""
    salaries = may_see_scenario_salaries(request.user)
    hr = is_hr(request.user)
    impact = scenario_impact(scenario, salaries=salaries)
    costs = [
        {"currency": currency, "bars": waterfall(steps), "steps": steps}
        for currency, steps in sorted((impact.cost or {}).items())
    ]
    submitted = scenario.status == ScenarioStatus.SUBMITTED
    return {
        "problems": [p for p in scenario_problems(scenario, salaries=salaries)],
        "conflicts": scenario_conflicts(scenario) if hr and scenario.is_editable else [],
        "impact": impact,
        "costs": costs,
        "bar_scale": BAR_SCALE,
        "decisions": scenario.decisions.select_related("approver"),
        "may_decide": submitted and may_decide(scenario, request.user),
        "missing": missing_approvals(scenario) if submitted else [],
        "may_apply": scenario.status == ScenarioStatus.APPROVED and is_hr_admin(request.user),
        "others": visible_scenarios(request.user).exclude(pk=scenario.pk).only("id", "name"),
        "sharing": hr,
        "shares": scenario_shares(scenario) if hr else [],
        "share_candidates": share_candidates(scenario) if hr else [],
    }


# ---------------------------------------------------------------- the list and one scenario


def scenario_list(request: HttpRequest) -> HttpResponse:
    """The scenarios the viewer may read; HR creates one here."""
    if not (is_hr(request.user) or is_manager(request.user)):
        raise Http404(_("There is no such page."))
    rows = visible_scenarios(request.user).select_related("created_by")
    context = {"scenarios": rows, "hr": is_hr(request.user), "form": {}}
    return render(request, "planning/scenario_list.html", context)


@require_POST
def scenario_new(request: HttpRequest) -> HttpResponse:
    if not is_hr(request.user):
        raise PermissionDenied(_("Only HR can create scenarios."))
    form = {k: request.POST.get(k, "").strip() for k in ("name", "effective_on", "description")}
    try:
        day = datetime.date.fromisoformat(form["effective_on"]) if form["effective_on"] else None
        scenario = scenario_create(
            created_by=request.user,
            name=form["name"],
            effective_on=day,
            description=form["description"],
        )
    except ValueError:
        errors = [_("Give the day as YYYY-MM-DD.")]
    except ValidationError as error:
        errors = error.messages
    else:
        return redirect(scenario)
    context = {
        "scenarios": visible_scenarios(request.user).select_related("created_by"),
        "hr": True,
        "form": form,
        "errors": errors,
    }
    return render(request, "planning/scenario_list.html", context, status=400)


def scenario_detail(request: HttpRequest, scenario_id: int) -> HttpResponse:
    """A scenario: its changes by edit, edits, problems, conflicts, impact and approval."""
    scenario = scenario_or_404(request, scenario_id)
    context = _scenario_context(request, scenario) | _review_context(request, scenario)
    return render(request, "planning/scenario.html", context)


def scenario_compare_page(request: HttpRequest) -> HttpResponse:
    """Two scenarios side by side (?a=&b=): headcount, vacancies, spans, layers, cost."""
    a = scenario_or_404(request, request.GET.get("a"))
    b = scenario_or_404(request, request.GET.get("b"))
    compared = scenario_compare(a, b, salaries=may_see_scenario_salaries(request.user))
    return render(request, "planning/scenario_compare.html", {"a": a, "b": b, **compared})


# ---------------------------------------------------------------- review: submit, decide, apply


def _act(request: HttpRequest, scenario: Scenario, action, done: str) -> HttpResponse:
    """Run one review step; its refusal (ValidationError, PermissionDenied) becomes messages."""
    try:
        action()
    except (ValidationError, PermissionDenied) as error:
        texts = error.messages if isinstance(error, ValidationError) else [str(error)]
        for text in texts:
            messages.error(request, text)
    else:
        messages.success(request, done)
    return redirect(scenario)


@require_POST
def scenario_submit_view(request: HttpRequest, scenario_id: int) -> HttpResponse:
    scenario = _editable_or_refuse(request, scenario_id)
    return _act(
        request,
        scenario,
        lambda: scenario_submit(scenario=scenario, user=request.user),
        _("The scenario is submitted for approval; it is locked until it is decided."),
    )


@require_POST
def scenario_decide_view(request: HttpRequest, scenario_id: int) -> HttpResponse:
    scenario = scenario_or_404(request, scenario_id)
    approve = request.POST.get("decision") == "approve"
    return _act(
        request,
        scenario,
        lambda: scenario_decide(
            scenario=scenario,
            user=request.user,
            approve=approve,
            comment=request.POST.get("comment", "").strip(),
        ),
        _("Your approval is recorded.") if approve else _("The scenario is sent back."),
    )


@require_POST
def scenario_apply_view(request: HttpRequest, scenario_id: int) -> HttpResponse:
    scenario = _editable_or_refuse(request, scenario_id)
    return _act(
        request,
        scenario,
        lambda: scenario_apply(scenario=scenario, user=request.user),
        _("The scenario is applied: its changes take effect on its day."),
    )


@require_POST
def scenario_share_view(request: HttpRequest, scenario_id: int) -> HttpResponse:
    """Share the scenario with a manager's account (`username`), or stop (`remove`: its id)."""
    scenario = _editable_or_refuse(request, scenario_id)
    if "remove" in request.POST:
        try:
            account = int(request.POST["remove"])
        except ValueError:
            account = 0
        return _act(
            request,
            scenario,
            lambda: scenario_unshare(scenario=scenario, user=request.user, account_id=account),
            _("The scenario is no longer shared with that account."),
        )
    username = request.POST.get("username", "")
    return _act(
        request,
        scenario,
        lambda: scenario_share(scenario=scenario, user=request.user, username=username),
        _("The scenario is shared with %(name)s.") % {"name": username.strip()},
    )


@require_POST
def scenario_resolve_view(request: HttpRequest, scenario_id: int) -> HttpResponse:
    """Keep the scenario's value of a conflicting change, or take the live one (drop it)."""
    scenario = _editable_or_refuse(request, scenario_id)
    try:
        change_id = int(request.POST.get("change", ""))
    except ValueError:
        change_id = 0
    keep = request.POST.get("keep") == "1"
    return _act(
        request,
        scenario,
        lambda: conflict_resolve(scenario, request.user, change_id, keep),
        _("The scenario keeps its value.") if keep else _("The live value is taken."),
    )


# ---------------------------------------------------------------- edits, undo, redo


def _seat_number(raw: str | None, missing: str) -> int:
    try:
        number = int(raw or "")
    except ValueError:
        raise ValidationError(missing) from None
    if number <= 0:
        raise ValidationError(
            _("Name a seat that exists: a new seat gets its number when it takes effect.")
        )
    return number


def _changes(scenario: Scenario, data) -> list[dict]:
    """The changes of one edit from the form or the chart's POST; ValidationError if unclear."""
    action = data.get("action")
    if action not in EDITS:
        raise ValidationError(_("Choose what to do."))
    seat = _seat_number(data.get("seat"), _("Give the seat's number."))
    if action == "close":
        return [{"kind": Kind.CLOSE_SEAT, "position_id": seat}]
    if action in ("move", "team"):
        target = _seat_number(data.get("target"), _("Give the number of the new manager's seat."))
        if action == "move":
            return [{"kind": Kind.MOVE, "position_id": seat, "new_manager_id": target}]
        projection, _failed, _mine = scenario_org(scenario)
        team = sorted(pk for pk in projection.reports_of(seat) if pk > 0)
        if not team:
            raise ValidationError(_("Seat #%(n)s has no reports to move.") % {"n": seat})
        return [{"kind": Kind.MOVE, "position_id": pk, "new_manager_id": target} for pk in team]
    role = _seat_number(data.get("role"), _("Choose a role."))
    if action == "role":
        return [{"kind": Kind.ROLE, "position_id": seat, "role_id": role}]
    try:
        count = int(data.get("count") or 1)
    except ValueError:
        count = 0
    if not 1 <= count <= MOST_NEW_SEATS:
        raise ValidationError(
            _("Open between 1 and %(most)s seats at once.") % {"most": MOST_NEW_SEATS}
        )
    return [{"kind": Kind.NEW_SEAT, "new_manager_id": seat, "role_id": role}] * count


def _editable_or_refuse(request: HttpRequest, scenario_id: int) -> Scenario:
    scenario = scenario_or_404(request, scenario_id)
    if not is_hr(request.user):
        raise PermissionDenied(_("Only HR can edit scenarios."))
    return scenario


def _answer(request: HttpRequest, scenario: Scenario, done: str, refused: list[str]):
    """JSON for the chart's script; otherwise a message and back where the form was."""
    if request.headers.get("X-Requested-With") == "fetch":
        if refused:
            return JsonResponse({"ok": False, "messages": refused}, status=400)
        return JsonResponse({"ok": True, "messages": [done]})
    for message in refused:
        messages.error(request, message)
    if not refused:
        messages.success(request, done)
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(scenario)


@require_POST
def scenario_edit_view(request: HttpRequest, scenario_id: int) -> HttpResponse:
    """One edit from the chart (drag and drop, the card's menu) or the scenario page's form."""
    scenario = _editable_or_refuse(request, scenario_id)
    try:
        made = scenario_edit(
            scenario=scenario, user=request.user, changes=_changes(scenario, request.POST)
        )
    except ValidationError as error:
        return _answer(request, scenario, "", error.messages)
    done = _("%(n)s change made.") if len(made) == 1 else _("%(n)s changes made.")
    return _answer(request, scenario, done % {"n": len(made)}, [])


@require_POST
def scenario_undo_view(request: HttpRequest, scenario_id: int) -> HttpResponse:
    scenario = _editable_or_refuse(request, scenario_id)
    try:
        count = scenario_undo(scenario=scenario, user=request.user)
    except ValidationError as error:
        return _answer(request, scenario, "", error.messages)
    if not count:
        return _answer(request, scenario, "", [_("There is nothing to undo.")])
    return _answer(request, scenario, _("The last edit is undone."), [])


@require_POST
def scenario_redo_view(request: HttpRequest, scenario_id: int) -> HttpResponse:
    scenario = _editable_or_refuse(request, scenario_id)
    try:
        count = scenario_redo(scenario=scenario, user=request.user)
    except ValidationError as error:
        return _answer(request, scenario, "", error.messages)
    if not count:
        return _answer(request, scenario, "", [_("There is nothing to redo.")])
    return _answer(request, scenario, _("The edit is redone."), [])
