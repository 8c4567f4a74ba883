"""Scenarios' rules: who sees them, their problems, their conflicts with the live org, approval,
discard and apply (issue 17)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from integrations.models import Event
from people import services as people
from people.models import Person, Position
from planning import services
from planning.models import Kind, PlannedChange, ScenarioStatus, Status
from planning.scenarios import (
    conflict_resolve,
    may_see_scenario_salaries,
    scenario_apply,
    scenario_approvers,
    scenario_conflicts,
    scenario_create,
    scenario_decide,
    scenario_discard,
    scenario_edit,
    scenario_problems,
    scenario_submit,
    visible_scenarios,
)
from roles.models import SalaryBand
from tests.people.factories import PersonFactory, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(hr_user, ahead):
    return scenario_create(created_by=hr_user, name="Reorg", effective_on=ahead)


def edit(scenario, user, *changes):
    return scenario_edit(scenario=scenario, user=user, changes=list(changes))


def move(seat, manager):
    return {"kind": Kind.MOVE, "position": seat, "new_manager": manager}


def test_hr_sees_all_a_manager_those_shared_an_employee_none(scenario, users):
    assert list(visible_scenarios(users["hr"])) == [scenario]
    assert list(visible_scenarios(users["manager"])) == []
    scenario.shared_with.add(users["manager"])
    assert list(visible_scenarios(users["manager"])) == [scenario]
    assert list(visible_scenarios(users["employee"])) == []
    scenario.shared_with.add(users["employee"])  # sharing with a non-manager shows nothing
    assert list(visible_scenarios(users["employee"])) == []
    assert may_see_scenario_salaries(users["hr"])
    assert not may_see_scenario_salaries(users["manager"])
    assert not may_see_scenario_salaries(users["employee"])


# ---------------------------------------------------------------- problems


def test_a_clean_scenario_has_no_problems(org, scenario, hr_user):
    edit(scenario, hr_user, move(org["vacancy"], org["middle"]))
    assert scenario_problems(scenario) == []


def test_span_norm_over_is_a_problem_with_the_seats_link(org, scenario, hr_user):
    org["roles"]["head"].span_max = 1
    org["roles"]["head"].save()
    edit(scenario, hr_user, move(org["vacancy"], org["middle"]))

    problems = scenario_problems(scenario)

    assert [p.kind for p in problems] == ["span"]
    assert problems[0].url == f"/org/chart/{org['middle'].pk}/" or str(org["middle"].pk) in (
        problems[0].url
    )


def test_a_change_that_no_longer_applies_is_a_problem(org, scenario, hr_user):
    edit(scenario, hr_user, {"kind": Kind.CLOSE_SEAT, "position": org["vacancy"]})
    people.person_hire(person=PersonFactory(), position=org["vacancy"], started_on=org["today"])

    kinds = [p.kind for p in scenario_problems(scenario)]

    assert "cannot_apply" in kinds


def test_a_salary_outside_the_band_is_a_problem_only_with_salaries(org, scenario, hr_user):
    SalaryBand.objects.create(
        role=org["roles"]["agent"],
        currency="EUR",
        minimum=30000,
        midpoint=35000,
        maximum=40000,
        effective_from=org["today"] - datetime.timedelta(days=30),
    )
    ania = org["agents"][0].holder
    edit(scenario, hr_user, {"kind": Kind.SALARY, "person": ania, "salary": Decimal("50000")})

    problems = scenario_problems(scenario)

    assert [p.kind for p in problems] == ["salary_band"]
    assert problems[0].restricted and "50000" in problems[0].message
    assert scenario_problems(scenario, salaries=False) == []


# ---------------------------------------------------------------- conflicts


def conflict_kinds(scenario):
    return {c.kind for c in scenario_conflicts(scenario)}


def test_no_conflicts_while_the_live_org_stays(org, scenario, hr_user):
    edit(scenario, hr_user, move(org["agents"][0], org["middle"]))
    assert scenario_conflicts(scenario) == []


def test_the_seat_moved_under_the_scenario(org, scenario, hr_user):
    edit(
        scenario,
        hr_user,
        {"kind": Kind.ROLE, "position": org["agents"][0], "role": org["roles"]["lead"]},
    )
    people.position_move(position=org["agents"][0], new_manager=org["middle"])
    assert conflict_kinds(scenario) == {"seat_moved"}


def test_the_seat_changed_role_or_site(org, scenario, hr_user):
    edit(scenario, hr_user, move(org["agents"][0], org["middle"]))
    people.position_update(position=org["agents"][0], role=org["roles"]["lead"])
    assert conflict_kinds(scenario) == {"seat_role"}
    people.position_update(position=Position.objects.get(pk=org["agents"][0].pk), site=org["site"])
    assert conflict_kinds(scenario) == {"seat_role", "seat_site"}


def test_the_seat_was_archived(org, scenario, hr_user):
    edit(scenario, hr_user, move(org["vacancy"], org["middle"]))
    people.position_archive(position=org["vacancy"], on=org["today"])
    conflicts = scenario_conflicts(scenario)
    assert {c.kind for c in conflicts} == {"seat_archived"}
    assert not conflicts[0].can_keep


def test_the_holder_changed(org, scenario, hr_user):
    edit(scenario, hr_user, move(org["vacancy"], org["middle"]))
    people.person_hire(person=PersonFactory(), position=org["vacancy"], started_on=org["today"])
    assert conflict_kinds(scenario) == {"holder"}


def test_the_person_left_or_changed_seat(org, scenario, hr_user):
    ania, ben = (s.holder for s in org["agents"])
    edit(scenario, hr_user, {"kind": Kind.SALARY, "person": ania, "salary": Decimal("33000")})
    edit(scenario, hr_user, {"kind": Kind.SALARY, "person": ben, "salary": Decimal("33000")})
    people.person_exit(person=ania, left_on=org["today"])
    people.person_move(person=ben, to_position=org["vacancy"], on=org["today"], note="swap")
    assert conflict_kinds(scenario) == {"person_left", "person_seat"}


def test_a_pending_change_planned_since(org, scenario, hr_user, ahead):
    edit(scenario, hr_user, move(org["agents"][0], org["middle"]))
    services.change_plan(
        planned_by=hr_user,
        kind=Kind.ROLE,
        effective_on=ahead - datetime.timedelta(days=1),
        position=org["agents"][0],
        role=org["roles"]["lead"],
    )
    assert conflict_kinds(scenario) == {"pending"}


def test_keep_rebaselines_and_take_live_drops(org, scenario, hr_user):
    kept, dropped = edit(
        scenario,
        hr_user,
        move(org["agents"][0], org["middle"]),
        move(org["agents"][1], org["middle"]),
    )
    people.position_update(position=org["agents"][0], role=org["roles"]["lead"])
    people.position_update(position=org["agents"][1], role=org["roles"]["lead"])
    assert len(scenario_conflicts(scenario)) == 2

    conflict_resolve(scenario, hr_user, kept.pk, keep=True)
    assert conflict_resolve(scenario, hr_user, dropped.pk, keep=False) is None

    assert scenario_conflicts(scenario) == []
    assert list(scenario.changes.drafts()) == [kept]


def test_keep_is_refused_when_the_change_can_no_longer_apply(org, scenario, hr_user):
    (change,) = edit(scenario, hr_user, {"kind": Kind.CLOSE_SEAT, "position": org["vacancy"]})
    people.person_hire(person=PersonFactory(), position=org["vacancy"], started_on=org["today"])
    with pytest.raises(ValidationError, match="no longer apply"):
        conflict_resolve(scenario, hr_user, change.pk, keep=True)
    assert scenario_conflicts(scenario)


# ---------------------------------------------------------------- approval, apply


def submitted(scenario, org, hr_user):
    edit(scenario, hr_user, move(org["vacancy"], org["middle"]))
    return scenario_submit(scenario=scenario, user=hr_user)


def test_submit_is_refused_with_conflicts_and_locks_the_scenario(org, scenario, hr_user):
    edit(scenario, hr_user, move(org["vacancy"], org["middle"]))
    people.position_update(position=org["vacancy"], role=org["roles"]["lead"])
    with pytest.raises(ValidationError, match="conflicts"):
        scenario_submit(scenario=scenario, user=hr_user)
    conflict_resolve(scenario, hr_user, scenario.changes.get().pk, keep=True)
    scenario = scenario_submit(scenario=scenario, user=hr_user)
    assert scenario.status == ScenarioStatus.SUBMITTED
    with pytest.raises(ValidationError, match="only a draft"):
        edit(scenario, hr_user, move(org["agents"][0], org["middle"]))


def test_submit_is_refused_with_problems(org, scenario, hr_user):
    org["roles"]["head"].span_max = 1
    org["roles"]["head"].save()
    edit(scenario, hr_user, move(org["vacancy"], org["middle"]))
    with pytest.raises(ValidationError, match="problems"):
        scenario_submit(scenario=scenario, user=hr_user)


def test_an_hr_admin_approves_and_sending_back_needs_a_comment(org, scenario, users):
    scenario = submitted(scenario, org, users["hr"])
    with pytest.raises(ValidationError, match="approvers"):
        scenario_decide(scenario=scenario, user=users["hr"], approve=True)
    with pytest.raises(ValidationError, match="Say why"):
        scenario_decide(scenario=scenario, user=users["hradmin"], approve=False)
    scenario_decide(scenario=scenario, user=users["hradmin"], approve=False, comment="Too soon")
    scenario.refresh_from_db()
    assert scenario.status == ScenarioStatus.DRAFT

    scenario = scenario_submit(scenario=scenario, user=users["hr"])
    scenario_decide(scenario=scenario, user=users["hradmin"], approve=True)
    scenario.refresh_from_db()
    assert scenario.status == ScenarioStatus.APPROVED
    assert Event.objects.filter(type="scenario.approved", object_id=scenario.pk).exists()


@pytest.fixture
def two_teams(org, users, django_user_model):
    """The org split where it splits: CCO → head of call center is a chain of one report each, and
    the head has two team leaders, Lena (linked to Mia's account) and Tom (to Tara's)."""
    lena = org["team"].holder
    lena.user = users["manager"]
    lena.save()
    tom = PersonFactory(first_name="Tom", user=django_user_model.objects.create_user("tara"))
    return {
        "lena": org["team"],
        "tom": seat(role=org["roles"]["lead"], manager=org["middle"], holder=tom),
    }


def test_the_heads_of_branches_are_below_where_the_org_splits_not_below_the_top(
    org, scenario, users, two_teams
):
    henrik = org["middle"].holder  # the seat directly below the top: no branch head
    henrik.user = users["hradmin"]
    henrik.save()
    scenario.heads_approve = True
    scenario.save()
    edit(scenario, users["hr"], move(org["vacancy"], two_teams["tom"]))

    approvers = scenario_approvers(scenario)

    assert [u.username for u in approvers] == ["mia", "tara"]  # the vacancy's branch and Tom's


def test_a_change_at_or_above_the_split_needs_only_an_hr_admin(org, scenario, users, two_teams):
    henrik = org["middle"].holder  # the split itself
    henrik.user = users["outsider"]
    henrik.save()
    scenario.heads_approve = True
    scenario.save()
    edit(
        scenario,
        users["hr"],
        {"kind": Kind.ROLE, "position": org["middle"], "role": org["roles"]["cco"]},
    )

    assert scenario_approvers(scenario) == []


def test_the_approvers_are_read_in_the_same_queries_for_one_change_or_many(
    org, scenario, users, two_teams, django_assert_num_queries
):
    scenario.heads_approve = True
    scenario.save()
    edit(scenario, users["hr"], move(org["vacancy"], two_teams["tom"]))
    with django_assert_num_queries(3):  # the tops, the chains, the accounts
        assert len(scenario_approvers(scenario)) == 2
    edit(scenario, users["hr"], *(move(a, two_teams["tom"]) for a in org["agents"]))
    with django_assert_num_queries(3):
        assert len(scenario_approvers(scenario)) == 2


def test_heads_of_the_branches_touched_approve_too(org, scenario, users, hr_user, two_teams):
    scenario.heads_approve = True
    scenario.save()
    scenario = submitted(scenario, org, hr_user)  # the vacancy moves under the head: Lena's branch
    assert scenario_approvers(scenario) == [users["manager"]]

    scenario_decide(scenario=scenario, user=users["hradmin"], approve=True)
    scenario.refresh_from_db()
    assert scenario.status == ScenarioStatus.SUBMITTED  # the head's approval is missing
    scenario_decide(scenario=scenario, user=users["manager"], approve=True)
    scenario.refresh_from_db()
    assert scenario.status == ScenarioStatus.APPROVED


def approved(scenario, org, users):
    scenario = submitted(scenario, org, users["hr"])
    scenario_decide(scenario=scenario, user=users["hradmin"], approve=True)
    scenario.refresh_from_db()
    return scenario


def test_apply_turns_drafts_into_pending_changes_and_the_worker_applies_them_together(
    org, scenario, users, ahead
):
    edit(scenario, users["hr"], move(org["agents"][0], org["middle"]))
    scenario = approved(scenario, org, users)
    with pytest.raises(ValidationError, match="HR admin"):
        scenario_apply(scenario=scenario, user=users["hr"])

    scenario = scenario_apply(scenario=scenario, user=users["hradmin"])

    assert scenario.status == ScenarioStatus.APPLIED
    assert set(scenario.changes.values_list("status", flat=True)) == {Status.PENDING}
    report = services.changes_apply_due(today=ahead)
    assert len(report.applied) == 2 and report.failed == []
    manager_ids = Position.objects.filter(pk__in=[org["agents"][0].pk, org["vacancy"].pk])
    assert set(manager_ids.values_list("manager_id", flat=True)) == {org["middle"].pk}
    types = set(Event.objects.values_list("type", flat=True))
    assert {"scenario.created", "scenario.applied", "planned_change.applied"} <= types


def test_when_one_change_fails_on_the_day_none_is_applied(org, scenario, users, ahead):
    edit(scenario, users["hr"], move(org["agents"][0], org["middle"]))
    edit(scenario, users["hr"], {"kind": Kind.CLOSE_SEAT, "position": org["vacancy"]})
    scenario_submit(scenario=scenario, user=users["hr"])
    scenario_decide(scenario=scenario, user=users["hradmin"], approve=True)
    scenario = scenario_apply(scenario=scenario, user=users["hradmin"])
    # After apply, the live org moves: someone is hired into the seat due to close.
    people.person_hire(person=PersonFactory(), position=org["vacancy"], started_on=org["today"])

    report = services.changes_apply_due(today=ahead)

    assert report.applied == [] and len(report.failed) == 2
    rows = PlannedChange.objects.filter(scenario=scenario)
    assert set(rows.values_list("status", flat=True)) == {Status.FAILED}
    assert all("could not apply" in r.failure_reason for r in rows)
    # The move, applied first, was undone with the close that failed.
    assert Position.objects.get(pk=org["agents"][0].pk).manager_id == org["team"].pk
    assert not Event.objects.filter(type="planned_change.applied").exists()


def test_apply_is_refused_when_a_pending_change_would_be_stopped(org, scenario, users, ahead):
    scenario = approved(scenario, org, users)
    # A pending change after the scenario's day that the scenario would stop.
    services.change_plan(
        planned_by=users["hr"],
        kind=Kind.MOVE,
        effective_on=ahead + datetime.timedelta(days=1),
        position=org["vacancy"],
        new_manager=org["middle"],
    )
    with pytest.raises(ValidationError, match="#"):
        scenario_apply(scenario=scenario, user=users["hradmin"])
    assert set(scenario.changes.values_list("status", flat=True)) == {Status.DRAFT}


def test_discard_deletes_the_drafts_and_keeps_the_record(org, scenario, users):
    edit(scenario, users["hr"], move(org["vacancy"], org["middle"]))
    with pytest.raises(ValidationError):
        scenario_discard(scenario=scenario, user=users["manager"])
    scenario = scenario_discard(scenario=scenario, user=users["hr"])
    assert scenario.status == ScenarioStatus.DISCARDED
    assert not PlannedChange.objects.exists()
    assert Person.objects.exists()


def test_an_edit_of_the_wrong_shape_is_refused_by_index_without_a_query_per_change(
    org, scenario, hr_user, django_assert_max_num_queries
):
    with pytest.raises(ValidationError) as refused:
        edit(
            scenario,
            hr_user,
            move(org["vacancy"], org["middle"]),
            {"kind": Kind.MOVE, "position": org["agents"][0]},
            {"kind": Kind.SALARY, "person": org["agents"][0].holder, "salary": Decimal("-1")},
        )
    assert set(refused.value.message_dict) == {"changes[1]", "changes[2]"}
    team = [move(seat, org["middle"]) for seat in [*org["agents"], org["vacancy"]]]
    with django_assert_max_num_queries(20):
        edit(scenario, hr_user, *team)


def test_a_planned_change_taking_effect_is_an_event_of_ids_only(org, plan, ahead):
    from integrations.sources import is_known_type

    change = plan(Kind.SALARY, person=org["agents"][0].holder, salary=Decimal("45678"))
    services.changes_apply_due(today=ahead)

    event = Event.objects.get(type="planned_change.applied")
    assert (event.object_type, event.object_id, event.effective_on) == (
        "planned_change",
        change.pk,
        ahead,
    )
    assert event.related == {"person": org["agents"][0].holder_id}
    assert "45678" not in str(vars(event))
    assert is_known_type("scenario.*") and is_known_type("planned_change.applied")
