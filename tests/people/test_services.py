import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from people import services, tree
from people.models import Assignment, Position
from tests.people.factories import PersonFactory, seat
from tests.roles.factories import RoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    """top > a > (a1 > a11, a2);  top > b. a, a1, a11 and b are held."""
    top = seat(holder=PersonFactory())
    a = seat(manager=top, holder=PersonFactory())
    a1 = seat(manager=a, holder=PersonFactory())
    a11 = seat(manager=a1, holder=PersonFactory())
    a2 = seat(manager=a)
    b = seat(manager=top, holder=PersonFactory())
    return {k: Position.objects.get(pk=v.pk) for k, v in locals().items() if k != "top"} | {
        "top": Position.objects.get(pk=top.pk)
    }


def counts():
    return {
        p["id"]: (p["direct_count"], p["seat_count"], p["headcount"])
        for p in Position.objects.values("id", "direct_count", "seat_count", "headcount")
    }


def test_counts_are_kept_as_seats_are_made_and_filled(org):
    assert counts()[org["top"].pk] == (2, 5, 4)
    assert counts()[org["a"].pk] == (2, 3, 2)
    assert counts()[org["a1"].pk] == (1, 1, 1)


def test_moving_a_seat_under_its_own_report_is_refused_and_changes_nothing(org):
    before = counts()
    with pytest.raises(ValidationError, match="itself or to a seat below it"):
        services.position_move(position=org["a"], new_manager=org["a11"])
    assert Position.objects.get(pk=org["a"].pk).manager_id == org["top"].pk
    assert counts() == before


def test_moving_a_seat_under_itself_is_refused(org):
    with pytest.raises(ValidationError):
        services.position_move(position=org["a"], new_manager=org["a"])


def test_moving_a_team_moves_everyone_below_and_keeps_counts_true(org):
    services.position_move(position=org["a1"], new_manager=org["b"])
    assert tree.chain_ids(org["a11"].pk) == [
        org["a11"].pk,
        org["a1"].pk,
        org["b"].pk,
        org["top"].pk,
    ]
    incremental = counts()
    services.positions_recount()
    assert counts() == incremental
    assert incremental[org["b"].pk] == (1, 2, 2)
    assert incremental[org["a"].pk] == (1, 1, 0)


def test_hiring_into_a_vacancy_opens_an_assignment_and_counts_the_person(org):
    person = PersonFactory()
    services.person_hire(person=person, position=org["a2"], started_on=datetime.date(2024, 5, 1))
    assert Position.objects.get(pk=org["a2"].pk).holder == person
    assignment = Assignment.objects.get(person=person)
    assert (assignment.position_id, assignment.started_on, assignment.ended_on) == (
        org["a2"].pk,
        datetime.date(2024, 5, 1),
        None,
    )
    assert counts()[org["top"].pk] == (2, 5, 5)


def test_hiring_into_a_taken_seat_is_refused(org):
    with pytest.raises(ValidationError, match="already taken"):
        services.person_hire(
            person=PersonFactory(), position=org["b"], started_on=datetime.date(2024, 1, 1)
        )


def test_a_person_cannot_hold_two_seats(org):
    holder = org["b"].holder
    with pytest.raises(ValidationError, match="already holds a seat"):
        services.person_hire(
            person=holder, position=org["a2"], started_on=datetime.date(2024, 1, 1)
        )
    assert Position.objects.get(pk=org["a2"].pk).holder is None


def test_vacating_a_seat_ends_the_assignment_and_keeps_the_reports(org):
    services.position_vacate(position=org["a1"], ended_on=datetime.date(2025, 3, 31))
    a1 = Position.objects.get(pk=org["a1"].pk)
    assert a1.holder is None
    assert list(a1.reports.values_list("pk", flat=True)) == [org["a11"].pk]
    assert Assignment.objects.get(position=a1).ended_on == datetime.date(2025, 3, 31)
    assert counts()[org["top"].pk] == (2, 5, 3)


def test_deleting_a_managers_seat_never_cascades(org):
    with pytest.raises(ProtectedError):
        Position.objects.filter(pk=org["a1"].pk).delete()
    assert Position.objects.filter(pk=org["a11"].pk).exists()


def test_removing_a_vacant_seat_hands_its_reports_to_its_manager():
    top = seat()
    middle = seat(manager=top)
    low = seat(manager=middle, holder=PersonFactory())
    services.position_delete(position=middle)
    assert Position.objects.get(pk=low.pk).manager_id == top.pk
    assert counts()[top.pk] == (1, 1, 1)


def test_a_second_top_seat_is_refused(org):
    with pytest.raises(ValidationError, match="already has a top seat"):
        services.position_create(role=org["a"].role, manager=None)


def test_deleting_a_person_who_holds_a_seat_is_refused(org):
    with pytest.raises(ProtectedError):
        org["b"].holder.delete()


def test_the_database_refuses_a_second_open_assignment_for_a_person(org):
    person = org["b"].holder
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            person=person, position=org["a2"], started_on=datetime.date(2024, 1, 1), reason="hire"
        )


def test_employee_ids_are_unique():
    PersonFactory(employee_id="E1")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(employee_id="E1")


