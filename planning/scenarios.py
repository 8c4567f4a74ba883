"""Scenarios: named drafts of a reorganisation over the live org (issue 17).

A scenario's changes are PlannedChange rows with `scenario` set and the status `draft`, each made
in an numbered edit (`step`): undo marks the last edit's changes `undone`, redo brings the first
undone edit back, and a new edit forgets what was undone. Nothing of the org is copied: the org as
a scenario would make it is the live org, with the pending changes due by the scenario's day and
then the scenario's drafts laid over it (planning/projection.py).

Every edit is checked as a planned change is (planning/services.py): against the live org, the
pending changes due by the scenario's day and the drafts before it; a refused edit writes nothing.
Each change keeps the live values it was drafted over (`baseline`), so the scenario can tell when
the live org has moved under it.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from core.groups import is_hr, is_manager
from core.inputs import check_date
from people.models import Person, Position

from .models import PlannedChange, Scenario, ScenarioDecision, ScenarioStatus, Status
from .projection import Projection
from .services import Problems, simulate


def _refuse_unless_editable(scenario: Scenario, user) -> None:
    if not is_hr(user):
        raise ValidationError(_("Only HR can edit scenarios."), code="not_hr")
    if not scenario.is_editable:
        raise ValidationError(
            _("This scenario is %(status)s; only a draft can be edited.")
            % {"status": scenario.get_status_display().lower()},
            code="scenario_locked",
        )


def _check_day(day: datetime.date | None, today: datetime.date) -> Problems:
    if day is None:
        return {"effective_on": [_("Give the day the scenario takes effect.")]}
    problems: Problems = {}
    if day <= today:
        problems["effective_on"] = [_("A scenario takes effect after today.")]
    try:
        check_date(day)
    except ValidationError as error:
        problems.setdefault("effective_on", []).extend(error.messages)
    return problems


def scenario_create(
    *,
    created_by,
    name: str,
    effective_on: datetime.date,
    description: str = "",
    today: datetime.date | None = None,
) -> Scenario:
    """A new, empty draft scenario (HR)."""
    today = today or timezone.localdate()
    if not is_hr(created_by):
        raise ValidationError(_("Only HR can create scenarios."), code="not_hr")
    scenario = Scenario(
        name=name, description=description, effective_on=effective_on, created_by=created_by
    )
    scenario.full_clean()
    if problems := _check_day(effective_on, today):
        raise ValidationError(problems)
    scenario.save()
    return scenario


# ---------------------------------------------------------------- the org as it would be


def pending_before(scenario: Scenario) -> list[PlannedChange]:
    """The live org's pending changes due by the scenario's day, in the order they apply."""
    return list(
        PlannedChange.objects.pending()
        .filter(effective_on__lte=scenario.effective_on)
        .in_order()
        .select_related("person", "position")
    )


def drafts(scenario: Scenario) -> list[PlannedChange]:
    return list(scenario.changes.drafts().select_related("person", "position"))


def scenario_org(
    scenario: Scenario, *, extra: Iterable[PlannedChange] = ()
) -> tuple[Projection, dict[int | None, Problems], list[PlannedChange]]:
    """The org as the scenario would make it on its day: the live org, the pending changes due
    by then, the scenario's drafts (and `extra`, unsaved ones) laid over it in that order.
    Returns the projection, the problems of the changes that could not apply (by id; None for
    an unsaved one), and the scenario's changes (with `extra`)."""
    mine = [*drafts(scenario), *extra]
    org, failed = simulate([*pending_before(scenario), *mine])
    return org, failed, mine


# ---------------------------------------------------------------- edits, undo, redo


def _baselines(changes: list[PlannedChange]) -> None:
    """Record on each change the live values it is drafted over (two queries for the lot)."""
    seat_ids = {pk for c in changes for pk in (c.position_id, c.new_manager_id) if pk}
    person_ids = {c.person_id for c in changes if c.person_id}
    seats = {
        pk: {"manager": manager, "role": role, "site": site, "holder": holder, "open": not closed}
        for pk, manager, role, site, holder, closed in Position.objects.filter(
            pk__in=seat_ids
        ).values_list("id", "manager_id", "role_id", "site_id", "holder_id", "archived_on")
    }
    people = {
        pk: {"seat": seat, "in_org": left_on is None}
        for pk, seat, left_on in Person.objects.filter(pk__in=person_ids).values_list(
            "id", "position", "left_on"
        )
    }
    for change in changes:
        baseline: dict[str, dict] = {}
        if change.position_id in seats:
            baseline["position"] = seats[change.position_id]
        if change.new_manager_id in seats:
            baseline["new_manager"] = seats[change.new_manager_id]
        if change.person_id in people:
            baseline["person"] = people[change.person_id]
        change.baseline = baseline


