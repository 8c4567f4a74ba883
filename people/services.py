"""Workflows that change who sits where. Pages, API, admin and commands all write through here.

Each function is atomic, takes the reporting-line lock before it reads what it checks, and keeps
the derived counts on Position (direct_count, seat_count, headcount) true in the same transaction.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.locks import POSITION_TREE, lock_tree
from roles.models import Role

from . import tree
from .models import Assignment, AssignmentReason, Person, Position, Site

UNCHANGED = object()  # a keyword left out of position_update


def _shift_counts(
    ids: list[int],
    *,
    seats: int = 0,
    people: int = 0,
    direct_of: int | None = None,
    direct: int = 0,
) -> None:
    if ids and (seats or people):
        Position.objects.filter(id__in=ids).update(
            seat_count=F("seat_count") + seats, headcount=F("headcount") + people
        )
    if direct_of is not None and direct:
        Position.objects.filter(id=direct_of).update(direct_count=F("direct_count") + direct)


def reporting_line_refusal(
    *, position: Position | None, manager: Position | None, chain: list[int] | None = None
) -> str | None:
    """Why `position` (None or unsaved: a new seat) may not report to `manager` (None: to no one),
    or None when it may. Read-only: forms ask it for an early message, the writes ask it again
    under the lock. `chain` is the manager's chain of command when the caller has read it."""
    is_new = position is None or position.pk is None
    if not is_new and position.archived_on is not None:
        return _("The seat is archived; it stays where it was.")
    if manager is not None and manager.archived_on is not None:
        return _("That seat is archived; choose a seat of the org.")
    if manager is None:
        others = Position.objects.top()
        if not is_new:
            others = others.exclude(pk=position.pk)
        if not others.exists():
            return None
        if is_new:
            return _("The org already has a top seat; choose who this seat reports to.")
        return _("Only the top seat reports to no one.")
    if is_new:
        return None
    if position.pk in (tree.chain_ids(manager.pk) if chain is None else chain):
        return _("A seat cannot report to itself or to a seat below it.")
    return None


def position_create(
    *,
    role: Role,
    manager: Position | None,
    site: Site | None = None,
    is_assistant: bool = False,
    external_id: str = "",
) -> Position:
    """Create a vacant seat under `manager` (None for the top of the org)."""
    with transaction.atomic():
        lock_tree(POSITION_TREE)
        if refusal := reporting_line_refusal(position=None, manager=manager):
            raise ValidationError({"manager": refusal})
        position = Position(
            role=role,
            manager=manager,
            site=site,
            is_assistant=is_assistant,
            external_id=external_id,
        )
        position.full_clean()
        position.save()
        if manager is not None:
            _shift_counts(tree.chain_ids(manager.pk), seats=1, direct_of=manager.pk, direct=1)
    return position


def position_move(*, position: Position, new_manager: Position) -> Position:
    """Make `position` (with everyone below it) report to `new_manager`.

    Refused when new_manager is the seat itself or below it: that would make a loop.
    """
    with transaction.atomic():
        lock_tree(POSITION_TREE)
        position = Position.objects.select_for_update().get(pk=position.pk)
        if new_manager.pk == position.manager_id:
            return position
        new_chain = tree.chain_ids(new_manager.pk)
        if refusal := reporting_line_refusal(
            position=position, manager=new_manager, chain=new_chain
        ):
            raise ValidationError({"manager": refusal})
        moved_seats = position.seat_count + 1
        moved_people = position.headcount + (1 if position.holder_id else 0)
        if position.manager_id is not None:
            old_chain = tree.chain_ids(position.manager_id)
            _shift_counts(
                old_chain,
                seats=-moved_seats,
                people=-moved_people,
                direct_of=position.manager_id,
                direct=-1,
            )
        _shift_counts(
            new_chain,
            seats=moved_seats,
            people=moved_people,
            direct_of=new_manager.pk,
            direct=1,
        )
        position.manager = new_manager
        position.save(update_fields=["manager"])  # save, not update(): the move is history
    return position


