"""The header in Chromium (templates/base.html): one line at 1440 px, two on a phone (the links
fold under Menu), HR's pages under one menu that a click elsewhere or Escape closes."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def header_height(page) -> float:
    return page.locator("header.topbar").bounding_box()["height"]


def test_the_header_is_one_line_at_1440_and_two_on_a_phone(page):
    for language in ("de", "pl"):  # the longest words; one demo org for both
        header_in(page, language)


def header_in(page, language: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base}])
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{page.base}/roles/")
    line = page.locator(".brand").bounding_box()["height"]
    assert header_height(page) < 2 * line + 24  # one row (the search box is the tallest)
    menu = page.locator("details.hr-menu")
    menu.locator("summary").click()
    assert page.locator("details.hr-menu a").nth(7).is_visible()
    screenshot(page, f"header-hr-{language}-1440")
    page.locator("h1").click()  # a click elsewhere closes it (static/js/header.js)
    assert not menu.evaluate("m => m.open")
    menu.locator("summary").click()
    page.keyboard.press("Escape")
    assert not menu.evaluate("m => m.open")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{page.base}/roles/")
    assert header_height(page) < 3 * line + 24  # the brand with Menu, then the search
    assert not page.locator("nav.pages").is_visible()
    screenshot(page, f"header-hr-{language}-390")
    page.locator("label.menu-button").click()
    menu.locator("summary").click()
    assert page.locator("details.hr-menu a").nth(7).is_visible()
    assert page.locator("nav.account select[name=language]").is_visible()
    screenshot(page, f"header-hr-{language}-390-open")
