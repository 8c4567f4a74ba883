"""Exits and seat removal through the API, and the org as of a date."""

import datetime

import pytest
from django.utils import timezone

from people.models import Assignment, AssignmentReason, Person, Position
from tests.api.conftest import V1
from tests.helpers import problem_errors
from tests.people.factories import PersonFactory, seat

pytestmark = pytest.mark.django_db


def test_hr_ends_a_persons_employment_and_the_seat_stays_with_its_reports(hr, org):
    team = org["team"]
    lena = team.holder

    response = hr.post(
        f"{V1}/people/{lena.pk}/exit/",
        {"left_on": org["today"].isoformat(), "note": "moved abroad"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["position"] is None
    lena.refresh_from_db()
    assert lena.left_on == org["today"]
    team.refresh_from_db()
    assert team.holder_id is None
    assert Position.objects.filter(manager=team).count() == 3
    ended = Assignment.objects.get(person=lena)
    assert (ended.end_reason, ended.note) == (AssignmentReason.EXIT, "moved abroad")
    assert Person.history.model.objects.filter(id=lena.pk).latest().history_user.username == (
        "hanna"
    )


def test_an_employee_cannot_end_anyones_employment(employee, org):
    lena = org["team"].holder

    response = employee.post(
        f"{V1}/people/{lena.pk}/exit/", {"left_on": "2026-01-01"}, format="json"
    )

    assert response.status_code == 403
    lena.refresh_from_db()
    assert lena.left_on is None


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({}, "left_on", "This field is required."),
        ({"left_on": "soon"}, "left_on", "Date has wrong format."),
        ({"left_on": "2019-01-01"}, "left_on", "The exit date is before the hire date"),
    ],
)
def test_a_bad_exit_is_a_400_naming_the_field_and_changes_nothing(hr, org, body, field, message):
    lena = org["team"].holder

    response = hr.post(f"{V1}/people/{lena.pk}/exit/", body, format="json")

    assert response.status_code == 400
    assert message in " ".join(problem_errors(response)[field])
    assert Position.objects.get(pk=org["team"].pk).holder_id == lena.pk


def test_a_second_exit_is_refused(hr, org):
    lena = org["team"].holder
    hr.post(f"{V1}/people/{lena.pk}/exit/", {"left_on": "2026-01-01"}, format="json")

    response = hr.post(f"{V1}/people/{lena.pk}/exit/", {"left_on": "2026-02-01"}, format="json")

    assert response.status_code == 400
    assert "already left on 2026-01-01" in problem_errors(response)["left_on"][0]


def test_exiting_an_unknown_person_is_a_404(hr, org):
    assert hr.post(f"{V1}/people/999999/exit/", {"left_on": "2026-01-01"}).status_code == 404


def test_removing_a_vacant_seat_with_reports_sends_them_where_asked(hr, org):
    team = org["team"]
    team_holder = team.holder
    hr.post(f"{V1}/people/{team_holder.pk}/exit/", {"left_on": "2026-01-01"}, format="json")
    Assignment.objects.filter(position=team).delete()  # a seat with history is kept; not this one

    response = hr.delete(f"{V1}/positions/{team.pk}/?reports_to={org['top'].pk}")

    assert response.status_code == 204
    assert not Position.objects.filter(pk=team.pk).exists()
    assert Position.objects.filter(manager=org["top"]).count() == 4
    top = Position.objects.get(pk=org["top"].pk)
    assert (top.direct_count, top.seat_count, top.headcount) == (4, 4, 3)
    assert Position.history.model.objects.filter(id=team.pk).latest().history_type == "-"


def test_removing_a_seat_into_its_own_subtree_is_a_409_and_changes_nothing(hr, org):
    lead = seat(role=org["roles"]["lead"], manager=org["middle"])
    below = seat(role=org["roles"]["agent"], manager=lead)

    response = hr.delete(f"{V1}/positions/{lead.pk}/?reports_to={below.pk}")

    assert response.status_code == 409
    assert "cannot go to the removed seat" in response.json()["detail"]
    assert Position.objects.get(pk=below.pk).manager_id == lead.pk


def test_removing_a_held_seat_is_a_409(hr, org):
    response = hr.delete(f"{V1}/positions/{org['team'].pk}/")

    assert response.status_code == 409
    assert "The seat is held" in response.json()["detail"]


def test_the_schema_documents_exit_and_seat_removal(anon):
    schema = anon.get("/api/schema/", HTTP_ACCEPT="application/json").json()

    exit_op = schema["paths"]["/api/v1/people/{id}/exit/"]["post"]
    delete_op = schema["paths"]["/api/v1/positions/{id}/"]["delete"]
    children = schema["paths"]["/api/v1/positions/{id}/children/"]["get"]
    assert {"200", "400", "403", "404", "409"} <= set(exit_op["responses"])
    assert {"204", "400", "404", "409"} <= set(delete_op["responses"])
    assert "reports_to" in {p["name"] for p in delete_op["parameters"]}
    assert "as_of" in {p["name"] for p in children["parameters"]}


def test_the_children_of_a_seat_as_of_a_date_come_from_the_history(employee, org):
    team = org["team"]
    ania = org["agents"][0].holder
    hired_on = datetime.date(2023, 1, 1)  # the factories' start date
    long_ago = timezone.make_aware(datetime.datetime(2022, 12, 31))
    Position.history.model.objects.update(history_date=long_ago)  # the seats are older
    # Ania joined the team later than the others: before that, her seat was vacant.
    Assignment.objects.filter(person=ania).update(started_on=hired_on + datetime.timedelta(days=30))

    before = employee.get(f"{V1}/positions/{team.pk}/children/?as_of=2023-01-15").json()
    today = employee.get(f"{V1}/positions/{team.pk}/children/").json()

    holders = [c["first_name"] for c in before["children"]]
    assert sorted(filter(None, holders)) == ["Ben"]
    assert before["position"]["direct_count"] == 3
    assert sorted(filter(None, (c["first_name"] for c in today["children"]))) == ["Ania", "Ben"]


@pytest.mark.parametrize("raw", ["2026-02-30", "tomorrow"])
def test_a_bad_as_of_date_is_a_400(employee, org, raw):
    response = employee.get(f"{V1}/positions/{org['team'].pk}/children/", {"as_of": raw})

    assert response.status_code == 400
    assert "use YYYY-MM-DD" in problem_errors(response)["as_of"][0]


def test_a_future_as_of_date_answers_the_org_as_planned(employee, org):
    """Issue 17: a day after today is the projection of the planned changes (none here)."""
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    response = employee.get(f"{V1}/positions/{org['team'].pk}/children/", {"as_of": future})

    assert response.status_code == 200
    assert [c["id"] for c in response.json()["children"]] == sorted(
        [s.pk for s in org["agents"]] + [org["vacancy"].pk]
    )


def test_a_seat_created_after_the_date_is_not_found_as_of_then(employee, org):
    new = seat(role=org["roles"]["agent"], manager=org["team"], holder=PersonFactory())
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()

    response = employee.get(f"{V1}/positions/{new.pk}/children/", {"as_of": yesterday})

    assert response.status_code == 404
