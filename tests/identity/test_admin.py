"""Provisioning clients in the admin: HR admins make them, the token is shown once."""

import re

from identity.models import ProvisioningClient, token_digest

ADD = "/admin/identity/provisioningclient/add/"


def test_an_hr_admin_makes_a_client_and_sees_its_token_once(client, users):
    client.force_login(users["hradmin"])
    answer = client.post(ADD, {"name": "Entra ID"}, follow=True)
    shown = re.search(r"scim_[\w-]{40,}", answer.content.decode()).group(0)
    made = ProvisioningClient.objects.get(name="Entra ID")
    assert made.token_hash == token_digest(shown) and made.created_by == users["hradmin"]
    assert (
        shown
        not in client.get(f"/admin/identity/provisioningclient/{made.pk}/change/").content.decode()
    )


def test_hr_cannot_reach_the_clients(client, users):
    client.force_login(users["hr"])
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, {"name": "x"}).status_code == 403
    assert not ProvisioningClient.objects.exists()


def test_an_unchanged_resource_answers_304_to_if_none_match(client, users):
    from identity.services import provisioning_client_create

    token = provisioning_client_create(name="Okta", created_by=users["hradmin"])[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    first = client.get(f"/scim/v2/Users/{users['employee'].pk}", **auth)
    again = client.get(
        f"/scim/v2/Users/{users['employee'].pk}", HTTP_IF_NONE_MATCH=first["ETag"], **auth
    )
    assert again.status_code == 304
    assert first.json()["meta"]["version"] == first["ETag"]
