"""A manager in the admin, in Chromium (issue 16): edits a responsibility of a role their team
holds, is refused another branch's role and the salary bands; no console error or CSP violation."""

import pytest

from people.admin import team_roles
from people.models import Person
from roles.models import Responsibility, Role, SalaryBand

from .conftest import screenshot
from .test_csp import LISTEN

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def manager_page(browser, live_server, demo_org, users, client):
    mia = users["manager"]
    lead = Person.objects.filter(position__role__slug="team-leader").order_by("pk").first()
    lead.user = mia
    lead.save(update_fields=["user"])
    client.force_login(mia)
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.problems: list[str] = []
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    # A failed load is judged by its response below (the favicon is issue 16's other branch).
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and not m.text.startswith("Failed to load resource")
            and page.problems.append(f"{m.text} {page.url}")
        ),
    )
    page.on(
        "response",
        lambda r: (
            r.status >= 400
            and r.request.resource_type != "document"
            and not r.url.endswith("/favicon.ico")
            and page.problems.append(f"{r.status} {r.url}")
        ),
    )
    page.base = live_server.url
    page.mia = mia
    yield page
    context.close()


def test_a_manager_edits_their_teams_role_and_is_refused_elsewhere(manager_page):
    page, mia = manager_page, manager_page.mia
    mine = team_roles(mia).filter(responsibilities__isnull=False).order_by("-level").first()
    assert mine is not None
    other = Role.objects.exclude(pk__in=team_roles(mia).values("pk")).order_by("level").first()

    page.goto(page.base + "/admin/")
    page.click("text=Roles")
    page.wait_for_selector("#result_list")
    listed = page.locator("#result_list tbody tr").count()
    assert listed == team_roles(mia).count()
    assert page.locator(".drag-handle").count() == 0
    link = page.locator(f"#result_list a[href$='/roles/role/{mine.pk}/change/']")
    assert link.count() == 1
    page.goto(page.base + link.get_attribute("href"))
    page.wait_for_selector("#role_form")
    assert page.locator("input[name^='salary_bands']").count() == 0
    assert page.locator("select[name='parent']").count() == 0
    duty = mine.responsibilities.order_by("order", "pk").first()
    field = page.locator("textarea[name='responsibilities-0-text_en']")
    field.fill(duty.text_en + " Also by chat.")
    screenshot(page, "admin-manager-role-edit")
    page.click("input[name='_continue']")
    page.wait_for_selector(".messagelist .success")
    assert Responsibility.objects.get(pk=duty.pk).text_en.endswith(" Also by chat.")
    page.click("a.historylink")
    page.wait_for_selector("#change-history")
    assert mia.username in page.inner_text("#change-history")
    screenshot(page, "admin-manager-role-history")

    assert page.goto(f"{page.base}/admin/roles/role/{other.pk}/change/").status == 403
    band = SalaryBand.objects.filter(role=mine).first() or SalaryBand.objects.first()
    assert page.goto(f"{page.base}/admin/roles/salaryband/").status == 403
    assert page.goto(f"{page.base}/admin/roles/salaryband/{band.pk}/change/").status == 403
    screenshot(page, "admin-manager-band-refused")
    assert page.evaluate("window.__violations") == []
    assert page.problems == []
