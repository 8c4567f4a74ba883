"""The demo accounts, one per group, for a local demo only (`make run` prints them)."""

from django.contrib.auth import get_user_model
from django.db import transaction

from core.groups import EMPLOYEE, HR, HR_ADMIN, MANAGER, ensure_groups
from people.models import Person

DEMO_ACCOUNTS = (  # username, password, group, is_superuser, what
    ("admin", "admin-demo-2026", None, True, "superuser: everything"),
    ("hradmin", "hradmin-demo-2026", HR_ADMIN, False, "HR admin: roles, bands, accounts"),
    ("hr", "hr-demo-2026", HR, False, "HR: people, seats, ladder, salaries"),
    ("manager", "manager-demo-2026", MANAGER, False, "manager: a team leader, edits its roles"),
    ("employee", "employee-demo-2026", EMPLOYEE, False, "employee: reads the org, own salary"),
)


@transaction.atomic
def create_demo_accounts() -> list[tuple[str, str, str]]:
    """Create the demo users (for a local demo only); link `employee` to an agent and `manager` to
    a team leader."""
    groups = ensure_groups()
    users = get_user_model().objects
    made = []
    for username, password, group, superuser, what in DEMO_ACCOUNTS:
        user = users.filter(username=username).first() or users.model(username=username)
        user.is_staff = group in (HR, HR_ADMIN, MANAGER) or superuser  # managers: their roles
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
