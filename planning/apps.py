from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """Effective-dated changes and scenarios (draft reorganisations) over the live org."""

    name = "planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        from core.history import register_history

        from .models import PlannedChange, Scenario

        register_history(
            PlannedChange,
            unindexed=(
                "person",
                "position",
                "new_manager",
                "role",
                "site",
                "planned_by",
                "cancelled_by",
                "created_position",
            ),
        )
        register_history(Scenario, unindexed=("created_by", "submitted_by", "applied_by"))
