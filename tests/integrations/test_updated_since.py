"""`?updated_since=` on every list: the rows created or changed at or after a moment, read from the
history, at the same query count for any number of rows."""

import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from integrations.updated_since import OWNED
from ladder import services as ladder_services
from ladder.models import Promotion
from people import services
from tests.helpers import problem_errors
from tests.ladder.factories import PathSkillFactory, PromotionPathFactory
from tests.people.factories import PersonFactory, seat
from tests.roles.factories import RoleFactory, RoleSkillFactory, SalaryBandFactory, SkillFactory

from .conftest import V1

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - datetime.timedelta(days=400)


def age_the_history() -> None:
    """Everything so far happened long ago: the moment asked for lies between it and now."""
    labels = {label for sources in OWNED.values() for label, _ in sources} | {"roles.skill"}
    for label in labels:
        apps.get_model(label).history.model.objects.update(history_date=LONG_AGO)
    Promotion.objects.update(created_at=LONG_AGO)


def since(minutes: int = 5) -> str:
    return (timezone.now() - datetime.timedelta(minutes=minutes)).isoformat()


def ids(client, url: str, moment: str) -> set[int]:
    answer = client.get(url, {"updated_since": moment, "page_size": 500})
    assert answer.status_code == 200, answer.content
    return {row["id"] for row in answer.json()["results"]}


def test_people_changed_through_themselves_their_skills_or_their_seat(org, hr):
    ania, ben = (s.holder for s in org["agents"])
    lena, henrik = org["team"].holder, org["middle"].holder
    clara = org["top"].holder
    age_the_history()
    ania.email = "ania.new@example.com"
    ania.save()
    ben.skills.create(skill=SkillFactory(), level=3)
    services.position_move(position=org["team"], new_manager=org["top"])  # Lena's seat
    newcomer = PersonFactory()

    changed = ids(hr, f"{V1}/people/", since())

    assert changed == {ania.pk, ben.pk, lena.pk, newcomer.pk}
    assert henrik.pk not in changed and clara.pk not in changed


def test_seats_changed_or_filled(org, hr):
    age_the_history()
    services.person_hire(
        person=PersonFactory(), position=org["vacancy"], started_on=datetime.date(2026, 1, 5)
    )
    new = seat(role=org["roles"]["agent"], manager=org["team"])

    assert ids(hr, f"{V1}/positions/", since()) == {org["vacancy"].pk, new.pk}


def test_roles_changed_through_their_duties_skills_or_bands(org, hr):
    roles = org["roles"]
    age_the_history()
    roles["agent"].responsibilities.create(text="Answers calls")
    RoleSkillFactory(role=roles["lead"])
    SalaryBandFactory(role=roles["head"])
    new = RoleFactory(parent=roles["cco"])

    assert ids(hr, f"{V1}/roles/", since()) == {
        roles["agent"].pk,
        roles["lead"].pk,
        roles["head"].pk,
        new.pk,
    }


def a_path(org) -> object:
    roles = org["roles"]
    return PromotionPathFactory(from_role=RoleFactory(parent=roles["lead"]), to_role=roles["lead"])


def test_skills_paths_and_promotions(org, hr, users):
    old_skill, old_path, path = SkillFactory(), a_path(org), a_path(org)
    old_promotion = ladder_services.promote_person(
        person=org["agents"][0].holder,
        to_position=org["vacancy"],
        approved_by=users["hr"],
        effective=datetime.date(2025, 2, 1),
        exception_reason="test",
    )
    age_the_history()
    skill = SkillFactory()
    PathSkillFactory(path=path, skill=old_skill)  # the path changed, the skill did not
    promotion = ladder_services.promote_person(
        person=org["agents"][1].holder,
        to_position=org["agents"][0],
        approved_by=users["hr"],
        effective=datetime.date(2026, 2, 1),
        exception_reason="test",
    )

    assert ids(hr, f"{V1}/skills/", since()) == {skill.pk}
    assert ids(hr, f"{V1}/promotion-paths/", since()) == {path.pk}
    assert ids(hr, f"{V1}/promotions/", since()) == {promotion.pk}
    assert old_path.pk != path.pk and old_promotion.pk != promotion.pk


def test_a_moment_with_an_offset_counts_in_its_own_time(org, hr):
    age_the_history()
    person = PersonFactory()
    berlin_an_hour_ago = (timezone.now() - datetime.timedelta(hours=1)).astimezone(
        datetime.timezone(datetime.timedelta(hours=1))
    )
    assert ids(hr, f"{V1}/people/", berlin_an_hour_ago.isoformat()) == {person.pk}
    assert ids(hr, f"{V1}/people/", timezone.now().isoformat()) == set()
    assert ids(
        hr,
        f"{V1}/people/",
        (timezone.now() - datetime.timedelta(seconds=5)).strftime("%Y-%m-%dT%H:%M:%SZ"),
    ) == {person.pk}


