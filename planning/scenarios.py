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

import dataclasses
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.groups import HR, HR_ADMIN, MANAGER, is_hr, is_hr_admin, is_manager
from core.inputs import check_date
from core.locks import POSITION_TREE, lock_tree
from people import tree
from people.models import Person, Position, Site
from roles.models import PayPeriod, Role, SalaryBand

from .models import (
    COLUMNS,
    OPTIONAL,
    REQUIRED,
    SCENARIO_ONLY,
    SHAPE_MESSAGES,
    Decision,
    Kind,
    PlannedChange,
    Scenario,
    ScenarioDecision,
    ScenarioStatus,
    Status,
)
from .orgstate import LiveOrg, OrgState, money, org_state
from .projection import Projection
from .services import Problems, simulate
from .signals import planning_event


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
    _emit(scenario, "scenario.created")
    return scenario


def scenario_update(*, scenario: Scenario, user, **values) -> Scenario:
    """Change a draft's name, description, day, heads_approve or sharing (`shared_with`: user
    ids) (HR). A new day moves its drafts with it."""
    with transaction.atomic():
        scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
        _refuse_unless_editable(scenario, user)
        shared = values.pop("shared_with", None)
        for name in ("name", "description", "effective_on", "heads_approve"):
            if name in values:
                setattr(scenario, name, values[name])
        scenario.full_clean()
        if "effective_on" in values and (
            problems := _check_day(values["effective_on"], timezone.localdate())
        ):
            raise ValidationError(problems)
        scenario.save()
        scenario.changes.update(effective_on=scenario.effective_on)
        if shared is not None:
            users = list(get_user_model().objects.filter(pk__in=shared))
            if len(users) != len(set(shared)):
                raise ValidationError({"shared_with": [_("No such user.")]})
            scenario.shared_with.set(users)
    return scenario


# ---------------------------------------------------------------- sharing


def _refuse_unless_shareable(scenario: Scenario, user) -> None:
    if not is_hr(user):
        raise ValidationError(_("Only HR can share scenarios."), code="not_hr")
    if scenario.status == ScenarioStatus.DISCARDED:
        raise ValidationError(_("A discarded scenario is shared with no one."), code="discarded")


def scenario_share(*, scenario: Scenario, user, username: str):
    """Share the scenario with the manager account `username` (HR; any state but discarded:
    sharing changes no plan, so a submitted scenario can be shown for review). Returns the
    account. Refused for an unknown or inactive account, or one that is not a manager's (a
    scenario shared with an employee would show them nothing)."""
    _refuse_unless_shareable(scenario, user)
    account = (
        get_user_model()
        .objects.filter(**{get_user_model().USERNAME_FIELD: username.strip()}, is_active=True)
        .first()
    )
    if account is None or not username.strip():
        raise ValidationError(
            {"username": [_("No active account has this username.")]}, code="no_user"
        )
    if not is_manager(account) or is_hr(account):
        raise ValidationError(
            {"username": [_("Share with managers: HR sees every scenario, employees none.")]},
            code="not_manager",
        )
    scenario.shared_with.add(account)
    return account


def scenario_unshare(*, scenario: Scenario, user, account_id: int) -> bool:
    """Stop sharing the scenario with that account (HR); False when it was not shared."""
    _refuse_unless_shareable(scenario, user)
    shared = scenario.shared_with.filter(pk=account_id).exists()
    scenario.shared_with.remove(account_id)
    return shared


def scenario_shares(scenario: Scenario) -> list:
    """The accounts the scenario is shared with, by username, with their person (one query)."""
    return list(
        scenario.shared_with.select_related("person").order_by(get_user_model().USERNAME_FIELD)
    )


