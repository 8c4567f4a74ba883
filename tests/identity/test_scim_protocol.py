"""What RFC 7644 and Microsoft Entra ID ask of the SCIM endpoints beyond the happy path: ETags on
every write, a scimType on every 400, refusals that write nothing, Entra's PATCH habits, bulk."""

import json

import pytest
from django.contrib.auth.models import Group

from identity.models import ScimAccount
from identity.services import provisioning_client_create

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
# RFC 7644 section 3.12, the scimTypes of a 400
SCIM_TYPES_OF_400 = {
    "invalidFilter",
    "tooMany",
    "mutability",
    "invalidSyntax",
    "invalidPath",
    "noTarget",
    "invalidValue",
    "invalidVers",
}


@pytest.fixture
def token(db, users):
    return provisioning_client_create(name="Entra ID", created_by=users["hradmin"])[1]


@pytest.fixture
def send(client, token):
    def send(method, path, body=None, raw=None, **headers):
        return getattr(client, method)(
            f"/scim/v2/{path}",
            data=raw if raw is not None else json.dumps(body) if body is not None else None,
            content_type="application/scim+json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            **headers,
        )

    return send


def _patch(*operations):
    return {"schemas": [PATCH], "Operations": list(operations)}


@pytest.fixture
def anna(send):
    return send(
        "post", "Users", {"schemas": [USER], "userName": "anna@example.com", "externalId": "e-1"}
    ).json()


@pytest.fixture
def bert(send):
    return send("post", "Users", {"schemas": [USER], "userName": "bert@example.com"}).json()


def _state(user_id):
    account = ScimAccount.objects.select_related("user").get(user_id=user_id)
    user = account.user
    return (user.username, user.email, user.is_active, user.last_name, account.external_id)


# ------------------------------------------------------------------ ETags


def test_put_and_patch_with_a_stale_if_match_answer_412_and_write_nothing(send, anna):
    before = _state(anna["id"])
    stale = {"HTTP_IF_MATCH": 'W/"stale"'}
    put = {"schemas": [USER], "userName": "renamed@example.com"}
    assert send("put", f"Users/{anna['id']}", put, **stale).status_code == 412
    rename = _patch({"op": "replace", "path": "userName", "value": "renamed@example.com"})
    assert send("patch", f"Users/{anna['id']}", rename, **stale).status_code == 412
    assert _state(anna["id"]) == before


def test_a_write_with_the_current_etag_goes_through_and_answers_the_new_one(send, anna):
    current = send("get", f"Users/{anna['id']}")["ETag"]
    rename = _patch({"op": "replace", "path": "name.familyName", "value": "Nowak"})
    answer = send("patch", f"Users/{anna['id']}", rename, HTTP_IF_MATCH=current)
    assert answer.status_code == 200
    assert answer["ETag"] != current and answer.json()["meta"]["version"] == answer["ETag"]
    assert send("get", f"Users/{anna['id']}", HTTP_IF_NONE_MATCH=answer["ETag"]).status_code == 304


def test_a_group_write_with_a_stale_if_match_answers_412_and_changes_no_member(send, users):
    hr = Group.objects.get(name="HR")
    before = set(hr.user_set.values_list("pk", flat=True))
    add = _patch({"op": "add", "path": "members", "value": [{"value": str(users["outsider"].pk)}]})
    answer = send("patch", f"Groups/{hr.pk}", add, HTTP_IF_MATCH='W/"stale"')
    assert answer.status_code == 412
    assert set(hr.user_set.values_list("pk", flat=True)) == before


# ------------------------------------------------------------------ refusals


def test_renaming_to_a_taken_user_name_by_put_or_patch_is_409_uniqueness(send, anna, bert):
    before = _state(anna["id"])
    taken = bert["userName"].upper()  # userName is unique whatever its case
    put = send("put", f"Users/{anna['id']}", {"schemas": [USER], "userName": taken})
    patch = send(
        "patch",
        f"Users/{anna['id']}",
        _patch({"op": "replace", "path": "userName", "value": taken}),
    )
    for answer in (put, patch):
        assert answer.status_code == 409
        assert answer.json()["scimType"] == "uniqueness"
    assert _state(anna["id"]) == before


