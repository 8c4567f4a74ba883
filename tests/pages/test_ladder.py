import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from ladder.models import CareerTrack, Promotion, PromotionPath, Rung
from people.models import Position
from tests.ladder.factories import PromotionPathFactory
from tests.people.factories import PersonFactory, seat
from tests.roles.factories import RoleFactory, SalaryBandFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed():
    call_command("load_demo", people=0, stdout=StringIO())


def test_the_ladder_page_draws_both_tracks_and_the_path_graph(employee_client, seed):
    body = employee_client.get(reverse("ladder:index")).content.decode()
    assert body.count('class="ladder-svg"') == 2
    assert "Junior Consultant" in body and "Chief Customer Officer" in body
    assert "32,000–35,000 USD" in body  # the consultant's band from the source
    assert (
        body.count('class="edge lateral"') == PromotionPath.objects.filter(kind="lateral").count()
    )


def test_the_ladder_page_follows_the_language_and_its_currency(client, users, seed):
    client.force_login(users["employee"])
    client.cookies["django_language"] = "pl"
    body = client.get(reverse("ladder:index")).content.decode()
    assert "Konsultant" in body and "PLN" in body


def test_the_ladder_page_with_no_tracks_says_so(employee_client):
    body = employee_client.get(reverse("ladder:index")).content.decode()
    assert "No career tracks yet" in body and "No promotion paths yet" in body


def test_an_unknown_currency_is_ignored(employee_client, seed):
    assert employee_client.get(reverse("ladder:index") + "?currency=XYZ").status_code == 200


def add_rungs(track, count):
    parent = RoleFactory()
    for i in range(count):
        role = RoleFactory(parent=parent, career_level=i + 1)
        SalaryBandFactory(role=role, currency="USD", effective_from=datetime.date(2024, 1, 1))
        Rung.objects.create(track=track, role=role, order=i + 1, typical_months=12)
        if i:
            PromotionPathFactory(from_role=previous, to_role=role)  # noqa: F821
        previous = role  # noqa: F841


@pytest.mark.parametrize("rungs", [2, 8])
def test_the_ladder_page_makes_the_same_queries_for_more_rungs(
    employee_client, django_assert_num_queries, rungs
):
    add_rungs(CareerTrack.objects.create(name="Track", slug="track"), rungs)
    # session, user, tracks, rungs+roles, bands, paths, the groups (the header's links)
    with django_assert_num_queries(7):
        employee_client.get(reverse("ladder:index"))


@pytest.fixture
def promotable():
    lead_role = RoleFactory(title="Team Leader")
    agent_role = RoleFactory(title="Agent", parent=lead_role)
    PromotionPathFactory(from_role=agent_role, to_role=lead_role, min_months=0)
    top = seat(role=lead_role, holder=PersonFactory(first_name="Top"))
    vacancy = seat(role=lead_role, manager=top)
    person = PersonFactory(first_name="Ola")
    seat(role=agent_role, manager=top, holder=person, started_on=datetime.date(2024, 1, 1))
    return person, vacancy


def test_hr_promotes_a_person_from_the_form(client, hr_user, promotable):
    person, vacancy = promotable
    client.force_login(hr_user)
    url = reverse("ladder:promote", args=[person.pk])
    assert f"#{vacancy.pk} Team Leader" in client.get(url).content.decode()
    response = client.post(url, {"to_position": vacancy.pk, "effective": "2025-01-01"})
    assert response.status_code == 302
    assert Position.objects.get(pk=vacancy.pk).holder == person
    assert Promotion.objects.get().approved_by == hr_user


def test_the_promote_form_shows_what_stands_in_the_way(client, hr_user, promotable):
    person, vacancy = promotable
    client.force_login(hr_user)
    response = client.post(
        reverse("ladder:promote", args=[person.pk]),
        {"to_position": vacancy.pk, "effective": "2023-01-01"},
    )
    assert "before their current assignment began" in response.content.decode()
    assert Position.objects.get(pk=vacancy.pk).holder is None


def test_an_unknown_other_seat_number_gets_a_message(client, hr_user, promotable):
    person, _ = promotable
    client.force_login(hr_user)
    response = client.post(
        reverse("ladder:promote", args=[person.pk]),
        {"other_seat": 999999, "effective": "2025-01-01"},
    )
    assert "There is no seat number 999999" in response.content.decode()


def test_employees_cannot_promote(employee_client, promotable):
    person, vacancy = promotable
    response = employee_client.post(
        reverse("ladder:promote", args=[person.pk]),
        {"to_position": vacancy.pk, "effective": "2025-01-01"},
    )
    assert response.status_code == 403
    assert not Promotion.objects.exists()


def test_promoting_an_unknown_person_is_404(client, hr_user):
    client.force_login(hr_user)
    assert client.get(reverse("ladder:promote", args=[424242])).status_code == 404