def test_emails_are_unique_whatever_their_case():
    PersonFactory(email="jan.kowalski@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(email="Jan.Kowalski@Example.com")


def test_people_without_email_do_not_collide():
    PersonFactory(email="")
    PersonFactory(email="")


def test_chain_and_subtree_reads(org):
    assert tree.chain_ids(org["a11"].pk) == [
        org["a11"].pk,
        org["a1"].pk,
        org["a"].pk,
        org["top"].pk,
    ]
    assert sorted(tree.subtree_ids(org["a"].pk)) == sorted(
        [(org["a"].pk, 0), (org["a1"].pk, 1), (org["a2"].pk, 1), (org["a11"].pk, 2)]
    )
    assert sorted(tree.subtree_ids(org["a"].pk, max_depth=1)) == sorted(
        [(org["a"].pk, 0), (org["a1"].pk, 1), (org["a2"].pk, 1)]
    )
    assert tree.is_at_or_below(org["a11"].pk, org["a"].pk)
    assert not tree.is_at_or_below(org["b"].pk, org["a"].pk)


def test_an_exit_vacates_the_seat_keeps_the_reports_and_deletes_nothing(org, django_user_model):
    leaver = org["a1"].holder
    leaver.user = django_user_model.objects.create_user("leaver")
    leaver.save()
    services.person_exit(person=leaver, left_on=datetime.date(2025, 9, 30), note="Moved away")
    leaver.refresh_from_db()
    a1 = Position.objects.get(pk=org["a1"].pk)
    assert (leaver.left_on, a1.holder, a1.direct_count) == (datetime.date(2025, 9, 30), None, 1)
    ended = Assignment.objects.get(person=leaver)
    assert (ended.ended_on, ended.end_reason, ended.note) == (
        datetime.date(2025, 9, 30),
        "exit",
        "Moved away",
    )
    assert not django_user_model.objects.get(username="leaver").is_active
    assert services.positions_recount() == 0


def test_an_exit_before_the_hire_date_is_refused(org):
    leaver = org["b"].holder
    with pytest.raises(ValidationError, match="before the hire date"):
        services.person_exit(person=leaver, left_on=leaver.hire_date - datetime.timedelta(1))
    assert Position.objects.get(pk=org["b"].pk).holder == leaver


def test_leaving_twice_is_refused(org):
    leaver = org["b"].holder
    services.person_exit(person=leaver, left_on=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="already left"):
        services.person_exit(person=leaver, left_on=datetime.date(2025, 2, 1))


def test_the_reporting_line_check_is_read_only_and_says_why(org, django_assert_num_queries):
    with django_assert_num_queries(1):  # the manager's chain, nothing written
        refusal = services.reporting_line_refusal(position=org["a"], manager=org["a11"])
    assert refusal == "A seat cannot report to itself or to a seat below it."
    assert services.reporting_line_refusal(position=org["a11"], manager=org["b"]) is None
    assert services.reporting_line_refusal(position=None, manager=org["b"]) is None
    assert services.reporting_line_refusal(position=org["a"], manager=None) == (
        "Only the top seat reports to no one."
    )
    assert services.reporting_line_refusal(position=None, manager=None) == (
        "The org already has a top seat; choose who this seat reports to."
    )
    assert services.reporting_line_refusal(position=org["top"], manager=None) is None


def test_creating_a_person_with_a_seat_hires_them_from_their_hire_date(org, hr_user):
    person = services.person_create(
        fields={
            "employee_id": "N1",
            "first_name": "Nina",
            "last_name": "Nowak",
            "hire_date": datetime.date(2025, 5, 1),
        },
        position=org["a2"],
        approved_by=hr_user,
    )
    assignment = Assignment.objects.get(person=person)
    assert (assignment.position_id, assignment.started_on, assignment.approved_by) == (
        org["a2"].pk,
        datetime.date(2025, 5, 1),
        hr_user,
    )
    assert counts()[org["a"].pk] == (2, 3, 3)


def test_creating_a_person_with_bad_fields_writes_nothing(org):
    with pytest.raises(ValidationError):
        services.person_create(
            fields={"employee_id": "", "first_name": "X", "last_name": "Y", "hire_date": None},
            position=org["a2"],
        )
    assert Position.objects.get(pk=org["a2"].pk).holder is None


def test_updating_a_seat_changes_only_the_fields_given_and_records_it(org):
    other_role = RoleFactory(title="Quality Checker")
    seat_before = org["a1"]
    services.position_update(position=seat_before, role=other_role)
    after = Position.objects.get(pk=seat_before.pk)
    assert (after.role_id, after.site_id, after.is_assistant, after.manager_id) == (
        other_role.pk,
        seat_before.site_id,
        seat_before.is_assistant,
        seat_before.manager_id,
    )
    assert after.history.first().role_id == other_role.pk
    before_history = after.history.count()
    services.position_update(position=after, role=other_role, is_assistant=False)
    assert after.history.count() == before_history  # nothing changed, nothing recorded


def test_changing_the_holder_of_a_seat_ends_one_assignment_and_opens_the_next(org):
    newcomer = PersonFactory()
    old_holder = org["b"].holder
    day = datetime.date(2025, 10, 1)
    services.position_change_holder(position=org["b"], holder=newcomer, on=day)
    assert Position.objects.get(pk=org["b"].pk).holder == newcomer
    assert Assignment.objects.get(person=old_holder).ended_on == day
    assert Assignment.objects.get(person=newcomer).started_on == day
    assert services.positions_recount() == 0
