import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from people import chart
from people.models import Position
from tests.helpers import dom_elements
from tests.people.factories import PersonFactory, SiteFactory, seat
from tests.roles.factories import RoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def back_to_english():
    """LocaleMiddleware leaves the last request's language active in this thread; reset it."""
    yield
    translation.activate("en")


def build_org(reports_per_seat: int) -> Position:
    """A top seat, n heads below it, n vacant seats below each head."""
    cco = RoleFactory(title="Chief Customer Officer", career_level=12)
    head = RoleFactory(title="Head of Call Center", parent=cco, career_level=9)
    top = seat(role=cco, holder=PersonFactory(first_name="Clara", last_name="Top"))
    for _ in range(reports_per_seat):
        middle = seat(role=head, manager=top, holder=PersonFactory())
        for _ in range(reports_per_seat):
            seat(role=head, manager=middle)
    return top


@pytest.mark.parametrize("name", ["home", "people:chart", "search", "roles:list"])
def test_signed_out_visitors_are_sent_to_the_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_signed_out_visitors_cannot_expand_a_card(client):
    top = build_org(1)
    response = client.get(reverse("people:chart-reports", args=[top.pk]))
    assert response.status_code == 302


def test_the_login_page_works_signed_out(client):
    assert client.get(reverse("login")).status_code == 200


def test_the_chart_shows_the_top_with_holders_vacancies_and_counts(employee_client):
    build_org(2)
    body = employee_client.get(reverse("home")).content.decode()
    assert "Clara Top" in body
    assert "Chief Customer Officer" in body
    assert body.count('class="card vacant') == 4
    assert "2 direct · 2 below" in body
    assert body.count('class="card') == 7


def test_the_home_page_and_org_page_are_the_same_chart(employee_client):
    build_org(2)
    home = employee_client.get(reverse("home")).content.decode()
    org = employee_client.get(reverse("people:chart")).content.decode()
    assert home.split('id="chart"')[1] == org.split('id="chart"')[1]


def test_the_chart_without_an_org_says_how_to_get_one(employee_client):
    response = employee_client.get(reverse("home"))
    assert "load_demo" in response.content.decode()


def test_levels_beyond_the_card_budget_stay_closed_with_a_link_to_load_them(
    employee_client, monkeypatch
):
    top = build_org(3)
    monkeypatch.setattr(chart, "CARD_BUDGET", 4)
    body = employee_client.get(reverse("home")).content.decode()
    assert body.count('class="card') == 4
    assert body.count('class="expand"') == 3
    first_head = Position.objects.filter(manager=top).order_by("pk").first()
    assert f'data-reports="/org/{first_head.pk}/reports/"' in body


@pytest.mark.parametrize("size", [2, 8])
def test_the_chart_makes_the_same_five_queries_for_small_and_larger_orgs(
    employee_client, django_assert_num_queries, size
):
    build_org(size)
    # session, user, every seat shown (one recursive subquery), their dotted lines, the viewer's
    # groups (whose tenure may they see?)
    with django_assert_num_queries(5):
        employee_client.get(reverse("people:chart"))


def test_a_team_of_thirty_is_laid_out_as_a_wrapping_grid(employee_client):
    lead = seat(role=RoleFactory(title="Team Leader"), holder=PersonFactory())
    agent = RoleFactory(title="Agent")
    for _ in range(30):
        seat(role=agent, manager=lead, holder=PersonFactory())
    body = employee_client.get(reverse("people:chart")).content.decode()
    assert body.count('<ul class="children compact">') == 1
    assert body.count('class="card') == 31


@override_settings(SPAN_OF_CONTROL_NORM=3)
def test_a_lead_above_the_span_norm_and_a_manager_with_one_report_are_flagged(employee_client):
    top = seat(role=RoleFactory(), holder=PersonFactory())
    lead = seat(role=RoleFactory(), manager=top, holder=PersonFactory())
    for _ in range(4):
        seat(role=RoleFactory(), manager=lead)
    body = employee_client.get(reverse("people:chart")).content.decode()
    assert f'class="card single-report" id="seat-{top.pk}"' in body
    assert f'class="card over-span" id="seat-{lead.pk}"' in body
    assert body.count(">over span</strong>") == 1
    assert body.count(">single report</strong>") == 1