def position_update(
    *,
    position: Position,
    role: Role | object = UNCHANGED,
    site: Site | object | None = UNCHANGED,
    is_assistant: bool | object = UNCHANGED,
    external_id: str | object = UNCHANGED,
) -> Position:
    """Change what a seat is (its role, site, assistant flag or external id), leaving who sits
    in it and whom it reports to alone. Fields left UNCHANGED stay; the change is history like
    any other. Refused for an archived seat."""
    with transaction.atomic():
        lock_tree(POSITION_TREE)
        position = Position.objects.select_for_update().get(pk=position.pk)
        wanted = {
            "role": role,
            "site": site,
            "is_assistant": is_assistant,
            "external_id": external_id,
        }
        changed = [
            name
            for name, value in wanted.items()
            if value is not UNCHANGED and _stored_value(position, name) != _value(value)
        ]
        if changed and position.archived_on is not None:
            raise ValidationError(_("The seat is archived; it is kept as it was."))
        for name in changed:
            setattr(position, name, wanted[name])
        if changed:
            position.full_clean(validate_unique=False, validate_constraints=False)
            position.save(update_fields=changed)  # save, not update(): the change is history
    return position


def position_change(
    *, position: Position, manager: Position | object | None = UNCHANGED, **what
) -> Position:
    """A seat's PUT or PATCH: a new manager moves it (with everyone below), the rest is
    position_update's. All or nothing."""
    with transaction.atomic():
        if manager is not UNCHANGED and _value(manager) != position.manager_id:
            if manager is None:
                refusal = reporting_line_refusal(position=position, manager=None)
                raise ValidationError({"manager": refusal or _("Choose a seat to report to.")})
            position_move(position=position, new_manager=manager)
        return position_update(position=position, **what)


def position_upsert(*, external_id: str, **fields) -> tuple[Position, bool]:
    """The seat with this external id made as `fields` say (role, manager, site, is_assistant):
    created when there is none (True), changed when there is (False). Through the same writes
    as every other, so history, the lock and the counts stay right."""
    with transaction.atomic():
        lock_tree(POSITION_TREE)
        existing = Position.objects.filter(external_id=external_id).first()
        if existing is None:
            return position_create(external_id=external_id, **fields), True
        return position_change(position=existing, **fields), False


def position_archive(*, position: Position, on: datetime.date) -> Position:
    """Take a vacant seat without reports out of the org on `on`, keeping it for its history:
    it leaves the chart, the lists and the counts of the seats above it; nothing is deleted."""
    with transaction.atomic():
        lock_tree(POSITION_TREE)
        position = Position.objects.select_for_update().get(pk=position.pk)
        if position.archived_on is not None:
            raise ValidationError(
                _("The seat was archived on %(date)s.") % {"date": position.archived_on},
                code="seat_archived",
            )
        if position.holder_id is not None:
            raise ValidationError(
                _("The seat is held; end the assignment before archiving it."), code="seat_held"
            )
        if position.reports.active().exists():
            raise ValidationError(
                _("The seat has reports; move them to another seat before archiving it."),
                code="seat_has_reports",
            )
        if position.manager_id is None:
            raise ValidationError(_("The top seat of the org cannot be archived."), code="top_seat")
        last_end = position.assignments.aggregate(last=Max("ended_on"))["last"]
        if last_end is not None and on < last_end:
            raise ValidationError(
                {
                    "archived_on": _("The seat was held until %(date)s; archive it after that.")
                    % {"date": last_end}
                }
            )
        _shift_counts(
            tree.chain_ids(position.manager_id), seats=-1, direct_of=position.manager_id, direct=-1
        )
        position.dotted_line_reports.clear()
        position.dotted_line_managers.clear()
        position.archived_on = on
        position.save(update_fields=["archived_on"])  # save, not update(): it is history
    return position


def _stored_value(position: Position, name: str):
    field = Position._meta.get_field(name)
    return getattr(position, field.attname)


def _value(value):
    return value.pk if isinstance(value, Role | Site | Position) else value


def position_change_holder(
    *, position: Position, holder: Person | None, on: datetime.date, approved_by=None
) -> Position:
    """Put `holder` in the seat on `on` (None leaves it vacant): the present holder's assignment
    ends, the new one's begins."""
    with transaction.atomic():
        lock_tree(POSITION_TREE)
        position = Position.objects.select_for_update().get(pk=position.pk)
        if holder is not None and position.holder_id == holder.pk:
            return position
        position_vacate(position=position, ended_on=on)
        if holder is not None:
            person_hire(person=holder, position=position, started_on=on, approved_by=approved_by)
    return position


