"""Legal entities in the admin: HR admins set them and their sites; HR reads; nobody else."""

import pytest

from pay.models import EntitySite, LegalEntity
from tests.people.factories import SiteFactory

pytestmark = pytest.mark.django_db
URL = "/admin/pay/legalentity/add/"


def _form(site) -> dict:
    return {
        "name": "Callcenter Polska sp. z o.o.",
        "country": "PL",
        "site_links-TOTAL_FORMS": "1",
        "site_links-INITIAL_FORMS": "0",
        "site_links-0-site": site.pk,
    }


def test_an_hr_admin_adds_a_legal_entity_with_its_sites(client, users):
    warsaw = SiteFactory(code="WAW", name="Warsaw", country="PL")
    client.force_login(users["hradmin"])

    client.post(URL, _form(warsaw))

    entity = LegalEntity.objects.get()
    assert list(entity.site_links.values_list("site__code", flat=True)) == ["WAW"]


def test_a_site_is_in_one_legal_entity_at_most(client, users):
    warsaw = SiteFactory(code="WAW", name="Warsaw", country="PL")
    EntitySite.objects.create(site=warsaw, entity=LegalEntity.objects.create(name="Other"))
    client.force_login(users["hradmin"])

    answer = client.post(URL, _form(warsaw))

    assert "already exists" in answer.content.decode()
    assert LegalEntity.objects.count() == 1


@pytest.mark.parametrize("username, status", [("hr", 403), ("manager", 403)])
def test_only_hr_admins_add_legal_entities(client, users, username, status):
    users[username].is_staff = True
    users[username].save()
    client.force_login(users[username])
    assert client.post(URL, _form(SiteFactory())).status_code == status
    assert not LegalEntity.objects.exists()
    listing = client.get("/admin/pay/legalentity/").status_code
    assert listing == (200 if username == "hr" else 403)