def share_candidates(scenario: Scenario, *, limit: int = 100) -> list:
    """Manager accounts the scenario is not yet shared with, for the sharing form's suggestions
    (the first `limit` by username; any other is typed in). One query."""
    User = get_user_model()
    return list(
        User.objects.filter(groups__name=MANAGER, is_active=True)
        .exclude(groups__name__in=(HR, HR_ADMIN))
        .exclude(shared_scenarios=scenario)
        .select_related("person")
        .order_by(User.USERNAME_FIELD)
        .distinct()[:limit]
    )


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
    scenario: Scenario, *, extra: Iterable[PlannedChange] = (), live_manager: dict | None = None
) -> tuple[Projection, dict[int | None, Problems], list[PlannedChange]]:
    """The org as the scenario would make it on its day: the live org, the pending changes due
    by then, the scenario's drafts (and `extra`, unsaved ones) laid over it in that order.
    Returns the projection, the problems of the changes that could not apply (by id; None for
    an unsaved one), and the scenario's changes (with `extra`)."""
    mine = [*drafts(scenario), *extra]
    org, failed = simulate([*pending_before(scenario), *mine], live_manager=live_manager)
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
        problems: Problems = {}
        for index, columns in enumerate(changes):
            columns = dict(columns)
            try:
                change = PlannedChange(
                    scenario=scenario,
                    status=Status.DRAFT,
                    effective_on=scenario.effective_on,
                    planned_by=user,
                    **columns,
                )
            except (TypeError, ValueError) as error:
                problems[f"changes[{index}]"] = [str(error)]
                continue
            if messages := _column_problems(change):
                problems[f"changes[{index}]"] = messages
            new.append(change)
        if problems:
            raise ValidationError(problems)
        # One simulation for the lot: each unsaved change under a stand-in id (-1, -2, …) so
        # the problems say which one could not apply.
        for index, change in enumerate(new):
            change.pk = -(index + 1)
        try:
            _org, failed, _mine = scenario_org(scenario, extra=new)
        finally:
            for change in new:
                change.pk = None
        if problems := {
            f"changes[{-pk - 1}]": [m for ms in fields.values() for m in ms]
            for pk, fields in failed.items()
            if pk is not None and pk < 0
        }:
            raise ValidationError(problems)
        # A new edit forgets what was undone.
        scenario.changes.filter(status=Status.UNDONE).delete()
        last = scenario.changes.aggregate(last=Max("step"))["last"] or 0
        _baselines(new)
        for change in new:
            change.step = last + 1
        PlannedChange.objects.bulk_create(new)
        scenario.save(update_fields=["updated_at"])
    return new


def _column_problems(change: PlannedChange) -> list[str]:
    """The checks of full_clean, without its queries (one a foreign key and one a constraint
    per change): the kind, its shape (planning/models.py's constraints, in Python), the salary,
    the lengths. The foreign keys are objects already (the API and pages resolve them)."""
    if change.kind not in Kind.values:
        return [_("Unknown kind of change: %(kind)s.") % {"kind": change.kind}]
    required = REQUIRED[change.kind]
    allowed = required + OPTIONAL.get(change.kind, ())
    present = {
        name
        for name in COLUMNS
        if getattr(change, f"{name}_id" if name != "salary" else name) is not None
    }
    if not set(required) <= present or not present <= set(allowed):
        return [str(SHAPE_MESSAGES[change.kind])]
    messages = []
    if change.salary is not None and change.salary < 0:
        messages.append(_("The salary cannot be negative."))
    for name in ("note", "exception_reason"):
        try:
            PlannedChange._meta.get_field(name).run_validators(getattr(change, name) or "")
        except ValidationError as error:
            messages.extend(error.messages)
    return messages


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
    live = LiveOrg.read()
    managers = live.managers()
    org, failed, mine = scenario_org(scenario, live_manager=managers)
    by_id = {c.pk: c for c in mine}
    problems = [
        Problem("cannot_apply", f"#{pk}: {m}", _change_url(by_id.get(pk)), pk)
        for pk, fields in failed.items()
        for ms in fields.values()
        for m in ms
    ]
    before_projection, _failed = simulate(pending_before(scenario), live_manager=managers)
    before, after = org_state(before_projection, live), org_state(org, live)
    touched_seats = {k for k in after.manager if _seat_differs(before, after, k)}
    below = after.reports()
    roles = {r.pk: r for r in Role.objects.all()}
    for seat in sorted(touched_seats, key=abs):
        manager = after.manager[seat]
        if manager is not None and manager not in after.manager:
            problems.append(
                Problem(
                    "no_manager",
                    _("Seat %(seat)s is left without a manager.") % {"seat": _seat_label(seat)},
                    _seat_url(seat),
                )
            )
    # Span norms of the seats whose reports or role the scenario changes.
    counts_before = {k: len(v) for k, v in before.reports().items() if k is not None}
    for seat in after.manager:
        direct = len(below.get(seat, []))
        if direct == counts_before.get(seat, 0) and seat not in touched_seats:
            continue
        if not direct:
            continue
        role = roles.get(after.role[seat])
        if role is None:
            continue
        fewest, most = role.span_limits
        if direct > most or (fewest and direct < fewest):
            problems.append(
                Problem(
                    "span",
                    _(
                        "Seat %(seat)s (%(role)s) would have %(count)s direct reports; its role's "
                        "norm is %(low)s to %(high)s."
                    )
                    % {
                        "seat": _seat_label(seat),
                        "role": role.title,
                        "count": direct,
                        "low": fewest or 1,
                        "high": most,
                    },
                    _seat_url(seat),
                )
            )
    holders: dict[int, list[int]] = {}
    for seat, person in after.holder.items():
        if person is not None:
            holders.setdefault(person, []).append(seat)
    for person, seats in holders.items():
        if len(seats) > 1:
            problems.append(
                Problem(
                    "two_seats",
                    _("Person #%(id)s would hold two seats: %(seats)s.")
                    % {"id": person, "seats": ", ".join(_seat_label(s) for s in seats)},
                    _person_url(person),
                )
            )
    if salaries:
        problems.extend(_band_problems(scenario, before, after, roles))
    return problems


