"""Effective-dated changes: plan one, cancel one, apply those that are due.

Planning checks a change against the live org *and* the pending changes before it (two hires into
one seat on one day, a move under a seat that will be closed by then), and refuses it when it would
stop a later pending change from applying. Applying runs each due change in its own transaction
under the tree lock, through the same services a person would use now (people.services,
ladder.services.promote_person), with its history dated on the day it takes effect; a change that
can no longer apply is marked failed with the reason, and nothing of it is written. The changes
of one scenario apply together, all or none, in one transaction: checked in one simulation, their
moves written in bulk (docs/scenarios.md, "Apply").
"""

import copy
import datetime
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.groups import is_hr
from core.history import history_as, snapshot_written
from core.inputs import check_date
from core.locks import POSITION_TREE, lock_tree
from ladder.models import PromotionPath
from ladder.services import promote_person
from people import services as people
from people.models import Person, Position

from .models import Kind, PlannedChange, Revision, Status
from .projection import Projection
from .signals import planning_event, planning_events

Problems = dict[str, list[str]]


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


# ---------------------------------------------------------------- checks


def change_problems(change: PlannedChange, org: Projection) -> Problems:
    """What stands in the way of `change` in the org `org` (live, or with an overlay): field →
    messages, empty when it can apply. Read-only."""
    problems: Problems = {}

    def refuse(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    _KIND_CHECKS[change.kind](change, org, refuse)
    return problems


def _check_person_in_org(change, org: Projection, refuse) -> bool:
    if org.has_left(change.person_id):
        refuse("person", _("%(name)s will have left by then.") % {"name": change.person})
        return False
    return True


def _check_seat_in_org(change, org: Projection, refuse, name: str = "position") -> bool:
    seat_id = getattr(change, f"{name}_id")
    if not org.seat_exists(seat_id):
        refuse(name, _("Seat #%(id)s will no longer be in the org by then.") % {"id": seat_id})
        return False
    return True


def _check_vacant(change, org: Projection, refuse) -> None:
    if not _check_seat_in_org(change, org, refuse):
        return
    holder = org.holder_of(change.position_id)
    if holder == change.person_id:
        refuse("position", _("%(name)s will already hold this seat.") % {"name": change.person})
    elif holder is not None:
        refuse("position", _("Seat #%(id)s will be held by then.") % {"id": change.position_id})


def _check_hire(change, org, refuse) -> None:
    if _check_person_in_org(change, org, refuse) and org.seat_held_by(change.person_id):
        refuse(
            "person",
            _("%(name)s will hold a seat by then; plan a promotion or a move instead.")
            % {"name": change.person},
        )
    _check_vacant(change, org, refuse)


def _check_exit(change, org, refuse) -> None:
    _check_person_in_org(change, org, refuse)


def _check_promotion(change, org, refuse) -> None:
    if _check_person_in_org(change, org, refuse):
        seat = org.seat_held_by(change.person_id)
        if seat is None:
            refuse(
                "person",
                _("%(name)s will hold no seat by then; plan a hire instead.")
                % {"name": change.person},
            )
        elif not change.exception_reason.strip():
            from_role, to_role = org.role_of(seat), org.role_of(change.position_id)
            paths = PromotionPath.objects.filter(from_role_id=from_role, to_role_id=to_role)
            if not paths.exists():
                refuse(
                    "exception_reason",
                    _("No promotion path leads to this seat's role; give a reason to make one."),
                )
    _check_vacant(change, org, refuse)
    if change.salary is not None and not org.salary_currency(change.person_id):
        refuse("salary", _("The person has no salary currency; set it first."))


def _check_transfer(change, org, refuse) -> None:
    _check_person_in_org(change, org, refuse)
    _check_vacant(change, org, refuse)
    if not change.note.strip():
        refuse("note", _("Say why the person moves."))


def _check_move(change, org, refuse) -> None:
    seat_ok = _check_seat_in_org(change, org, refuse)
    manager_ok = _check_seat_in_org(change, org, refuse, "new_manager")
    if not (seat_ok and manager_ok):
        return
    if org.manager_of(change.position_id) == change.new_manager_id:
        refuse("new_manager", _("The seat will already report there."))
    elif org.manager_of(change.position_id) is None:
        refuse("position", _("The top seat of the org reports to no one; it cannot move."))
    elif org.is_at_or_below(change.new_manager_id, change.position_id):
        refuse("new_manager", _("A seat cannot report to itself or to a seat below it."))


def _check_role(change, org, refuse) -> None:
    if _check_seat_in_org(change, org, refuse) and org.role_of(change.position_id) == (
        change.role_id
    ):
        refuse("role", _("The seat will already be of this role."))


def _check_site(change, org, refuse) -> None:
    if _check_seat_in_org(change, org, refuse) and org.site_of(change.position_id) == (
        change.site_id
    ):
        refuse("site", _("The seat will already be at this site."))


def _check_new_seat(change, org, refuse) -> None:
    _check_seat_in_org(change, org, refuse, "new_manager")


def _check_close(change, org, refuse) -> None:
    if not _check_seat_in_org(change, org, refuse):
        return
    if org.holder_of(change.position_id) is not None:
        refuse("position", _("The seat will be held then; plan the holder's move or exit first."))
    if org.manager_of(change.position_id) is None:
        refuse("position", _("The top seat of the org cannot be closed."))
    if org.reports_of(change.position_id):
        refuse("position", _("Seats will report to this seat then; plan their moves first."))


def _check_salary(change, org, refuse) -> None:
    if _check_person_in_org(change, org, refuse) and not org.salary_currency(change.person_id):
        refuse("salary", _("The person has no salary currency; set it first."))


_KIND_CHECKS: dict[str, Callable] = {
    Kind.HIRE: _check_hire,
    Kind.EXIT: _check_exit,
    Kind.PROMOTION: _check_promotion,
    Kind.TRANSFER: _check_transfer,
    Kind.MOVE: _check_move,
    Kind.ROLE: _check_role,
    Kind.SITE: _check_site,
    Kind.NEW_SEAT: _check_new_seat,
    Kind.CLOSE_SEAT: _check_close,
    Kind.SALARY: _check_salary,
}


def simulate(
    changes: list[PlannedChange], *, live_manager: dict | None = None
) -> tuple[Projection, dict[int | None, Problems]]:
    """Lay `changes` (in the order they apply) over the live org one by one, each checked
    against the org as the ones before it left it; a change that could not apply is left out.
    Returns the org as they make it and the problems of those that could not apply, by id.
    `live_manager` (every live seat's manager, when already read) saves a query a move."""
    org = Projection(live_manager=live_manager)
    org.load_changes(changes)
    failed: dict[int | None, Problems] = {}
    for change in changes:
        if problems := change_problems(change, org):
            failed[change.pk] = problems
        else:
            org.add(change)
    return org, failed


def plan_problems(change: PlannedChange, *, today: datetime.date | None = None) -> Problems:
    """What stands in the way of planning `change` (unsaved): its date, its planner, its place
    among the pending changes, and the pending changes after it that it would stop."""
    today = today or timezone.localdate()
    problems: Problems = {}
    if change.planned_by is None or not is_hr(change.planned_by):
        problems["planned_by"] = [_("Only HR can plan changes.")]
    if change.effective_on is None:
        return problems | {"effective_on": [_("Give the day the change takes effect.")]}
    if change.effective_on <= today:
        problems["effective_on"] = [_("A planned change takes effect after today.")]
    try:
        check_date(change.effective_on)
    except ValidationError as error:
        problems.setdefault("effective_on", []).extend(error.messages)
    if problems:
        return problems
    pending = list(PlannedChange.objects.pending().in_order().select_related("person", "position"))
    before = [c for c in pending if c.effective_on <= change.effective_on]
    after = [c for c in pending if c.effective_on > change.effective_on]
    _org, baseline = simulate(pending)
    _org, failed = simulate([*before, change, *after])
    problems = failed.get(None, {})
    for later in after:
        if later.pk in failed and later.pk not in baseline:
            reason = " ".join(m for ms in failed[later.pk].values() for m in ms)
            problems.setdefault("__all__", []).append(
                _("It would stop change #%(id)s (%(kind)s on %(day)s) from applying: %(why)s")
                % {
                    "id": later.pk,
                    "kind": later.get_kind_display(),
                    "day": _day(later.effective_on),
                    "why": reason,
                }
            )
    return problems


# ---------------------------------------------------------------- plan, cancel


def change_plan(*, planned_by, kind: str, effective_on: datetime.date, **columns) -> PlannedChange:
    """Plan a change of `kind` taking effect on `effective_on` (after today). The columns are
    those of PlannedChange the kind uses (person, position, new_manager, role, site, salary,
    note, exception_reason). Refused (ValidationError, nothing saved) when the change could not
    apply on its day in the org as the live org and the pending changes before it make it."""
    with transaction.atomic():
        # Under the tree lock, so two plans (or a plan and an apply) are checked one at a time.
        lock_tree(POSITION_TREE)
        change = PlannedChange(
            planned_by=planned_by, kind=kind, effective_on=effective_on, **columns
        )
        change.full_clean()
        if problems := plan_problems(change):
            raise ValidationError(problems)
        change.save()
    return change


def change_cancel(*, change: PlannedChange, cancelled_by) -> PlannedChange:
    """Cancel a pending change (HR); an applied, failed or cancelled one stays as it is."""
    with transaction.atomic():
        lock_tree(POSITION_TREE)
        change = PlannedChange.objects.select_for_update().get(pk=change.pk)
        if not is_hr(cancelled_by):
            raise ValidationError(_("Only HR can cancel planned changes."), code="not_hr")
        if change.status != Status.PENDING:
            raise ValidationError(
                _("This change is %(status)s; only a pending change can be cancelled.")
                % {"status": change.get_status_display().lower()},
                code="change_not_pending",
            )
        change.status = Status.CANCELLED
        change.cancelled_by = cancelled_by
        change.save(update_fields=["status", "cancelled_by"])
    return change


# ---------------------------------------------------------------- apply


@dataclass
class ApplyReport:
    applied: list[PlannedChange] = field(default_factory=list)
    failed: list[PlannedChange] = field(default_factory=list)


def changes_apply_due(*, today: datetime.date | None = None) -> ApplyReport:
    """Apply every pending change due by `today` (default: today), oldest day first, then in
    the order they were planned. The changes of one applied scenario are applied together, in
    one transaction, all or none. Safe to run twice, late or at the same time as another run:
    each change is taken under the tree lock and applied only while still pending."""
    today = today or timezone.localdate()
    report = ApplyReport()
    done: set[int] = set()
    for pk, scenario_id in list(PlannedChange.objects.due(today).values_list("pk", "scenario_id")):
        if scenario_id is not None:
            if scenario_id in done:
                continue
            done.add(scenario_id)
            applied, failed = scenario_changes_apply(scenario_id=scenario_id, today=today)
            report.applied.extend(applied)
            report.failed.extend(failed)
            continue
        change = change_apply(change_id=pk, today=today)
        if change is None:
            continue  # another run took it
        (report.applied if change.status == Status.APPLIED else report.failed).append(change)
    Revision.purge()  # the rows the writes of planned changes added (planning/overlay.py)
    return report


def _locked_change(queryset):
    return (
        queryset.select_for_update(of=("self",))
        .select_related("person", "position", "new_manager", "role", "site", "planned_by")
        .order_by("effective_on", "id")
    )


def change_apply(*, change_id: int, today: datetime.date) -> PlannedChange | None:
    """Apply one due change in a transaction of its own; None when it is no longer pending
    (applied or cancelled meanwhile). A refusal marks it failed and writes nothing of it."""
    with transaction.atomic():
        lock_tree(POSITION_TREE)
        change = _locked_change(
            PlannedChange.objects.filter(
                pk=change_id, status=Status.PENDING, effective_on__lte=today
            )
        ).first()
        if change is None:
            return None
        try:
            with transaction.atomic():  # a savepoint: a refusal undoes all of the change
                problems = change_problems(change, Projection())
                if problems:
                    raise ValidationError(problems)
                _write(change, today)
        except (ValidationError, IntegrityError) as error:
            change.status = Status.FAILED
            change.failure_reason = _reason(error)[:500]
            change.save(update_fields=["status", "failure_reason"])
        else:
            change.status = Status.APPLIED
            change.applied_at = timezone.now()
            change.save(update_fields=["status", "applied_at", "created_position"])
            _applied_event(change)
    return change


def scenario_changes_apply(
    *, scenario_id: int, today: datetime.date
) -> tuple[list[PlannedChange], list[PlannedChange]]:
    """Apply the due pending changes of one applied scenario together, in one transaction under
    the tree lock: all of them, or (when one cannot apply) none, each then marked failed with
    the reason. Returns (applied, failed); both empty when another run took them."""
    with transaction.atomic():
        lock_tree(POSITION_TREE)
        changes = list(
            _locked_change(
                PlannedChange.objects.filter(
                    scenario_id=scenario_id, status=Status.PENDING, effective_on__lte=today
                )
            )
        )
        if not changes:
            return [], []
        try:
            with transaction.atomic():  # a savepoint: one refusal undoes all of them
                _write_together(changes, today)
        except _ChangeFailed as failure:
            why = _("Change #%(id)s of the scenario could not apply: %(why)s") % {
                "id": failure.change.pk,
                "why": _reason(failure.error),
            }
            for change in changes:
                change.status = Status.FAILED
                change.applied_at = None
                change.created_position = None
                change.failure_reason = why[:500]
            PlannedChange.objects.filter(pk__in=[c.pk for c in changes]).update(
                status=Status.FAILED, failure_reason=why[:500], applied_at=None
            )
            return [], changes
        _mark_applied(changes)
    return changes, []


def _write_together(changes: list[PlannedChange], today: datetime.date) -> None:
    """Write a scenario's changes in their order. They are checked first, together, in one
    simulation over one read of the reporting lines (each against the org as the ones before it
    leave it). Then the moves, most of a reorganisation, are written in bulk (see _moves_write)
    and the other kinds one by one through the services, which check them again. A run of moves
    is written before the next change of another kind, so that one reads the org as it is by
    then. Raises _ChangeFailed for the first change that cannot apply."""
    managers = dict(Position.objects.active().order_by().values_list("id", "manager_id"))
    _org, failed = simulate(changes, live_manager=managers)
    for change in changes:
        if change.pk in failed:
            raise _ChangeFailed(change, ValidationError(failed[change.pk]))
    moves: list[PlannedChange] = []
    for change in changes:
        if change.kind == Kind.MOVE:
            moves.append(change)
            continue
        _moves_write(moves, managers)
        moves = []
        try:
            _write(change, today)
        except (ValidationError, IntegrityError) as error:
            raise _ChangeFailed(change, error) from error
    _moves_write(moves, managers)


def _moves_write(moves: list[PlannedChange], managers: dict[int, int | None]) -> None:
    """Move the seats, as position_move would one by one, in a handful of statements: the new
    managers in one, the counts of the seats above (shifted along the old and new chains, walked
    in `managers`, every seat's manager, kept up to date here) in one, one historical row per
    move (dated, signed and explained as under history_as) in one, and their feed events."""
    if not moves:
        return
    seats = Position.objects.in_bulk({change.position_id for change in moves})
    shift: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])  # direct, seats, people
    records = []
    for change in moves:
        seat = seats[change.position_id]
        moved_seats = seat.seat_count + shift[seat.pk][1] + 1
        moved_people = seat.headcount + shift[seat.pk][2] + (seat.holder_id is not None)
        for manager, sign in ((managers[seat.pk], -1), (change.new_manager_id, 1)):
            shift[manager][0] += sign
            for above in _chain(manager, managers):
                shift[above][1] += sign * moved_seats
                shift[above][2] += sign * moved_people
        managers[seat.pk] = seat.manager_id = change.new_manager_id
        record = copy.copy(seat)  # as it is after this move (a seat moved twice: two rows)
        record._history_date = _history_time(change.effective_on)
        record._history_user = change.planned_by
        record._change_reason = _change_reason(change)
        records.append(record)
    table = Position._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET manager_id = %s WHERE id = %s",
            [(seat.manager_id, seat.pk) for seat in seats.values()],
        )
        cursor.executemany(
            f"UPDATE {table} SET direct_count = direct_count + %s, "
            "seat_count = seat_count + %s, headcount = headcount + %s WHERE id = %s",
            [(*counts, pk) for pk, counts in shift.items() if any(counts)],
        )
    Position.history.bulk_history_create(records, update=True)
    # The change feed hears of bulk writes through snapshot_written (integrations/events.py).
    for when, ids in _by_day(records).items():
        snapshot_written.send(Position, ids=ids, history_type="~", history_date=when)


