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

        register_history(Position, excluded=POSITION_DERIVED)
        for model in (Person, PersonSkill, Assignment):
            register_history(model)