def _seat_differs(before: OrgState, after: OrgState, seat: int) -> bool:
    return seat not in before.manager or any(
        getattr(before, name).get(seat) != getattr(after, name).get(seat)
        for name in ("manager", "role", "site", "holder")
    )


def _band_problems(scenario, before: OrgState, after: OrgState, roles) -> list[Problem]:
    """People whose pay, seat, role or site the scenario changes, paid outside the annual band
    of their seat's role (at the seat's site when a band names it) in their currency."""
    checks = []
    seat_of_before = before.seat_of()
    for seat, person in after.holder.items():
        if person is None:
            continue
        was = seat_of_before.get(person)
        if (
            was == seat
            and not _seat_differs(before, after, seat)
            and (before.pay.get(person) == after.pay.get(person))
        ):
            continue
        salary, currency = after.pay.get(person, (None, ""))
        if salary is not None and currency:
            checks.append((seat, person, money(salary), currency))
    if not checks:
        return []
    sites = dict(Site.objects.values_list("id", "name"))
    bands: dict[tuple, list] = {}
    for band in SalaryBand.objects.filter(
        role_id__in={after.role[c[0]] for c in checks},
        period=PayPeriod.ANNUAL,
        effective_from__lte=scenario.effective_on,
    ).order_by("-effective_from"):
        bands.setdefault((band.role_id, band.currency, band.location), []).append(band)
    problems = []
    for seat, person, salary, currency in checks:
        role_id = after.role[seat]
        site = sites.get(after.site.get(seat), "")
        band_list = bands.get((role_id, currency, site)) or bands.get((role_id, currency, ""))
        if not band_list:
            continue
        band = band_list[0]
        if not band.minimum <= salary <= band.maximum:
            problems.append(
                Problem(
                    "salary_band",
                    _(
                        "Person #%(id)s in seat %(seat)s would earn %(salary)s %(currency)s, "
                        "outside the band %(low)s–%(high)s of %(role)s."
                    )
                    % {
                        "id": person,
                        "seat": _seat_label(seat),
                        "salary": salary,
                        "currency": currency,
                        "low": band.minimum,
                        "high": band.maximum,
                        "role": roles[role_id].title,
                    },
                    _person_url(person),
                    restricted=True,
                )
            )
    return problems


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
    mine = list(scenario.changes.drafts())
    if not mine:
        return []
    seat_ids = {
        pk for c in mine for key in ("position", "new_manager") if (pk := _base(c, key, "id"))
    } | {pk for c in mine for pk in (c.position_id, c.new_manager_id) if pk}
    person_ids = {c.person_id for c in mine if c.person_id}
    seats = {
        pk: {"manager": m, "role": r, "site": s, "holder": h, "open": a is None}
        for pk, m, r, s, h, a in Position.objects.filter(pk__in=seat_ids).values_list(
            "id", "manager_id", "role_id", "site_id", "holder_id", "archived_on"
        )
    }
    people = {
        pk: {"seat": seat, "in_org": left is None}
        for pk, seat, left in Person.objects.filter(pk__in=person_ids).values_list(
            "id", "position", "left_on"
        )
    }
    pending = list(
        PlannedChange.objects.pending()
        .filter(effective_on__lte=scenario.effective_on)
        .filter(
            Q(position_id__in=seat_ids)
            | Q(new_manager_id__in=seat_ids)
            | Q(person_id__in=person_ids)
        )
        .values_list("id", "kind", "position_id", "new_manager_id", "person_id")
    )
    conflicts: list[Conflict] = []
    for change in mine:
        conflicts.extend(_change_conflicts(change, seats, people, pending))
    if conflicts:
        _org, failed, _mine = scenario_org(scenario)
        conflicts = [dataclasses.replace(c, can_keep=c.change_id not in failed) for c in conflicts]
    return conflicts


