import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from ladder.models import Promotion
from ladder.services import promote_person
from people.models import Assignment, Position
from people.services import positions_recount
from tests.ladder.factories import PromotionPathFactory
from tests.people.factories import PersonFactory, seat
from tests.roles.factories import RoleFactory

pytestmark = pytest.mark.django_db
HIRED = datetime.date(2024, 2, 1)
EFFECTIVE = datetime.date(2025, 6, 1)


@pytest.fixture
def org():
    """top (Manager) > lead seat (vacant, Team Leader) ; top > agent seat held by Ola."""
    manager = RoleFactory(title="Manager")
    lead = RoleFactory(title="Team Leader", parent=manager)
    agent = RoleFactory(title="Agent", parent=lead)
    PromotionPathFactory(from_role=agent, to_role=lead, min_months=12)
    top = seat(role=manager, holder=PersonFactory(first_name="Maja"))
    lead_seat = seat(role=lead, manager=top)
    ola = PersonFactory(first_name="Ola")
    agent_seat = seat(role=agent, manager=top, holder=ola, started_on=HIRED)
    return {
        "top": top,
        "lead_seat": lead_seat,
        "agent_seat": agent_seat,
        "ola": ola,
        "manager_role": manager,
    }


def snapshot():
    return (
        list(Position.objects.order_by("pk").values_list("pk", "holder_id", "headcount")),
        list(Assignment.objects.order_by("pk").values_list("pk", "position_id", "ended_on")),
        Promotion.objects.count(),
    )


def test_a_promotion_moves_the_person_and_keeps_the_history(org, hr_user):
    promotion = promote_person(
        person=org["ola"],
        to_position=org["lead_seat"],
        approved_by=hr_user,
        effective=EFFECTIVE,
        note="Great year",
    )
    assert Position.objects.get(pk=org["lead_seat"].pk).holder == org["ola"]
    assert Position.objects.get(pk=org["agent_seat"].pk).holder is None
    old, new = Assignment.objects.filter(person=org["ola"]).order_by("started_on")
    assert (old.position_id, old.ended_on, old.end_reason) == (
        org["agent_seat"].pk,
        EFFECTIVE,
        "promotion",
    )
    assert (new.position_id, new.started_on, new.ended_on, new.reason, new.approved_by) == (
        org["lead_seat"].pk,
        EFFECTIVE,
        None,
        "promotion",
        hr_user,
    )
    assert (promotion.from_position_id, promotion.path.to_role.title, promotion.approved_by) == (
        org["agent_seat"].pk,
        "Team Leader",
        hr_user,
    )
    assert Position.objects.get(pk=org["top"].pk).headcount == 1
    assert positions_recount() == 0  # the kept counts are the true counts


def test_a_taken_seat_is_refused_and_nothing_changes(org, hr_user):
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        promote_person(
            person=org["ola"], to_position=org["top"], approved_by=hr_user, effective=EFFECTIVE
        )
    assert "held by Maja" in refused.value.message_dict["to_position"][0]
    assert snapshot() == before


def test_a_date_before_the_current_assignment_is_refused(org, hr_user):
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        promote_person(
            person=org["ola"],
            to_position=org["lead_seat"],
            approved_by=hr_user,
            effective=HIRED - datetime.timedelta(days=1),
        )
    assert (
        "before their current assignment began (2024-02-01)"
        in (refused.value.message_dict["effective"][0])
    )
    assert snapshot() == before


def test_a_future_date_is_refused(org, hr_user):
    with pytest.raises(ValidationError, match="today or on a past date"):
        promote_person(
            person=org["ola"],
            to_position=org["lead_seat"],
            approved_by=hr_user,
            effective=datetime.date.today() + datetime.timedelta(days=1),
        )


def test_a_move_without_a_path_needs_a_reason(org, hr_user):
    other = seat(role=RoleFactory(title="Trainer", parent=org["manager_role"]), manager=org["top"])
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        promote_person(
            person=org["ola"], to_position=other, approved_by=hr_user, effective=EFFECTIVE
        )
    assert (
        "No promotion path leads from Agent to Trainer"
        in (refused.value.message_dict["exception_reason"][0])
    )
    assert snapshot() == before
    promotion = promote_person(
        person=org["ola"],
        to_position=other,
        approved_by=hr_user,
        effective=EFFECTIVE,
        exception_reason="Covers parental leave",
    )
    assert (promotion.path, promotion.exception_reason) == (None, "Covers parental leave")


def test_a_person_without_a_seat_is_refused(org, hr_user):
    with pytest.raises(ValidationError, match="holds no seat"):
        promote_person(
            person=PersonFactory(),
            to_position=org["lead_seat"],
            approved_by=hr_user,
            effective=EFFECTIVE,
        )


def test_only_hr_can_approve(org, users):
    employee = users["employee"]
    with pytest.raises(ValidationError, match="Only HR"):
        promote_person(
            person=org["ola"],
            to_position=org["lead_seat"],
            approved_by=employee,
            effective=EFFECTIVE,
        )


def test_a_failure_in_the_middle_leaves_the_database_as_it_was(org, hr_user):
    """The promotion record cannot be written (its table is gone for this test): the person
    must still be in their old seat, with their assignment open."""
    before = snapshot()
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE ladder_promotion RENAME TO ladder_promotion_away")
    try:
        with pytest.raises(Exception, match="ladder_promotion"):
            promote_person(
                person=org["ola"],
                to_position=org["lead_seat"],
                approved_by=hr_user,
                effective=EFFECTIVE,
            )
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE ladder_promotion_away RENAME TO ladder_promotion")
    assert snapshot() == before
