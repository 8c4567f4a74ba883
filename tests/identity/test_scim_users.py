"""SCIM Users as a provisioning client sees them (scim2-client) and as the app keeps them."""

import json

import pytest
from knox.models import AuthToken
from scim2_client.engines.wsgi import WSGISCIMClient
from scim2_models import Email, EnterpriseUser, PatchOp, PatchOperation, User

from identity.models import AccountSession, ScimAccount
from identity.services import provisioning_client_create

ScimUser = User[EnterpriseUser]
BASE = "http://testserver/scim/v2"


@pytest.fixture
def token(db, users):
    return provisioning_client_create(name="Okta", created_by=users["hradmin"])[1]


@pytest.fixture
def scim(token, wsgi_app):
    client = WSGISCIMClient(wsgi_app, base_url=BASE, headers={"Authorization": f"Bearer {token}"})
    client.discover()
    return client


def _raw(client, method, path, token, body=None, **headers):
    return getattr(client, method)(
        f"/scim/v2/{path}",
        data=json.dumps(body) if body is not None else None,
        content_type="application/scim+json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        **headers,
    )


def test_a_client_creates_patches_filters_and_deactivates_a_user(scim, org, client):
    lena = org["team"].holder
    created = scim.create(
        ScimUser(
            user_name="lena@example.com",
            emails=[Email(value=lena.email)],
            external_id="okta-1",
        )
    )
    lena.refresh_from_db()
    assert lena.user_id == int(created.id)  # linked by work e-mail
    assert created[EnterpriseUser].employee_number == lena.employee_id

    patch = PatchOp[ScimUser](
        operations=[PatchOperation(op="replace", path="name.familyName", value="Nowak")]
    )
    patched = scim.modify(ScimUser, created.id, patch)
    assert patched.name.family_name == "Nowak"

    found = scim.query(ScimUser, query_parameters={"filter": 'userName eq "LENA@example.com"'})
    assert [user.id for user in found.resources] == [created.id]
    assert (
        scim.query(ScimUser, query_parameters={"filter": 'externalId eq "okta-1"'}).total_results
        == 1
    )

    client.force_login(lena.user)
    AuthToken.objects.create(user=lena.user)
    scim.modify(
        ScimUser,
        created.id,
        PatchOp[ScimUser](operations=[PatchOperation(op="replace", path="active", value=False)]),
    )
    lena.refresh_from_db()
    lena.user.refresh_from_db()
    assert not lena.user.is_active
    assert not AccountSession.objects.exists() and not AuthToken.objects.exists()
    assert lena.left_on is None and org["team"].holder_id == lena.pk  # HR decides the exit
    assert list(ScimAccount.objects.pending_exits().values_list("user", flat=True)) == [
        lena.user_id
    ]


def test_the_manager_is_the_org_charts_and_round_trips(scim, org):
    for person in (org["middle"].holder, org["team"].holder):
        scim.create(ScimUser(user_name=person.email, emails=[Email(value=person.email)]))
    head, lead = (
        scim.query(ScimUser, query_parameters={"filter": f'userName eq "{p.email}"'}).resources[0]
        for p in (org["middle"].holder, org["team"].holder)
    )
    assert lead[EnterpriseUser].manager.value == head.id
    # What the client read, sent back unchanged, changes nothing and proposes nothing.
    again = scim.replace(lead)
    assert again[EnterpriseUser].manager.value == head.id
    assert ScimAccount.objects.get(user_id=lead.id).proposed_manager is None


def test_a_manager_that_differs_from_the_chart_is_kept_for_hr_not_written(
    client, token, org, users
):
    lead_person = org["team"].holder
    made = _raw(
        client,
        "post",
        "Users",
        token,
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": lead_person.email,
            "emails": [{"value": lead_person.email}],
        },
    ).json()
    other = users["employee"]
    made["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["manager"] = {
        "value": str(other.pk)
    }
    del made["meta"]
    answer = _raw(client, "put", f"Users/{made['id']}", token, made)
    assert answer.status_code == 200, answer.content
    assert (
        "manager" not in answer.json()["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]
    )
    assert ScimAccount.objects.get(user_id=made["id"]).proposed_manager == other
    org["team"].refresh_from_db()
    assert org["team"].manager_id == org["middle"].pk


def test_a_vacant_seat_above_is_skipped_to_the_next_holder(scim, org):
    agent = org["agents"][0].holder
    head = org["middle"].holder
    for person in (head, agent):
        scim.create(ScimUser(user_name=person.email, emails=[Email(value=person.email)]))
    lead = org["team"].holder
    org["team"].holder = None
    org["team"].save(update_fields=["holder"])
    found = scim.query(ScimUser, query_parameters={"filter": f'userName eq "{agent.email}"'})
    head_id = str(head.user_id if head.refresh_from_db() is None else 0)
    assert found.resources[0][EnterpriseUser].manager.value == head_id
    assert lead.pk


def test_entra_id_patches_without_path_with_string_booleans_and_capitalised_ops(
    client, token, users
):
    made = _raw(
        client,
        "post",
        "Users",
        token,
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "entra@example.com",
        },
    )
    assert made.status_code == 201
    pk = made.json()["id"]
    answer = _raw(
        client,
        "patch",
        f"Users/{pk}",
        token,
        {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [
                {"op": "Replace", "value": {"active": "False", "name.givenName": "Ewa"}},
                {
                    "op": "Add",
                    "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:"
                    "employeeNumber",
                    "value": "X-1",
                },
            ],
        },
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["active"] is False
    assert answer.json()["name"]["givenName"] == "Ewa"


@pytest.mark.parametrize(
    ("body", "status", "scim_type"),
    [
        ("{not json", 400, "invalidSyntax"),
        (
            {
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "userName": "x",
                "shoeSize": 44,
            },
            400,
            "invalidSyntax",
        ),
        (
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "EMIL"},
            409,
            "uniqueness",
        ),
        (
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "a b/c"},
            400,
            "invalidValue",
        ),
        (
            {
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "userName": "x",
                "emails": [{"value": "not an e-mail"}],
            },
            400,
            "invalidValue",
        ),
        ({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]}, 400, "invalidValue"),
    ],
)
def test_bad_input_gets_a_scim_error_and_writes_nothing(
    client, token, users, body, status, scim_type
):
    before = users["employee"].__class__.objects.count()
    raw = body if isinstance(body, str) else json.dumps(body)
    answer = client.post(
        "/scim/v2/Users",
        data=raw,
        content_type="application/scim+json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert answer.status_code == status
    assert answer.json()["scimType"] == scim_type
    assert answer.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert users["employee"].__class__.objects.count() == before


def test_a_manager_that_makes_a_loop_is_refused(client, token, org):
    ids = {}
    for key in ("middle", "team"):
        person = org[key].holder
        ids[key] = _raw(
            client,
            "post",
            "Users",
            token,
            {
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "userName": person.email,
                "emails": [{"value": person.email}],
            },
        ).json()["id"]
    answer = _raw(
        client,
        "patch",
        f"Users/{ids['middle']}",
        token,
        {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [
                {
                    "op": "add",
                    "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
                    "value": ids["team"],
                }
            ],
        },
    )
    assert answer.status_code == 400
    assert answer.json()["scimType"] == "invalidValue"
    assert not ScimAccount.objects.filter(proposed_manager__isnull=False).exists()


def test_a_stale_if_match_is_refused(client, token, users):
    made = _raw(
        client,
        "post",
        "Users",
        token,
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "etag@example.com",
        },
    )
    answer = _raw(client, "delete", f"Users/{made.json()['id']}", token, HTTP_IF_MATCH='W/"old"')
    assert answer.status_code == 412
    assert _raw(client, "get", f"Users/{made.json()['id']}", token).status_code == 200


