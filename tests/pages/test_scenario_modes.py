"""The person, role and analytics pages in scenario mode (?scenario=<id>, issue 17): the values as
the scenario would make them, marked as a draft, the live pages unchanged; who may see them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from planning import overlay
from planning.models import Kind, Scenario
from planning.scenarios import scenario_create, scenario_edit
from tests.people.factories import PersonFactory, seat
from tests.planning import conftest as planning

pytestmark = pytest.mark.django_db
ahead = planning.ahead
PERSON_QUERIES = 12
ROLE_QUERIES = 19
ANALYTICS_QUERIES = 12
# The lists' first read after a write: session, user, groups, the scenario, its changes, their
# live facts and people (planning/overlay.py), the live list's ids and sort keys, the roles of
# the seats the scenario touches, the page's seats and their managers, their roles, their holders;
# the vacancies count the seats too. Read again, the overlay's two reads and its people are kept.
VACANCIES_QUERIES = 13
SPANS_QUERIES = 12


@pytest.fixture
def scenario(hr_user, ahead) -> Scenario:
    return scenario_create(created_by=hr_user, name="Reorg North", effective_on=ahead)


@pytest.fixture
def reorg(org, scenario, hr_user) -> Scenario:
    """Ania's seat moves under Henrik with a raise, Ben leaves, two agent seats open under Lena."""
    ania, ben = (s.holder for s in org["agents"])
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[
            {"kind": Kind.MOVE, "position": org["agents"][0], "new_manager": org["middle"]},
            {"kind": Kind.SALARY, "person": ania, "salary": Decimal("34567")},
            {"kind": Kind.EXIT, "person": ben},
            {"kind": Kind.NEW_SEAT, "new_manager": org["team"], "role": org["roles"]["agent"]},
            {"kind": Kind.NEW_SEAT, "new_manager": org["team"], "role": org["roles"]["agent"]},
        ],
    )
    return scenario


def page(client, user, url: str, scenario=None, status: int = 200) -> str:
    client.force_login(user)
    answer = client.get(url, {"scenario": scenario.pk} if scenario else {})
    assert answer.status_code == status
    return answer.content.decode()


def person_url(person) -> str:
    return reverse("people:detail", args=[person.pk])


def test_a_persons_page_shows_their_new_manager_and_raise_in_the_scenario_and_live_values_live(
    client, org, reorg, users
):
    ania = org["agents"][0].holder

    drafted = page(client, users["hr"], person_url(ania), reorg)
    live = page(client, users["hr"], person_url(ania))

    manager = drafted[drafted.index("data-scenario-manager") :]
    assert "scenario-banner" in drafted and "Reorg North" in drafted
    assert manager.index("Henrik") < manager.index("</p>") and "new manager" in manager
    assert "34,567 EUR" in drafted and "32,000 EUR" not in drafted
    assert "34,567" not in live and "32,000 EUR" in live and "scenario-banner" not in live
    assert "Lena" in live[live.index("Reports to") : live.index("Reports to") + 300]


def test_a_persons_page_says_they_leave_and_their_managers_page_shows_the_new_vacancies(
    client, org, reorg, users
):
    ben = org["agents"][1].holder
    lena = org["team"].holder

    leaving = page(client, users["hr"], person_url(ben), reorg)
    lead = page(client, users["hr"], person_url(lena), reorg)

    assert "data-scenario-leaves" in leaving and "Ben" in leaving
    assert "leaves" in leaving and "on " in leaving  # the exit change in words
    # Ben's seat, the live vacancy and the two opened seats: four, none held; Ania moved away.
    assert "4 direct reports" in lead and "Ania" not in lead.split("direct reports")[1]


def test_a_roles_page_counts_the_seats_the_scenario_opens_and_the_live_page_does_not(
    client, org, reorg, users
):
    url = reverse("roles:detail", args=[org["roles"]["agent"].slug])

    drafted = page(client, users["hr"], url, reorg)
    live = page(client, users["hr"], url)

    assert "scenario-banner" in drafted and "5 seats, 4 vacant" in drafted
    assert "3 seats, 1 vacant" in live and "scenario-banner" not in live
    holders = drafted[drafted.index("Holders") :]
    assert "Ania" in holders and "Ben" not in holders


def test_the_analytics_show_vacancies_and_spans_with_and_without_the_scenario(
    client, org, reorg, users
):
    html = page(client, users["hr"], reverse("people:analytics"), reorg)

    def row(name: str) -> list[str]:
        cells = html[html.index(f'data-figure="{name}"') :].split("</tr>")[0]
        return [c.split("</td>")[0] for c in cells.split('<td class="num">')[1:]]

    assert "scenario-banner" in html
    assert row("seats") == ["6", "8"] and row("vacant") == ["1", "4"]
    assert row("max-span") == ["3", "4"] and row("layers") == ["4", "4"]
    assert "scenario-banner" not in page(client, users["hr"], reverse("people:analytics"))


@pytest.mark.parametrize("name", ["person", "role", "analytics"])
def test_an_employee_gets_a_404_for_any_scenario(client, org, reorg, users, name):
    url = {
        "person": person_url(org["agents"][0].holder),
        "role": reverse("roles:detail", args=[org["roles"]["agent"].slug]),
        "analytics": reverse("people:analytics"),
    }[name]
    client.force_login(users["employee"])

    assert client.get(url, {"scenario": reorg.pk}).status_code == 404
    assert client.get(url, {"scenario": "x"}).status_code == 404


