"""The header (templates/base.html, pages/nav.py): each page linked for the groups that may open
it, and no link its viewer would get a 403 from."""

import re

import pytest
from django.urls import reverse

from people.models import Position, Site
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

EVERYONE = {
    reverse("home"),
    reverse("my-page"),
    reverse("my-team"),
    reverse("pay:mine"),
    reverse("people:chart"),
    reverse("roles:list"),
    reverse("ladder:index"),
}
HR_PAGES = {
    reverse("staffing:planning"),
    reverse("planned:list"),
    reverse("pay:report"),
    reverse("pay:requests"),
    reverse("people:pending-exits"),
    reverse("people:analytics"),
    reverse("people:book"),
    reverse("people:import"),
}
ADMIN = reverse("admin:index")
# HR's menu links the scenarios; a manager's header those shared with them (the link whether or
# not one is: no query on every page), an employee none (404).
SCENARIOS = reverse("scenarios:list")


def header_links(client) -> set[str]:
    body = client.get(reverse("roles:list")).content.decode()
    header = body.split('<header class="topbar">')[1].split("</header>")[0]
    return set(re.findall(r'<a [^>]*href="([^"]+)"', header))


def lead_a_team_at_a_site(org, user) -> None:
    """The manager holds the team lead's seat, at the org's site."""
    Position.objects.filter(pk=org["team"].pk).update(site=org["site"])
    lena = org["team"].holder
    lena.user = user
    lena.save(update_fields=["user"])


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("employee", EVERYONE),
        ("manager", EVERYONE | {reverse("staffing:planning"), SCENARIOS, ADMIN}),
        ("hr", EVERYONE | HR_PAGES | {SCENARIOS, ADMIN}),
        ("hradmin", EVERYONE | HR_PAGES | {SCENARIOS, ADMIN}),
    ],
)
def test_the_header_links_each_page_its_viewer_may_open_and_no_other(
    client, org, users, viewer, expected
):
    lead_a_team_at_a_site(org, users["manager"])
    client.force_login(users[viewer])
    links = header_links(client)
    assert links == expected
    opened = {url: client.get(url).status_code for url in sorted(links)}
    # 302: My page, My team and My pay lead home (with a message) an account with no person
    assert {url: code for url, code in opened.items() if code not in (200, 302)} == {}


def test_hr_pages_are_refused_to_those_who_do_not_see_their_links(client, org, users):
    lead_a_team_at_a_site(org, users["manager"])
    for viewer in ("employee", "manager"):
        client.force_login(users[viewer])
        refused = {url for url in HR_PAGES if client.get(url).status_code == 403}
        # a manager plans the site of their own seat; every other HR page refuses them
        assert refused == HR_PAGES - (
            {reverse("staffing:planning")} if viewer == "manager" else set()
        )


def test_a_manager_whose_seat_has_no_site_or_who_holds_no_seat_gets_no_staffing_link(
    client, org, users
):
    client.force_login(users["manager"])
    assert reverse("staffing:planning") not in header_links(client)  # no seat
    assert client.get(reverse("staffing:planning")).status_code == 403
    lena = org["team"].holder
    lena.user = users["manager"]
    lena.save(update_fields=["user"])  # a seat, but at no site
    assert reverse("staffing:planning") not in header_links(client)
    assert client.get(reverse("staffing:planning")).status_code == 403


def test_hr_opens_the_staffing_plan_before_the_org_has_a_site(client, users):
    PersonFactory()
    assert not Site.objects.exists()
    client.force_login(users["hr"])
    assert reverse("staffing:planning") in header_links(client)
    response = client.get(reverse("staffing:planning"))
    assert response.status_code == 200
    assert "No sites yet" in response.content.decode()


def test_the_header_asks_nothing_of_a_signed_out_visitor(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        body = client.get(reverse("login")).content.decode()
    assert 'class="menu-toggle"' not in body and 'name="language"' in body


@pytest.mark.parametrize("language", ["de", "pl"])
def test_the_header_menus_are_translated(client, users, language):
    client.force_login(users["hr"])
    client.cookies["django_language"] = language
    body = client.get(reverse("roles:list")).content.decode()
    header = body.split('<header class="topbar">')[1].split("</header>")[0]
    for english in ("My pay", "Staffing plan", "Requests for pay information", "Account"):
        assert f">{english}<" not in header and f'"{english}"' not in header, english
