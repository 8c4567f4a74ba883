"""Workflows on accounts that the identity provider drives: provisioning (SCIM), deactivation,
group membership, and what a sign-in through OpenID Connect sets.

An identity provider never changes the org: it does not end an employment, vacate a seat or move
anyone. A deactivated account is a pending exit for HR; a manager it sends that differs from the
chart is a proposal for HR (docs/identity.md).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import get_token_model

from core.accounts import GRANTED_BY_HR_ADMINS
from core.groups import EMPLOYEE, HR, HR_ADMIN, MANAGER, sync_manager_staff
from people.models import Person
from people.tree import is_at_or_below

from .managers import chart_managers
from .models import (
    AccountSession,
    GroupLink,
    ProvisioningClient,
    ScimAccount,
    new_token,
    token_digest,
)

User = get_user_model()
APP_GROUPS = (EMPLOYEE, MANAGER, HR, HR_ADMIN)


class Refusal(Exception):
    """A write the identity provider asked for that the app refuses; nothing is written.
    `kind` is the SCIM scimType (or None), `status` the HTTP status."""

    def __init__(self, message: str, *, status: int = 400, kind: str | None = None):
        super().__init__(message)
        self.message, self.status, self.kind = message, status, kind


@dataclass
class AccountData:
    """What a provisioning client says of an account (the attributes this app keeps)."""

    username: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    active: bool = True
    external_id: str = ""
    employee_number: str = ""
    department: str = ""
    manager_id: str | None = None  # the id of the account the provider names as manager


def provisioning_client_create(*, name: str, created_by) -> tuple[ProvisioningClient, str]:
    """A client with a new token; the token is returned once and only its hash is kept."""
    token = new_token()
    client = ProvisioningClient.objects.create(
        name=name, token_hash=token_digest(token), token_hint=token[:12], created_by=created_by
    )
    return client, token


def provisioning_client_for(token: str) -> ProvisioningClient | None:
    client = ProvisioningClient.objects.usable().filter(token_hash=token_digest(token)).first()
    if client is not None:
        ProvisioningClient.objects.filter(pk=client.pk).update(last_used_at=timezone.now())
    return client


def refuse_protected(user) -> None:
    """Superusers and HR admins are a superuser's to change (docs/access.md): the provider may
    not sign them out or rename them, as an HR admin in the admin may not."""
    if user.is_superuser or user.groups.filter(name=HR_ADMIN).exists():
        raise Refusal(
            _("Only a superuser can change this account (a superuser or an HR admin)."),
            status=403,
        )


def _check_unique(data: AccountData, user) -> None:
    others = User.objects.exclude(pk=user.pk) if user and user.pk else User.objects.all()
    if others.filter(username__iexact=data.username).exists():
        raise Refusal(
            _("Another account already has this userName."), status=409, kind="uniqueness"
        )
    if (
        data.external_id
        and ScimAccount.objects.filter(external_id=data.external_id)
        .exclude(user=user if user and user.pk else None)
        .exists()
    ):
        raise Refusal(
            _("Another account already has this externalId."), status=409, kind="uniqueness"
        )


def _manager_account(data: AccountData, user):
    """The account named as manager, checked: it exists and is not the account itself or one
    that reports to it on the chart (which would make a reporting loop)."""
    if not data.manager_id:
        return None
    manager_id = str(data.manager_id)
    manager = User.objects.filter(pk=int(manager_id)).first() if manager_id.isdigit() else None
    if manager is None:
        raise Refusal(_("The manager is not an account here."), kind="invalidValue")
    if user is not None and user.pk == manager.pk:
        raise Refusal(_("An account cannot be its own manager."), kind="invalidValue")
    seat = _seat_id(user)
    manager_seat = _seat_id(manager)
    if seat and manager_seat and is_at_or_below(manager_seat, seat):
        raise Refusal(
            _("This manager reports to the account on the org chart: it would make a loop."),
            kind="invalidValue",
        )
    return manager


def _seat_id(user) -> int | None:
    if user is None or user.pk is None:
        return None
    person = Person.objects.filter(user=user).select_related("position").first()
    position = getattr(person, "position", None) if person else None
    return position.pk if position is not None and position.archived_on is None else None


def _link_person(user, data: AccountData) -> None:
    """Link the account to its person (employee number first, then work e-mail) when neither is
    linked yet; an account already linked keeps its person."""
    if Person.objects.filter(user=user).exists():
        return
    person = None
    if data.employee_number:
        person = Person.objects.filter(employee_id=data.employee_number, user=None).first()
    if person is None and data.email:
        person = Person.objects.filter(email__iexact=data.email, user=None).first()
    if person is not None:
        person.user = user
        person._change_reason = _("Linked to an account by the identity provider")
        person.save(update_fields=["user"])


def end_sessions(user) -> int:
    """Delete the account's browser sessions and API tokens: the sessions by their indexed
    account (identity.sessions), whatever the number of other sessions open."""
    ended, _by_model = AccountSession.objects.filter(account_id=user.pk).delete()
    get_token_model().objects.filter(user=user).delete()
    return ended


def _set_active(user, scim: ScimAccount, active: bool, client) -> None:
    if active and not user.is_active:
        scim.deactivated_at, scim.deactivated_by = None, None
    elif not active and (user.is_active or scim.deactivated_at is None):
        scim.deactivated_at, scim.deactivated_by = timezone.now(), client
        end_sessions(user)
    user.is_active = active


@transaction.atomic
def account_write(*, data: AccountData, user=None, client=None):
    """Create (user None) or replace an account from the provider's data; returns the account.

    Checks come first (unique userName and externalId, the manager); then the account, its
    SCIM record and its link to a person. `active=False` signs the account out everywhere."""
    if user is None:  # the same userName again after a DELETE: that account comes back
        user = User.objects.filter(
            username__iexact=data.username, scim__removed_at__isnull=False
        ).first()
    if user is not None:
        refuse_protected(user)
    _check_unique(data, user)
    manager = _manager_account(data, user)
    created = user is None
    if created:
        user = User(username=data.username, is_active=data.active)
        user.set_unusable_password()  # signs in through the identity provider only
    user.username = data.username
    user.first_name, user.last_name = data.first_name[:150], data.last_name[:150]
    user.email = data.email
    user.full_clean(exclude=["password"])  # the username's characters, the e-mail's form
    if created:
        user.save()
        scim = ScimAccount(user=user)
        if not data.active:
            scim.deactivated_at, scim.deactivated_by = timezone.now(), client
        user.groups.add(Group.objects.get_or_create(name=EMPLOYEE)[0])
    else:
        scim = ScimAccount.objects.get_or_create(user=user)[0]
        _set_active(user, scim, data.active, client)
        user.save()
    scim.external_id, scim.removed_at = data.external_id, None
    scim.employee_number, scim.department = data.employee_number, data.department
    _link_person(user, data)
    _propose_manager(scim, user, manager)
    scim._change_reason = _changed_by(client)
    scim.save()
    return user


def _changed_by(client) -> str:
    return _("SCIM: %(client)s") % {"client": client.name} if client else "SCIM"


def _propose_manager(scim: ScimAccount, user, manager) -> None:
    """Keep for HR a manager that differs from the chart's; clear it once they agree."""
    chart = chart_managers([user]).get(user.pk)
    if manager is None or manager.pk == chart:
        scim.proposed_manager, scim.proposed_at = None, None
    elif scim.proposed_manager_id != manager.pk:
        scim.proposed_manager, scim.proposed_at = manager, timezone.now()


