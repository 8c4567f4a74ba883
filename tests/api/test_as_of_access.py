"""The org as of a date tells no more about hire and exit dates than the person's own page does:
bisecting dates finds the month for those who may not see the dates, the day for those who may."""

import datetime

import pytest
from django.utils import timezone

from people import services
from people.models import Position
from tests.api.conftest import V1
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

HIRED, LEFT = datetime.date(2025, 4, 17), datetime.date(2025, 9, 10)


@pytest.fixture
def zora(org):
    """Zora takes the team's vacancy on 17 April 2025; the seats are on record since 2020, so the
    history knows them on every date asked."""
    zora = PersonFactory(first_name="Zora", hire_date=HIRED)
    services.person_hire(person=zora, position=org["vacancy"], started_on=HIRED)
    since = timezone.make_aware(datetime.datetime(2020, 1, 1))
    Position.history.model.objects.update(history_date=since)
    return zora


@pytest.fixture
def zora_left(zora):
    """… and leaves on 10 September 2025."""
    services.person_exit(person=zora, left_on=LEFT)
    Position.history.model.objects.update(
        history_date=timezone.make_aware(datetime.datetime(2020, 1, 1))
    )
    return zora


def shows_zora_in_the_api(client, team: int, day: datetime.date) -> bool:
    answer = client.get(f"{V1}/positions/{team}/children/", {"as_of": day.isoformat()})
    assert answer.status_code == 200
    return "Zora" in {row["first_name"] for row in answer.json()["children"]}


def shows_zora_on_the_page(client, team: int, day: datetime.date) -> bool:
    answer = client.get("/org/", {"as_of": day.isoformat()})
    assert answer.status_code == 200
    return "Zora" in answer.content.decode()


def first_day(shown, low: datetime.date, high: datetime.date) -> datetime.date:
    """Bisect for the first day in (low, high] on which shown(day) differs from shown(low)."""
    before = shown(low)
    while (high - low).days > 1:
        middle = low + (high - low) / 2
        if shown(middle) == before:
            low = middle
        else:
            high = middle
    return high


@pytest.mark.parametrize("read", [shows_zora_in_the_api, shows_zora_on_the_page])
def test_bisecting_as_an_employee_finds_only_the_months_of_hire_and_exit(
    as_user, org, zora_left, read
):
    employee = as_user("employee")
    team = org["team"].pk

    def shown(day):
        return read(employee, team, day)

    hired = first_day(shown, datetime.date(2025, 1, 1), datetime.date(2025, 7, 1))
    left = first_day(shown, datetime.date(2025, 7, 1), datetime.date(2025, 12, 31))

    assert (hired, left) == (datetime.date(2025, 5, 1), datetime.date(2025, 10, 1))
    assert not any(shown(HIRED + datetime.timedelta(days=n)) for n in range(14))  # rest of April


@pytest.mark.parametrize("who", ["hr", "manager"])
def test_hr_and_zoras_manager_find_the_exact_days(as_user, users, org, zora, who):
    org["team"].holder.user = users["manager"]  # Lena, who leads the team Zora sat in
    org["team"].holder.save(update_fields=["user"])
    client = as_user(who)
    team = org["team"].pk

    def shown(day):
        return shows_zora_in_the_api(client, team, day)

    hired = first_day(shown, datetime.date(2025, 1, 1), datetime.date(2025, 7, 1))
    assert hired == HIRED
    assert shows_zora_on_the_page(client, team, HIRED)


def test_the_hr_view_finds_the_exit_day(as_user, org, zora_left):
    hr = as_user("hr")

    def shown(day):
        return shows_zora_in_the_api(hr, org["team"].pk, day)

    assert first_day(shown, datetime.date(2025, 7, 1), datetime.date(2025, 12, 31)) == LEFT


def test_a_person_sees_their_own_days(as_user, users, org, zora):
    zora.user = users["employee"]
    zora.save(update_fields=["user"])
    employee = as_user("employee")

    assert shows_zora_in_the_api(employee, org["team"].pk, HIRED)
    assert not shows_zora_in_the_api(employee, org["team"].pk, HIRED - datetime.timedelta(days=1))
