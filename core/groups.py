"""The four groups, their powers in the admin, and the checks every layer asks of a user.

Employee reads the org; Manager also sees hire dates and readiness of their own subtree (that rule
needs the reporting lines and lives in people/access.py); HR edits people, seats and the ladder; HR
admin also edits the job architecture and user accounts. The matrix: docs/access.md.

Superusers pass every check.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

EMPLOYEE, MANAGER, HR, HR_ADMIN = "Employee", "Manager", "HR", "HR admin"
APPS = ("roles", "people", "ladder")


def _group_names(user) -> set[str]:
    cached = getattr(user, "_group_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._group_names = cached
    return cached


def _in_groups(user, names: tuple[str, ...]) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return bool(_group_names(user).intersection(names))


def is_hr(user) -> bool:
    """HR or HR admin: sees salaries, edits people, seats, paths and promotions."""
    return _in_groups(user, (HR, HR_ADMIN))


def is_hr_admin(user) -> bool:
    """HR admin: also edits roles, bands and skills, and reverts history."""
    return _in_groups(user, (HR_ADMIN,))


def is_manager(user) -> bool:
    """In the Manager group (the subtree powers also need a seat, see people/access.py)."""
    return _in_groups(user, (MANAGER,))


def _perms(q: Q):
    return Permission.objects.filter(q)


@transaction.atomic
def ensure_groups() -> dict[str, Group]:
    """Create or update the four groups; safe to run again."""
    view = Q(content_type__app_label__in=APPS, codename__startswith="view_")
    hr_apps = Q(content_type__app_label__in=("people", "ladder"))
    accounts = Q(content_type__app_label="auth", content_type__model="user")
    view_groups = Q(content_type__app_label="auth", codename="view_group")
    groups = {
        EMPLOYEE: _perms(view),
        MANAGER: _perms(view),  # the subtree powers come from the seat, see people/access.py
        HR: _perms(view | hr_apps),
        # User accounts, within core/accounts.py's limits; groups only to look at.
        HR_ADMIN: _perms(Q(content_type__app_label__in=APPS) | accounts | view_groups),
    }
    result = {}
    for name, perms in groups.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(perms)
        result[name] = group
    return result
