"""Who may see what of a person, in one place for pages, API and exports (docs/access.md).

Powers follow the groups of core/groups.py; what a manager sees depends on the reporting lines,
which is why these rules live here and not in the basement:

- Employee reads the org (names, roles, seats, skills), their own profile and their own salary.
- Manager: an employee whose account is linked to a person holding a seat; also sees the hire dates,
  assignment history and career readiness of everyone at or below that seat.
- HR sees everything, salaries included, and edits people, seats, imports and promotions.
- HR admin also edits the job architecture (roles, bands, skills) and reverts history.

Superusers can do everything.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.db.models.expressions import RawSQL

from core.groups import is_hr, is_manager

from .tree import is_at_or_below, subtree_ids, subtree_ids_sql


def is_self(user, person) -> bool:
    return (
        person is not None
        and user.is_authenticated
        and person.user_id is not None
        and person.user_id == user.pk
    )


def managed_seat_id(user) -> int | None:
    """The seat a manager holds (their subtree starts there); None for everyone else."""
    if not is_manager(user):
        return None
    if not hasattr(user, "_managed_seat_id"):
        from .models import Position

        user._managed_seat_id = (
            Position.objects.filter(holder__user=user).values_list("pk", flat=True).first()
        )
    return user._managed_seat_id


def managed_seat_ids(user) -> frozenset[int]:
    """Every seat at or below a manager's seat, for checking a whole list at once (one query)."""
    top = managed_seat_id(user)
    if top is None:
        return frozenset()
    return frozenset(pk for pk, _depth in subtree_ids(top))


def manages(user, person, team: frozenset[int] | None = None) -> bool:
    """Whether the person holds a seat at or below the manager's own seat.

    One query (the chain above the person's seat); none when `team` (managed_seat_ids) is given.
    """
    top = managed_seat_id(user)
    if top is None or person is None:
        return False
    seat_id = _seat_id(person)
    if seat_id is None:
        return False
    if team is not None:
        return seat_id in team
    known = user.__dict__.setdefault("_manages", {})  # one request asks several rules
    if seat_id not in known:
        known[seat_id] = is_at_or_below(seat_id, top)
    return known[seat_id]


def _seat_id(person) -> int | None:
    if hasattr(person, "seat_id"):  # annotated by the API's people queryset
        return person.seat_id
    try:
        return person.position.pk
    except person.__class__.position.RelatedObjectDoesNotExist:
        return None


def can_see_salary(user, person=None) -> bool:
    """HR sees every salary; a person sees their own. Managers do not see their team's."""
    return is_hr(user) or is_self(user, person)


def can_see_hire_date(user, person, team: frozenset[int] | None = None) -> bool:
    """HR, the person themself, and their managers up the line (Manager group)."""
    return is_hr(user) or is_self(user, person) or manages(user, person, team)


def can_see_readiness(user, person, team: frozenset[int] | None = None) -> bool:
    """Career readiness (skills gaps, criteria, verdicts): as the hire date."""
    return can_see_hire_date(user, person, team)


def can_see_history(user, person) -> bool:
    """The assignment history dates reveal the hire date, so it follows the same rule."""
    return can_see_hire_date(user, person)


def can_see_exit_date(user, person) -> bool:
    """The exit date (`left_on`) is a date of the employment, as the hire date."""
    return can_see_hire_date(user, person)


def hidden_fields(user, person) -> tuple[str, ...]:
    """The fields of a person (and of their recorded changes) the user may not see."""
    hidden: tuple[str, ...] = ()
    if not can_see_salary(user, person):
        hidden += ("salary", "salary_currency")
    if not can_see_hire_date(user, person):
        hidden += ("hire_date", "left_on")
    return hidden


def hidden_seat_fields(user, seat_id: int) -> tuple[str, ...]:
    """The fields of a seat's recorded changes the user may not see: who held the seat and when
    that changed is assignment history, for HR and the managers at or above the seat."""
    if is_hr(user):
        return ()
    top = managed_seat_id(user)
    if top is not None and is_at_or_below(seat_id, top):
        return ()
    return ("holder",)


def people_with_visible_dates(user, *, via: str) -> Q:
    """A filter for rows whose person (reached through `via`, e.g. "holder" or "person") has
    dates, history and readiness the user may see: everyone for HR, else themself and, for a
    manager, everyone holding a seat at or below theirs (a subquery: no list of ids in Python).
    """
    if is_hr(user):
        return Q()
    if not user.is_authenticated:
        return Q(pk__in=[])
    visible = Q(**{f"{via}__user": user})
    top = managed_seat_id(user)
    if top is not None:
        sql, params = subtree_ids_sql(top)
        visible |= Q(**{f"{via}__position__in": RawSQL(sql, params)})
    return visible


@dataclass(frozen=True)
class DateScope:
    """Whose dates a user may see, for checking many people in Python: everyone (HR), or the
    user's own person and the people in the seats of a manager's subtree."""

    everyone: bool
    user_id: int | None = None
    seats: frozenset[int] = frozenset()

    def covers(self, user_id: int | None, seat_id: int | None) -> bool:
        if self.everyone:
            return True
        return (user_id is not None and user_id == self.user_id) or seat_id in self.seats


def date_scope(user) -> DateScope:
    """One query for a manager (their subtree), none for others once the groups are known."""
    if is_hr(user):
        return DateScope(everyone=True)
    if not user.is_authenticated:
        return DateScope(everyone=False)
    return DateScope(everyone=False, user_id=user.pk, seats=managed_seat_ids(user))
