"""Screenshots of the main pages from the demo org, as test artifacts.

`UPDATE_SCREENSHOTS=1 make test PYTEST_ARGS=tests/browser/test_screenshots.py` also writes the
README's pictures to docs/screenshots/.
"""

import os
import shutil
from pathlib import Path

import pytest

from people.models import Person
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def keep(path: Path) -> None:
    if os.environ.get("UPDATE_SCREENSHOTS"):
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, DOCS / path.name)


def test_screenshots_of_the_chart_a_role_and_a_person(page):
    page.goto(page.base + "/org/")
    page.wait_for_selector(".controls:not([hidden])")
    # one head of call center open, coloured by site, fitted: the tidy layout and the legend
    page.locator("button.fold[aria-expanded=false] >> visible=true").first.click()
    page.select_option("#colour-by", "site")
    page.click("button[data-action=fit]")
    keep(screenshot(page, "org-chart"))
    page.goto(page.base + "/roles/team-leader/")
    keep(screenshot(page, "role-team-leader"))
    page.set_viewport_size({"width": 1400, "height": 1500})
    page.goto(page.base + "/roles/")
    screenshot(page, "roles")
    lead = Person.objects.filter(position__role__slug="team-leader").order_by("pk").first()
    page.goto(page.base + lead.get_absolute_url())
    screenshot(page, "person")
    assert page.locator("h1").inner_text() == lead.full_name