def test_a_manager_sees_a_shared_scenarios_structure_without_salaries_or_who_leaves(
    client, org, reorg, users
):
    ania, ben = (s.holder for s in org["agents"])
    page(client, users["manager"], person_url(ania), reorg, status=404)
    reorg.shared_with.add(users["manager"])

    drafted = page(client, users["manager"], person_url(ania), reorg)
    leaving = page(client, users["manager"], person_url(ben), reorg)

    assert "scenario-banner" in drafted and "Henrik" in drafted  # the move: structure
    assert "34,567" not in drafted and "34567" not in drafted and "EUR" not in drafted
    assert "data-scenario-leaves" not in leaving and "data-scenario-seat" in leaving
    page(client, users["manager"], reverse("people:analytics"), reorg, status=403)


def test_the_scenario_page_links_to_its_analytics_for_hr(client, reorg, users):
    html = page(client, users["hr"], reorg.get_absolute_url())

    assert f"{reverse('people:analytics')}?scenario={reorg.pk}" in html


def test_the_span_lists_follow_the_scenarios_reporting_lines(client, org, reorg, users):
    url = reverse("people:spans")

    drafted = page(client, users["hr"], url + "?flag=single", reorg)
    live = page(client, users["hr"], url + "?flag=single")

    # Henrik leads Lena's seat alone today; in the scenario Ania's seat joins it.
    assert "Henrik" in live.split("<tbody>")[1] and "scenario-banner" not in live
    assert "Henrik" not in drafted.split("<tbody>")[1] and "scenario-banner" in drafted
    assert f"?scenario={reorg.pk}&amp;flag=over" in drafted
    page(client, users["employee"], url, reorg, status=404)


def grow(org, n: int) -> None:
    """n more agent seats under Lena, every other one vacant."""
    for i in range(n):
        holder = PersonFactory() if i % 2 else None
        seat(role=org["roles"]["agent"], manager=org["team"], holder=holder)


@pytest.mark.parametrize("extra", [0, 6])
def test_the_scenario_pages_make_the_same_queries_at_two_sizes(
    client, org, reorg, users, extra, django_assert_num_queries
):
    grow(org, extra)
    org["roles"]["lead"].span_max = 3  # Lena's seat on the span list, with 4 or 10 reports
    org["roles"]["lead"].save()
    client.force_login(users["hr"])
    lena = person_url(org["team"].holder)
    role = reverse("roles:detail", args=[org["roles"]["agent"].slug])

    with django_assert_num_queries(PERSON_QUERIES):
        assert client.get(lena, {"scenario": reorg.pk}).status_code == 200
    overlay._CACHE.clear()  # each page as read first, as after a write (the most it reads)
    with django_assert_num_queries(ROLE_QUERIES):
        assert client.get(role, {"scenario": reorg.pk}).status_code == 200
    with django_assert_num_queries(ANALYTICS_QUERIES):
        assert client.get(reverse("people:analytics"), {"scenario": reorg.pk}).status_code == 200
    overlay._CACHE.clear()
    with django_assert_num_queries(VACANCIES_QUERIES):
        assert client.get(reverse("people:vacancies"), {"scenario": reorg.pk}).status_code == 200
    overlay._CACHE.clear()
    with django_assert_num_queries(SPANS_QUERIES):
        assert client.get(reverse("people:spans"), {"scenario": reorg.pk}).status_code == 200


@pytest.mark.parametrize(
    ("language", "heading", "banner"),
    [
        ("de", "Stelle im Szenario", "Szenario-Entwurf"),
        ("pl", "Stanowisko w scenariuszu", "Szkic scenariusza"),
    ],
)
def test_the_scenario_person_page_speaks_german_and_polish(
    client, org, reorg, users, language, heading, banner
):
    client.force_login(users["hr"])
    url = person_url(org["agents"][0].holder)

    answer = client.get(url, {"scenario": reorg.pk}, headers={"accept-language": language})

    assert heading in answer.content.decode() and banner in answer.content.decode()


def test_a_seat_a_pending_change_opens_is_not_one_the_scenario_opens(
    client, org, reorg, users, hr_user
):
    """The pending changes due by the scenario's day are laid under it: a seat one of them
    opens is listed as planned (linked to the change for HR), not as the scenario's."""
    import datetime

    from planning.services import change_plan

    change = change_plan(
        planned_by=hr_user,
        kind=Kind.NEW_SEAT,
        effective_on=reorg.effective_on - datetime.timedelta(days=1),
        new_manager=org["team"],
        role=org["roles"]["agent"],
    )
    reorg.shared_with.add(users["manager"])
    url = reverse("people:vacancies")

    for_hr = page(client, users["hr"], url, reorg)
    for_manager = page(client, users["manager"], url, reorg)

    link = f'<a href="{reverse("planned:detail", args=[change.pk])}">New seat (planned)</a>'
    assert for_hr.count("A seat the scenario opens") == 2 and for_hr.count(link) == 1
    assert for_manager.count("A seat the scenario opens") == 2
    assert "New seat (planned)" in for_manager and link not in for_manager


def test_the_vacancies_list_shows_the_seats_the_scenario_vacates_and_opens(
    client, org, reorg, users
):
    url = reverse("people:vacancies")

    drafted = page(client, users["hr"], url, reorg)
    live = page(client, users["hr"], url)

    assert "scenario-banner" in drafted and drafted.count("data-scenario-vacancy=") == 4
    assert f'data-scenario-vacancy="{org["agents"][1].pk}"' in drafted  # Ben's, once he leaves
    assert drafted.count("A seat the scenario opens") == 2
    assert "scenario-banner" not in live and "1 vacant seat of 6" in live
    page(client, users["employee"], url, reorg, status=404)