@pytest.mark.parametrize("who", ["hr", "employee"])
@pytest.mark.parametrize("name", ["people", "positions", "roles"])
def test_any_offset_python_reads_and_the_first_and_last_days_answer_without_a_server_error(
    org, as_user, who, name
):
    """Python takes offsets up to ±23:59 and PostgreSQL up to ±15:59: the moment is asked in UTC
    (schemathesis sent 0206-10-22T23:36:43.897+20:40). Before the first day everything changed
    since; after the last, nothing."""
    url, client = f"{V1}/{name}/", as_user(who)
    everything = ids(client, url, "0001-01-01T00:00:00Z")
    assert everything and everything == {row["id"] for row in client.get(url).json()["results"]}
    for moment in ["0206-10-22T23:36:43.897+20:40", "0001-01-01T00:00:00+23:59"]:
        assert ids(client, url, moment) == everything, moment
    for moment in ["9999-12-31T23:59:59.999999-23:59", "9999-12-31T23:59:59Z"]:
        assert ids(client, url, moment) == set(), moment


@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "2026-11-30",
        "2026-11-30T08:00:00",
        "2026-11-30T08:00:00 01:00",
        "",
        "2026-13-01T00:00Z",
    ],
)
def test_a_moment_without_an_offset_or_not_a_moment_is_refused(org, hr, value):
    answer = hr.get(f"{V1}/people/", {"updated_since": value})
    assert answer.status_code == 400
    [message] = problem_errors(answer)["updated_since"]
    assert "offset" in message and "2026-11-30T08:00:00Z" in message


def test_who_is_not_hr_gets_people_and_seats_changed_since_the_first_of_that_month(org, as_user):
    ania = org["agents"][0].holder
    age_the_history()
    first = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    history = type(ania).history.model
    history.objects.filter(id=ania.pk).update(history_date=first + datetime.timedelta(hours=1))
    moment = timezone.now().isoformat()  # after Ania's change: HR sees nothing

    assert ids(as_user("hr"), f"{V1}/people/", moment) == set()
    assert ids(as_user("employee"), f"{V1}/people/", moment) == {ania.pk}


LISTS = ["roles", "skills", "people", "positions", "promotion-paths", "promotions"]


def test_every_list_declares_updated_since_in_the_schema(org, hr):
    schema = hr.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for name in LISTS:
        parameters = schema["paths"][f"{V1}/{name}/"]["get"]["parameters"]
        [declared] = [p for p in parameters if p["name"] == "updated_since"]
        assert declared["schema"] == {"type": "string", "format": "date-time"}
    assert all(
        p["name"] != "updated_since"
        for p in schema["paths"][f"{V1}/people/{{id}}/"]["get"].get("parameters", [])
    )


def make_changes(org, size: int) -> None:
    roles = org["roles"]
    for _ in range(size):
        seat(role=roles["agent"], manager=org["team"], holder=PersonFactory())
        RoleFactory(parent=roles["lead"]).responsibilities.create(text="duty")
        PathSkillFactory(path=a_path(org), skill=SkillFactory())


@pytest.mark.parametrize("name", LISTS)
def test_a_list_asked_for_what_changed_makes_the_same_queries_for_3_rows_as_for_30(
    org, hr, name, django_assert_num_queries
):
    url = f"{V1}/{name}/"
    make_changes(org, 3)
    hr.get(url, {"updated_since": since(), "page_size": 500})  # groups, throttles: warm
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        hr.get(url, {"updated_since": since(), "page_size": 500})
    make_changes(org, 27)
    with django_assert_num_queries(len(small)):
        hr.get(url, {"updated_since": since(), "page_size": 500})


def test_a_re_sync_of_100_changes_in_a_3000_seat_org_reads_only_what_changed(hr, users):
    from io import StringIO

    from django.core.management import call_command

    from people.models import Person, Position

    call_command("load_demo", people=3000, seed=3, stdout=StringIO())
    age_the_history()
    _, head = hr.get(f"{V1}/changes/head/").json().popitem()
    moment = since(1)
    leaves = list(Position.objects.filter(direct_count=0, holder__isnull=False).order_by("id"))
    moved, renamed = leaves[:30], leaves[30:100]
    for position in moved:
        services.position_move(position=position, new_manager=leaves[-1].manager)
    for position in renamed:
        person = Person.objects.get(pk=position.holder_id)
        person.email = f"new.{person.pk}@example.com"
        person.save()

    calls, people = 0, set()
    url = f"{V1}/people/?updated_since={moment.replace('+', '%2B')}&page_size=500"
    while url:
        answer = hr.get(url).json()
        calls += 1
        people |= {row["id"] for row in answer["results"]}
        url = answer["next"]
    seats = ids(hr, f"{V1}/positions/", moment)
    changes = hr.get(f"{V1}/changes/", {"after": head, "limit": 1000}).json()["results"]

    assert Position.objects.count() >= 3000
    assert calls == 1
    assert people == {p.holder_id for p in moved + renamed}
    assert seats == {p.pk for p in moved}
    assert len(changes) == 100
