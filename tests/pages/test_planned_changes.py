"""Planned changes on the person and seat pages (in words, as the viewer may know of them), HR's
list of them, cancelling one, and planning from the admin and the promotion form."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import formats

from people.models import Person, Position
from planning.models import Kind, PlannedChange, Status
from planning.services import change_apply
from tests.people.factories import PersonFactory
from tests.planning import conftest as planning

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
# The planning tests' fixtures: a day ahead, and plan(kind, **columns) as HR.
ahead, plan = planning.ahead, planning.plan


def page(client, user, url) -> str:
    client.force_login(user)
    return client.get(url).content.decode()


def person_url(person) -> str:
    return reverse("people:detail", args=[person.pk])


def long_day(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def test_the_person_page_says_when_their_seat_moves_and_to_whom(client, org, plan, ahead, users):
    ania = org["agents"][0].holder
    plan(Kind.MOVE, position=org["agents"][0], new_manager=org["middle"])

    body = page(client, users["employee"], person_url(ania))

    assert (
        f"Seat #{org['agents'][0].pk} moves to Henrik Nowak (Head of Call Center, seat "
        f"#{org['middle'].pk}) on {long_day(ahead)}." in body
    )


def test_the_seat_page_shows_its_planned_changes(client, org, plan, ahead, users):
    plan(Kind.CLOSE_SEAT, position=org["vacancy"])

    body = page(client, users["employee"], reverse("people:chart-focus", args=[org["vacancy"].pk]))

    assert f"Seat #{org['vacancy'].pk} closes on {long_day(ahead)}." in body


@pytest.mark.parametrize(
    ("who", "sees_exit", "sees_salary"),
    [("employee", False, False), ("manager", True, False), ("hr", True, True)],
)
def test_a_planned_exit_and_salary_show_only_to_whom_the_dates_and_salary_show(
    client, org, plan, users, who, sees_exit, sees_salary
):
    lena = org["team"].holder  # the manager is Lena: Ania is in her team
    lena.user = users["manager"]
    lena.save()
    ania = org["agents"][0].holder
    plan(Kind.SALARY, person=ania, salary=Decimal("34567"))
    plan(Kind.EXIT, person=ania, effective_on=org["today"] + 20 * DAY)

    body = page(client, users[who], person_url(ania))
    seat_body = page(client, users[who], reverse("people:chart-focus", args=[org["agents"][0].pk]))

    for shown in (body, seat_body):
        assert ("leaves on" in shown) is sees_exit
        assert ("salary changes" in shown) is sees_salary
        assert ("34,567" in shown) is sees_salary


def test_a_person_sees_their_own_planned_salary(client, org, plan, users):
    ania = org["agents"][0].holder
    ania.user = users["employee"]
    ania.save()
    plan(Kind.SALARY, person=ania, salary=Decimal("34567"))

    assert "34,567 EUR" in page(client, users["employee"], person_url(ania))


def test_hr_sees_a_failed_change_with_its_reason_on_the_page_and_the_list(
    client, org, plan, ahead, users
):
    ania = org["agents"][0].holder
    change = plan(Kind.EXIT, person=ania)
    Person.objects.filter(pk=ania.pk).update(left_on=org["today"])
    change_apply(change_id=change.pk, today=ahead)

    hr_page = page(client, users["hr"], person_url(ania))
    listed = page(client, users["hr"], reverse("planned:list"))
    employee_page = page(client, users["employee"], person_url(ania))

    assert "Failed" in hr_page and "will have left by then" in hr_page
    assert "will have left by then" in listed
    assert "will have left by then" not in employee_page


@pytest.mark.parametrize("who", ["employee", "manager", "outsider"])
def test_the_list_of_planned_changes_is_for_hr(client, org, users, who):
    client.force_login(users[who])

    assert client.get(reverse("planned:list")).status_code == 403
    assert client.post(reverse("planned:cancel", args=[1])).status_code == 403


def test_hr_cancels_a_pending_change_from_the_person_page(client, org, plan, users):
    ania = org["agents"][0].holder
    change = plan(Kind.EXIT, person=ania)
    body = page(client, users["hr"], person_url(ania))
    assert "Cancel this change" in body

    answer = client.post(reverse("planned:cancel", args=[change.pk]), {"next": person_url(ania)})

    assert answer.status_code == 302 and answer.url == person_url(ania)
    change.refresh_from_db()
    assert (change.status, change.cancelled_by) == (Status.CANCELLED, users["hr"])
    assert "leaves on" not in client.get(person_url(ania)).content.decode()


def test_cancelling_an_applied_change_is_refused_with_a_message(client, org, plan, ahead, users):
    change = plan(Kind.EXIT, person=org["agents"][0].holder)
    change_apply(change_id=change.pk, today=ahead)
    client.force_login(users["hr"])

    answer = client.post(reverse("planned:cancel", args=[change.pk]), follow=True)

    assert "only a pending change can be cancelled" in answer.content.decode()
    change.refresh_from_db()
    assert change.status == Status.APPLIED


@pytest.mark.parametrize("size", [2, 12])
def test_the_list_makes_the_same_queries_for_few_and_many_changes(
    client, org, plan, users, size, django_assert_num_queries
):
    for n in range(size):
        plan(
            Kind.ROLE,
            position=org["vacancy"],
            role=org["roles"]["lead"] if n % 2 == 0 else org["roles"]["agent"],
            effective_on=org["today"] + (n + 1) * DAY,
        )
    client.force_login(users["hr"])
    # session, user, groups, count, the page of changes with their people, seats and roles
    with django_assert_num_queries(5):
        assert client.get(reverse("planned:list")).status_code == 200


@pytest.mark.parametrize("size", [1, 10])
def test_the_person_page_reads_planned_changes_in_one_query(
    client, org, plan, users, size, django_assert_num_queries
):
    ania = org["agents"][0].holder
    for n in range(size):
        plan(
            Kind.SALARY,
            person=ania,
            salary=Decimal(33000 + n),
            effective_on=org["today"] + (n + 1) * DAY,
        )
    client.force_login(users["hr"])
    # the page's own (tests/pages/test_person.py) and one for the planned changes
    with django_assert_num_queries(14):
        client.get(person_url(ania))


# ---------------------------------------------------------------- planning from forms


def test_a_move_in_the_admin_dated_after_today_is_planned_not_made(client, org, ahead, users):
    ben = org["agents"][1].holder
    client.force_login(users["hr"])

    answer = client.post(
        reverse("admin:people_person_move", args=[ben.pk]),
        {"position": org["vacancy"].pk, "on": ahead.isoformat(), "note": "Team split"},
    )

    assert answer.status_code == 302
    change = PlannedChange.objects.get()
    assert (change.kind, change.person, change.position) == (Kind.TRANSFER, ben, org["vacancy"])
    assert Person.objects.get(pk=ben.pk).position == org["agents"][1]


def test_a_move_in_the_admin_into_a_seat_planned_for_someone_else_is_refused(
    client, org, plan, ahead, users
):
    plan(Kind.HIRE, person=PersonFactory(), position=org["vacancy"])
    client.force_login(users["hr"])

    answer = client.post(
        reverse("admin:people_person_move", args=[org["agents"][1].holder.pk]),
        {"position": org["vacancy"].pk, "on": (ahead + DAY).isoformat(), "note": "Team split"},
    )

    assert answer.status_code == 200
    assert f"Seat #{org['vacancy'].pk} will be held by then." in answer.content.decode()
    assert PlannedChange.objects.count() == 1


def test_hr_plans_a_move_of_a_seat_in_the_admin(client, org, ahead, users):
    client.force_login(users["hr"])

    answer = client.post(
        reverse("admin:planning_plannedchange_add"),
        {
            "kind": "move",
            "effective_on": ahead.isoformat(),
            "position": org["vacancy"].pk,
            "new_manager": org["middle"].pk,
        },
    )

    assert answer.status_code == 302
    change = PlannedChange.objects.get()
    assert (change.planned_by, change.new_manager) == (users["hr"], org["middle"])


def test_the_admin_refuses_a_change_for_the_past_and_saves_nothing(client, org, users):
    client.force_login(users["hr"])

    answer = client.post(
        reverse("admin:planning_plannedchange_add"),
        {
            "kind": "exit",
            "effective_on": org["today"].isoformat(),
            "person": org["agents"][0].holder.pk,
        },
    )

    assert "A planned change takes effect after today." in answer.content.decode()
    assert not PlannedChange.objects.exists()


def test_the_admin_refuses_a_change_of_the_wrong_shape(client, org, ahead, users):
    client.force_login(users["hr"])

    answer = client.post(
        reverse("admin:planning_plannedchange_add"),
        {"kind": "exit", "effective_on": ahead.isoformat()},
    )

    assert "An exit names the person who leaves, nothing else." in answer.content.decode()
    assert not PlannedChange.objects.exists()


def test_the_promotion_form_plans_a_promotion_dated_after_today(client, org, ahead, users):
    ben = org["agents"][1].holder
    client.force_login(users["hr"])

    answer = client.post(
        reverse("ladder:promote", args=[ben.pk]),
        {
            "other_seat": org["vacancy"].pk,
            "effective": ahead.isoformat(),
            "note": "ready",
            "exception_reason": "sideways for the new queue",
        },
    )

    assert answer.status_code == 302, answer.content.decode()[:3000]
    change = PlannedChange.objects.get()
    assert (change.kind, change.person, change.position) == (Kind.PROMOTION, ben, org["vacancy"])
    assert Person.objects.get(pk=ben.pk).position == org["agents"][1]


# ---------------------------------------------------------------- the org as it will be


def card(body: str, seat_id: int) -> str:
    start = body.index(f'id="seat-{seat_id}"')
    return body[start : body.index(">", start)]


def chart_on(client, user, day: datetime.date) -> str:
    client.force_login(user)
    answer = client.get(reverse("people:chart"), {"as_of": day.isoformat()})
    assert answer.status_code == 200
    return answer.content.decode()


def test_the_chart_of_a_future_day_shows_the_moves_due_by_then_as_a_projection(
    client, org, plan, ahead, users
):
    plan(Kind.MOVE, position=org["vacancy"], new_manager=org["middle"])

    before = chart_on(client, users["employee"], ahead - DAY)
    on_the_day = chart_on(client, users["employee"], ahead)

    assert f'data-manager="{org["team"].pk}"' in card(before, org["vacancy"].pk)
    assert f'data-manager="{org["middle"].pk}"' in card(on_the_day, org["vacancy"].pk)
    assert "A projection: the org as it will be on" in on_the_day
    assert Position.objects.get(pk=org["vacancy"].pk).manager == org["team"]


def test_the_projection_closes_and_opens_seats(client, org, plan, ahead, users):
    plan(Kind.CLOSE_SEAT, position=org["vacancy"])
    opened = plan(Kind.NEW_SEAT, new_manager=org["middle"], role=org["roles"]["lead"])

    body = chart_on(client, users["hr"], ahead)

    assert f'id="seat-{org["vacancy"].pk}"' not in body
    assert f'id="seat--{opened.pk}"' in body  # the planned seat, numbered -change id
    assert 'data-direct="2"' in card(body, org["middle"].pk)


@pytest.mark.parametrize(("who", "sees"), [("employee", False), ("manager", True), ("hr", True)])
def test_the_projection_shows_a_planned_exit_only_to_whom_exit_dates_show(
    client, org, plan, ahead, users, who, sees
):
    org["team"].holder.user = users["manager"]
    org["team"].holder.save()
    ania = org["agents"][0].holder
    plan(Kind.EXIT, person=ania)

    body = chart_on(client, users[who], ahead)

    assert ('data-name="Ania' in card(body, org["agents"][0].pk)) is not sees


@pytest.mark.parametrize("extra", [2, 12])
def test_the_projection_makes_the_same_queries_at_any_size(
    client, org, plan, ahead, users, extra, django_assert_num_queries
):
    from tests.people.factories import seat

    for _n in range(extra):
        seat(manager=org["team"], role=org["roles"]["agent"], holder=PersonFactory())
    plan(Kind.MOVE, position=org["vacancy"], new_manager=org["middle"])
    plan(Kind.EXIT, person=org["agents"][0].holder)
    client.force_login(users["manager"])
    # session, user, groups, the planned changes, the manager's subtree, the seats and the
    # people they name, today's seats, then roles, people and sites of the cards shown, the site
    # of the manager's seat (the header's staffing plan link)
    with django_assert_num_queries(10):
        client.get(reverse("people:chart"), {"as_of": ahead.isoformat()})


def test_the_list_shows_failed_changes_first_then_pending_ones_by_day(
    client, org, plan, ahead, users
):
    later = plan(Kind.CLOSE_SEAT, position=org["vacancy"], effective_on=ahead + DAY)
    doomed = plan(Kind.EXIT, person=org["agents"][0].holder, effective_on=ahead + 5 * DAY)
    sooner = plan(Kind.ROLE, position=org["agents"][1], role=org["roles"]["lead"])
    Person.objects.filter(pk=org["agents"][0].holder.pk).update(left_on=org["today"])
    change_apply(change_id=doomed.pk, today=ahead + 5 * DAY)

    body = page(client, users["hr"], reverse("planned:list"))

    rows = [body.index(f'id="change-{c.pk}"') for c in (doomed, sooner, later)]
    assert rows == sorted(rows)
    assert 'class="failed"' in body


def test_the_admin_says_why_a_seat_another_change_will_open_cannot_be_named(
    client, org, plan, ahead, users
):
    plan(Kind.NEW_SEAT, new_manager=org["team"], role=org["roles"]["agent"])
    client.force_login(users["hr"])
    unknown = Position.objects.order_by("-pk").first().pk + 1

    answer = client.post(
        reverse("admin:planning_plannedchange_add"),
        {
            "kind": "move",
            "effective_on": (ahead + DAY).isoformat(),
            "position": org["vacancy"].pk,
            "new_manager": unknown,
        },
    )

    body = answer.content.decode()
    assert f"There is no seat #{unknown}. A seat that another planned change will open" in body
    assert "A seat another planned change will open can be named once it exists." in body
    assert PlannedChange.objects.count() == 1
