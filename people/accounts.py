"""Groups with their powers, and the demo accounts.

Employee reads the org; Manager also sees hire dates and readiness of their own subtree; HR edits
people, seats and the ladder; HR admin also edits the job architecture and user accounts. What each
group sees is decided in people/access.py (the matrix: docs/access.md).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

EMPLOYEE, MANAGER, HR, HR_ADMIN = "Employee", "Manager", "HR", "HR admin"
APPS = ("roles", "people", "ladder")


def _perms(q: Q):
    return Permission.objects.filter(q)


@transaction.atomic
def ensure_groups() -> dict[str, Group]:
    """Create or update the four groups; safe to run again."""
    view = Q(content_type__app_label__in=APPS, codename__startswith="view_")
    hr_apps = Q(content_type__app_label__in=("people", "ladder"))
    groups = {
        EMPLOYEE: _perms(view),
        MANAGER: _perms(view),  # the subtree powers come from the seat, see people/access.py
        HR: _perms(view | hr_apps),
        HR_ADMIN: _perms(Q(content_type__app_label__in=APPS) | Q(content_type__app_label="auth")),
    }
    result = {}
    for name, perms in groups.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(perms)
        result[name] = group
    return result


DEMO_ACCOUNTS = (  # username, password, group, is_superuser, what
    ("admin", "admin-demo-2026", None, True, "superuser: everything"),
    ("hradmin", "hradmin-demo-2026", HR_ADMIN, False, "HR admin: roles, bands, accounts"),
    ("hr", "hr-demo-2026", HR, False, "HR: people, seats, ladder, salaries"),
    ("manager", "manager-demo-2026", MANAGER, False, "manager: a team leader, sees their team"),
    ("employee", "employee-demo-2026", EMPLOYEE, False, "employee: reads the org, own salary"),
)


@transaction.atomic
def create_demo_accounts() -> list[tuple[str, str, str]]:
    """Create the demo users (for a local demo only); link `employee` to an agent and `manager` to
    a team leader."""
    from .models import Person

    groups = ensure_groups()
    users = get_user_model().objects
    made = []
    for username, password, group, superuser, what in DEMO_ACCOUNTS:
        user = users.filter(username=username).first() or users.model(username=username)
        user.is_staff = group in (HR, HR_ADMIN) or superuser
        user.is_superuser = superuser
        user.set_password(password)
        user.save()
        if group:
            user.groups.set([groups[group]])
        made.append((username, password, what))
    links = (("manager", "team-leader"), ("employee", "consultant"))
    for username, role_slug in links:
        person = (
            Person.objects.filter(position__role__slug=role_slug, user__isnull=True)
            .order_by("pk")
            .first()
        )
        if person is not None:
            person.user = users.get(username=username)
            person.save(update_fields=["user"])
    return made
