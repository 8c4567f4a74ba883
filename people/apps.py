from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Derived from the reporting lines and kept by people.services; not history of their own.
POSITION_DERIVED = ("direct_count", "seat_count", "headcount")


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People and positions")

    def ready(self) -> None:
        from core.history import register_history

        from .models import Assignment, Person, PersonSkill, Position

        # History is read by object, date and user only (core/history.py, people/as_of.py):
        # no index on the copied keys, which the import would otherwise write 100,000 times each.
        register_history(
            Position,
            excluded=POSITION_DERIVED,
            unindexed=("holder", "manager", "role", "site"),
        )
        # search_name is computed from the names by the database: nothing to keep in history.
        register_history(
            Person, excluded=("search_name",), unindexed=("employee_id", "site", "user")
        )
        register_history(Assignment, unindexed=("person", "position", "approved_by"))
        register_history(PersonSkill)
