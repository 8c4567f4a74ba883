import csv
import io
import xml.etree.ElementTree as ET

import pytest

from people.models import Person, Position
from people.tree import chain_ids
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)
SVG = "{http://www.w3.org/2000/svg}"


def open_chart(page, path="/org/"):
    page.goto(page.base + path)
    page.wait_for_selector(".controls:not([hidden])")


def test_the_chart_opens_and_a_card_expands_in_place_with_one_request(page):
    open_chart(page)
    screenshot(page, "org")
    # Fit closed the levels that did not fit; opening one shows cards whose reports are not loaded.
    page.locator("button.fold[aria-expanded=false] >> visible=true").first.click()
    before = page.locator(".card").count()
    expander = page.locator("a.expand >> visible=true").first
    seat_id = int(expander.evaluate("a => a.closest('.card').dataset.seat"))
    requests = []
    page.on("request", lambda r: requests.append(r.url) if "/reports/" in r.url else None)
    expander.click()
    # A function, not an expression: Playwright runs expressions through eval, which CSP blocks.
    page.wait_for_function(f"() => document.querySelectorAll('.card').length > {before}")
    direct = Position.objects.get(pk=seat_id).direct_count
    assert page.locator(".card").count() == before + direct
    assert page.url == page.base + "/org/"
    assert requests == [f"{page.base}/org/{seat_id}/reports/"]
    screenshot(page, "org-expanded")


def test_searching_a_person_lands_on_them_in_the_chart(page):
    person = Person.objects.filter(position__role__slug="consultant").order_by("pk").first()
    open_chart(page)
    page.fill("#search-q", person.last_name)
    page.wait_for_selector("#search-suggest a.hit")
    hit = page.locator("#search-suggest a.hit", has_text=person.full_name).first
    hit.click()
    page.wait_for_selector(".card.focused")
    assert page.url == f"{page.base}/org/{person.position.pk}/"
    assert page.locator(".card.focused a.name").inner_text() == person.full_name
    # the path to the top is highlighted: every seat from the top down to the one in focus
    assert page.locator("li.on-path").count() == len(chain_ids(person.position.pk))
    screenshot(page, "search-landing")


def test_the_language_switch_shows_german_and_polish(page):
    open_chart(page)
    for code, title, button in (
        ("de", "Organigramm", "SVG herunterladen"),
        ("pl", "Schemat organizacyjny", "Pobierz SVG"),
    ):
        page.select_option("#lang-select", code)
        page.click("form.lang button")
        page.wait_for_selector(f"html[lang={code}]")
        assert page.locator("h1").inner_text() == title
        assert page.locator("button[data-action=svg]").inner_text() == button
        screenshot(page, f"org-{code}")


def test_arrow_keys_move_between_cards_and_enter_opens_reports(page):
    open_chart(page)
    top = page.locator(".card").first
    top.focus()
    page.keyboard.press("ArrowDown")
    focused = lambda: page.evaluate("document.activeElement.dataset.seat")  # noqa: E731
    first_child = focused()
    assert Position.objects.get(pk=first_child).manager_id == int(top.get_attribute("data-seat"))
    page.keyboard.press("ArrowUp")
    assert focused() == top.get_attribute("data-seat")
    # walk down to a collapsed card and open it with Enter
    page.locator("button.fold[aria-expanded=false] >> visible=true").first.click()
    collapsed = page.locator(".card:has(a.expand) >> visible=true").first
    collapsed.focus()
    seat_id = collapsed.get_attribute("data-seat")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#seat-{seat_id} + details.reports .card")
    page.keyboard.press("ArrowDown")
    assert Position.objects.get(pk=focused()).manager_id == int(seat_id)
    page.keyboard.press("ArrowRight")
    assert Position.objects.get(pk=focused()).manager_id == int(seat_id)


def test_printing_hides_the_controls(page):
    open_chart(page)
    assert page.locator(".controls").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".controls").is_visible()
    assert not page.locator(".topbar").is_visible()
    assert page.locator(".card").first.is_visible()
    screenshot(page, "org-print")


def test_the_svg_download_is_a_valid_svg_of_the_cards_shown(page):
    open_chart(page)
    with page.expect_download() as download:
        page.click("button[data-action=svg]")
    root = ET.parse(download.value.path()).getroot()
    assert root.tag == f"{SVG}svg"
    assert len(root.findall(f"{SVG}g")) == page.locator(".card >> visible=true").count()
    assert download.value.suggested_filename == "org-chart.svg"


def test_the_png_and_csv_downloads_hold_the_chart_shown(page):
    open_chart(page)
    with page.expect_download() as png:
        page.click("button[data-action=png]")
    assert png.value.path().read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as table:
        page.click("button[data-action=csv]")
    text = table.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["seat_id", "manager_seat_id", "name"]
    assert len(rows) - 1 == page.locator(".card >> visible=true").count()


def test_zoom_and_fit_change_the_scale(page):
    open_chart(page)
    scale = lambda: page.evaluate("window.orgChart.view.s")  # noqa: E731
    start = scale()
    page.click("button[data-action=zoom-in]")
    assert scale() == pytest.approx(start * 1.2)
    page.click("button[data-action=fit]")
    assert scale() <= 1


def test_without_javascript_an_expand_link_opens_the_chart_around_that_seat(
    browser, signed_in, live_server
):
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies(signed_in.cookies())
    page = context.new_page()
    page.goto(live_server.url + "/org/")
    link = page.locator("a.expand").first
    seat_id = link.evaluate("a => a.closest('.card').dataset.seat")
    link.click()
    page.wait_for_url(f"{live_server.url}/org/{seat_id}/")
    assert page.locator(f"#seat-{seat_id}.focused").count() == 1
    context.close()
