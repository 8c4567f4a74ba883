"""SCIM Groups: the app's four groups keep the externalId a provider gives them, and members
answer as RFC 7643 section 8.7.1 describes them."""

import json

import pytest
from django.contrib.auth.models import Group

from identity.models import GroupLink
from identity.services import provisioning_client_create

PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


@pytest.fixture
def token(db, users):
    return provisioning_client_create(name="Okta", created_by=users["hradmin"])[1]


def _send(client, method, path, token, body=None):
    return getattr(client, method)(
        f"/scim/v2/{path}",
        data=json.dumps(body) if body is not None else None,
        content_type="application/scim+json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def _patch(operations):
    return {"schemas": [PATCH], "Operations": operations}


def test_a_groups_external_id_is_kept_and_read_back(client, token, users):
    hr = Group.objects.get(name="HR")
    answer = _send(
        client,
        "patch",
        f"Groups/{hr.pk}",
        token,
        _patch([{"op": "add", "path": "externalId", "value": "okta-hr"}]),
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["externalId"] == "okta-hr"
    assert _send(client, "get", f"Groups/{hr.pk}", token).json()["externalId"] == "okta-hr"
    assert GroupLink.objects.get(group=hr).external_id == "okta-hr"

    _send(
        client, "patch", f"Groups/{hr.pk}", token, _patch([{"op": "remove", "path": "externalId"}])
    )
    assert "externalId" not in _send(client, "get", f"Groups/{hr.pk}", token).json()


def test_a_put_without_external_id_clears_it(client, token, users):
    hr = Group.objects.get(name="HR")
    GroupLink.objects.create(group=hr, external_id="okta-hr")
    body = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "HR"}
    assert _send(client, "put", f"Groups/{hr.pk}", token, body).status_code == 200
    assert GroupLink.objects.get(group=hr).external_id == ""


def test_a_duplicate_group_external_id_is_refused_and_nothing_written(client, token, users):
    hr, manager = Group.objects.get(name="HR"), Group.objects.get(name="Manager")
    GroupLink.objects.create(group=hr, external_id="okta-hr")
    members_before = set(manager.user_set.values_list("pk", flat=True))
    answer = _send(
        client,
        "patch",
        f"Groups/{manager.pk}",
        token,
        _patch(
            [
                {"op": "replace", "path": "externalId", "value": "okta-hr"},
                {"op": "add", "path": "members", "value": [{"value": str(users["outsider"].pk)}]},
            ]
        ),
    )
    assert answer.status_code == 409
    assert answer.json()["scimType"] == "uniqueness"
    assert not GroupLink.objects.filter(group=manager).exists()
    assert set(manager.user_set.values_list("pk", flat=True)) == members_before


def test_members_answer_value_ref_and_type_and_a_sent_display_is_not_kept(client, token, users):
    hr = Group.objects.get(name="HR")
    outsider = users["outsider"]
    answer = _send(
        client,
        "patch",
        f"Groups/{hr.pk}",
        token,
        _patch(
            [
                {
                    "op": "replace",
                    "path": "members",
                    "value": [{"value": str(outsider.pk), "display": "Someone Else"}],
                }
            ]
        ),
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["members"] == [
        {
            "value": str(outsider.pk),
            "$ref": f"http://testserver/scim/v2/Users/{outsider.pk}",
            "type": "User",
        }
    ]
    schema = _send(client, "get", "Schemas/urn:ietf:params:scim:schemas:core:2.0:Group", token)
    members = next(a for a in schema.json()["attributes"] if a["name"] == "members")
    assert sorted(sub["name"] for sub in members["subAttributes"]) == ["$ref", "type", "value"]
