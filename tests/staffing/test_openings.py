"""The staffing plan's seat gap becomes a draft scenario: the new seats spread over the managers
of their role at the site, nothing written to the live org."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from people.models import Position
from planning.models import Kind, PlannedChange, Scenario, Status
from planning.scenarios import scenario_org
from staffing import plan
from staffing.openings import gap_scenario, openings
from staffing.services import forecast_import
from tests.people.factories import seat
from tests.staffing.forecasts import monday_in, week_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(staffed):
    monday = monday_in(10)
    data = week_file(staffed["site"].code, "SERVICE", monday).encode()
    reading, _forecast = forecast_import(data=data, name="hand")
    assert not reading.errors
    return plan.build(sites=[staffed["site"]])


def test_the_gap_is_placed_under_the_managers_of_each_role_with_the_fewest_reports_first(
    staffed,
    figures,
):
    # A second team leader with no team: the 15 new agent seats (18 needed, 3 there) go to
    # the one with fewer reports first, then alternate.
    second = seat(role=staffed["roles"]["lead"], manager=staffed["middle"])
    Position.objects.filter(pk=second.pk).update(site=staffed["site"])
    figures = plan.build(sites=[staffed["site"]])
    # two team leaders now: 18 agents need no third, so only agent seats open
    (agents,) = openings(figures)
    assert (agents.role, agents.count, agents.unplaced) == (staffed["roles"]["agent"], 15, 0)
    # the empty team first (3 seats), then by turns: 9 agent seats in each team at the end
    assert agents.managers == {staffed["team"].pk: 6, second.pk: 9}


def test_the_gap_becomes_one_undoable_edit_of_a_draft_scenario(staffed, figures, hr_user):
    day = staffed["today"] + datetime.timedelta(days=30)
    scenario, _found = gap_scenario(
        plan=figures, user=hr_user, name="Q3 staffing", effective_on=day
    )

    drafts = list(scenario.changes.filter(status=Status.DRAFT))
    assert {c.kind for c in drafts} == {Kind.NEW_SEAT}
    assert {c.step for c in drafts} == {1}
    by_role = {}
    for change in drafts:
        by_role[change.role_id] = by_role.get(change.role_id, 0) + 1
    # 15 agent seats under the team leader; 1 team-leader seat under the head of the center
    assert by_role == {staffed["roles"]["agent"].pk: 15, staffed["roles"]["lead"].pk: 1}
    assert {c.new_manager_id for c in drafts if c.role_id == staffed["roles"]["lead"].pk} == {
        staffed["middle"].pk
    }
    assert "Q3" in scenario.name and "15" in scenario.description
    projection, failed, _mine = scenario_org(scenario)
    assert failed == {}
    assert len(projection.reports_of(staffed["team"].pk)) == 3 + 15
    # nothing of the live org changed
    assert Position.objects.active().count() == 6
    assert not PlannedChange.objects.pending().exists()


def test_only_hr_turns_a_gap_into_a_scenario(staffed, figures, users):
    day = staffed["today"] + datetime.timedelta(days=30)
    with pytest.raises(ValidationError, match="Only HR"):
        gap_scenario(plan=figures, user=users["manager"], name="x", effective_on=day)
    assert not PlannedChange.objects.exists()


def test_hr_opens_the_gap_as_a_scenario_from_the_planning_page(staffed, figures, client, users):
    client.force_login(users["hr"])
    page = client.get("/planning/", {"site": staffed["site"].pk})
    assert page.status_code == 200 and page.context["gap_form"] is not None
    day = staffed["today"] + datetime.timedelta(days=30)

    answer = client.post(
        "/planning/gap-scenario/",
        {"site": staffed["site"].pk, "name": "Spring hiring", "effective_on": day.isoformat()},
    )

    scenario = Scenario.objects.get()
    assert answer.status_code == 302 and answer["Location"] == scenario.get_absolute_url()
    assert (scenario.name, scenario.effective_on) == ("Spring hiring", day)
    assert scenario.changes.drafts().count() == 16
    assert not PlannedChange.objects.live().exists()


def test_a_refused_gap_scenario_says_why_and_makes_nothing(staffed, figures, client, users):
    client.force_login(users["hr"])
    answer = client.post(
        "/planning/gap-scenario/",
        {"site": staffed["site"].pk, "name": "Too late", "effective_on": staffed["today"]},
        follow=True,
    )
    assert "after today" in answer.content.decode()
    assert not Scenario.objects.exists()


def test_the_gap_form_is_hr_only(staffed, figures, client, users):
    client.force_login(users["manager"])
    page = client.get("/planning/")
    assert page.status_code in (200, 403)
    if page.status_code == 200:
        assert page.context["gap_form"] is None
    answer = client.post("/planning/gap-scenario/", {"name": "x", "effective_on": "2099-01-01"})
    assert answer.status_code == 403
    assert not Scenario.objects.exists()