def _chain(seat: int | None, managers: dict[int, int | None]) -> Iterator[int]:
    """The seat and those above it, to the top (the simulation has ruled out loops)."""
    while seat is not None:
        yield seat
        seat = managers.get(seat)


def _by_day(records) -> dict[datetime.datetime, list[int]]:
    days: dict[datetime.datetime, list[int]] = {}
    for record in records:
        days.setdefault(record._history_date, []).append(record.pk)
    return days


def _mark_applied(changes: list[PlannedChange]) -> None:
    """Applied: one UPDATE for the lot (the seats new-seat changes created, one each)."""
    now = timezone.now()
    for change in changes:
        change.status = Status.APPLIED
        change.applied_at = now
    PlannedChange.objects.filter(pk__in=[c.pk for c in changes]).update(
        status=Status.APPLIED, applied_at=now
    )
    created = [c for c in changes if c.created_position_id is not None]
    if created:
        PlannedChange.objects.bulk_update(created, ["created_position"])
    planning_events.send(sender=PlannedChange, events=[_applied(c) for c in changes])


class _ChangeFailed(Exception):
    def __init__(self, change: PlannedChange, error: Exception):
        super().__init__(str(error))
        self.change, self.error = change, error


def _applied_event(change: PlannedChange) -> None:
    planning_event.send(sender=PlannedChange, **_applied(change))


