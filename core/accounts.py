"""Who may give an account which powers (docs/access.md, "User accounts").

Only a superuser makes superusers, staff or HR admins, grants permissions one by one or changes
what a group may do. An HR admin hands out the groups below their own (Employee, Manager, HR) and
manages the accounts that hold nothing more; superusers, HR admins and accounts with permissions
of their own (or a group a superuser made) are the superuser's to change, reset or delete.
Otherwise an HR admin could make themselves, or an account whose password they set, a superuser.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .groups import EMPLOYEE, HR, MANAGER, is_hr_admin

GRANTED_BY_HR_ADMINS = (EMPLOYEE, MANAGER, HR)
GRANTED_BY_SUPERUSERS_ONLY = ("is_superuser", "is_staff", "user_permissions")


def grantable_groups(actor) -> QuerySet[Group]:
    """The groups `actor` may put an account in or take it out of."""
    if actor.is_superuser:
        return Group.objects.all()
    if is_hr_admin(actor):
        return Group.objects.filter(name__in=GRANTED_BY_HR_ADMINS)
    return Group.objects.none()


def may_manage_account(actor, account) -> bool:
    """Whether `actor` may change, reset the password of, or delete `account` as stored."""
    if actor.is_superuser:
        return True
    if not is_hr_admin(actor) or account.is_superuser:
        return False
    if account.pk is None:
        return True
    if account.user_permissions.exists():
        return False
    return not account.groups.exclude(name__in=GRANTED_BY_HR_ADMINS).exists()


def refuse_escalation(
    *, actor, stored, account, groups: set[Group], permissions: set[Permission]
) -> None:
    """Raise PermissionDenied if saving `account` with `groups` and `permissions` gives it a power
    `actor` may not grant. `stored` is the account as in the database, None when adding. The admin
    already hides what a non-superuser may not set; this is the check that holds without the form.
    """
    if actor.is_superuser:
        return
    if stored is not None and not may_manage_account(actor, stored):
        raise PermissionDenied(_("Only a superuser can change this account."))
    if not may_manage_account(actor, account):
        raise PermissionDenied(_("Only a superuser can make a superuser."))
    was_staff = stored.is_staff if stored is not None else False
    had_permissions = set(stored.user_permissions.all()) if stored is not None else set()
    if account.is_staff != was_staff or permissions != had_permissions:
        raise PermissionDenied(_("Only a superuser can grant staff status or permissions."))
    had_groups = set(stored.groups.all()) if stored is not None else set()
    if (groups ^ had_groups) - set(grantable_groups(actor)):
        raise PermissionDenied(_("Only a superuser can grant or take away this group."))