def scenario_edit(*, scenario: Scenario, user, changes: list[Mapping]) -> list[PlannedChange]:
    """One edit of a draft scenario: the changes (dicts of `kind` and the PlannedChange columns
    it uses, e.g. `{"kind": "move", "position": seat, "new_manager": seat}`) saved together as one
    undoable step. Refused (ValidationError by change index, nothing saved) when one of them
    could not apply in the org as the scenario makes it by then."""
    if not changes:
        raise ValidationError(_("An edit needs at least one change."), code="empty_edit")
    with transaction.atomic():
        scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
        _refuse_unless_editable(scenario, user)
        new = []
        for index, columns in enumerate(changes):
            columns = dict(columns)
            change = PlannedChange(
                scenario=scenario,
                status=Status.DRAFT,
                effective_on=scenario.effective_on,
                planned_by=user,
                **columns,
            )
            try:
                change.full_clean(exclude=["step"])
            except ValidationError as error:
                raise ValidationError({f"changes[{index}]": error.messages}) from None
            new.append(change)
        _org, failed, _mine = scenario_org(scenario, extra=new)
        if failed.get(None):
            problems = {}
            # The unsaved changes all have pk None: check them one by one to say which failed.
            for index in range(len(new)):
                _org, alone, _mine = scenario_org(scenario, extra=new[: index + 1])
                if alone.get(None):
                    messages = [m for ms in alone[None].values() for m in ms]
                    problems[f"changes[{index}]"] = messages
                    break
            raise ValidationError(problems or {"changes": [_("The edit could not apply.")]})
        # A new edit forgets what was undone.
        scenario.changes.filter(status=Status.UNDONE).delete()
        last = scenario.changes.aggregate(last=Max("step"))["last"] or 0
        _baselines(new)
        for change in new:
            change.step = last + 1
        PlannedChange.objects.bulk_create(new)
        scenario.save(update_fields=["updated_at"])
    return new


def scenario_undo(*, scenario: Scenario, user) -> int:
    """Undo the scenario's last edit; the number of changes undone (0: nothing to undo)."""
    with transaction.atomic():
        scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
        _refuse_unless_editable(scenario, user)
        step = scenario.changes.filter(status=Status.DRAFT).aggregate(s=Max("step"))["s"]
        if step is None:
            return 0
        count = scenario.changes.filter(status=Status.DRAFT, step=step).update(status=Status.UNDONE)
        scenario.save(update_fields=["updated_at"])
    return count


def scenario_redo(*, scenario: Scenario, user) -> int:
    """Redo the first undone edit; the number of changes redone (0: nothing to redo). Refused
    when the live org has changed so that the edit can no longer apply."""
    with transaction.atomic():
        scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
        _refuse_unless_editable(scenario, user)
        step = scenario.changes.filter(status=Status.UNDONE).aggregate(s=Min("step"))["s"]
        if step is None:
            return 0
        redo = list(scenario.changes.filter(status=Status.UNDONE, step=step))
        for change in redo:
            change.status = Status.DRAFT
        ids = {c.pk for c in redo}
        _org, failed, _mine = scenario_org(scenario, extra=redo)
        if problems := [m for pk in ids & failed.keys() for ms in failed[pk].values() for m in ms]:
            raise ValidationError(problems)
        PlannedChange.objects.filter(pk__in=ids).update(status=Status.DRAFT)
        scenario.save(update_fields=["updated_at"])
    return len(redo)


def can_undo(scenario: Scenario) -> bool:
    return scenario.changes.filter(status=Status.DRAFT).exists()


def can_redo(scenario: Scenario) -> bool:
    return scenario.changes.filter(status=Status.UNDONE).exists()


# ---------------------------------------------------------------- who sees a scenario


def visible_scenarios(user):
    """The scenarios `user` may read: HR all of them; a manager those shared with them; anyone
    else none. A queryset, newest first."""
    if is_hr(user):
        return Scenario.objects.all()
    if is_manager(user):
        return Scenario.objects.filter(shared_with=user)
    return Scenario.objects.none()


def may_see_scenario_salaries(user) -> bool:
    """Whether a scenario's salaries (planned salaries, band checks, the cost waterfall) may be
    shown to `user`: the salary rule of docs/access.md, salaries of others are HR's only."""
    return is_hr(user)


# ---------------------------------------------------------------- problems and conflicts


