"""The staffing plan's seat gap becomes a draft scenario: the new seats spread over the managers
of their role at the site, nothing written to the live org."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from people.integrity import tree_problems
from people.models import Position
from planning.models import Kind, PlannedChange, Scenario, Status
from planning.scenarios import scenario_apply, scenario_decide, scenario_org, scenario_submit
from staffing import plan
from staffing.models import SiteStaffing
from staffing.openings import gap_scenario, openings
from staffing.services import forecast_import
from tests.people.factories import SiteFactory, seat
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


def test_a_forecast_for_two_sites_ends_as_vacancies_on_the_live_chart_on_the_scenarios_day(
    staffed, client, users
):
    """Issue 18's end-to-end: a forecast for two sites → the gap per site → a scenario that opens
    the missing seats → submitted, approved, applied → on its day the chart shows them."""
    roles, hr, hradmin = staffed["roles"], users["hr"], users["hradmin"]
    second = SiteFactory(code="WAW", name="Warszawa")
    warsaw_lead = seat(role=roles["lead"], manager=staffed["middle"])
    Position.objects.filter(pk=warsaw_lead.pk).update(site=second)
    SiteStaffing.objects.create(site=second, team_leader_span=15, team_leader_role=roles["lead"])
    monday = monday_in(10)
    both = (
        week_file(staffed["site"].code, "SERVICE", monday)
        + week_file(second.code, "SERVICE", monday).split("\n", 1)[1]
    )
    reading, _forecast = forecast_import(data=both.encode(), name="two sites")
    assert not reading.errors
    figures = plan.build(sites=[staffed["site"], second])
    gap = {(n.site.pk, n.role_id): n.gap for n in figures.needs if n.role_id and n.gap > 0}
    # Berlin: 18 agent seats needed, 3 there; Warsaw: 18 needed (default shrinkage), none there
    assert gap[(staffed["site"].pk, roles["agent"].pk)] == 15
    assert gap[(second.pk, roles["agent"].pk)] > 15
    day = staffed["today"] + datetime.timedelta(days=30)

    scenario, found = gap_scenario(plan=figures, user=hr, name="Two sites", effective_on=day)
    placed = {(o.site.pk, o.role.pk): sum(o.managers.values()) for o in found}
    # Warsaw's new team leader has no head-of-center seat at Warsaw to report to: left out, said
    (left_out,) = [o for o in found if o.unplaced]
    assert (left_out.site, left_out.role, left_out.managers) == (second, roles["lead"], {})
    scenario_submit(scenario=scenario, user=hr)
    scenario_decide(scenario=scenario, user=hradmin, approve=True)
    scenario_apply(scenario=scenario, user=hradmin)
    vacant = {(s, r): Position.objects.active().filter(site=s, role=r, holder__isnull=True).count()
              for s, r in gap}  # fmt: skip
    call_command("apply_due_changes", "--today", (day - datetime.timedelta(days=1)).isoformat())
    assert Position.objects.active().count() == 7  # nothing before the day
    call_command("apply_due_changes", "--today", day.isoformat())

    for site, role in gap:
        now = Position.objects.active().filter(site=site, role=role, holder__isnull=True).count()
        assert now == vacant[(site, role)] + placed[(site, role)]
    assert tree_problems() == []
    client.force_login(hr)
    chart = client.get(f"/org/{warsaw_lead.pk}/").content.decode()
    new_seats = Position.objects.filter(manager=warsaw_lead, holder__isnull=True)
    assert new_seats.count() == gap[(second.pk, roles["agent"].pk)]
    assert all(f'id="seat-{s.pk}"' in chart for s in new_seats)
    record = Position.history.filter(id=new_seats.first().pk).earliest()
    assert record.history_date.date() == day
