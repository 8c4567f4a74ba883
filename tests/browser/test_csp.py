"""The pages satisfy the Content Security Policy: Chromium reports no violation on any of them."""

import pytest

from people.models import Person, Position
from roles.models import Role

pytestmark = pytest.mark.django_db(transaction=True)

# Runs before any script of the page (Playwright injects it outside the page's policy).
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " "
                          + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


@pytest.fixture
def admin_page(browser, live_server, demo_org, django_user_model, client):
    """A page signed in as a superuser: every page, the admin and the import included."""
    user = django_user_model.objects.create_superuser("root", "root@example.com", "pw-root-123")
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.console: list[str] = []
    page.on("console", lambda m: page.console.append(m.text))
    yield page
    context.close()


def violations(page, url: str, ready: str) -> list[str]:
    page.console.clear()
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_selector(ready)
    page.wait_for_load_state("networkidle")
    reported = page.evaluate("window.__violations")
    in_console = [m for m in page.console if "Content Security Policy" in m]
    return reported + in_console


def test_every_page_keeps_the_content_security_policy(admin_page, live_server):
    person = Person.objects.filter(position__role__slug="team-leader").order_by("pk").first()
    role = Role.objects.get(slug="team-leader")
    pages = {
        "/org/": ".card",
        f"/people/{person.pk}/": "h1",
        f"/roles/{role.slug}/": "h1",
        "/roles/": "table.roles",
        "/ladder/": "h1",
        f"/search/?q={person.last_name}": ".hits, h1",
        "/people/import/": "form",
        "/org/analytics/": "svg.bars",
        "/org/vacancies/": "table",
        "/pay/?year=2026": "svg.bars",  # issue 19: the pay pages
        "/pay/requests/": "table",
        "/pay/import/": "form",
        "/pay/notice/": "h1",
        f"/pay/vacancies/{Position.objects.vacant().first().pk}/ad/": ".job-ad",
        "/org/book/": "form",
        f"/org/book/{Position.objects.get(manager=None).pk}/": ".cover",
        "/admin/roles/role/": "#result_list",
        f"/admin/roles/role/{role.pk}/change/": "#role_form",
        f"/admin/people/person/{person.pk}/change/": "#person_form",
        "/api/docs/": ".swagger-ui .info",
        "/api/v1/roles/": ".response-info",
    }
    found = {
        url: violations(admin_page, live_server.url + url, ready) for url, ready in pages.items()
    }
    assert found == {url: [] for url in pages}


def test_the_sign_in_and_lockout_pages_keep_the_policy_too(browser, live_server, db):
    context = browser.new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.console = []
    page.on("console", lambda m: page.console.append(m.text))
    assert violations(page, live_server.url + "/accounts/login/", "form.login") == []
    context.close()


def test_the_policy_is_sent_and_would_report_an_inline_style(admin_page, live_server):
    response = admin_page.goto(live_server.url + "/org/")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    admin_page.evaluate(
        "document.head.insertAdjacentHTML('beforeend', '<style>body{color:red}</style>')"
    )
    admin_page.wait_for_function("() => window.__violations.length > 0")  # no eval under CSP
    assert admin_page.evaluate("window.__violations")[0].startswith("style-src")