def test_expanding_a_card_returns_its_reports_as_cards(employee_client):
    top = build_org(3)
    head = Position.objects.filter(manager=top).order_by("pk").first()
    response = employee_client.get(reverse("people:chart-reports", args=[head.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('class="card vacant') == 3
    assert f'id="seat-{head.pk}"' not in body
    assert "<html" not in body


@pytest.mark.parametrize("size", [2, 8])
def test_expanding_a_card_is_one_query_for_the_seats(
    employee_client, django_assert_num_queries, size
):
    top = build_org(size)
    # session, user, the seat and its reports, their dotted lines, the viewer's groups
    with django_assert_num_queries(5):
        employee_client.get(reverse("people:chart-reports", args=[top.pk]))


def test_expanding_an_unknown_seat_is_not_found(employee_client):
    assert employee_client.get(reverse("people:chart-reports", args=[999999])).status_code == 404


def test_a_seat_in_focus_shows_its_chain_siblings_and_reports(employee_client):
    top = build_org(3)
    heads = list(Position.objects.filter(manager=top).order_by("pk"))
    below = list(Position.objects.filter(manager=heads[0]).order_by("pk"))
    response = employee_client.get(reverse("people:chart-focus", args=[below[0].pk]))
    body = response.content.decode()
    # the top and the head on the path, the three vacant siblings in focus
    assert body.count('class="node on-path') == 3
    assert f'class="card vacant focused" id="seat-{below[0].pk}"' in body
    assert body.count('class="card') == 5
    assert f'id="seat-{heads[1].pk}"' not in body
    assert "2 more" in body


def test_a_seat_in_focus_shows_its_reports_below_it(employee_client):
    top = build_org(3)
    head = Position.objects.filter(manager=top).order_by("pk").first()
    body = employee_client.get(reverse("people:chart-focus", args=[head.pk])).content.decode()
    assert body.count('class="card vacant') == 3
    assert body.count('class="card') == 1 + 3 + 3


def test_the_top_in_focus_is_the_top_and_its_reports(employee_client):
    top = build_org(2)
    body = employee_client.get(reverse("people:chart-focus", args=[top.pk])).content.decode()
    assert body.count('class="card') == 3


@pytest.mark.parametrize("size", [2, 8])
def test_a_seat_in_focus_makes_the_same_queries_at_any_size(
    employee_client, django_assert_num_queries, size
):
    top = build_org(size)
    leaf = Position.objects.filter(manager__manager=top).first()
    # session, user, chain, the seats shown, the viewer's groups (may they see past holders?),
    # the seat's recorded changes, the names of the manager seat and the role its changes name,
    # the dotted lines of the seats shown, the seat's planned changes (planning/)
    with django_assert_num_queries(10):
        employee_client.get(reverse("people:chart-focus", args=[leaf.pk]))


def test_an_unknown_seat_in_focus_is_not_found(employee_client):
    assert employee_client.get(reverse("people:chart-focus", args=[424242])).status_code == 404


def test_the_chart_of_a_small_org_stays_far_below_the_dom_budget(employee_client):
    build_org(8)
    html = employee_client.get(reverse("people:chart")).content.decode()
    assert dom_elements(html) < 1500


def test_seats_people_and_roles_link_to_their_pages():
    site = SiteFactory()
    person = PersonFactory(site=site)
    role = RoleFactory(slug="team-leader")
    position = seat(role=role, holder=person)
    assert person.get_absolute_url() == f"/people/{person.pk}/"
    assert position.get_absolute_url() == f"/org/{position.pk}/"
    assert role.get_absolute_url() == "/roles/team-leader/"


def test_the_language_can_be_switched_before_signing_in(client):
    response = client.post(reverse("set_language"), {"language": "de", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert client.cookies["django_language"].value == "de"


@pytest.mark.parametrize(
    "url",
    [
        "/org/99999999999999999999/",
        "/org/99999999999999999999/reports/",
        "/people/99999999999999999999/",
        "/org/abc/",
    ],
)
def test_ids_no_seat_or_person_can_have_are_not_found(employee_client, url):
    assert employee_client.get(url).status_code == 404


def test_the_chart_speaks_german_and_polish(back_to_english, employee_client):
    build_org(2)
    employee_client.cookies["django_language"] = "de"
    assert "2 direkt · 2 darunter" in employee_client.get("/org/").content.decode()
    employee_client.cookies["django_language"] = "pl"
    body = employee_client.get("/org/").content.decode()
    assert "2 bezpośrednich · 2 poniżej" in body
    assert 'class="expand"' not in body  # every level of this small org is open
    assert "<h1>Schemat organizacyjny</h1>" in body