def _applied(change: PlannedChange) -> dict:
    related = {
        name: getattr(change, f"{name}_id")
        for name in ("person", "position", "new_manager", "scenario", "created_position")
        if getattr(change, f"{name}_id")
    }
    return {
        "type": "planned_change.applied",
        "object_type": "planned_change",
        "object_id": change.pk,
        "related": related,
        "effective_on": change.effective_on,
    }


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return _("The database refused it: %(error)s") % {"error": error}


def _history_time(day: datetime.date) -> datetime.datetime:
    """The history's date for a change of `day`: now when it applies on its day; else noon of
    that day (a late run, or a --today ahead of the clock), so "as of" reads agree with it."""
    now = timezone.localtime()
    if now.date() == day:
        return now
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _change_reason(change: PlannedChange) -> str:
    return _("Planned change #%(id)s of %(day)s") % {
        "id": change.pk,
        "day": change.effective_on.isoformat(),
    }


def _write(change: PlannedChange, today: datetime.date) -> None:
    when = _history_time(change.effective_on)
    with history_as(when=when, user=change.planned_by, reason=_change_reason(change)):
        _WRITERS[change.kind](change, today)


def _hire(change: PlannedChange, today) -> None:
    person = Person.objects.select_for_update().get(pk=change.person_id)
    if person.hire_date is None:
        person.hire_date = change.effective_on
        person.save(update_fields=["hire_date"])
    people.person_hire(
        person=person,
        position=change.position,
        started_on=change.effective_on,
        approved_by=change.planned_by,
        note=change.note,
    )