def test_a_taken_external_id_is_409_uniqueness(send, anna, bert):
    answer = send(
        "patch",
        f"Users/{bert['id']}",
        _patch({"op": "add", "path": "externalId", "value": anna["externalId"]}),
    )
    assert answer.status_code == 409 and answer.json()["scimType"] == "uniqueness"
    assert ScimAccount.objects.get(user_id=bert["id"]).external_id == ""


def test_an_account_as_its_own_manager_is_refused_by_put_too(send, anna):
    before = _state(anna["id"])
    body = {
        "schemas": [USER, ENTERPRISE],
        "userName": anna["userName"],
        ENTERPRISE: {"manager": {"value": anna["id"]}},
    }
    answer = send("put", f"Users/{anna['id']}", body)
    assert answer.status_code == 400 and answer.json()["scimType"] == "invalidValue"
    assert _state(anna["id"]) == before
    assert ScimAccount.objects.get(user_id=anna["id"]).proposed_manager is None


@pytest.mark.parametrize(
    ("method", "path", "body", "scim_type"),
    [
        ("post", "Users", "{not json", "invalidSyntax"),
        ("post", "Users", '["a", "list"]', "invalidSyntax"),
        ("post", "Users", {"schemas": [USER], "userName": "x", "shoeSize": 44}, "invalidSyntax"),
        (
            "put",
            "Users/{anna}",
            {"schemas": [USER], "userName": "x", "shoeSize": 4},
            "invalidSyntax",
        ),
        ("patch", "Users/{anna}", "{not json", "invalidSyntax"),
        (
            "patch",
            "Users/{anna}",
            _patch({"op": "replace", "path": "shoeSize", "value": 4}),
            "invalidPath",
        ),
        (
            "patch",
            "Users/{anna}",
            _patch({"op": "replace", "value": {"shoeSize": 4}}),
            "invalidValue",
        ),
        ("patch", "Users/{anna}", _patch({"op": "frobnicate", "path": "active"}), "invalidValue"),
        (
            "patch",
            "Users/{anna}",
            _patch({"op": "replace", "path": "emails", "value": [{"value": "no e-mail"}]}),
            "invalidValue",
        ),
        (
            "patch",
            "Users/{anna}",
            _patch({"op": "replace", "path": f"{ENTERPRISE}:manager", "value": "99999"}),
            "invalidValue",
        ),
        ("get", "Users?filter=userName%20co%20%22a%22", None, "invalidFilter"),
        ("get", "Users?filter=userName%20eq", None, "invalidFilter"),
        ("get", "Users?count=many", None, "invalidValue"),
        ("get", "Groups?filter=members%20eq%20%221%22", None, "invalidFilter"),
        ("patch", "Groups/{hr}", "{not json", "invalidSyntax"),
        ("patch", "Groups/{hr}", {"schemas": [PATCH], "Operations": ["x"]}, "invalidValue"),
        ("patch", "Users/{anna}", {"schemas": [PATCH], "Operations": ["x"]}, "invalidValue"),
        (
            "patch",
            "Groups/{hr}",
            _patch({"op": "add", "path": "members", "value": [{"value": "x"}]}),
            "invalidValue",
        ),
        (
            "patch",
            "Groups/{hr}",
            _patch({"op": "add", "path": "members", "value": [{"value": "99999"}]}),
            "invalidValue",
        ),
    ],
)
def test_every_400_names_its_scim_type_and_writes_nothing(
    send, anna, method, path, body, scim_type
):
    hr = Group.objects.get(name="HR")
    path = path.format(anna=anna["id"], hr=hr.pk)
    before = (_state(anna["id"]), set(hr.user_set.values_list("pk", flat=True)))
    raw = body if isinstance(body, str) else None
    answer = send(method, path, None if raw else body, raw=raw)
    assert answer.status_code == 400, answer.content
    error = answer.json()
    assert error["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert error["status"] == "400" and error["detail"]
    assert error["scimType"] == scim_type in SCIM_TYPES_OF_400
    assert (_state(anna["id"]), set(hr.user_set.values_list("pk", flat=True))) == before


def test_bulk_is_not_advertised_and_answers_501(send):
    config = send("get", "ServiceProviderConfig").json()
    assert config["bulk"]["supported"] is False
    body = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": []}
    answer = send("post", "Bulk", body)
    assert answer.status_code == 501
    assert answer.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]


