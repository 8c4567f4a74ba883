from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """Effective-dated changes and scenarios (draft reorganisations) over the live org."""

    name = "planning"
    verbose_name = _("Planning")
