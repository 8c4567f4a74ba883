"""A reorganisation as HR builds it on the chart, in Chromium: a team of 30 agents dragged to
another team leader in a scenario, a vacant seat closed and two seats opened; the diff marked on
the chart and the cost delta on the scenario's page; submitted, approved by an HR admin, applied,
and on its day the live chart shows it and the history records it with its day."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from people.models import Position
from people.services import position_move
from planning.models import Scenario, ScenarioStatus
from tests.browser.conftest import click_and_wait, screenshot
from tests.people.factories import PersonFactory, seat

pytestmark = pytest.mark.django_db(transaction=True)
TEAM = 30


def three_team_leaders() -> tuple[Position, Position, Position, Position]:
    """Under one manager: a team leader with a team of exactly TEAM agents, another with no
    team (theirs goes to a third, `spare`), so that the moved team keeps its span norm; and a
    vacant seat in the spare team to close."""
    leads = Position.objects.active().filter(role__slug="team-leader").order_by("pk")
    lead = next(p for p in leads if leads.filter(manager_id=p.manager_id).count() > 1)
    other = leads.filter(manager_id=lead.manager_id).exclude(pk=lead.pk)[0]
    spare = seat(role=lead.role, manager=lead.manager, holder=PersonFactory())
    agents = Position.objects.active().filter(manager=lead)
    role = agents[0].role
    for _n in range(TEAM - agents.count()):
        seat(role=role, manager=lead, holder=PersonFactory())
    extra = list(agents.order_by("-pk")[: max(agents.count() - TEAM, 0)])
    for position in [*extra, *Position.objects.active().filter(manager=other)]:
        position_move(position=position, new_manager=spare)
    vacant = seat(role=role, manager=spare)
    return lead, other, spare, vacant


def post_form(page, action: str, **fields) -> None:
    page.select_option("#edit-action", action)
    for name, value in fields.items():
        selector = f"#edit-{name}"
        if name == "role":
            page.select_option(selector, str(value))
        else:
            page.fill(selector, str(value))
    click_and_wait(page, ".scenario-edit button[type=submit]")


def test_hr_reorganises_a_team_in_a_scenario_and_it_takes_effect_on_its_day(
    page, signed_in, browser, live_server, users
):
    lead, other, spare, vacant = three_team_leaders()
    day = timezone.localdate() + datetime.timedelta(days=20)

    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{page.base}/planning/scenarios/")
    page.fill("#scenario-name", "Team moves")
    page.fill("#scenario-day", day.isoformat())
    click_and_wait(page, ".scenario-new button")
    scenario = Scenario.objects.get()

    # Drag the team handle of the lead's card onto the other team leader's card.
    page.goto(f"{page.base}/org/{lead.pk}/?scenario={scenario.pk}")
    page.wait_for_selector(f"#seat-{lead.pk} .drag-team")
    for _n in range(3):
        page.click("[data-action=zoom-out]")
    with page.expect_navigation():
        page.locator(f"#seat-{lead.pk} .drag-team").drag_to(page.locator(f"#seat-{other.pk}"))
    assert scenario.changes.drafts().count() == TEAM
    assert set(scenario.changes.drafts().values_list("step", flat=True)) == {1}

    post_form(page, "close", seat=vacant.pk)
    post_form(page, "new", seat=spare.pk, role=vacant.role_id, count=2)
    assert scenario.changes.drafts().count() == TEAM + 3

    page.goto(f"{page.base}/org/{other.pk}/?scenario={scenario.pk}")
    page.wait_for_selector(".controls:not([hidden])")
    assert page.locator(".scenario-banner").is_visible()
    assert page.locator(f"#seat-{other.pk} ~ details .card[data-mark=moved]").count() == TEAM
    page.locator(f"#seat-{other.pk}").scroll_into_view_if_needed()
    page.mouse.wheel(0, 500)
    screenshot(page, "scenario-chart-1440")
    page.goto(f"{page.base}/org/{spare.pk}/?scenario={scenario.pk}")
    page.wait_for_selector(".controls:not([hidden])")
    assert page.locator(".card[data-mark=new]").count() == 2
    assert page.locator(f"#seat-{vacant.pk}[data-mark=closed]").count() == 1
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    screenshot(page, "scenario-chart-390")

    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{page.base}{scenario.get_absolute_url()}")
    assert page.locator(".waterfall-chart").count() >= 1  # the cost delta
    click_and_wait(page, ".scenario-approval button.primary")
    scenario.refresh_from_db()
    assert scenario.status == ScenarioStatus.SUBMITTED, page.locator(".messages").inner_text()
    page.screenshot(path=str(screenshot(page, "scenario-page-1440")), full_page=True)

    # An HR admin approves and applies it.
    # Another client: signing in on the fixture's would end HR's session.
    admin_client = Client()
    admin_client.force_login(users["hradmin"])
    admin = browser.new_context(viewport={"width": 390, "height": 844})
    cookie = admin_client.cookies["sessionid"].value
    admin.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
    approver = admin.new_page()
    approver.goto(f"{live_server.url}{scenario.get_absolute_url()}")
    click_and_wait(approver, ".scenario-decide button[value=approve]")
    screenshot(approver, "scenario-page-390")
    click_and_wait(approver, ".scenario-approval button.primary")
    admin.close()
    scenario.refresh_from_db()
    assert scenario.status == ScenarioStatus.APPLIED

    call_command("apply_due_changes", today=day.isoformat(), stdout=io.StringIO())

    agent = Position.objects.filter(manager=other).order_by("-pk")[0]
    assert Position.objects.active().filter(manager=lead).count() == 0
    assert Position.objects.active().filter(manager=other).count() == TEAM
    assert not Position.objects.active().filter(pk=vacant.pk).exists()
    assert Position.history.filter(id=agent.pk).latest().history_date.date() == day
    page.goto(f"{page.base}/org/{other.pk}/")
    page.wait_for_selector(".controls:not([hidden])")
    assert page.locator(f"#seat-{other.pk}").get_attribute("data-direct") == str(TEAM)


def test_hr_shares_a_scenario_and_the_manager_reads_it_from_the_menu_without_salaries(
    page, signed_in, browser, live_server, users
):
    from decimal import Decimal

    from people.models import Person
    from planning.models import Kind
    from planning.scenarios import scenario_create, scenario_edit

    day = timezone.localdate() + datetime.timedelta(days=20)
    scenario = scenario_create(created_by=users["hr"], name="Pay and moves", effective_on=day)
    paid = Person.objects.filter(salary__isnull=False, position__isnull=False).exclude(
        salary_currency=""
    )[0]
    scenario_edit(
        scenario=scenario,
        user=users["hr"],
        changes=[{"kind": Kind.SALARY, "person": paid, "salary": Decimal("98765")}],
    )

    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{page.base}{scenario.get_absolute_url()}")
    page.fill("#share-username", "mia")
    click_and_wait(page, ".scenario-share button")
    assert list(scenario.shared_with.all()) == [users["manager"]]
    assert page.locator(".scenario-sharing .shares").inner_text().startswith("mia")
    page.locator(".scenario-sharing").scroll_into_view_if_needed()
    screenshot(page, "scenario-sharing-1440")

    manager_client = Client()
    manager_client.force_login(users["manager"])
    cookie = manager_client.cookies["sessionid"].value
    manager = browser.new_context(viewport={"width": 1440, "height": 900})
    manager.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
    reader = manager.new_page()
    reader.goto(f"{live_server.url}/roles/")
    click_and_wait(reader, "nav.pages >> text=Shared scenarios")
    click_and_wait(reader, "text=Pay and moves")
    body = reader.locator("main").inner_text()
    assert "Pay and moves" in body
    assert "98,765" not in body and "98765" not in body
    assert reader.locator(".waterfall-chart").count() == 0
    assert reader.locator(".scenario-share").count() == 0
    screenshot(reader, "scenario-shared-manager-1440")
    manager.close()
