"""User accounts in the Django admin: only superusers grant superuser or staff status, permissions
or the HR admin group (core/accounts.py, docs/access.md). Each escalation an HR admin could try,
by posting to the admin's forms directly, changes nothing; a superuser still can."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.accounts import refuse_escalation
from core.groups import HR, HR_ADMIN, ensure_groups

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(users):
    return ensure_groups()


@pytest.fixture
def hradmin(client, users):
    client.force_login(users["hradmin"])
    return client


def change_url(account) -> str:
    return reverse("admin:auth_user_change", args=[account.pk])


def change_form(account, **fields) -> dict:
    """What the change form posts for `account`, with `fields` on top."""
    data = {
        "username": account.username,
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "date_joined_0": account.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": account.date_joined.strftime("%H:%M:%S"),
        "groups": [g.pk for g in account.groups.all()],
    }
    if account.is_active:
        data["is_active"] = "on"
    return data | fields


def powers(account) -> tuple:
    account.refresh_from_db()
    return (
        account.is_superuser,
        account.is_staff,
        sorted(account.groups.values_list("name", flat=True)),
        account.user_permissions.count(),
    )


def any_permission() -> Permission:
    return Permission.objects.get(codename="delete_group")


@pytest.mark.parametrize(
    "escalation",
    [
        {"is_superuser": "on"},
        {"is_staff": "on"},
        {"user_permissions": "PERMISSION"},
        {"groups": "HR_ADMIN_GROUP"},
    ],
    ids=["superuser", "staff", "permissions", "hr-admin-group"],
)
def test_an_hr_admin_posting_a_power_to_the_change_form_changes_nothing(
    hradmin, users, groups, escalation
):
    emil = users["employee"]
    before = powers(emil)
    values = {
        "PERMISSION": [any_permission().pk],
        "HR_ADMIN_GROUP": [groups[HR_ADMIN].pk],
    }
    fields = {key: values.get(value, value) for key, value in escalation.items()}

    hradmin.post(change_url(emil), change_form(emil, **fields))

    assert powers(emil) == before


def test_an_hr_admin_posting_powers_to_the_add_form_makes_a_plain_account(hradmin, groups):
    hradmin.post(
        reverse("admin:auth_user_add"),
        {
            "username": "mallory",
            "usable_password": "true",
            "password1": "a-long-pass-phrase-2026",
            "password2": "a-long-pass-phrase-2026",
            "is_superuser": "on",
            "is_staff": "on",
            "groups": [groups[HR_ADMIN].pk],
            "user_permissions": [any_permission().pk],
        },
    )
    assert powers(User.objects.get(username="mallory")) == (False, False, [], 0)


def test_an_hr_admin_cannot_change_what_a_group_may_do(hradmin, groups):
    hr_group = groups[HR]
    before = set(hr_group.permissions.all())
    url = reverse("admin:auth_group_change", args=[hr_group.pk])
    response = hradmin.post(
        url, {"name": "HR", "permissions": [p.pk for p in Permission.objects.all()]}
    )

    assert response.status_code == 403
    assert set(hr_group.permissions.all()) == before
    add = hradmin.post(
        reverse("admin:auth_group_add"), {"name": "Root", "permissions": [any_permission().pk]}
    )
    assert add.status_code == 403
    assert not Group.objects.filter(name="Root").exists()


def test_an_hr_admin_cannot_take_over_a_superuser_or_another_hr_admin(
    hradmin, admin_user, users, groups
):
    other = users["hr"].__class__.objects.create_user("ada", password="pw-ada-2026", is_staff=True)
    other.groups.set([groups[HR_ADMIN]])
    for account in (admin_user, other):
        password = hradmin.post(
            reverse("admin:auth_user_password_change", args=[account.pk]),
            {"password1": "taken-over-2026", "password2": "taken-over-2026"},
        )
        change = hradmin.post(change_url(account), change_form(account, first_name="Mallory"))
        delete = hradmin.post(reverse("admin:auth_user_delete", args=[account.pk]), {"post": "yes"})

        assert (password.status_code, change.status_code, delete.status_code) == (403, 403, 403)
        account.refresh_from_db()
        assert not account.check_password("taken-over-2026")
        assert account.first_name == ""


def test_an_hr_admin_cannot_change_an_account_in_a_group_a_superuser_made(hradmin, users):
    emil = users["employee"]
    emil.groups.add(Group.objects.create(name="Payroll"))
    response = hradmin.post(change_url(emil), change_form(emil, first_name="Mallory"))

    assert response.status_code == 403
    emil.refresh_from_db()
    assert emil.first_name == ""


def test_an_hr_admin_cannot_bulk_delete_a_superuser(hradmin, admin_user, users):
    hradmin.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [admin_user.pk], "post": "yes"},
    )
    assert admin_user.__class__.objects.filter(pk=admin_user.pk).exists()


def test_an_hr_admin_hands_out_the_groups_below_their_own(hradmin, users, groups):
    emil = users["employee"]
    response = hradmin.post(change_url(emil), change_form(emil, groups=[groups[HR].pk]))

    assert response.status_code == 302
    assert powers(emil) == (False, False, [HR], 0)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"is_superuser": "on"}, (True, False, ["Employee"], 0)),
        ({"is_staff": "on"}, (False, True, ["Employee"], 0)),
        ({"user_permissions": "PERMISSION"}, (False, False, ["Employee"], 1)),
        ({"groups": "HR_ADMIN_GROUP"}, (False, False, [HR_ADMIN], 0)),
    ],
    ids=["superuser", "staff", "permissions", "hr-admin-group"],
)
def test_a_superuser_still_grants_every_power(admin_user_client, users, groups, fields, expected):
    emil = users["employee"]
    values = {"PERMISSION": [any_permission().pk], "HR_ADMIN_GROUP": [groups[HR_ADMIN].pk]}
    fields = {key: values.get(value, value) for key, value in fields.items()}

    response = admin_user_client.post(change_url(emil), change_form(emil, **fields))

    assert response.status_code == 302
    assert powers(emil) == expected


def test_a_superuser_still_changes_what_a_group_may_do(admin_user_client, groups):
    url = reverse("admin:auth_group_change", args=[groups[HR].pk])
    response = admin_user_client.post(url, {"name": "HR", "permissions": [any_permission().pk]})
    assert response.status_code == 302
    assert list(groups[HR].permissions.all()) == [any_permission()]


def test_the_save_refuses_a_power_even_when_no_form_stands_in_the_way(users, groups):
    # The second line of defence: what the admin's save_model asks before anything is written.
    emil, adam = users["employee"], users["hradmin"]
    stored = emil.__class__.objects.get(pk=emil.pk)
    emil.is_superuser = True
    with pytest.raises(PermissionDenied):
        refuse_escalation(actor=adam, stored=stored, account=emil, groups=set(), permissions=set())
    emil.is_superuser = False
    for groups_, permissions in (({groups[HR_ADMIN]}, set()), (set(), {any_permission()})):
        with pytest.raises(PermissionDenied):
            refuse_escalation(
                actor=adam, stored=stored, account=emil, groups=groups_, permissions=permissions
            )


def test_an_hr_admin_still_lists_accounts_and_sees_the_ones_they_may_not_change(
    hradmin, admin_user, users
):
    assert hradmin.get(reverse("admin:auth_user_changelist")).status_code == 200
    page = hradmin.get(change_url(admin_user))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert hradmin.get(change_url(users["employee"])).context["has_change_permission"] is True
