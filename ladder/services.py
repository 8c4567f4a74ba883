"""Promoting a person: one atomic move from their seat into a vacant one, with the record."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.groups import is_hr
from core.locks import POSITION_TREE, lock_tree
from people import services as people_services
from people.models import Assignment, AssignmentReason, Person, Position

from .models import PathKind, Promotion, PromotionPath


def promotion_problems(
    *,
    person: Person,
    to_position: Position,
    effective: datetime.date,
    approved_by,
    exception_reason: str = "",
    today: datetime.date | None = None,
) -> tuple[dict[str, list[str]], PromotionPath | None]:
    """What stands in the way of a promotion (field → messages), and the path it would take.

    Read-only; forms call it for early messages and promote_person calls it again under the lock.
    `today`: the day the promotion is decided on (planning's worker passes the day it runs for).
    """
    problems: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if approved_by is None or not is_hr(approved_by):
        refuse("approved_by", _("Only HR can approve a promotion."))
    seat = Position.objects.select_related("role").filter(holder=person).first()
    current = Assignment.objects.current().filter(person=person).first()
    if seat is None:
        refuse("person", _("%(name)s holds no seat; hire them instead.") % {"name": person})
    if to_position.holder_id is not None:
        if to_position.holder_id == person.pk:
            refuse("to_position", _("%(name)s already holds this seat.") % {"name": person})
        else:
            refuse(
                "to_position",
                _("This seat is held by %(name)s; choose a vacant seat.")
                % {"name": to_position.holder},
            )
    if effective > (today or timezone.localdate()):
        refuse("effective", _("A promotion takes effect today or on a past date."))
    if current is not None and effective < current.started_on:
        refuse(
            "effective",
            _("The date is before their current assignment began (%(date)s).")
            % {"date": current.started_on},
        )
    path = None
    if seat is not None:
        path = PromotionPath.objects.filter(
            from_role_id=seat.role_id, to_role_id=to_position.role_id
        ).first()
        if path is None and not exception_reason.strip():
            refuse(
                "exception_reason",
                _(
                    "No promotion path leads from %(from)s to %(to)s; give a reason to make an "
                    "exception."
                )
                % {"from": seat.role, "to": to_position.role},
            )
    return problems, path


def promote_person(
    *,
    person: Person,
    to_position: Position,
    approved_by,
    effective: datetime.date,
    note: str = "",
    exception_reason: str = "",
    new_salary: Decimal | None = None,
    today: datetime.date | None = None,
) -> Promotion:
    """Move a person into a vacant seat: their old seat becomes vacant, the assignments are
    closed and opened on `effective`, and the approval is recorded. All or nothing.

    An unsaved `to_position` (role, manager, site) is created as a vacancy in the same step;
    `new_salary` (in the person's salary currency) is set with the move."""
    with transaction.atomic():
        lock_tree(POSITION_TREE)
        if to_position.pk is None:
            to_position = people_services.position_create(
                role=to_position.role, manager=to_position.manager, site=to_position.site
            )
        to_position = (
            Position.objects.select_for_update().select_related("role").get(pk=to_position.pk)
        )
        problems, path = promotion_problems(
            person=person,
            to_position=to_position,
            effective=effective,
            approved_by=approved_by,
            exception_reason=exception_reason,
            today=today,
        )
        if problems:
            raise ValidationError(problems)
        old_seat = Position.objects.get(holder=person)
        lateral = path is not None and path.kind == PathKind.LATERAL
        reason = AssignmentReason.LATERAL if lateral else AssignmentReason.PROMOTION
        people_services.position_vacate(position=old_seat, ended_on=effective, reason=reason)
        people_services.person_hire(
            person=person,
            position=to_position,
            started_on=effective,
            approved_by=approved_by,
            reason=reason,
            note=note,
        )
        if new_salary is not None and new_salary != person.salary:
            person.salary = new_salary
            person.save(update_fields=["salary"])  # save: the raise is in the history
        promotion = Promotion(
            person=person,
            from_position=old_seat,
            to_position=to_position,
            path=path,
            effective=effective,
            approved_by=approved_by,
            note=note,
            exception_reason=exception_reason.strip() if path is None else "",
        )
        promotion.full_clean()
        promotion.save()
    return promotion