SEAT_CONFLICTS = (
    (
        "manager",
        "seat_moved",
        gettext_lazy("Seat %(seat)s now reports to seat #%(now)s (was #%(was)s)."),
    ),
    (
        "role",
        "seat_role",
        gettext_lazy("Seat %(seat)s changed role since this change was drafted."),
    ),
    (
        "site",
        "seat_site",
        gettext_lazy("Seat %(seat)s changed site since this change was drafted."),
    ),
    (
        "holder",
        "holder",
        gettext_lazy("Seat %(seat)s has another holder since this change was drafted."),
    ),
)


def _base(change: PlannedChange, key: str, attr: str):
    return getattr(change, f"{key}_id") if attr == "id" and key in change.baseline else None


def _change_conflicts(change, seats, people, pending) -> list[Conflict]:
    found = []
    url = _change_url(change)

    def add(kind, message, field="", was=None, now=None):
        found.append(Conflict(change.pk, kind, f"#{change.pk}: {message}", url, field, was, now))

    for key in ("position", "new_manager"):
        was = change.baseline.get(key)
        seat_id = getattr(change, f"{key}_id")
        if not was or not seat_id:
            continue
        now = seats.get(seat_id)
        label = _seat_label(seat_id)
        if now is None or (was.get("open") and not now["open"]):
            add(
                "seat_archived",
                _("Seat %(seat)s was closed since this change was drafted.") % {"seat": label},
                key,
                True,
                False,
            )
            continue
        if key == "new_manager":
            continue
        for name, kind, message in SEAT_CONFLICTS:
            if name in was and was[name] != now[name]:
                add(
                    kind,
                    str(message) % {"seat": label, "was": was[name], "now": now[name]},
                    f"{key}.{name}",
                    was[name],
                    now[name],
                )
    was = change.baseline.get("person")
    if was and change.person_id:
        now = people.get(change.person_id)
        if now is None or (was.get("in_org") and not now["in_org"]):
            add(
                "person_left",
                _("The person has left since this change was drafted."),
                "person.in_org",
                True,
                False,
            )
        elif was.get("seat") != now["seat"]:
            add(
                "person_seat",
                _("The person changed seat since this change was drafted."),
                "person.seat",
                was.get("seat"),
                now["seat"],
            )
    since = change.baseline.get("since", change.pk)
    mine = {change.position_id, change.new_manager_id} - {None}
    for pk, kind, position, new_manager, person in pending:
        if pk <= since:
            continue
        if ({position, new_manager} & mine) or (person and person == change.person_id):
            add(
                "pending",
                _("Pending change #%(id)s (%(kind)s) was planned since on the same seat or person.")
                % {"id": pk, "kind": Kind(kind).label},
                "pending",
                None,
                pk,
            )
    return found