@dataclass(frozen=True)
class Problem:
    """Something wrong in the org as the scenario would make it. `kind` is one of PROBLEM_KINDS;
    `url` the page of the seat, person or role concerned ("" if none); `change_id` the change
    concerned when there is one; `restricted` is True when the message names a salary (shown
    only to those who may see scenario salaries)."""

    kind: str
    message: str
    url: str = ""
    change_id: int | None = None
    restricted: bool = False


PROBLEM_KINDS = (
    "cannot_apply",  # a change no longer applies (the live org moved under it)
    "no_manager",  # a seat whose manager's seat is closed or gone
    "span",  # a manager's seat outside its role's span norm (span_min/span_max)
    "two_seats",  # a person holding two seats
    "salary_band",  # a salary outside the band of the seat's role at its site and currency
)


def scenario_problems(scenario: Scenario, *, salaries: bool = True) -> list[Problem]:
    """What is wrong in the org as the scenario would make it, with links. Band problems only
    when `salaries` (they name amounts)."""
    raise NotImplementedError


@dataclass(frozen=True)
class Conflict:
    """A change of the scenario drafted over live values that have since changed. `kind` is one
    of CONFLICT_KINDS; `field`, `was` and `now` say what changed (ids or booleans); `can_keep`
    whether keeping the scenario's value would still apply."""

    change_id: int
    kind: str
    message: str
    url: str = ""
    field: str = ""
    was: object = None
    now: object = None
    can_keep: bool = True


CONFLICT_KINDS = (
    "seat_moved",  # the seat (or the new manager's seat) now reports elsewhere
    "seat_role",  # the seat's role changed
    "seat_site",  # the seat's site changed
    "seat_archived",  # the seat was closed
    "holder",  # the seat's holder changed
    "person_left",  # the person left
    "person_seat",  # the person changed seat
    "pending",  # a pending change planned since touches the same seat or person
)


def scenario_conflicts(scenario: Scenario) -> list[Conflict]:
    """The scenario's drafts whose live baseline has changed since they were drafted."""
    raise NotImplementedError


def conflict_resolve(scenario: Scenario, user, change_id: int, keep: bool) -> PlannedChange | None:
    """Resolve the conflicts of one change (HR, draft scenario): `keep` re-baselines it on the
    live values (refused, ValidationError, when it can no longer apply), otherwise the change is
    dropped (taking the live value); returns the kept change, or None when dropped."""
    raise NotImplementedError


# ---------------------------------------------------------------- approval


def scenario_approvers(scenario: Scenario) -> list:
    """The users whose approval the scenario needs besides an HR admin's (see docs/scenarios.md):
    when `heads_approve`, the users linked to the holders of the seats heading the branches it
    touches (the seat directly below the top seat above each seat a change names)."""
    raise NotImplementedError


def may_decide(scenario: Scenario, user) -> bool:
    """Whether `user` may approve or send back this submitted scenario now."""
    raise NotImplementedError


def scenario_submit(*, scenario: Scenario, user) -> Scenario:
    """Submit a draft for approval (HR): refused while it has problems or open conflicts, or no
    changes. Locks it (no more edits until sent back)."""
    raise NotImplementedError


def scenario_decide(
    *, scenario: Scenario, user, approve: bool, comment: str = ""
) -> ScenarioDecision:
    """An approver's decision on a submitted scenario. Sending back needs a comment and returns
    it to draft (earlier approvals are void then); it is approved once an HR admin and (when
    heads_approve) every head has approved."""
    raise NotImplementedError


def scenario_discard(*, scenario: Scenario, user) -> Scenario:
    """Discard a scenario that is not applied (HR): its drafts are deleted, the record stays."""
    raise NotImplementedError


# ---------------------------------------------------------------- apply


def scenario_apply(*, scenario: Scenario, user, today: datetime.date | None = None) -> Scenario:
    """Apply an approved scenario (HR admin): all its drafts become pending changes on its day,
    all or nothing, checked together with the pending changes (one simulation) under the tree
    lock. On the day the worker applies them together in one transaction."""
    raise NotImplementedError


__all__ = [
    "CONFLICT_KINDS",
    "PROBLEM_KINDS",
    "Conflict",
    "Problem",
    "ScenarioStatus",
    "can_redo",
    "can_undo",
    "conflict_resolve",
    "drafts",
    "may_decide",
    "may_see_scenario_salaries",
    "pending_before",
    "scenario_apply",
    "scenario_approvers",
    "scenario_conflicts",
    "scenario_create",
    "scenario_decide",
    "scenario_discard",
    "scenario_edit",
    "scenario_org",
    "scenario_problems",
    "scenario_redo",
    "scenario_submit",
    "scenario_undo",
    "visible_scenarios",
]