def position_delete(*, position: Position, reports_to: Position | None = None) -> None:
    """Remove a vacant seat; its reports move to `reports_to` (default: the seat's own manager)."""
    with transaction.atomic():
        lock_tree(POSITION_TREE)
        position = Position.objects.select_for_update().get(pk=position.pk)
        if position.holder_id is not None:
            raise ValidationError(
                _("The seat is held; end the assignment before removing it."), code="seat_held"
            )
        if position.assignments.exists():
            raise ValidationError(
                _(
                    "The seat has assignment history and is kept for it; archive it instead "
                    "(POST /api/v1/positions/%(id)d/archive/)."
                )
                % {"id": position.pk},
                code="seat_has_history",
            )
        if position.reports.archived().exists():
            raise ValidationError(
                _("Archived seats reported to this seat; it is kept for them."),
                code="seat_has_archived_reports",
            )
        reports = list(position.reports.all())
        target = reports_to or position.manager
        if reports and target is None:
            raise ValidationError(
                _("The top seat has reports; choose where they go first."),
                code="top_seat_has_reports",
            )
        if reports_to is not None and tree.is_at_or_below(reports_to.pk, position.pk):
            raise ValidationError(
                _("The reports cannot go to the removed seat or a seat below it; choose another."),
                code="reports_to_within_seat",
            )
        for report in reports:
            position_move(position=report, new_manager=target)
        if position.manager_id is not None and position.archived_on is None:
            _shift_counts(
                tree.chain_ids(position.manager_id),
                seats=-1,
                direct_of=position.manager_id,
                direct=-1,
            )
        position.dotted_line_reports.clear()
        position.delete()


def person_hire(
    *,
    person: Person,
    position: Position,
    started_on: datetime.date,
    approved_by=None,
    reason: str = AssignmentReason.HIRE,
    note: str = "",
) -> Assignment:
    """Place a person without a seat in a vacant seat and open their assignment."""
    with transaction.atomic():
        lock_tree(POSITION_TREE)
        position = Position.objects.select_for_update().get(pk=position.pk)
        if position.holder_id is not None:
            raise ValidationError({"position": _("This seat is already taken.")})
        if position.archived_on is not None:
            raise ValidationError(
                {"position": _("This seat is archived; choose a seat of the org.")}
            )
        if Position.objects.filter(holder=person).exists():
            raise ValidationError({"person": _("This person already holds a seat.")})
        position.holder = person
        position.save(update_fields=["holder"])
        assignment = Assignment(
            person=person,
            position=position,
            started_on=started_on,
            reason=reason,
            note=note,
            approved_by=approved_by,
        )
        # The rows it points at were just read under the lock, and the one-open-assignment rules
        # are database constraints: validating them again would cost a query each on a hot path.
        assignment.full_clean(
            exclude=["person", "position", "approved_by"], validate_constraints=False
        )
        assignment.save()
        if position.manager_id is not None:
            _shift_counts(tree.chain_ids(position.manager_id), people=1)
    return assignment


def person_create(
    *,
    fields: dict,
    position: Position | None = None,
    started_on: datetime.date | None = None,
    approved_by=None,
) -> Person:
    """Create a person from `fields` (validated by the model) and, when a vacant seat is given,
    place them in it from `started_on` (their hire date when not given). All or nothing."""
    with transaction.atomic():
        person = Person(**fields)
        person.full_clean()
        person.save()
        if position is not None:
            person_hire(
                person=person,
                position=position,
                started_on=started_on or person.hire_date or timezone.localdate(),
                approved_by=approved_by,
            )
    return person


def person_upsert(*, fields: dict) -> tuple[Person, bool]:
    """The person with `fields["external_id"]` made as `fields` say: created (True) when there
    is none, changed (False) when there is. Seats are changed by hire, vacate and promote."""
    with transaction.atomic():
        person = (
            Person.objects.select_for_update().filter(external_id=fields["external_id"]).first()
        )
        if person is None:
            return person_create(fields=fields), True
        for name, value in fields.items():
            setattr(person, name, value)
        person.full_clean()
        person.save()
    return person, False