def _exit(change: PlannedChange, today) -> None:
    people.person_exit(person=change.person, left_on=change.effective_on, note=change.note)


def _promotion(change: PlannedChange, today) -> None:
    promote_person(
        person=change.person,
        to_position=change.position,
        approved_by=change.planned_by,
        effective=change.effective_on,
        note=change.note,
        exception_reason=change.exception_reason,
        new_salary=change.salary,
        today=today,
    )


def _transfer(change: PlannedChange, today) -> None:
    people.person_move(
        person=change.person,
        to_position=change.position,
        on=change.effective_on,
        note=change.note,
        approved_by=change.planned_by,
    )


def _move(change: PlannedChange, today) -> None:
    people.position_move(position=change.position, new_manager=change.new_manager)


def _role(change: PlannedChange, today) -> None:
    people.position_update(position=change.position, role=change.role)


def _site(change: PlannedChange, today) -> None:
    people.position_update(position=change.position, site=change.site)


def _new_seat(change: PlannedChange, today) -> None:
    change.created_position = people.position_create(
        role=change.role, manager=change.new_manager, site=change.site
    )


def _close(change: PlannedChange, today) -> None:
    people.position_archive(position=change.position, on=change.effective_on)


def _salary(change: PlannedChange, today) -> None:
    person = Person.objects.select_for_update().get(pk=change.person_id)
    person.salary = change.salary
    person.full_clean(validate_unique=False, validate_constraints=False)
    person.save(update_fields=["salary"])  # save, not update(): the raise is history


_WRITERS: dict[str, Callable] = {
    Kind.HIRE: _hire,
    Kind.EXIT: _exit,
    Kind.PROMOTION: _promotion,
    Kind.TRANSFER: _transfer,
    Kind.MOVE: _move,
    Kind.ROLE: _role,
    Kind.SITE: _site,
    Kind.NEW_SEAT: _new_seat,
    Kind.CLOSE_SEAT: _close,
    Kind.SALARY: _salary,
}
