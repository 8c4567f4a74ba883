"""/planning/ in Chromium on the demo's invented forecast, on a desktop and a phone: the charts
drawn, the what-if controls recompute on change (static/js/planning.js), no sideways
scrolling, the Content Security Policy kept; screenshots to look at in test-artifacts/."""

import pytest

from tests.browser.conftest import screenshot

LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.mark.parametrize("width", [1440, 390])
def test_the_staffing_plan_draws_its_charts_and_fits_the_screen(page, width):
    page.context.add_init_script(LISTEN)
    page.set_viewport_size({"width": width, "height": 900 if width > 700 else 844})
    page.goto(page.base + "/planning/")
    assert page.locator("h1").inner_text() == "Staffing plan"
    assert page.locator("svg.staffing-chart").count() == 3  # intervals, weeks, hiring classes
    assert page.locator("svg.waves-chart rect.nesting").count() >= 1
    assert page.locator("svg.staffing-chart rect.need").count() >= 8  # eight weeks of bars
    assert page.locator("table.analytics-table").first.locator("tbody tr").count() >= 6
    # the demo's WFM tool: its line over the intervals, its ticks on the weeks
    assert page.locator("svg.staffing-chart polyline.wfm").count() == 1
    assert page.locator("svg.staffing-chart line.wfm").count() >= 8
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("window.__violations") == []
    screenshot(page, f"planning-{width}")
    page.locator("table.analytics-table").first.scroll_into_view_if_needed()
    screenshot(page, f"planning-gap-{width}")
    page.locator("svg.waves-chart").scroll_into_view_if_needed()
    screenshot(page, f"planning-waves-{width}")
    page.locator("details.compared summary").click()
    page.locator("details.compared").scroll_into_view_if_needed()
    screenshot(page, f"planning-compared-{width}")
    # changing a what-if control computes again (static/js/planning.js submits the form)
    before = page.locator("table.analytics-table tbody tr td:nth-child(5)").first.inner_text()
    with page.expect_navigation():
        page.locator("#what-if input[name=level]").fill("95")
        page.locator("#what-if input[name=level]").dispatch_event("change")
    assert "level=95" in page.url
    after = page.locator("table.analytics-table tbody tr td:nth-child(5)").first.inner_text()
    assert int(after) > int(before)


def test_the_seats_switch_to_the_wfm_tools_agents(page):
    page.goto(page.base + "/planning/")
    with page.expect_navigation():
        page.locator("#what-if select[name=agents]").select_option("wfm")
    assert "agents=wfm" in page.url
    assert "from the WFM tool" in page.locator("main").inner_text()


@pytest.mark.parametrize("width", [1440, 390])
def test_the_staffing_plan_has_no_serious_accessibility_violations(page, width):
    from tests.browser.test_accessibility import serious_violations

    page.set_viewport_size({"width": width, "height": 900})
    page.goto(page.base + "/planning/")
    assert serious_violations(page) == []