def conflict_resolve(scenario: Scenario, user, change_id: int, keep: bool) -> PlannedChange | None:
    """Resolve the conflicts of one change (HR, draft scenario): `keep` re-baselines it on the
    live values (refused, ValidationError, when it can no longer apply), otherwise the change is
    dropped (taking the live value); returns the kept change, or None when dropped."""
    with transaction.atomic():
        scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
        _refuse_unless_editable(scenario, user)
        change = scenario.changes.drafts().filter(pk=change_id).first()
        if change is None:
            raise ValidationError(_("This scenario has no such draft change."), code="no_change")
        if not keep:
            change.delete()
            scenario.save(update_fields=["updated_at"])
            return None
        _org, failed, _mine = scenario_org(scenario)
        if change.pk in failed:
            messages = [m for ms in failed[change.pk].values() for m in ms]
            raise ValidationError(
                [_("The change can no longer apply; take the live value instead."), *messages],
                code="cannot_keep",
            )
        _baselines([change])
        change.baseline["since"] = PlannedChange.objects.aggregate(last=Max("pk"))["last"]
        change.save(update_fields=["baseline"])
        scenario.save(update_fields=["updated_at"])
    return change


# ---------------------------------------------------------------- approval


# Every seat a scenario's drafts name, with the chain above it: (the seat it starts from, a seat
# of its chain, that seat's stored number of direct reports), nearest first. One query for any
# number of changes; a closed seat is in no branch.
_NAMED_CHAINS = f"""
    WITH RECURSIVE named(id) AS (
        SELECT position_id FROM {PlannedChange._meta.db_table}
        WHERE scenario_id = %s AND status = %s
        UNION
        SELECT new_manager_id FROM {PlannedChange._meta.db_table}
        WHERE scenario_id = %s AND status = %s
    ), up(start_id, id, manager_id, direct_count, depth) AS (
        SELECT p.id, p.id, p.manager_id, p.direct_count, 0
        FROM {Position._meta.db_table} p JOIN named ON named.id = p.id
        WHERE p.archived_on IS NULL
        UNION ALL
        SELECT up.start_id, p.id, p.manager_id, p.direct_count, up.depth + 1
        FROM up JOIN {Position._meta.db_table} p ON p.id = up.manager_id
        WHERE up.depth < {tree.MAX_DEPTH}
    )
    SELECT start_id, id, direct_count FROM up ORDER BY start_id, depth
"""


def _branch_head(chain: list[tuple[int, int]], one_top: bool) -> int | None:
    """The seat heading the branch of `chain`'s first seat, from (seat, direct reports) pairs,
    nearest first. As planning.impact.branch_parent: walking down from the top while a seat has
    one report (that report is then the next seat of the chain), the first seat with more than
    one is the split and its report on the chain heads the branch; a seat at or above the split
    is in none. With several tops each top heads its own branch."""
    down = [seat for seat, _count in reversed(chain)]
    if not one_top:
        return down[0]
    counts = dict(chain)
    for i, seat in enumerate(down):
        if counts[seat] != 1:
            return down[i + 1] if i + 1 < len(down) else None
    return None


def scenario_heads(scenario: Scenario) -> set[int]:
    """The seats heading the branches the scenario's drafts touch, as the live org places every
    seat a change names (the seat, and the new manager's seat). Two queries whatever its size."""
    one_top = Position.objects.top()[:2].count() == 1
    with tree.reading().cursor() as cursor:
        cursor.execute(_NAMED_CHAINS, [scenario.pk, Status.DRAFT] * 2)
        rows = cursor.fetchall()
    chains: dict[int, list[tuple[int, int]]] = {}
    for start, seat, direct in rows:
        chains.setdefault(start, []).append((seat, direct))
    heads = {_branch_head(chain, one_top) for chain in chains.values()}
    return heads - {None}


def scenario_approvers(scenario: Scenario) -> list:
    """The users whose approval the scenario needs besides an HR admin's (see docs/scenarios.md):
    when `heads_approve`, the users linked to the holders of the seats heading the branches it
    touches (scenario_heads). Three queries whatever the number of changes."""
    if not scenario.heads_approve:
        return []
    heads = scenario_heads(scenario)
    if not heads:
        return []
    User = get_user_model()
    return list(
        User.objects.filter(person__position__in=heads, is_active=True).order_by("pk").distinct()
    )