@transaction.atomic
def account_delete(*, user, client=None) -> None:
    """DELETE from the provider: the account is deactivated, never removed, so its person, seat
    and history stay; HR sees a pending exit. A later GET answers 404 (RFC 7644 §3.6)."""
    refuse_protected(user)
    scim, _ = ScimAccount.objects.get_or_create(user=user)
    _set_active(user, scim, False, client)
    scim.external_id, scim.removed_at = "", timezone.now()
    user.save(update_fields=["is_active"])
    scim._change_reason = _changed_by(client)
    scim.save()


@transaction.atomic
def group_write(*, group: Group, user_ids: set[int], external_id: str = "") -> None:
    """Make `user_ids` the members of one of the app's groups and keep the provider's external
    id for it. The provider grants what an HR admin may (Employee, Manager, HR); the HR admin
    group and its members are a superuser's."""
    if group.name not in GRANTED_BY_HR_ADMINS:
        raise Refusal(
            _("Only a superuser can grant or take away this group."), status=403, kind="mutability"
        )
    if external_id and GroupLink.objects.filter(external_id=external_id).exclude(group=group):
        raise Refusal(
            _("Another group already has this externalId."), status=409, kind="uniqueness"
        )
    users = list(User.objects.filter(pk__in=user_ids))
    if len(users) != len(user_ids):
        raise Refusal(_("A member is not an account here."), kind="invalidValue")
    current = set(group.user_set.values_list("pk", flat=True))
    changed = User.objects.filter(pk__in=current ^ user_ids)
    for user in changed:
        refuse_protected(user)
    group.user_set.remove(*[pk for pk in current - user_ids])
    group.user_set.add(*[user.pk for user in users if user.pk not in current])
    GroupLink.objects.update_or_create(group=group, defaults={"external_id": external_id})


