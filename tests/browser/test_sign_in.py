"""Signing in through the company's identity provider in Chromium: the button, the provider's
login form, the chart, and sign-out at both ends (node oidc-provider, tests/identity/)."""

import pytest

from identity import oidc
from tests.browser.conftest import ARGS, screenshot
from tests.identity.conftest import oidc_settings, running_provider
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture
def provider(live_server):
    with running_provider(live_server.url) as issuer:
        oidc._discovery.cache_clear()
        with oidc_settings(issuer):
            yield issuer
        oidc._discovery.cache_clear()


def test_an_hr_user_signs_in_with_the_company_and_out_again(browser, live_server, provider):
    assert ARGS  # the module's browser is the shared one
    person = PersonFactory(email="hanna.hr@example.com", first_name="Hanna", last_name="Haas")
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    screenshot(page, "sign-in-1440")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "sign-in-390")
    assert page.evaluate("window.__violations") == []
    page.set_viewport_size({"width": 1440, "height": 900})

    page.get_by_role("link", name="Sign in with Example Corp").click()
    page.fill("input[name=login]", "hanna")
    page.fill("input[name=password]", "any")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    person.refresh_from_db()
    assert page.locator(".user").inner_text() == person.user.username
    assert person.user.groups.filter(name="HR").exists()

    page.locator("summary.user").click()  # the account menu holds sign-out
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    screenshot(page, "signed-out")
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    context.close()
