"""Hiring classes for every role the plan needs, each with its own weeks to hire and to train."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from people.models import Position
from staffing import plan
from staffing.models import SiteStaffing
from staffing.services import forecast_import
from tests.people.factories import PersonFactory, seat
from tests.roles.factories import RoleFactory

from .forecasts import monday_in, week_file

WEEK = datetime.timedelta(weeks=1)


@pytest.fixture
def all_roles(staffed):
    """The site's parameters name a quality checker and a planner role; one checker is held."""
    site = staffed["site"]
    quality = RoleFactory(title="Quality Checker", slug="quality-checker")
    planner = RoleFactory(title="Workforce Planner", slug="workforce-planner")
    seat(role=quality, manager=staffed["middle"], holder=PersonFactory())
    SiteStaffing.objects.filter(site=site).update(
        quality_role=quality,
        planner_role=planner,
        agents_per_quality_checker=6,
        team_leader_weeks_to_hire=3,
        team_leader_training_weeks=1,
        quality_weeks_to_hire=5,
        quality_training_weeks=2,
        planner_weeks_to_hire=20,
        planner_training_weeks=4,
    )
    monday = monday_in(10)
    Position.objects.update(site=site)
    forecast_import(data=week_file(site.code, "SERVICE", monday).encode(), name="hand")
    return staffed | {"monday": monday, "quality": quality, "planner": planner}


def test_each_role_gets_its_class_with_its_own_lead_time(all_roles):
    today = datetime.date.today()
    monday = all_roles["monday"]
    waves = {w.kind: w for w in plan.build(sites=[all_roles["site"]], today=today).waves}
    # 18 agent seats (17.5 FTE); no trainer role set: no trainer classes
    assert set(waves) == {"agent", "team_leader", "quality", "planner"}
    # team leaders: 18 / 15 → 2 seats, 1 held → 1, hired in 3 weeks, trained in 1
    lead = waves["team_leader"]
    assert (lead.size, lead.role_id) == (1, all_roles["roles"]["lead"].pk)
    assert (lead.start, lead.first_day, lead.productive) == (
        monday - 4 * WEEK,
        monday - WEEK,
        monday,
    )
    # quality checkers: 18 / 6 → 3 seats, 1 held → 2, hired in 5 weeks, trained in 2
    quality = waves["quality"]
    assert (quality.size, quality.role_id, quality.late) == (2, all_roles["quality"].pk, False)
    assert (quality.start, quality.first_day) == (monday - 7 * WEEK, monday - 2 * WEEK)
    # a planner: 18 / 100 → 1 seat, none held; 20 + 4 weeks is more than the 10 to go: late
    planner = waves["planner"]
    assert (planner.size, planner.late) == (1, True)
    assert (planner.start, planner.first_day) == (today, today + 20 * WEEK)
    assert planner.productive == today + 24 * WEEK
    # agents keep their own 2 + 2 weeks
    assert waves["agent"].start == monday - 4 * WEEK and waves["agent"].role_id is None


def test_a_role_with_enough_people_gets_no_class(all_roles):
    for _ in range(2):
        seat(role=all_roles["quality"], manager=all_roles["middle"], holder=PersonFactory())
    Position.objects.update(site=all_roles["site"])
    kinds = {w.kind for w in plan.build(sites=[all_roles["site"]]).waves}
    assert "quality" not in kinds and "team_leader" in kinds


def test_hiring_and_training_take_at_most_a_year_each(all_roles):
    row = SiteStaffing.objects.get(site=all_roles["site"])
    row.trainer_training_weeks = 53
    with pytest.raises(ValidationError, match="at most 52 weeks"):
        row.full_clean()


def test_the_page_and_the_api_show_every_roles_class(all_roles, client, users):
    client.force_login(users["hr"])
    page = client.get("/planning/")
    labels = [w.label for w in page.context["waves"]]
    assert labels == ["Agents", "Team Leader", "Quality Checker", "Workforce Planner"]
    assert "Quality Checker · 2" in page.content.decode()
    waves = client.get("/api/v1/staffing/waves/").json()["waves"]
    assert [(w["seat_type"], w["size"]) for w in waves] == [
        ("agent", 16),
        ("team_leader", 1),
        ("quality", 2),
        ("planner", 1),
    ]
    site = SiteStaffing.objects.get(site=all_roles["site"]).pk
    changed = client.patch(
        f"/api/v1/staffing/sites/{site}/",
        {"quality_weeks_to_hire": 9},
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["quality_weeks_to_hire"] == 9
    refused = client.patch(
        f"/api/v1/staffing/sites/{site}/",
        {"planner_training_weeks": 60},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert SiteStaffing.objects.get(pk=site).planner_training_weeks == 4