def may_decide(scenario: Scenario, user) -> bool:
    """Whether `user` may approve or send back this submitted scenario now."""
    if scenario.status != ScenarioStatus.SUBMITTED:
        return False
    if is_hr_admin(user):
        return True
    return any(u.pk == user.pk for u in scenario_approvers(scenario))


def scenario_submit(*, scenario: Scenario, user) -> Scenario:
    """Submit a draft for approval (HR): refused while it has problems or open conflicts, or no
    changes. Locks it (no more edits until sent back)."""
    with transaction.atomic():
        scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
        _refuse_unless_editable(scenario, user)
        if not scenario.changes.drafts().exists():
            raise ValidationError(_("The scenario has no changes to submit."), code="empty")
        if scenario.effective_on <= timezone.localdate():
            raise ValidationError(_("A scenario takes effect after today."), code="day_passed")
        if conflicts := scenario_conflicts(scenario):
            raise ValidationError(
                [
                    _("Resolve its conflicts with the live org first."),
                    *(c.message for c in conflicts),
                ],
                code="conflicts",
            )
        if problems := scenario_problems(scenario):
            raise ValidationError(
                [_("Fix its problems first."), *(p.message for p in problems if not p.restricted)],
                code="problems",
            )
        scenario.status = ScenarioStatus.SUBMITTED
        scenario.submitted_at = timezone.now()
        scenario.submitted_by = user
        scenario.save()
    return scenario


def scenario_decide(
    *, scenario: Scenario, user, approve: bool, comment: str = ""
) -> ScenarioDecision:
    """An approver's decision on a submitted scenario. Sending back needs a comment and returns
    it to draft (earlier approvals are void then); it is approved once an HR admin and (when
    heads_approve) every head has approved."""
    comment = (comment or "").strip()
    with transaction.atomic():
        scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
        if scenario.status != ScenarioStatus.SUBMITTED:
            raise ValidationError(
                _("Only a submitted scenario can be approved or sent back."), code="not_submitted"
            )
        if not may_decide(scenario, user):
            raise ValidationError(
                _("You are not one of this scenario's approvers."), code="not_approver"
            )
        if not approve and not comment:
            raise ValidationError(
                {"comment": [_("Say why the scenario is sent back.")]}, code="comment_required"
            )
        decision = ScenarioDecision(
            scenario=scenario,
            approver=user,
            decision=Decision.APPROVED if approve else Decision.SENT_BACK,
            comment=comment,
        )
        decision.full_clean()
        decision.save()
        if not approve:
            scenario.status = ScenarioStatus.DRAFT
            scenario.submitted_at = None
            scenario.submitted_by = None
            scenario.save()
        elif not missing_approvals(scenario):
            scenario.status = ScenarioStatus.APPROVED
            scenario.approved_at = timezone.now()
            scenario.save()
            _emit(scenario, "scenario.approved")
    return decision


def missing_approvals(scenario: Scenario) -> list[str]:
    """Who still has to approve the submitted scenario: "hr_admin" and/or the usernames of the
    heads (approvals count from its latest submission)."""
    approved = set(
        scenario.decisions.filter(
            decision=Decision.APPROVED, decided_at__gte=scenario.submitted_at
        ).values_list("approver_id", flat=True)
    )
    User = get_user_model()
    missing = []
    if not any(is_hr_admin(u) for u in User.objects.filter(pk__in=approved)):
        missing.append("hr_admin")
    missing.extend(u.get_username() for u in scenario_approvers(scenario) if u.pk not in approved)
    return missing