@transaction.atomic
def account_signed_in(*, user, group_names: set[str]) -> None:
    """A sign-in through OpenID Connect: the account's app groups follow the provider's claim
    (Employee when it maps to none); staff follows HR, HR admin and Manager. Groups a superuser
    made, and superusers, are left as they are."""
    if user.is_superuser:
        return
    wanted = {name for name in group_names if name in APP_GROUPS} or {EMPLOYEE}
    groups = {group.name: group for group in Group.objects.filter(name__in=APP_GROUPS)}
    for name in APP_GROUPS:
        if name not in groups:
            groups[name] = Group.objects.create(name=name)
    have = set(user.groups.filter(name__in=APP_GROUPS).values_list("name", flat=True))
    user.groups.remove(*[groups[name] for name in have - wanted])
    user.groups.add(*[groups[name] for name in wanted - have])
    staff = bool(wanted & {HR, HR_ADMIN})
    if staff != user.is_staff and not (wanted & {MANAGER}):
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
    sync_manager_staff(user)


def account_for_sign_in(
    *,
    email: str,
    employee_id: str,
    link_by: str,
    first_name: str = "",
    last_name: str = "",
    create_unknown: bool,
):
    """The account a sign-in through the identity provider is for.

    The person found by the linking claim (work e-mail or employee id) brings their account, or a
    new one linked to them; without a person, an account of the same username or e-mail (made by
    SCIM or by hand); else a new Employee account when `create_unknown`, or None (refused)."""
    key = employee_id if link_by == "employee_id" else email
    if not key:
        return None
    people = Person.objects.select_related("user")
    person = (
        people.filter(employee_id=employee_id).first()
        if link_by == "employee_id"
        else people.filter(email__iexact=email).first()
    )
    if person is not None and person.user is not None:
        return person.user
    user = User.objects.filter(username__iexact=key).first() or (
        User.objects.filter(email__iexact=email).first() if email else None
    )
    if user is None and (person is not None or create_unknown):
        user = User(
            username=key[:150], email=email, first_name=first_name[:150], last_name=last_name[:150]
        )
        user.set_unusable_password()
        user.save()
    if user is not None and person is not None and not Person.objects.filter(user=user).exists():
        person.user = user
        person.save(update_fields=["user"])
    return user
