"""Sites: everyone signed in reads them; HR adds, edits and removes them; a site in use stays."""

import pytest

from people.models import Site
from tests.helpers import problem_errors
from tests.people.factories import PersonFactory

from .conftest import V1

pytestmark = pytest.mark.django_db

GDANSK = {"code": "GDN", "name": "Gdańsk", "city": "Gdańsk", "country": "PL"}


def test_everyone_signed_in_reads_the_sites(employee, anon, org):
    rows = employee.get(f"{V1}/sites/").json()["results"]
    assert rows == [
        {"id": org["site"].pk, "code": "BER", "name": "Berlin", "city": "", "country": "DE"}
    ]
    assert employee.get(f"{V1}/sites/{org['site'].pk}/").json()["code"] == "BER"
    assert anon.get(f"{V1}/sites/").status_code == 401


def test_hr_adds_and_renames_a_site(hr):
    created = hr.post(f"{V1}/sites/", GDANSK, format="json")
    assert created.status_code == 201
    site = Site.objects.get(code="GDN")
    renamed = hr.patch(f"{V1}/sites/{site.pk}/", {"name": "Gdańsk Oliwa"}, format="json")
    assert renamed.json()["name"] == "Gdańsk Oliwa"
    site.refresh_from_db()
    assert (site.name, site.city, site.country) == ("Gdańsk Oliwa", "Gdańsk", "PL")


def test_others_may_not_write_sites(employee, manager, org):
    for client in (employee, manager):
        assert client.post(f"{V1}/sites/", GDANSK, format="json").status_code == 403
        assert client.delete(f"{V1}/sites/{org['site'].pk}/").status_code == 403
    assert Site.objects.count() == 1


def test_a_duplicate_site_code_is_a_409_and_changes_nothing(hr, org):
    response = hr.post(f"{V1}/sites/", {**GDANSK, "code": "ber"}, format="json")
    assert response.status_code == 409
    assert response.json()["detail"] == "Another site already has the code “ber”."
    assert Site.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"), [("country", "XX"), ("country", "de"), ("code", ""), ("name", "x" * 81)]
)
def test_a_bad_site_is_refused_with_its_field_and_changes_nothing(hr, field, value):
    response = hr.post(f"{V1}/sites/", {**GDANSK, field: value}, format="json")
    assert response.status_code == 400 and field in problem_errors(response)
    assert not Site.objects.filter(code=GDANSK["code"]).exists()


def test_a_site_people_are_at_is_not_removed(hr, org):
    PersonFactory(site=org["site"])
    response = hr.delete(f"{V1}/sites/{org['site'].pk}/")
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "People or seats are at this site; give them another site first."
    )
    assert Site.objects.filter(pk=org["site"].pk).exists()


def test_an_unused_site_is_removed(hr, org):
    assert hr.delete(f"{V1}/sites/{org['site'].pk}/").status_code == 204
    assert not Site.objects.exists()
