"""Every database constraint speaks to a person (issue 16): the admin said "Constraint
“roles_salaryband_min_le_mid” is violated". Each constraint of roles, people and ladder has its own
message, in English, German and Polish, and the forms show it and change nothing."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import BaseConstraint
from django.urls import reverse
from django.utils import translation

from people.models import Person
from roles.models import RoleAlias, SalaryBand
from tests.people.factories import PersonFactory
from tests.roles.factories import RoleFactory, SalaryBandFactory

CONSTRAINTS = [
    (model, constraint)
    for label in ("roles", "people", "ladder")
    for model in apps.get_app_config(label).get_models()
    for constraint in model._meta.constraints
]


def test_the_apps_have_constraints_to_check():
    assert len(CONSTRAINTS) >= 25


@pytest.mark.parametrize(
    ("model", "constraint"), CONSTRAINTS, ids=[c.name for _m, c in CONSTRAINTS]
)
def test_each_constraint_has_a_message_a_person_understands_in_three_languages(model, constraint):
    message = constraint.get_violation_error_message()
    assert message != BaseConstraint.default_violation_error_message % {"name": constraint.name}
    assert constraint.name not in message and "_" not in message
    for language in ("de", "pl"):
        with translation.override(language):
            translated = constraint.get_violation_error_message()
        assert translated and translated != message, (language, constraint.name)


def band_form(role, **values) -> dict:
    form = {
        "role": role.pk,
        "currency": "EUR",
        "period": "annual",
        "minimum": "32000",
        "midpoint": "35000",
        "maximum": "39000",
        "effective_from": "2026-01-01",
        "location": "",
        "source": "",
    }
    return form | values


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"minimum": "36000"}, "The minimum cannot be above the midpoint."),
        ({"maximum": "34000"}, "The midpoint cannot be above the maximum."),
        ({"minimum": "-1"}, "The minimum of a band cannot be negative."),
    ],
    ids=["min-above-mid", "mid-above-max", "negative"],
)
def test_a_wrong_band_in_the_admin_says_what_is_wrong(admin_user_client, values, message):
    role = RoleFactory()
    answer = admin_user_client.post(
        reverse("admin:roles_salaryband_add"), band_form(role, **values)
    )
    assert answer.status_code == 200
    shown = answer.content.decode()
    assert message in shown
    assert "roles_salaryband" not in shown and "is violated" not in shown
    assert not SalaryBand.objects.exists()


@pytest.mark.django_db
def test_a_second_band_for_the_same_date_says_so_in_german(admin_user_client):
    band = SalaryBandFactory(effective_from=datetime.date(2026, 1, 1), location="")
    form = band_form(band.role, currency=band.currency, period=band.period)
    answer = admin_user_client.post(
        reverse("admin:roles_salaryband_add"), form, HTTP_ACCEPT_LANGUAGE="de"
    )
    assert answer.status_code == 200
    with translation.override("de"):
        expected = str(SalaryBand._meta.constraints[-1].get_violation_error_message())
    assert expected in answer.content.decode()
    assert SalaryBand.objects.count() == 1


@pytest.mark.django_db
def test_model_validation_raises_the_message(db):
    person = PersonFactory(hire_date=datetime.date(2024, 1, 1))
    person.left_on = datetime.date(2023, 1, 1)
    person.salary = -5
    with pytest.raises(ValidationError) as refusal:
        person.validate_constraints()
    assert set(refusal.value.messages) >= {
        "The exit date cannot be before the hire date.",
        "The salary cannot be negative.",
    }
    twin = Person(email=person.email.upper(), employee_id="X1", first_name="A", last_name="B")
    with pytest.raises(ValidationError) as refusal:
        twin.validate_constraints()
    assert "Another person already has this e-mail address." in refusal.value.messages
    alias = RoleAlias.objects.create(role=RoleFactory(), name="CSR")
    with pytest.raises(ValidationError) as refusal:
        RoleAlias(role=alias.role, name="CSR").validate_constraints()
    assert refusal.value.messages == ["This role already has this alias."]
