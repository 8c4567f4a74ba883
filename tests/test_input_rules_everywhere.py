"""The admin and the pages refuse what the API refuses (issue 12, point 14): dates outside
1950-01-01 … a year from today, currencies that are not ISO 4217 codes."""

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from ladder.models import Promotion
from people.models import Person
from roles.models import SalaryBand
from tests.ladder.factories import PromotionPathFactory
from tests.people.factories import PersonFactory, seat
from tests.roles.factories import RoleFactory

pytestmark = pytest.mark.django_db


def test_the_person_admin_form_refuses_a_hire_date_of_year_1_and_a_currency_of_angle_brackets(
    admin_user,
):
    request = RequestFactory().get("/admin/people/person/add/")
    request.user = admin_user
    form_class = admin.site._registry[Person].get_form(request)
    data = {
        "employee_id": "A-1",
        "first_name": "Ada",
        "last_name": "Nowak",
        "hire_date": "0001-01-01",
        "salary_currency": "<s>",
        "languages": [],  # a list picked from the languages (issue 16), no longer JSON text
    }

    form = form_class(data)

    assert not form.is_valid()
    assert {"hire_date", "salary_currency"} <= set(form.errors)


def test_a_salary_band_with_a_made_up_currency_or_a_date_in_2099_is_refused():
    band = SalaryBand(
        role=RoleFactory(),
        currency="XXY",
        minimum=1,
        midpoint=2,
        maximum=3,
        effective_from=datetime.date(2099, 1, 1),
    )

    with pytest.raises(ValidationError) as refusal:
        band.full_clean()

    assert set(refusal.value.message_dict) == {"currency", "effective_from"}


def test_the_promote_page_refuses_an_effective_date_before_1950(client, hr_user):
    lead = RoleFactory(title="Team Leader")
    agent = RoleFactory(title="Agent", parent=lead)
    PromotionPathFactory(from_role=agent, to_role=lead, min_months=0)
    top = seat(role=lead, holder=PersonFactory(first_name="Top"))
    vacancy = seat(role=lead, manager=top)
    person = PersonFactory(first_name="Ola")
    seat(role=agent, manager=top, holder=person, started_on=datetime.date(2024, 1, 1))
    client.force_login(hr_user)

    response = client.post(
        reverse("ladder:promote", args=[person.pk]),
        {"to_position": vacancy.pk, "effective": "1900-01-01"},
    )

    assert "Give a date from 1950-01-01 to" in response.content.decode()
    assert not Promotion.objects.exists()
