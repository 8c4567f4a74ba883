"""The chart of a future day (a projection) as one expands it: the reports of that day, never
today's, and seats a change will open drawn without a link to a page that does not exist."""

import datetime

import pytest
from django.urls import reverse

from people.models import Position
from planning.models import Kind
from tests.people.factories import PersonFactory, seat
from tests.planning import conftest as planning

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
# The planning tests' fixtures: a day ahead, and plan(kind, **columns) as HR.
ahead, plan = planning.ahead, planning.plan


def reports(client, user, seat_id: int, **query) -> str:
    client.force_login(user)
    answer = client.get(reverse("people:chart-reports", args=[seat_id]), query)
    assert answer.status_code == 200
    return answer.content.decode()


def chart_on(client, user, day: datetime.date) -> str:
    client.force_login(user)
    answer = client.get(reverse("people:chart"), {"as_of": day.isoformat()})
    assert answer.status_code == 200
    return answer.content.decode()


def test_the_cards_of_a_projected_chart_load_their_reports_of_that_day(
    client, org, plan, ahead, users
):
    chart = chart_on(client, users["employee"], ahead)
    expanded = reports(client, users["employee"], org["middle"].pk, as_of=ahead.isoformat())

    assert f'data-as-of="{ahead.isoformat()}"' in chart  # for "expand branch"
    url = reverse("people:chart-reports", args=[org["team"].pk])
    assert f'data-reports="{url}?as_of={ahead.isoformat()}"' in expanded  # the next level


def test_expanding_a_manager_on_a_future_day_shows_the_seat_planned_to_move_to_them(
    client, org, plan, ahead, users
):
    plan(Kind.MOVE, position=org["vacancy"], new_manager=org["middle"])
    day = {"as_of": ahead.isoformat()}

    new_manager = reports(client, users["employee"], org["middle"].pk, **day)
    old_manager = reports(client, users["employee"], org["team"].pk, **day)
    today = reports(client, users["employee"], org["team"].pk)

    assert f'id="seat-{org["vacancy"].pk}"' in new_manager
    assert "projected for" in new_manager
    assert f'id="seat-{org["vacancy"].pk}"' not in old_manager
    assert f'id="seat-{org["vacancy"].pk}"' in today
    assert Position.objects.get(pk=org["vacancy"].pk).manager == org["team"]


def test_expanding_a_whole_branch_on_a_future_day_shows_it_as_planned(
    client, org, plan, ahead, users
):
    plan(Kind.MOVE, position=org["vacancy"], new_manager=org["middle"])
    opened = plan(Kind.NEW_SEAT, new_manager=org["team"], role=org["roles"]["agent"])

    branch = reports(client, users["hr"], org["top"].pk, all="1", as_of=ahead.isoformat())

    moved = branch[branch.index(f'id="seat-{org["vacancy"].pk}"') :]
    assert f'data-manager="{org["middle"].pk}"' in moved[: moved.index(">")]
    new = branch[branch.index(f'id="seat--{opened.pk}"') :]
    assert f'data-manager="{org["team"].pk}"' in new[: new.index(">")]


def test_expanding_on_a_past_day_shows_the_reports_of_that_day(client, org, users):
    before = org["today"] - 400 * DAY
    then = datetime.datetime(before.year, before.month, before.day, 12, tzinfo=datetime.UTC)
    Position.history.update(history_date=then)
    later = seat(role=org["roles"]["agent"], manager=org["team"], holder=PersonFactory())

    shown = reports(client, users["hr"], org["team"].pk, as_of=(before + DAY).isoformat())

    assert f'id="seat-{org["vacancy"].pk}"' in shown
    assert f'id="seat-{later.pk}"' not in shown
    assert "as on" in shown


def test_a_planned_exit_stays_hidden_in_expanded_reports_from_whom_exit_dates_hide(
    client, org, plan, ahead, users
):
    plan(Kind.EXIT, person=org["agents"][0].holder)
    day = {"as_of": ahead.isoformat()}

    for_employee = reports(client, users["employee"], org["team"].pk, **day)
    for_hr = reports(client, users["hr"], org["team"].pk, **day)

    assert "Ania" in for_employee
    assert "Ania" not in for_hr


def test_a_reports_request_with_a_bad_day_is_refused_as_plain_text(client, org, users):
    client.force_login(users["hr"])

    answer = client.get(
        reverse("people:chart-reports", args=[org["team"].pk]), {"as_of": "<b>soon</b>"}
    )

    assert answer.status_code == 400
    assert answer["Content-Type"].startswith("text/plain")


def test_a_seat_that_is_not_there_on_the_day_has_no_reports(client, org, plan, ahead, users):
    plan(Kind.CLOSE_SEAT, position=org["vacancy"])
    client.force_login(users["hr"])

    answer = client.get(
        reverse("people:chart-reports", args=[org["vacancy"].pk]), {"as_of": ahead.isoformat()}
    )

    assert answer.status_code == 404


@pytest.mark.parametrize("who", ["employee", "hr"])
def test_a_planned_new_seat_never_links_to_a_page_that_is_not_there(
    client, org, plan, ahead, users, who
):
    opened = plan(Kind.NEW_SEAT, new_manager=org["team"], role=org["roles"]["agent"])

    chart = chart_on(client, users[who], ahead)
    expanded = reports(client, users[who], org["team"].pk, as_of=ahead.isoformat())

    for body in (chart, expanded):
        card = body[body.index(f'id="seat--{opened.pk}"') :]
        card = card[: card.index("</article>")]
        assert "New seat (planned)" in card
        assert "/org/0/" not in card and "/org/-" not in card
        detail = reverse("planned:detail", args=[opened.pk])
        assert (f'href="{detail}"' in card) is (who == "hr")


@pytest.mark.parametrize("extra", [2, 12])
def test_expanding_a_projected_card_makes_the_same_queries_at_any_size(
    client, org, plan, ahead, users, extra, django_assert_num_queries
):
    for _n in range(extra):
        seat(manager=org["team"], role=org["roles"]["agent"], holder=PersonFactory())
    plan(Kind.MOVE, position=org["vacancy"], new_manager=org["middle"])
    client.force_login(users["manager"])
    # session, user, groups, the planned changes, the manager's subtree, the seats and the
    # people they name, today's seats, then roles, people and sites of the cards shown
    with django_assert_num_queries(9):
        client.get(
            reverse("people:chart-reports", args=[org["team"].pk]), {"as_of": ahead.isoformat()}
        )


def test_a_planned_change_on_the_person_page_links_to_the_chart_of_its_day(
    client, org, plan, ahead, users
):
    plan(Kind.MOVE, position=org["team"], new_manager=org["top"])

    client.force_login(users["employee"])
    body = client.get(reverse("people:detail", args=[org["team"].holder.pk])).content.decode()

    assert f'href="{reverse("people:chart")}?as_of={ahead.isoformat()}"' in body


def test_the_page_of_a_planned_new_seat_says_when_it_can_be_named(client, org, plan, ahead, users):
    opened = plan(Kind.NEW_SEAT, new_manager=org["team"], role=org["roles"]["agent"])
    client.force_login(users["hr"])

    body = client.get(reverse("planned:detail", args=[opened.pk])).content.decode()

    assert (
        "This seat does not exist yet: it gets its number when this change takes effect on "
        + (ahead.isoformat())
        in body
    )