def test_without_a_token_nothing_is_answered(client, db):
    assert client.get("/scim/v2/Users").status_code == 401
    assert client.get("/scim/v2/Users", HTTP_AUTHORIZATION="Bearer scim_wrong").status_code == 401


def test_groups_take_members_but_not_the_hr_admin_group(client, token, users):
    groups = _raw(client, "get", "Groups", token).json()["Resources"]
    by_name = {group["displayName"]: group["id"] for group in groups}
    add = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
            {"op": "add", "path": "members", "value": [{"value": str(users["outsider"].pk)}]}
        ],
    }
    assert _raw(client, "patch", f"Groups/{by_name['HR']}", token, add).status_code == 200
    assert users["outsider"].groups.filter(name="HR").exists()
    remove = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Remove", "path": f'members[value eq "{users["outsider"].pk}"]'}],
    }
    assert _raw(client, "patch", f"Groups/{by_name['HR']}", token, remove).status_code == 200
    assert not users["outsider"].groups.filter(name="HR").exists()
    refused = _raw(client, "patch", f"Groups/{by_name['HR admin']}", token, add)
    assert refused.status_code == 403
    assert not users["outsider"].groups.filter(name="HR admin").exists()


def test_the_user_list_costs_the_same_queries_for_3_and_12_accounts(
    client, token, org, django_assert_num_queries, django_user_model
):
    def listing():
        return _raw(client, "get", "Users?count=50", token)

    for person in (org["top"].holder, org["middle"].holder, org["team"].holder):
        person.user = django_user_model.objects.create_user(person.email)
        person.save()
    with django_assert_num_queries(7):
        assert listing().json()["totalResults"] == 3 + 5  # the cast of five too
    for n in range(4):
        django_user_model.objects.create_user(f"extra{n}")
    with django_assert_num_queries(7):
        assert listing().json()["totalResults"] == 12


def _deactivate(person, django_user_model):
    from django.utils import timezone

    person.user = django_user_model.objects.create_user(f"u{person.pk}", is_active=False)
    person.save()
    ScimAccount.objects.create(user=person.user, deactivated_at=timezone.now())


def test_hr_sees_pending_exits_in_the_same_queries_for_1_and_3(
    client, users, org, django_user_model, django_assert_num_queries
):
    client.force_login(users["hr"])
    client.get("/people/pending-exits/")  # the session and the user, read once
    _deactivate(org["agents"][0].holder, django_user_model)
    with django_assert_num_queries(6):
        page = client.get("/people/pending-exits/").content.decode()
    assert org["agents"][0].holder.full_name in page
    _deactivate(org["agents"][1].holder, django_user_model)
    _deactivate(org["team"].holder, django_user_model)
    with django_assert_num_queries(6):
        page = client.get("/people/pending-exits/").content.decode()
    assert org["team"].holder.full_name in page


def test_pending_exits_are_hrs_only(client, users):
    client.force_login(users["manager"])
    assert client.get("/people/pending-exits/").status_code == 403


def test_no_restricted_field_reaches_a_provisioning_client(client, token, org):
    person = org["agents"][0].holder  # salary 32000 EUR, a hire date
    made = _raw(
        client,
        "post",
        "Users",
        token,
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": person.email,
            "emails": [{"value": person.email}],
        },
    )
    listing = _raw(client, "get", "Users", token)
    for body in (made.content.decode(), listing.content.decode()):
        assert "32000" not in body and "EUR" not in body
        assert person.hire_date.isoformat() not in body
