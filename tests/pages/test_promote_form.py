"""The promote form guides: a vacancy made in the same step, readiness, the new band, salary."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from ladder.models import Promotion
from people.models import Person, Position
from tests.ladder.factories import PathSkillFactory, PromotionPathFactory
from tests.people.factories import PersonFactory, seat
from tests.roles.factories import RoleFactory, SalaryBandFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_vacancy():
    """Ola, an agent under Top, is 2 levels short of Coaching for Team Leader, which has no
    vacant seat; her salary is below the Team Leader band."""
    lead_role = RoleFactory(title="Team Leader")
    agent_role = RoleFactory(title="Agent", parent=lead_role)
    path = PromotionPathFactory(from_role=agent_role, to_role=lead_role, min_months=0)
    PathSkillFactory(path=path, skill=SkillFactory(name="Coaching"), level=2)
    SalaryBandFactory(
        role=lead_role,
        minimum=32000,
        midpoint=35500,
        maximum=39000,
        effective_from=datetime.date(2024, 1, 1),
    )
    top = seat(role=lead_role, holder=PersonFactory(first_name="Top"))
    ola = PersonFactory(first_name="Ola", salary=Decimal("31100"), salary_currency="EUR")
    seat(role=agent_role, manager=top, holder=ola, started_on=datetime.date(2024, 1, 1))
    return ola, top, lead_role


def promote_url(person) -> str:
    return reverse("ladder:promote", args=[person.pk])


def test_with_no_vacancy_the_form_says_so_and_offers_to_create_one(client, hr_user, no_vacancy):
    ola, top, lead_role = no_vacancy
    client.force_login(hr_user)
    body = client.get(promote_url(ola)).content.decode()
    assert "No role this person's paths lead to has a vacant seat" in body
    assert f'<option value="{lead_role.pk}">Team Leader</option>' in body
    assert f'name="new_seat_manager" value="{top.pk}"' in body


def test_the_form_shows_readiness_and_where_the_salary_lands_in_the_new_band(
    client, hr_user, no_vacancy
):
    ola, _top, _role = no_vacancy
    client.force_login(hr_user)
    body = client.get(promote_url(ola)).content.decode()
    assert "not yet" in body
    assert "Coaching: level 0 of 2 needed" in body
    assert "32,000 – 39,000 EUR" in body
    assert "current salary below the band minimum by 900 EUR" in body


def test_hr_promotes_into_a_vacancy_created_in_the_same_step_with_a_reason_and_a_salary(
    client, hr_user, no_vacancy
):
    ola, top, lead_role = no_vacancy
    old_seat = ola.position
    client.force_login(hr_user)
    response = client.post(
        promote_url(ola),
        {
            "new_seat_role": lead_role.pk,
            "new_seat_manager": top.pk,
            "effective": "2025-06-01",
            "new_salary": "32000",
            "note": "Leads the pilot team already",
        },
    )
    assert response.status_code == 302
    new_seat = Position.objects.get(holder=ola)
    assert (new_seat.role, new_seat.manager) == (lead_role, top)
    assert Position.objects.get(pk=old_seat.pk).holder is None
    assert Person.objects.get(pk=ola.pk).salary == Decimal("32000")
    promotion = Promotion.objects.get()
    assert (promotion.to_position, promotion.note) == (new_seat, "Leads the pilot team already")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"{ola} is now Team Leader (seat #{new_seat.pk}) from 06/01/2025."
    ]
    assert "is now Team Leader" in client.get(response.url).content.decode()


def test_promoting_a_person_who_is_not_ready_without_a_reason_is_refused(
    client, hr_user, no_vacancy
):
    ola, top, lead_role = no_vacancy
    client.force_login(hr_user)
    seats = Position.objects.count()
    response = client.post(
        promote_url(ola),
        {"new_seat_role": lead_role.pk, "new_seat_manager": top.pk, "effective": "2025-06-01"},
    )
    assert response.status_code == 200
    assert "is not yet ready for Team Leader: give the reason in the note" in (
        response.content.decode()
    )
    assert Position.objects.count() == seats and not Promotion.objects.exists()


def test_a_new_seat_under_an_unknown_manager_is_refused(client, hr_user, no_vacancy):
    ola, _top, lead_role = no_vacancy
    client.force_login(hr_user)
    seats = Position.objects.count()
    response = client.post(
        promote_url(ola),
        {
            "new_seat_role": lead_role.pk,
            "new_seat_manager": 999999,
            "effective": "2025-06-01",
            "note": "x",
        },
    )
    assert "There is no seat number 999999" in response.content.decode()
    assert Position.objects.count() == seats and not Promotion.objects.exists()


def test_a_negative_new_salary_is_refused(client, hr_user, no_vacancy):
    ola, top, lead_role = no_vacancy
    client.force_login(hr_user)
    response = client.post(
        promote_url(ola),
        {
            "new_seat_role": lead_role.pk,
            "new_seat_manager": top.pk,
            "effective": "2025-06-01",
            "note": "x",
            "new_salary": "-5",
        },
    )
    assert response.status_code == 200 and not Promotion.objects.exists()
    assert Person.objects.get(pk=ola.pk).salary == Decimal("31100")


def test_a_refused_promotion_leaves_no_new_seat_behind(client, hr_user, no_vacancy):
    """The date is before her assignment began: the vacancy made in the same step is undone."""
    ola, top, lead_role = no_vacancy
    client.force_login(hr_user)
    seats = Position.objects.count()
    response = client.post(
        promote_url(ola),
        {
            "new_seat_role": lead_role.pk,
            "new_seat_manager": top.pk,
            "effective": "2023-06-01",
            "note": "x",
        },
    )
    assert "before their current assignment began" in response.content.decode()
    assert Position.objects.count() == seats


@pytest.mark.parametrize("language", ["en", "de", "pl"])
def test_the_date_input_has_an_iso_value_in_every_language(client, hr_user, no_vacancy, language):
    ola, _top, _role = no_vacancy
    client.force_login(hr_user)
    client.cookies["django_language"] = language
    body = client.get(promote_url(ola)).content.decode()
    today = datetime.date.today().isoformat()
    assert f'type="date" name="effective" value="{today}"' in body


def test_a_german_date_is_accepted_as_posted_by_the_browser(client, hr_user, no_vacancy):
    ola, top, lead_role = no_vacancy
    client.force_login(hr_user)
    client.cookies["django_language"] = "de"
    response = client.post(
        promote_url(ola),
        {
            "new_seat_role": lead_role.pk,
            "new_seat_manager": top.pk,
            "effective": "2025-06-01",
            "note": "x",
        },
    )
    assert response.status_code == 302
    assert Promotion.objects.get().effective == datetime.date(2025, 6, 1)


@pytest.mark.parametrize("vacancies", [1, 6])
def test_the_promote_form_makes_the_same_queries_for_few_and_many_vacancies(
    client, hr_user, no_vacancy, django_assert_num_queries, vacancies
):
    ola, top, lead_role = no_vacancy
    for _ in range(vacancies):
        seat(role=lead_role, manager=top)
    client.force_login(hr_user)
    client.get("/")
    # session, user, groups, person with seat; career_options: seat, paths, path skills, the
    # skill, criteria, assignment, person skills, measurements, bands; the form: paths, "any
    # vacancy?", the vacancies, the roles
    with django_assert_num_queries(17):
        client.get(promote_url(ola))
