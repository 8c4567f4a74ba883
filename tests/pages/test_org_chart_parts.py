"""The chart's parts beyond the cards: a whole branch at once (bounded), the tenure bands only for
viewers who may see hire dates, dotted lines and assistant seats, and the list a phone shows."""

import re

import pytest
from django.urls import reverse

from people import chart
from people.models import Person, Position
from tests.people.factories import PersonFactory, seat
from tests.roles.factories import RoleFactory

pytestmark = pytest.mark.django_db


def branch(reports_per_seat: int) -> Position:
    """A top seat, n heads below it, n vacant seats below each head."""
    top = seat(role=RoleFactory(title="Head of Call Center"), holder=PersonFactory())
    for _ in range(reports_per_seat):
        middle = seat(role=RoleFactory(title="Team Leader"), manager=top, holder=PersonFactory())
        for _ in range(reports_per_seat):
            seat(role=RoleFactory(title="Agent"), manager=middle)
    return top


def tenure_of(body: str) -> dict[int, str]:
    return {int(k): v for k, v in re.findall(r'data-seat="(\d+)"[^>]*?data-tenure="([^"]+)"', body)}


def test_a_whole_branch_comes_in_one_fragment_every_level_open(employee_client):
    top = branch(3)
    response = employee_client.get(reverse("people:chart-reports", args=[top.pk]) + "?all=1")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('class="card') == 3 + 9
    assert body.count('<details open class="reports">') == 1 + 3
    assert 'class="expand"' not in body  # nothing left to load
    assert f'id="seat-{top.pk}"' not in body


@pytest.mark.parametrize("size", [2, 6])
def test_a_whole_branch_makes_the_same_queries_at_any_size(
    employee_client, django_assert_num_queries, size
):
    top = branch(size)
    # session, user, the seat, the branch (one recursive subquery), dotted lines, viewer's groups
    with django_assert_num_queries(6):
        employee_client.get(reverse("people:chart-reports", args=[top.pk]) + "?all=1")


def test_a_branch_past_the_limit_is_refused_with_a_way_to_read_it(employee_client, monkeypatch):
    top = branch(3)
    monkeypatch.setattr(chart, "BRANCH_LIMIT", 11)
    response = employee_client.get(reverse("people:chart-reports", args=[top.pk]) + "?all=1")
    body = response.content.decode()
    assert response.status_code == 409
    assert "This branch has 12 seats, more than the 11 the chart draws at once." in body
    assert f'href="/org/{top.pk}/?view=list"' in body
    assert 'class="card' not in body


def test_a_whole_branch_of_an_unknown_seat_is_not_found(employee_client):
    url = reverse("people:chart-reports", args=[424242]) + "?all=1"
    assert employee_client.get(url).status_code == 404


def test_hr_sees_the_tenure_band_of_every_card(client, users, org):
    Person.objects.filter(pk=org["top"].holder_id).update(hire_date="2015-03-01")
    client.force_login(users["hr"])
    body = client.get(reverse("people:chart")).content.decode()
    bands = tenure_of(body)
    assert bands[org["top"].pk] == "5 years or more"
    assert len(bands) == 5  # every held seat; the vacancy has no holder
    assert '<option value="tenure">' in body


def test_an_employee_sees_no_tenure_band_nor_the_choice(employee_client, org):
    body = employee_client.get(reverse("people:chart")).content.decode()
    assert "data-tenure" not in body
    assert '<option value="tenure">' not in body


def test_a_manager_sees_the_tenure_of_their_own_team_only(client, users, org):
    Person.objects.filter(pk=org["team"].holder_id).update(user=users["manager"])
    client.force_login(users["manager"])
    body = client.get(reverse("people:chart-focus", args=[org["team"].pk])).content.decode()
    team = {org["team"].pk, *(a.pk for a in org["agents"])}
    assert set(tenure_of(body)) == team


def test_dotted_lines_and_assistant_seats_are_marked_on_the_cards(employee_client, org):
    assistant = seat(role=org["roles"]["agent"], manager=org["top"], holder=PersonFactory())
    Position.objects.filter(pk=assistant.pk).update(is_assistant=True)
    org["team"].dotted_line_managers.add(org["top"])
    org["agents"][0].dotted_line_managers.add(org["top"], org["middle"])
    body = employee_client.get(reverse("people:chart-focus", args=[org["team"].pk]))
    body = body.content.decode()
    assert f'data-dotted="{org["top"].pk}"' in body
    first = sorted([org["top"].pk, org["middle"].pk])
    assert f'data-dotted="{first[0]} {first[1]}"' in body
    home = employee_client.get(reverse("people:chart")).content.decode()
    assert re.search(rf'class="card assistant[^"]*" id="seat-{assistant.pk}"', home)
    assert home.count('data-assistant="1"') == 1


def test_a_single_report_is_flagged_below_the_executive_levels_only(employee_client, org):
    body = employee_client.get(reverse("people:chart")).content.decode()
    # The CCO (executive) with one head is how the top is built; the head with one lead is not.
    assert re.search(rf'class="card[^"]*single-report[^"]*" id="seat-{org["middle"].pk}"', body)
    assert not re.search(rf'class="card[^"]*single-report[^"]*" id="seat-{org["top"].pk}"', body)


def test_the_list_of_a_seat_in_focus_has_its_chain_and_its_reports(employee_client, org):
    body = employee_client.get(reverse("people:chart-focus", args=[org["team"].pk]))
    drill = body.content.decode().split('<nav class="drill"')[1].split("</nav>")[0]
    crumbs = re.findall(r'<li><a href="/org/(\d+)/">', drill.split("drill-reports")[0])
    assert crumbs == [str(org["top"].pk), str(org["middle"].pk)]
    reports = re.findall(r'<a href="/org/(\d+)/">', drill.split("drill-reports")[1])
    assert sorted(map(int, reports)) == sorted([a.pk for a in org["agents"]] + [org["vacancy"].pk])


def test_the_list_view_is_asked_for_with_a_query(employee_client, org):
    url = reverse("people:chart-focus", args=[org["team"].pk])
    assert 'class="chart-page as-list"' in employee_client.get(url + "?view=list").content.decode()
    assert 'class="chart-page"' in employee_client.get(url).content.decode()


def test_the_chart_links_to_the_lists_for_everyone_and_to_analytics_and_the_book_for_hr(
    client, users
):
    seat(role=RoleFactory(title="Chief Customer Officer"))

    client.force_login(users["employee"])
    for_employee = client.get(reverse("people:chart")).content.decode()
    client.force_login(users["hr"])
    for_hr = client.get(reverse("people:chart")).content.decode()

    for page in (for_employee, for_hr):
        assert f'href="{reverse("people:vacancies")}"' in page
        assert f'href="{reverse("people:spans")}"' in page
    assert f'href="{reverse("people:analytics")}"' in for_hr
    assert f'href="{reverse("people:book")}"' in for_hr
    assert reverse("people:analytics") not in for_employee
