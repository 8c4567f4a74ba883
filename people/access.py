"""Who may see and do what, in one place for pages, API and exports.

Powers follow the groups of people/accounts.py: Employee reads the org; HR also sees salaries and
edits people, seats and promotions; HR admin also edits the job architecture. Superusers can do
everything.
"""

from .accounts import HR, HR_ADMIN


def _in_groups(user, names: tuple[str, ...]) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_group_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._group_names = cached
    return bool(cached.intersection(names))


def is_hr(user) -> bool:
    """HR or HR admin: sees salaries, edits people, seats, paths and promotions."""
    return _in_groups(user, (HR, HR_ADMIN))


def is_hr_admin(user) -> bool:
    """HR admin: also edits roles, bands and skills."""
    return _in_groups(user, (HR_ADMIN,))


def can_see_salary(user, person=None) -> bool:
    """HR sees every salary; a person sees their own."""
    if is_hr(user):
        return True
    return person is not None and person.user_id is not None and person.user_id == user.pk
