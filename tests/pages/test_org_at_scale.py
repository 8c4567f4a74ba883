"""The chart pages and search on demo orgs of 100 and 100,000 people: same queries, bounded first
paint."""

import datetime
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Max
from django.urls import reverse

from people.models import Position
from tests.helpers import LARGE_ORG, dom_elements

pytestmark = pytest.mark.django_db


@pytest.fixture(
    scope="module", params=[100, pytest.param(LARGE_ORG, marks=pytest.mark.slow)], ids=str
)
def demo_org(request, django_db_setup, django_db_blocker):
    """The demo org at 100 people for the module (emptied afterwards), or the session's large org.

    Module-scoped, so it is set up before each test's transaction begins."""
    if request.param == LARGE_ORG:
        yield request.getfixturevalue("large_org")
        return
    with django_db_blocker.unblock():
        call_command(
            "load_demo",
            people=request.param,
            seed=5,
            as_of=datetime.date(2026, 11, 1),
            no_accounts=True,
            stdout=open("/dev/null", "w"),  # noqa: SIM115 - closed with the process
        )
        yield request.param
        call_command("flush", interactive=False, verbosity=0)


def test_the_chart_is_five_queries_and_under_1500_elements(
    demo_org, employee_client, django_assert_num_queries
):
    employee_client.get(reverse("people:chart"))  # warm up the connection and caches
    started = time.perf_counter()
    # session, user, the seats, their dotted lines, the viewer's groups (tenure bands)
    with django_assert_num_queries(5):
        response = employee_client.get(reverse("people:chart"))
    elapsed = time.perf_counter() - started
    html = response.content.decode()
    print(f"/org/ at {demo_org} people: {elapsed * 1000:.0f} ms, {dom_elements(html)} elements")
    assert dom_elements(html) <= 1500
    assert html.count('class="card') >= 4


def test_expanding_the_largest_team_is_one_query_for_the_seats(
    demo_org, employee_client, django_assert_num_queries
):
    biggest = Position.objects.aggregate(n=Max("direct_count"))["n"]
    lead = Position.objects.filter(direct_count=biggest).first()
    # and the dotted lines of the cards and the viewer's groups (tenure bands)
    with django_assert_num_queries(5):
        response = employee_client.get(reverse("people:chart-reports", args=[lead.pk]))
    assert response.content.decode().count('class="card') == biggest


def test_an_agent_in_focus_is_two_queries_for_the_seats(
    demo_org, employee_client, django_assert_num_queries
):
    agent = Position.objects.filter(role__slug="consultant", holder__isnull=False).last()
    # and the viewer's groups (may they see past holders?), the seat's recorded changes and the
    # dotted lines of the cards, the seat's planned changes (planning/)
    with django_assert_num_queries(8):
        response = employee_client.get(reverse("people:chart-focus", args=[agent.pk]))
    body = response.content.decode()
    assert f'id="seat-{agent.pk}"' in body
    assert dom_elements(body) <= 1500


def test_the_role_list_is_six_queries(demo_org, employee_client, django_assert_num_queries):
    # five, and the viewer's groups for the header's menus (pages/nav.py)
    with django_assert_num_queries(6):
        response = employee_client.get(reverse("roles:list"))
    assert "Chief Customer Officer" in response.content.decode()


def test_the_chart_as_of_a_date_makes_the_same_queries_at_any_size(
    demo_org, employee_client, django_assert_num_queries
):
    # session, user, seats from history, seats without history, the viewer's groups (whose dates
    # they may see), holders, roles, people, sites
    started = time.perf_counter()
    with django_assert_num_queries(9):
        response = employee_client.get(reverse("people:chart"), {"as_of": "2026-06-30"})
    elapsed = time.perf_counter() - started
    html = response.content.decode()
    print(f"/org/?as_of= at {demo_org} people: {elapsed * 1000:.0f} ms")
    assert response.status_code == 200
    assert dom_elements(html) <= 1500
    assert html.count('class="card') >= 4


@pytest.mark.parametrize(
    ("text", "queries"), [("Böttcher", 5), ("Lodz", 5), ("nowak anna", 5), ("consultant", 6)]
)
def test_search_makes_the_same_queries_at_any_size(
    demo_org, employee_client, django_assert_num_queries, text, queries
):
    # session, user, the viewer's groups (the header's menus), roles, people (the hits chosen in
    # a subquery) and, when roles were found, their vacant seats; on SQLite the trigram index's
    # (people.trigrams)
    started = time.perf_counter()
    with django_assert_num_queries(queries + (connection.vendor == "sqlite")):
        response = employee_client.get(reverse("search"), {"q": text})
    elapsed = time.perf_counter() - started
    print(f"/search/?q={text} at {demo_org} people: {elapsed * 1000:.0f} ms")
    assert response.status_code == 200
