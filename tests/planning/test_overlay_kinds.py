"""The scenario's chart (planning/overlay.py) draws every kind of change in the part it draws, and
nothing of the scenario outside it: a move, a new seat, a closed seat, a hire, an exit, a role
change; a person's page shows their new pay to HR and no pay to a manager it is shared with."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from pages.views.scenarios import chart_org
from people import as_of
from people.chart import walk
from planning import overlay
from planning.models import Kind, Scenario
from planning.scenarios import scenario_create, scenario_edit
from tests.people.factories import PersonFactory, seat

pytestmark = pytest.mark.django_db

CARD = re.compile(r"<article class=\"card[^>]*>")


def cards(html: str) -> dict[int, dict[str, str]]:
    """seat → its card's data attributes (manager, name, role, mark)."""
    found = {}
    for tag in CARD.findall(html):
        data = dict(re.findall(r'data-([a-z]+)="([^"]*)"', tag))
        found[int(data["seat"])] = data
    return found


@pytest.fixture
def reorg(org, hr_user, users) -> tuple[Scenario, dict]:
    """Every kind of change in one scenario: Ania's seat moves under Henrik with a raise, Ben
    leaves, a new agent seat opens under Lena, the vacancy closes, Nora is hired into a second
    vacancy, Lena's seat becomes a Head's; a second team under Henrik is left alone."""
    other = seat(role=org["roles"]["lead"], manager=org["middle"], holder=PersonFactory())
    far = seat(role=org["roles"]["agent"], manager=other, holder=PersonFactory())
    second_vacancy = seat(role=org["roles"]["agent"], manager=org["team"])
    nora = PersonFactory(first_name="Nora", salary=30000, salary_currency="EUR")
    ania, ben = (s.holder for s in org["agents"])
    scenario = scenario_create(
        created_by=hr_user,
        name="Every kind",
        effective_on=org["today"] + datetime.timedelta(days=10),
    )
    scenario.shared_with.add(users["manager"])
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[
            {"kind": Kind.MOVE, "position": org["agents"][0], "new_manager": org["middle"]},
            {"kind": Kind.SALARY, "person": ania, "salary": Decimal("34567")},
            {"kind": Kind.EXIT, "person": ben},
            {"kind": Kind.NEW_SEAT, "new_manager": org["team"], "role": org["roles"]["agent"]},
            {"kind": Kind.CLOSE_SEAT, "position": org["vacancy"]},
            {"kind": Kind.HIRE, "person": nora, "position": second_vacancy},
            {"kind": Kind.ROLE, "position": org["team"], "role": org["roles"]["head"]},
        ],
    )
    return scenario, {"other": other, "far": far, "second_vacancy": second_vacancy}


def chart(client, user, scenario, name="people:chart", args=(), **query) -> dict:
    client.force_login(user)
    answer = client.get(reverse(name, args=args), {"scenario": scenario.pk, **query})
    assert answer.status_code == 200
    return cards(answer.content.decode())


def test_the_scenario_chart_marks_every_kind_of_change_where_it_draws_it(client, org, users, reorg):
    scenario, more = reorg
    ania_seat, ben_seat = org["agents"]

    drawn = chart(client, users["hr"], scenario)

    assert drawn[ania_seat.pk]["manager"] == str(org["middle"].pk)
    assert drawn[ania_seat.pk]["mark"] == "moved"
    assert drawn[ben_seat.pk]["name"] == ""  # Ben leaves: his seat is vacant
    assert [s for s, card in drawn.items() if card.get("mark") == "new"] == [
        min(s for s in drawn if s < 0)
    ]
    assert drawn[org["vacancy"].pk]["mark"] == "closed"
    assert drawn[more["second_vacancy"].pk]["name"].startswith("Nora")
    assert drawn[more["second_vacancy"].pk]["mark"] == "holder"
    assert drawn[org["team"].pk]["role"] == "Head of Call Center"
    assert drawn[org["team"].pk]["mark"] == "role"
    # Lena's team as it will be: Ben's seat, the closed vacancy, Nora's, the new one; 2 held
    # seats below the team before, 2 after (Ania moves away and Ben leaves, Nora comes).
    assert drawn[org["team"].pk]["direct"] == "3"  # the closed seat counts for nothing
    assert drawn[org["team"].pk]["headcount"] == "1"


def test_a_cards_reports_in_the_scenario_are_only_its_own(client, org, users, reorg):
    scenario, more = reorg

    henrik = chart(client, users["hr"], scenario, "people:chart-reports", [org["middle"].pk])
    other = chart(client, users["hr"], scenario, "people:chart-reports", [more["other"].pk])

    assert set(henrik) == {org["team"].pk, more["other"].pk, org["agents"][0].pk}
    assert set(other) == {more["far"].pk}
    assert not any("mark" in card for card in other.values())


def test_a_manager_sees_the_structure_but_not_who_is_hired_or_leaves(client, org, users, reorg):
    scenario, more = reorg

    drawn = chart(client, users["manager"], scenario)

    assert drawn[org["agents"][0].pk]["mark"] == "moved"
    assert drawn[org["agents"][1].pk]["name"].startswith("Ben")  # today's holder
    assert drawn[more["second_vacancy"].pk]["name"] == ""
    assert "mark" not in drawn[more["second_vacancy"].pk]


def test_the_raise_shows_to_hr_and_no_pay_to_a_manager(client, org, users, reorg):
    scenario, _more = reorg
    ania = org["agents"][0].holder
    url = reverse("people:detail", args=[ania.pk])

    client.force_login(users["hr"])
    hr_page = client.get(url, {"scenario": scenario.pk}).content.decode()
    client.force_login(users["manager"])
    manager_page = client.get(url, {"scenario": scenario.pk}).content.decode()

    assert "34,567 EUR" in hr_page and "Henrik" in hr_page
    assert "data-scenario-salary" not in manager_page and "34,567" not in manager_page
    assert "32,000" not in manager_page and "Henrik" in manager_page


@pytest.mark.parametrize("people_moves", [True, False])
def test_expanding_a_whole_branch_draws_what_the_full_projection_draws(org, reorg, people_moves):
    scenario, more = reorg
    full = chart_org(scenario, people_moves=people_moves)

    for top in (org["top"], org["middle"], org["team"], more["other"]):
        lay = overlay.Overlay(scenario, people_moves=people_moves)
        seat_, nodes = overlay.branch_of(lay, top.pk)
        _seat, expected = as_of.branch_of(full, top.pk)

        assert shape(nodes) == shape(expected)
        # the closed seat is drawn, marked, and counts for nothing
        assert seat_.seat_count == len([n for n in walk(expected) if n.seat.pk not in full.closed])


def shape(nodes) -> list:
    return sorted(
        (n.seat.pk, n.seat.manager_id, n.seat.holder_id, n.seat.role_id, shape(n.children))
        for n in nodes
    )
