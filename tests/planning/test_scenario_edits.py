"""A scenario's edits: one undoable step each, checked against the org as it would be, never
seen by the live org or the worker."""

import pytest
from django.core.exceptions import ValidationError

from people.models import Position
from planning.models import Kind, PlannedChange, ScenarioStatus, Status
from planning.scenarios import (
    scenario_create,
    scenario_edit,
    scenario_org,
    scenario_redo,
    scenario_undo,
)
from planning.services import changes_apply_due

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(hr_user, ahead):
    return scenario_create(created_by=hr_user, name="Reorg", effective_on=ahead)


def test_a_team_moved_in_one_edit_is_drafted_over_the_live_org_and_not_applied(
    org, scenario, hr_user, ahead
):
    agents = [*org["agents"], org["vacancy"]]
    made = scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[{"kind": Kind.MOVE, "position": s, "new_manager": org["middle"]} for s in agents],
    )

    assert {c.step for c in made} == {1}
    assert made[0].baseline["position"]["manager"] == org["team"].pk
    projection, failed, _mine = scenario_org(scenario)
    assert failed == {}
    assert {projection.manager_of(s.pk) for s in agents} == {org["middle"].pk}
    # The live org and the worker do not see drafts, even on and after the day.
    assert changes_apply_due(today=ahead).applied == []
    assert Position.objects.get(pk=agents[0].pk).manager_id == org["team"].pk


def test_undo_and_redo_take_a_whole_edit_and_a_new_edit_forgets_the_undone(org, scenario, hr_user):
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[{"kind": Kind.CLOSE_SEAT, "position": org["vacancy"]}],
    )
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[{"kind": Kind.NEW_SEAT, "new_manager": org["team"], "role": org["roles"]["agent"]}]
        * 2,
    )

    assert scenario_undo(scenario=scenario, user=hr_user) == 2
    assert list(scenario.changes.drafts().values_list("kind", flat=True)) == [Kind.CLOSE_SEAT]
    assert scenario_redo(scenario=scenario, user=hr_user) == 2
    assert scenario_redo(scenario=scenario, user=hr_user) == 0
    assert scenario_undo(scenario=scenario, user=hr_user) == 2
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[{"kind": Kind.ROLE, "position": org["team"], "role": org["roles"]["head"]}],
    )
    assert not scenario.changes.filter(status=Status.UNDONE).exists()
    assert scenario_redo(scenario=scenario, user=hr_user) == 0


def test_an_edit_that_cannot_apply_says_which_change_and_saves_nothing(org, scenario, hr_user):
    with pytest.raises(ValidationError) as refused:
        scenario_edit(
            scenario=scenario,
            user=hr_user,
            changes=[
                {"kind": Kind.CLOSE_SEAT, "position": org["vacancy"]},
                {"kind": Kind.MOVE, "position": org["middle"], "new_manager": org["team"]},
            ],
        )

    assert "changes[1]" in refused.value.message_dict
    assert "below it" in " ".join(refused.value.message_dict["changes[1]"])
    assert not PlannedChange.objects.exists()


def test_only_hr_edits_and_only_a_draft(org, scenario, users, hr_user):
    change = {"kind": Kind.CLOSE_SEAT, "position": org["vacancy"]}
    with pytest.raises(ValidationError, match="Only HR"):
        scenario_edit(scenario=scenario, user=users["manager"], changes=[change])
    scenario.status = ScenarioStatus.SUBMITTED
    scenario.save()
    with pytest.raises(ValidationError, match="only a draft"):
        scenario_edit(scenario=scenario, user=hr_user, changes=[change])
    with pytest.raises(ValidationError, match="only a draft"):
        scenario_undo(scenario=scenario, user=hr_user)


def test_a_scenario_takes_effect_after_today(hr_user, org):
    with pytest.raises(ValidationError, match="after today"):
        scenario_create(created_by=hr_user, name="Now", effective_on=org["today"])
