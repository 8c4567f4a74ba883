"""/api/v1/planned-changes/: HR lists, plans, reads and cancels; refusals as problem details."""

import datetime

import pytest

from planning.models import Kind, PlannedChange, Status
from planning.services import change_apply
from tests.planning import conftest as planning

from .conftest import V1

pytestmark = pytest.mark.django_db
URL = f"{V1}/planned-changes/"
DAY = datetime.timedelta(days=1)
ahead, plan = planning.ahead, planning.plan


def test_hr_plans_a_move_and_reads_it_back(hr, org, ahead, users):
    answer = hr.post(
        URL,
        {
            "kind": "move",
            "effective_on": ahead.isoformat(),
            "position": org["vacancy"].pk,
            "new_manager": org["middle"].pk,
        },
        format="json",
        HTTP_IDEMPOTENCY_KEY="plan-1",
    )

    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert (body["kind"], body["status"], body["position"], body["new_manager"]) == (
        "move",
        "pending",
        org["vacancy"].pk,
        org["middle"].pk,
    )
    assert body["planned_by"] == "hanna"
    assert body["description"].startswith(f"Seat #{org['vacancy'].pk} moves to Henrik")
    assert hr.get(f"{URL}{body['id']}/").json() == body


def test_a_retried_plan_with_its_idempotency_key_plans_once(hr, org, ahead):
    data = {"kind": "close_seat", "effective_on": ahead.isoformat(), "position": org["vacancy"].pk}

    first = hr.post(URL, data, format="json", HTTP_IDEMPOTENCY_KEY="close-1")
    again = hr.post(URL, data, format="json", HTTP_IDEMPOTENCY_KEY="close-1")

    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    assert PlannedChange.objects.count() == 1


def test_a_plan_that_cannot_apply_is_refused_as_a_problem_and_saves_nothing(hr, org, plan):
    plan(Kind.CLOSE_SEAT, position=org["vacancy"])

    answer = hr.post(
        URL,
        {
            "kind": "hire",
            "effective_on": (org["today"] + 20 * DAY).isoformat(),
            "position": org["vacancy"].pk,
            "person": org["agents"][0].holder.pk,
        },
        format="json",
    )

    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/problem+json"
    errors = {(e["pointer"], e["detail"]) for e in answer.json()["errors"]}
    assert (
        "/position",
        f"Seat #{org['vacancy'].pk} will no longer be in the org by then.",
    ) in errors
    assert PlannedChange.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "pointer"),
    [
        ({"kind": "promotion_now"}, "/kind"),
        ({"kind": "exit", "effective_on": "1.3.2027"}, "/effective_on"),
        ({"kind": "exit", "person": "7"}, "/person"),
        ({"kind": "salary", "salary": "-5"}, "/salary"),
    ],
)
def test_bad_input_is_refused_field_by_field(hr, org, ahead, data, pointer):
    answer = hr.post(URL, {"effective_on": ahead.isoformat(), **data}, format="json")

    assert answer.status_code == 400
    assert pointer in {e.get("pointer") for e in answer.json()["errors"]}
    assert not PlannedChange.objects.exists()


def test_a_change_of_the_wrong_shape_is_refused(hr, org, ahead):
    answer = hr.post(
        URL,
        {"kind": "exit", "effective_on": ahead.isoformat(), "position": org["vacancy"].pk},
        format="json",
    )

    assert answer.status_code == 400
    assert answer.json()["errors"][0]["detail"] == (
        "An exit names the person who leaves, nothing else."
    )


def test_hr_cancels_a_pending_change_and_not_an_applied_one(hr, org, plan, ahead):
    pending = plan(Kind.CLOSE_SEAT, position=org["vacancy"])
    applied = plan(Kind.EXIT, person=org["agents"][0].holder)
    change_apply(change_id=applied.pk, today=ahead)

    cancelled = hr.post(f"{URL}{pending.pk}/cancel/", HTTP_IDEMPOTENCY_KEY="c-1")
    refused = hr.post(f"{URL}{applied.pk}/cancel/")

    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    assert (refused.status_code, refused.json()["code"]) == (409, "change_not_pending")
    assert PlannedChange.objects.get(pk=applied.pk).status == Status.APPLIED