def positions_recount() -> int:
    """Recompute every seat's derived counts from the reporting lines; returns seats changed.

    For bulk loads and repairs: under the lock, one read of the whole table and bulk updates of
    what differs.
    """
    with transaction.atomic():
        lock_tree(POSITION_TREE)
        rows = list(
            Position.objects.active().values_list(
                "id", "manager_id", "holder_id", "direct_count", "seat_count", "headcount"
            )
        )
        counts = tree.derived_counts(
            (pk, manager, holder is not None) for pk, manager, holder, *_c in rows
        )
        changed = [
            (*c, pk)
            for pk, _m, _h, *old in rows
            if (c := counts.get(pk)) is not None and tuple(old) != c
        ]
        # executemany of one plain UPDATE: bulk_update's CASE expressions cost seconds at 100k
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {Position._meta.db_table} SET direct_count = %s, seat_count = %s, "
                "headcount = %s WHERE id = %s",
                changed,
            )
    return len(changed)


def position_vacate(
    *,
    position: Position,
    ended_on: datetime.date,
    reason: str = AssignmentReason.EXIT,
    note: str = "",
) -> None:
    """Take the holder out of a seat: the seat becomes vacant, its reports stay under it."""
    with transaction.atomic():
        lock_tree(POSITION_TREE)
        position = Position.objects.select_for_update().get(pk=position.pk)
        if position.holder_id is None:
            return
        current = Assignment.objects.current().filter(position=position).first()
        if current is not None:
            if ended_on < current.started_on:
                raise ValidationError(
                    {
                        "ended_on": _("The end date is before the assignment began (%(date)s).")
                        % {"date": current.started_on}
                    }
                )
            current.ended_on = ended_on
            current.end_reason = reason
            fields = ["ended_on", "end_reason"]
            if note:
                current.note = note[:300]
                fields.append("note")
            current.save(update_fields=fields)
        position.holder = None
        position.save(update_fields=["holder"])
        if position.manager_id is not None:
            _shift_counts(tree.chain_ids(position.manager_id), people=-1)


def person_exit(*, person: Person, left_on: datetime.date, note: str = "") -> Person:
    """End a person's employment on a date: their seat becomes vacant (its reports stay under
    it), their assignment ends with reason "exit", and their user account is switched off.
    Nothing is deleted."""
    with transaction.atomic():
        lock_tree(POSITION_TREE)
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.left_on is not None:
            raise ValidationError(
                {
                    "left_on": _("%(name)s already left on %(date)s.")
                    % {"name": person, "date": person.left_on}
                }
            )
        if person.hire_date and left_on < person.hire_date:
            raise ValidationError(
                {
                    "left_on": _("The exit date is before the hire date (%(date)s).")
                    % {"date": person.hire_date}
                }
            )
        seat = Position.objects.filter(holder=person).first()
        if seat is not None:
            position_vacate(
                position=seat, ended_on=left_on, reason=AssignmentReason.EXIT, note=note
            )
        person.left_on = left_on
        person.save(update_fields=["left_on"])
        if person.user_id:
            type(person.user).objects.filter(pk=person.user_id).update(is_active=False)
    return person


def person_move(
    *,
    person: Person,
    to_position: Position,
    on: datetime.date,
    note: str,
    approved_by=None,
    reason: str = AssignmentReason.TRANSFER,
) -> Assignment:
    """Move a person into a vacant seat on `on` (the admin's "Move this person"): their present
    seat, if any, becomes vacant and its assignment ends with `reason`; the new one opens with the
    same reason and `note` (why). All or nothing; a promotion with its checks is ladder's."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say why the person moves.")})
    if person.left_on is not None:
        raise ValidationError(_("This person has left; hire them again instead."))
    with transaction.atomic():
        lock_tree(POSITION_TREE)
        target = Position.objects.select_for_update().get(pk=to_position.pk)
        if target.holder_id is not None:
            raise ValidationError({"position": _("This seat is already taken.")})
        current = Position.objects.filter(holder=person).first()
        if current is not None:
            # the old assignment keeps its own note; the new one says why
            position_vacate(position=current, ended_on=on, reason=reason)
        return person_hire(
            person=person,
            position=target,
            started_on=on,
            approved_by=approved_by,
            reason=reason if current is not None else AssignmentReason.HIRE,
            note=note[:300],
        )
