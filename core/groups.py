"""The four groups, their powers in the admin, and the checks every layer asks of a user.

Employee reads the org; Manager also sees hire dates and readiness of their own subtree (that rule
needs the reporting lines and lives in people/access.py) and, in the admin, edits the content of the
roles their subtree's seats hold (roles/admin.py); HR edits people, seats and the ladder; HR admin
also edits the job architecture and user accounts. The matrix: docs/access.md.

Staff status (entry to the admin): HR and HR admins are made staff by a superuser; members of the
Manager group are staff while they are in it (`sync_manager_staff`, on every change of a user's
groups and in `ensure_groups`), so putting someone in the group is the whole grant.

Superusers pass every check.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

EMPLOYEE, MANAGER, HR, HR_ADMIN = "Employee", "Manager", "HR", "HR admin"
APPS = ("roles", "people", "ladder", "staffing")


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
    # A manager in the admin edits the content of their team's roles (roles/admin.py narrows it to
    # their subtree and keeps the tree's structure read-only): the role itself (no add or delete),
    # its responsibilities, aliases and required skills; skills to look up. No salary bands, no
    # people: staff in the Manager group reach nothing else.
    role_content = Q(content_type__app_label="roles") & (
        Q(codename__in=("view_role", "change_role", "view_skill"))
        | Q(content_type__model__in=("responsibility", "rolealias", "roleskill"))
    )
    hr_apps = Q(content_type__app_label__in=("people", "ladder", "planning", "staffing"))
    accounts = Q(content_type__app_label="auth", content_type__model="user")
    view_groups = Q(content_type__app_label="auth", codename="view_group")
    groups = {
        # Employees are not staff; the pages and the API ask the rules, not these permissions.
        # None here, so a manager who is also an Employee reaches no more in the admin.
        EMPLOYEE: _perms(Q(pk__in=[])),
        MANAGER: _perms(
            role_content
        ),  # the subtree powers come from the seat, see people/access.py
        HR: _perms(view | hr_apps),
        # User accounts, within core/accounts.py's limits; groups only to look at.
        HR_ADMIN: _perms(
            Q(content_type__app_label__in=(*APPS, "planning")) | accounts | view_groups
        ),
    }
    result = {}
    for name, perms in groups.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(perms)
        result[name] = group
    for user in get_user_model().objects.filter(groups=result[MANAGER], is_staff=False):
        sync_manager_staff(user)
    return result


def sync_manager_staff(user) -> None:
    """A member of the Manager group is staff (to edit their team's roles in the admin); one who
    left the group stops being staff unless HR, HR admin or a superuser (whose staff status a
    superuser set). Saves only when the flag changes."""
    names = set(user.groups.values_list("name", flat=True))
    user.__dict__.pop("_group_names", None)
    if MANAGER in names:
        staff = True
    elif user.is_superuser or names & {HR, HR_ADMIN}:
        staff = user.is_staff
    else:
        staff = False
    if staff != user.is_staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])


def on_groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """m2m_changed of User.groups: keep the Manager group's staff status (both directions)."""
    if action == "pre_clear" and reverse:  # group.user_set.clear(): note who was in it
        instance._cleared_user_ids = list(instance.user_set.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        sync_manager_staff(instance)
        return
    # group.user_set.add(...): the users of the group changed
    if action == "post_clear":
        pk_set = instance.__dict__.pop("_cleared_user_ids", [])
    users = get_user_model().objects.filter(pk__in=pk_set) if pk_set else []
    for user in users:
        sync_manager_staff(user)