# ------------------------------------------------------------------ Entra ID's habits


def test_entra_updates_the_mail_by_a_filtered_path(send, anna):
    change = _patch(
        {"op": "Add", "path": 'emails[type eq "work"].value', "value": "anna.new@example.com"}
    )
    answer = send("patch", f"Users/{anna['id']}", change)
    assert answer.status_code == 200, answer.content
    assert answer.json()["emails"] == [{"value": "anna.new@example.com"}]
    again = _patch(
        {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "anna.3@example.com"}
    )
    send("patch", f"Users/{anna['id']}", again)
    assert _state(anna["id"])[1] == "anna.3@example.com"


def test_entra_deactivates_with_a_string_boolean_on_a_path(send, anna):
    answer = send(
        "patch",
        f"Users/{anna['id']}",
        _patch({"op": "Replace", "path": "active", "value": "False"}),
    )
    assert answer.status_code == 200 and answer.json()["active"] is False
    assert _state(anna["id"])[2] is False


def test_entra_removes_members_by_value_and_only_those(send, anna, bert):
    hr = Group.objects.get(name="HR")
    hanna = set(hr.user_set.values_list("pk", flat=True))
    add = _patch(
        {"op": "Add", "path": "members", "value": [{"value": anna["id"]}, {"value": bert["id"]}]}
    )
    assert send("patch", f"Groups/{hr.pk}", add).status_code == 200
    remove = _patch({"op": "Remove", "path": "members", "value": [{"value": anna["id"]}]})
    answer = send("patch", f"Groups/{hr.pk}", remove)
    assert answer.status_code == 200, answer.content
    assert set(hr.user_set.values_list("pk", flat=True)) == hanna | {int(bert["id"])}


def test_entra_sets_the_manager_as_a_bare_id_and_removes_it(send, anna, bert):
    path = f"{ENTERPRISE}:manager"
    set_it = send(
        "patch", f"Users/{anna['id']}", _patch({"op": "Replace", "path": path, "value": bert["id"]})
    )
    assert set_it.status_code == 200, set_it.content
    assert ScimAccount.objects.get(user_id=anna["id"]).proposed_manager_id == int(bert["id"])
    remove = send("patch", f"Users/{anna['id']}", _patch({"op": "Remove", "path": path}))
    assert remove.status_code == 200
    assert ScimAccount.objects.get(user_id=anna["id"]).proposed_manager is None


def test_a_revoked_clients_token_is_refused(client, token, db):
    from django.utils import timezone

    from identity.models import ProvisioningClient

    ProvisioningClient.objects.update(revoked_at=timezone.now())
    answer = client.get("/scim/v2/Users", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 401
    assert answer.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]


def test_pages_follow_start_index_and_count(send, users):
    first = send("get", "Users?startIndex=1&count=2").json()
    rest = send("get", "Users?startIndex=3&count=10").json()
    assert first["totalResults"] == rest["totalResults"] == len(users)
    assert (first["startIndex"], first["itemsPerPage"]) == (1, 2)
    assert (rest["startIndex"], rest["itemsPerPage"]) == (3, len(users) - 2)
    ids = [user["id"] for user in first["Resources"] + rest["Resources"]]
    assert sorted(ids, key=int) == sorted(str(user.pk) for user in users.values())
    assert send("get", "Users?count=0").json()["Resources"] == []
