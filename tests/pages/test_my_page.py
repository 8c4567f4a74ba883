"""My page, My team, the person page's order and wording, the favicon (issue 16)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.groups import MANAGER, ensure_groups
from ladder.models import PromotionPath
from tests.people.factories import PersonFactory, SiteFactory, seat
from tests.roles.factories import RoleFactory, SalaryBandFactory

pytestmark = pytest.mark.django_db


def link(person, username: str, *, manager: bool = False):
    person.user = get_user_model().objects.create_user(username)
    person.save(update_fields=["user"])
    if manager:
        person.user.groups.set([ensure_groups()[MANAGER]])
    return person.user


def test_the_header_links_to_my_page_and_my_team(employee_client):
    body = employee_client.get(reverse("people:chart")).content.decode()
    assert f'<a href="{reverse("my-page")}">My page</a>' in body
    assert f'<a href="{reverse("my-team")}">My team</a>' in body


def test_my_page_leads_to_the_persons_own_page(client, org):
    ania = org["agents"][0].holder
    client.force_login(link(ania, "ania"))
    response = client.get(reverse("my-page"))
    assert response.status_code == 302 and response.url == ania.get_absolute_url()


def test_my_team_shows_a_manager_their_own_seat_and_an_agent_their_managers(client, org):
    lena = org["team"].holder
    client.force_login(link(lena, "lena", manager=True))
    assert client.get(reverse("my-team")).url == reverse(
        "people:chart-focus", args=[org["team"].pk]
    )
    ania = org["agents"][0].holder
    client.force_login(link(ania, "ania"))
    assert client.get(reverse("my-team")).url == reverse(
        "people:chart-focus", args=[org["team"].pk]
    )


def test_an_account_without_a_person_is_told_so(employee_client):
    response = employee_client.get(reverse("my-page"), follow=True)
    assert "Your account is not linked to a person in the org." in response.content.decode()
    response = employee_client.get(reverse("my-team"), follow=True)
    assert "You hold no seat in the org, so there is no team to show." in (
        response.content.decode()
    )


@pytest.fixture
def consultant():
    """A consultant with a promotion and two lateral moves ahead, paid below the next band."""
    senior = RoleFactory(title="Senior Consultant", career_level=3)
    agent = RoleFactory(title="Consultant", parent=senior, career_level=2)
    for title in ("Chat Agent", "Back Office"):
        other = RoleFactory(title=title, parent=senior, career_level=2)
        PromotionPath.objects.create(from_role=agent, to_role=other, kind="lateral", min_months=0)
    PromotionPath.objects.create(from_role=agent, to_role=senior, kind="up", min_months=0)
    SalaryBandFactory(
        role=senior,
        minimum=32000,
        midpoint=35500,
        maximum=39000,
        effective_from=datetime.date(2024, 1, 1),
    )
    top = seat(role=senior, holder=PersonFactory(first_name="Top"))
    person = PersonFactory(first_name="Cora", salary=Decimal("31100"), salary_currency="EUR")
    seat(role=agent, manager=top, holder=person)
    return person


def test_the_own_page_shows_the_promotion_first_and_the_career_before_the_log(client, consultant):
    client.force_login(link(consultant, "cora"))
    body = client.get(consultant.get_absolute_url()).content.decode()
    career = body.index("Career options")
    assert career < body.index("<h2>Changes</h2>")
    titles = [body.index(t, career) for t in ("Senior Consultant", "Chat Agent", "Back Office")]
    assert titles[0] < titles[1] and titles[0] < titles[2]
    assert "current salary below the band minimum by 900 EUR" in body
    assert "% of this band" not in body.split("Senior Consultant", 1)[1].split("</article>")[0]


def test_a_salary_above_the_band_says_by_how_much(client, hr_user, consultant):
    consultant.salary = Decimal("40500")
    consultant.save(update_fields=["salary"])
    client.force_login(hr_user)
    body = client.get(consultant.get_absolute_url()).content.decode()
    assert "current salary above the band maximum by 1,500 EUR" in body


def test_the_change_log_names_sites_lists_and_dates_as_a_person_writes_them(client, hr_user):
    person = PersonFactory(first_name="Dora", languages=["de"])
    person.site = SiteFactory(name="Leipzig")
    person.languages = ["de", "en"]
    person.left_on = datetime.date(2025, 9, 23)
    person.save()
    client.force_login(hr_user)
    client.cookies["django_language"] = "de"
    # the change log, not the planned changes above it ("Geplante Änderungen")
    changes = client.get(person.get_absolute_url()).content.decode().split("<h2>Änderungen</h2>")[1]
    assert "Leipzig" in changes and f"#{person.site_id}" not in changes
    assert "Deutsch, Englisch" in changes and "[" not in changes
    assert "23. September 2025" in changes


def test_favicon_ico_leads_to_the_static_icon_even_signed_out(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.url.endswith("img/favicon.svg")
    assert 'rel="icon"' in client.get(reverse("login")).content.decode()
