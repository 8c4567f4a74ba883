"""The structure analytics and the org book's print page in Chromium, in German, on a desktop and
a phone: no sideways scrolling, the charts drawn, screenshots to look at in test-artifacts/."""

import pytest

from tests.browser.conftest import click_and_wait, screenshot


@pytest.mark.parametrize("width", [1440, 390])
def test_the_analytics_page_fits_the_screen_in_german(page, width):
    page.set_viewport_size({"width": width, "height": 900 if width > 700 else 844})
    page.context.set_extra_http_headers({"Accept-Language": "de"})
    page.goto(page.base + "/org/analytics/")
    assert page.locator("h1").inner_text() == "Strukturanalyse"
    assert page.locator("svg.bars").count() == 6
    assert page.locator("svg.bars rect").count() > 10
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"analytics-{width}-de")
    page.locator("#branches").scroll_into_view_if_needed()
    screenshot(page, f"analytics-branches-{width}-de")


def test_sorting_a_table_works_without_script(page):
    page.goto(page.base + "/org/analytics/")
    click_and_wait(page, page.locator("#layers thead a", has_text="Seats"))
    seats = page.locator("#layers tbody tr td:nth-child(2)").all_inner_texts()
    numbers = [int(s.replace(",", "")) for s in seats]
    assert numbers == sorted(numbers, reverse=True)


def test_the_book_print_page_fits_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base + "/org/book/")
    click_and_wait(page, page.locator("button[type=submit]", has_text="Make the book"))
    assert "Headcount" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "org-book-390")