def scenario_discard(*, scenario: Scenario, user) -> Scenario:
    """Discard a scenario that is not applied (HR): its drafts are deleted, the record stays."""
    with transaction.atomic():
        scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
        if not is_hr(user):
            raise ValidationError(_("Only HR can discard scenarios."), code="not_hr")
        if scenario.status in (ScenarioStatus.APPLIED, ScenarioStatus.DISCARDED):
            raise ValidationError(
                _("This scenario is %(status)s; it can no longer be discarded.")
                % {"status": scenario.get_status_display().lower()},
                code="scenario_locked",
            )
        scenario.changes.filter(status__in=SCENARIO_ONLY).delete()
        scenario.status = ScenarioStatus.DISCARDED
        scenario.save()
    return scenario


# ---------------------------------------------------------------- apply


def scenario_apply(*, scenario: Scenario, user, today: datetime.date | None = None) -> Scenario:
    """Apply an approved scenario (HR admin): all its drafts become pending changes on its day,
    all or nothing, checked together with the pending changes (one simulation) under the tree
    lock. On the day the worker applies them together in one transaction."""
    today = today or timezone.localdate()
    if not is_hr_admin(user):
        raise ValidationError(_("Only an HR admin can apply scenarios."), code="not_hr_admin")
    with transaction.atomic():
        lock_tree(POSITION_TREE)
        scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
        if scenario.status != ScenarioStatus.APPROVED:
            raise ValidationError(
                _("Only an approved scenario can be applied."), code="not_approved"
            )
        if scenario.effective_on <= today:
            raise ValidationError(
                _("The scenario's day has come; set it back to draft and give a later day."),
                code="day_passed",
            )
        if conflicts := scenario_conflicts(scenario):
            raise ValidationError(
                [
                    _("Resolve its conflicts with the live org first."),
                    *(c.message for c in conflicts),
                ],
                code="conflicts",
            )
        mine = drafts(scenario)
        pending = list(
            PlannedChange.objects.pending().in_order().select_related("person", "position")
        )
        before = [c for c in pending if c.effective_on <= scenario.effective_on]
        after = [c for c in pending if c.effective_on > scenario.effective_on]
        managers = LiveOrg.read().managers()  # one read of the org, not a query a move
        _org, baseline = simulate(pending, live_manager=managers)
        _org, failed = simulate([*before, *mine, *after], live_manager=managers)
        messages = [
            f"#{pk}: {m}"
            for pk in failed
            if pk not in baseline
            for ms in failed[pk].values()
            for m in ms
        ]
        if messages:
            raise ValidationError(messages, code="cannot_apply")
        scenario.changes.filter(status=Status.UNDONE).delete()
        scenario.changes.filter(status=Status.DRAFT).update(
            status=Status.PENDING, effective_on=scenario.effective_on
        )
        scenario.status = ScenarioStatus.APPLIED
        scenario.applied_at = timezone.now()
        scenario.applied_by = user
        scenario.save()
        _emit(scenario, "scenario.applied")
    return scenario


def _emit(scenario: Scenario, type_: str) -> None:
    planning_event.send(
        sender=Scenario,
        type=type_,
        object_type="scenario",
        object_id=scenario.pk,
        related={},
        effective_on=scenario.effective_on,
    )


# ---------------------------------------------------------------- links


def _seat_label(seat: int) -> str:
    return f"#{seat}" if seat > 0 else _("new (change #%(id)s)") % {"id": -seat}


def _seat_url(seat: int) -> str:
    return reverse("people:chart-focus", args=[seat]) if seat > 0 else ""


def _person_url(person: int) -> str:
    return reverse("people:detail", args=[person])


def _change_url(change: PlannedChange | None) -> str:
    if change is None:
        return ""
    if change.position_id:
        return _seat_url(change.position_id)
    if change.person_id:
        return _person_url(change.person_id)
    if change.new_manager_id:
        return _seat_url(change.new_manager_id)
    return ""


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
    "missing_approvals",
    "pending_before",
    "scenario_apply",
    "scenario_approvers",
    "scenario_conflicts",
    "scenario_create",
    "scenario_decide",
    "scenario_discard",
    "scenario_edit",
    "scenario_heads",
    "scenario_org",
    "scenario_problems",
    "scenario_redo",
    "scenario_share",
    "scenario_shares",
    "scenario_submit",
    "scenario_undo",
    "scenario_unshare",
    "scenario_update",
    "share_candidates",
    "visible_scenarios",
]
