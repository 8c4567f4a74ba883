"""Issue 19 end to end in Chromium: HR opens the 2026 pay gap report, sees a flagged category and
records a reason; an employee asks for pay information from their page; HR answers before the
deadline; the employee sees the answer. Screenshots at 1440 x 900 and 390 x 844."""

import pytest
from django.test import Client
from django.utils import timezone

from pay.models import GapExplanation, InformationRequest, PayRecord
from pay.report import pay_report
from people.models import Person
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = {"wide": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}


def shots(page, name: str) -> None:
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        screenshot(page, f"pay-{name}-{size}")
    page.set_viewport_size(SIZES["wide"])


def as_user(browser, live_server, user):
    client = Client()  # HR's client keeps HR's session
    client.force_login(user)
    context = browser.new_context(viewport=SIZES["wide"])
    cookie = client.cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.base = live_server.url
    return context, page


def test_hr_explains_a_flagged_gap_and_answers_an_employees_request(
    page, browser, live_server, users
):
    flagged = pay_report(year=2026).flagged
    assert flagged, "the demo's built-in gap makes at least one category flagged"
    category = next(c.category for c in flagged if c.category)

    page.goto(page.base + "/pay/?year=2026")
    assert page.locator("#flags li.flag").count() == len(flagged)
    shots(page, "report")
    page.click(f"a[href*='category={category.pk}&year=2026']")
    page.fill("#id_reason", "Night-shift premium; more men work nights by choice.")
    shots(page, "explain")
    page.click("button[type=submit]:has-text('Record')")
    page.wait_for_url("**/pay/?year=2026")
    assert GapExplanation.objects.get(category=category, year=2026).recorded_by == users["hr"]
    assert "Night-shift premium" in page.locator("#flags").inner_text()

    worker = Person.objects.filter(pay_records__year=2026, position__role__slug="consultant")
    worker = worker.order_by("pk").first()
    worker.user = users["employee"]
    worker.save()
    context, mine = as_user(browser, live_server, users["employee"])
    mine.goto(mine.base + worker.get_absolute_url())
    mine.click("text=My pay information")
    mine.fill("#id_question", "What is the average pay in my category?")
    mine.click("button[type=submit]:has-text('Ask HR')")
    mine.wait_for_url("**/pay/me/")
    asked = InformationRequest.objects.get(person=worker)
    assert "Waiting for HR" in mine.content()
    shots(mine, "asked")

    page.goto(page.base + "/pay/requests/")
    page.click(f"text={worker.full_name}")
    assert str(PayRecord.objects.get(person=worker, year=2026).currency) in page.content()
    shots(page, "answer")
    page.click("button[type=submit]:has-text('Send the answer')")
    page.wait_for_url("**/pay/requests/")
    asked.refresh_from_db()
    assert asked.answered_on == timezone.localdate() <= asked.due_on

    mine.reload()
    answer = mine.locator(".answer").inner_text()
    assert "Your pay in 2026" in answer
    shots(mine, "answered")
    context.close()