def test_the_list_filters_by_status_kind_person_and_day(hr, org, plan, ahead):
    ania = org["agents"][0].holder
    exit_ = plan(Kind.EXIT, person=ania, effective_on=ahead + 5 * DAY)
    close = plan(Kind.CLOSE_SEAT, position=org["vacancy"])

    def ids(query: str) -> list[int]:
        return [row["id"] for row in hr.get(f"{URL}?{query}").json()["results"]]

    assert ids("") == [close.pk, exit_.pk]
    assert ids("kind=exit") == [exit_.pk]
    assert ids(f"person={ania.pk}") == [exit_.pk]
    assert ids(f"effective_before={ahead.isoformat()}") == [close.pk]
    assert ids("status=failed") == []
    assert hr.get(f"{URL}?state=pending").json()["code"] == "unknown_parameter"
    assert hr.get(f"{URL}?kind=raise").json()["code"] == "invalid_filter"


@pytest.mark.parametrize("who", ["employee", "manager", "outsider"])
def test_planned_changes_are_hr_s(as_user, org, plan, who, users):
    client = as_user(who)
    change = plan(Kind.EXIT, person=org["agents"][0].holder)

    for answer in (
        client.get(URL),
        client.get(f"{URL}{change.pk}/"),
        client.post(URL, {"kind": "exit"}, format="json"),
        client.post(f"{URL}{change.pk}/cancel/"),
    ):
        assert answer.status_code == 403
        assert answer.json()["detail"] == "Planned changes are for HR."
    assert PlannedChange.objects.get().status == Status.PENDING


@pytest.mark.parametrize("size", [2, 12])
def test_the_list_makes_the_same_queries_for_few_and_many(
    hr, org, plan, size, django_assert_num_queries
):
    for n in range(size):
        role = org["roles"]["lead"] if n % 2 == 0 else org["roles"]["agent"]
        plan(
            Kind.ROLE,
            position=org["vacancy"],
            role=role,
            effective_on=org["today"] + (n + 1) * DAY,
        )
    # session, user, groups, count, the page with its people, seats, roles and planners
    with django_assert_num_queries(5):
        assert hr.get(URL).status_code == 200


def test_the_children_of_a_seat_on_a_future_day_are_a_projection(employee, org, plan, ahead):
    plan(Kind.MOVE, position=org["vacancy"], new_manager=org["middle"])
    opened = plan(Kind.NEW_SEAT, new_manager=org["middle"], role=org["roles"]["agent"])
    url = f"{V1}/positions/{org['middle'].pk}/children/"

    today = employee.get(url).json()
    planned = employee.get(url, {"as_of": ahead.isoformat()}).json()

    assert [c["id"] for c in today["children"]] == [org["team"].pk]
    assert [c["id"] for c in planned["children"]] == [-opened.pk, org["team"].pk, org["vacancy"].pk]
    assert planned["position"]["direct_count"] == 3
    assert employee.get(url, {"as_of": "2027-02-30"}).status_code == 400


def test_a_planned_exit_shows_in_the_projected_children_only_to_whom_its_date_shows(
    as_user, org, plan, ahead
):
    plan(Kind.EXIT, person=org["agents"][0].holder)
    url = f"{V1}/positions/{org['team'].pk}/children/?as_of={ahead.isoformat()}"

    def holder(who: str):
        children = as_user(who).get(url).json()["children"]
        return next(c["holder_id"] for c in children if c["id"] == org["agents"][0].pk)

    assert holder("employee") == org["agents"][0].holder.pk
    assert holder("hr") is None


def test_naming_a_seat_another_planned_change_will_open_is_refused_saying_why(hr, org, plan, ahead):
    opened = plan(Kind.NEW_SEAT, new_manager=org["team"], role=org["roles"]["agent"])
    projected = -opened.pk  # the id the projection gives the seat

    answer = hr.post(
        URL,
        {
            "kind": "move",
            "effective_on": (ahead + DAY).isoformat(),
            "position": org["vacancy"].pk,
            "new_manager": projected,
        },
        format="json",
    )

    assert answer.status_code == 400
    assert answer.json()["errors"] == [
        {
            "pointer": "/new_manager",
            "code": "does_not_exist",
            "detail": f"There is no seat #{projected}. A seat that another planned change will "
            "open cannot be named yet: it gets its number when that change takes effect; plan "
            "this change after that day.",
        }
    ]
    assert PlannedChange.objects.count() == 1
