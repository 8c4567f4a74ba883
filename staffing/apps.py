"""Staffing from demand: forecasts, Erlang C/A, seats needed per site and queue, hiring waves."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffingConfig(AppConfig):
    """Staffing from demand: forecasts, Erlang C/A, seats needed per site and queue, hiring
    waves.
    """

    name = "staffing"
    verbose_name = _("Staffing")

    def ready(self) -> None:
        from core.history import register_history

        from .models import Queue, SiteStaffing

        # Targets and parameters change the plan: who changed them and when is kept. Forecasts
        # are files, kept whole (a new import is a new forecast), and have no history.
        register_history(Queue, unindexed=("role",))
        register_history(
            SiteStaffing,
            unindexed=("site", "team_leader_role", "quality_role", "trainer_role", "planner_role"),
        )
